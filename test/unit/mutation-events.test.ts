// The mutations of a binding (push, +=, reassignment, property writes, hand-offs to functions) are found in
// one walk of its declaration's container for every name at once, kept per container: before, the container
// was walked once per declaration (689k nodes visited on a 2,800-file application). Each name's events must
// be the ones a walk for that name alone finds, whatever the scoping around them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { labelOf } from "../../server/src/core/resolve/values.ts";
import { mutationContainer, mutationEventsIn, selfExtension, type Mutation, type MutationEvent } from "../../server/src/core/resolve/mutations.ts";
import { assignsName } from "../../server/src/core/resolve/scope.ts";
import { ts } from "../../server/src/core/ts.ts";

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile("/src/app.ts", text, ts.ScriptTarget.Latest, true);
}

/** Every variable declaration of the file with each name it binds (destructured ones too). */
function declarations(file: ts.SourceFile): { declaration: ts.VariableDeclaration; name: string }[] {
  const found: { declaration: ts.VariableDeclaration; name: string }[] = [];
  const names = (binding: ts.BindingName): string[] => (ts.isIdentifier(binding) ? [binding.text] : binding.elements.flatMap((element) => (ts.isBindingElement(element) ? names(element.name) : [])));
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node)) for (const name of names(node.name)) found.push({ declaration: node, name });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const READ_ONLY = /^(console\.\w+|JSON\.\w+|Object\.(keys|values|entries|freeze|isFrozen|getOwnPropertyNames)|structuredClone|Array\.isArray|String|Number|Boolean|(\w+\.)?(log|debug|info|warn|error|trace))$/;

/** Written out the way one name's walk reads it: the first matching kind of change per node, for that name only. */
function oneNameWalk(container: ts.Node, name: string): MutationEvent[] {
  const isName = (node: ts.Node): boolean => ts.isIdentifier(node) && node.text === name;
  const repeatedAt = (node: ts.Node): boolean => {
    for (let current = node.parent; current && current !== container; current = current.parent) if (ts.isIterationStatement(current, false) || ts.isFunctionLike(current)) return true;
    return false;
  };
  const events: MutationEvent[] = [];
  const visit = (node: ts.Node): void => {
    let found: Mutation | "opaque" | undefined;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && isName(node.expression.expression)) {
      const method = node.expression.name.text;
      if (method === "push" || method === "unshift") found = { kind: method, values: node.arguments, repeated: repeatedAt(node) };
    } else if (ts.isBinaryExpression(node) && isName(node.left)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.PlusEqualsToken) found = { kind: "append-text", value: node.right, repeated: repeatedAt(node) };
      else if (operator === ts.SyntaxKind.EqualsToken) {
        const grown = selfExtension(node.right, name);
        found = grown ? { ...grown, repeated: repeatedAt(node) } : "opaque";
      } else if (operator >= ts.SyntaxKind.FirstCompoundAssignment && operator <= ts.SyntaxKind.LastCompoundAssignment) found = "opaque";
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && isName(node.left.expression) && !repeatedAt(node)) {
      found = { kind: "assign-property", name: node.left.name.text, value: node.right };
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isElementAccessExpression(node.left) && isName(node.left.expression)) {
      const key = node.left.argumentExpression;
      if (ts.isStringLiteralLike(key)) {
        if (!repeatedAt(node)) found = { kind: "assign-property", name: key.text, value: node.right };
      } else if (!ts.isNumericLiteral(key)) found = repeatedAt(node) ? "opaque" : { kind: "hand-off", to: labelOf(node.left) };
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) && isName(node.operand)) {
      found = "opaque";
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && !ts.isIdentifier(node.left) && assignsName(node.left, name)) {
      found = "opaque";
    } else if (ts.isCallExpression(node) && !READ_ONLY.test(node.expression.getText())) {
      const argument = node.arguments.find(isName);
      if (argument) events.push({ start: argument.getStart() - container.pos, mutation: { kind: "hand-off", to: labelOf(node.expression) } });
    }
    if (found) events.push({ start: node.getStart() - container.pos, mutation: found });
    ts.forEachChild(node, visit);
  };
  visit(container);
  return events.sort((a, b) => a.start - b.start);
}

/** An event as text: its kind, where it is, and what it adds (nodes by their text). */
function described(event: MutationEvent): string {
  const mutation = event.mutation;
  if (mutation === "opaque") return `${event.start} opaque`;
  switch (mutation.kind) {
    case "push":
    case "unshift":
    case "concat":
      return `${event.start} ${mutation.kind}${mutation.repeated ? " repeated" : ""} [${mutation.values.map((value) => value.getText()).join(", ")}]`;
    case "append-text":
      return `${event.start} append-text${mutation.repeated ? " repeated" : ""} ${mutation.value.getText()}`;
    case "assign-property":
      return `${event.start} assign-property ${mutation.name} = ${mutation.value.getText()}`;
    case "hand-off":
      return `${event.start} hand-off ${mutation.to}`;
  }
}

function eventsOf(file: ts.SourceFile, declarationName: string): string[] {
  const entry = declarations(file).find(({ name }) => name === declarationName);
  assert.ok(entry, `no declaration of ${declarationName}`);
  return (mutationEventsIn(mutationContainer(entry.declaration)).get(declarationName) ?? []).map((event) => event.mutation === "opaque" ? "opaque" : described(event).split(" ").slice(1).join(" "));
}

const TRICKY = `
import { send, format } from "./io";
const messages: any[] = [{ role: "system", content: "You are terse." }];
messages.push({ role: "user", content: "hi" });
let prompt = "Answer: ";
prompt += format(messages);
function nested(messages: any[]) {
  messages.push("shadowing parameter");
  const prompt = "inner";
  return prompt;
}
const later = () => {
  messages.unshift("in a closure");
  prompt = prompt + "!";
};
for (const item of [1, 2]) {
  messages.push(item);
  const local = [item];
  local.push(item, item);
  local.concat(messages);
  send(local, messages, local);
}
try { run(); } catch (error) { const reason = [error]; reason.push(messages); console.log(reason); }
const options = { model: "gpt-4o" };
options.model = "gpt-4o-mini";
options["messages"] = messages;
const filled: Record<string, unknown> = {};
for (const key of ["a", "b"]) filled[key] = key;
const once: Record<string, unknown> = {};
once[format(messages)] = 1;
if (messages.length > 2) options.temperature = 0;
send(options);
JSON.stringify(options);
messages.map((message) => message);
messages.push(messages);
let count = 0;
count++;
count *= 2;
let history = [];
history = [...history, "next"];
history = history.concat(["more"]);
history = ["first", ...history];
history = load();
while (count < 10) { options.retries = count; history.push(count); }
{ const messages = ["block-scoped"]; messages.push("shadowing const"); }
const { a, b: [c] } = pick();
a.push(c);
c.field = a;
let model = "gpt-4o", first, rest;
({ model } = pick());
[first, first, ...rest] = [model, model];
({ a: [first = 1], ...rest } = pick());
(model) = "gpt-4o-mini";
for (const key of []) ({ model } = pick(key));
`;

describe("mutation events found in one walk per container", () => {
  it("gives each declared name the events a walk for that name alone finds (shadowing, nested functions, closures, loops)", () => {
    const file = parse(TRICKY);
    const all = declarations(file);
    assert.ok(all.length >= 10);
    for (const { declaration, name } of all) {
      const container = mutationContainer(declaration);
      const walked = (mutationEventsIn(container).get(name) ?? []).map(described);
      assert.deepEqual(walked, oneNameWalk(container, name).map(described), `${name} declared at ${declaration.getStart()}`);
    }
  });

  it("a push on a shadowing binding in a nested function or block counts, repeated inside a function, not in a block", () => {
    assert.deepEqual(eventsOf(parse(TRICKY), "messages"), [
      `push [{ role: "user", content: "hi" }]`,
      "hand-off format",
      `push repeated ["shadowing parameter"]`,
      `unshift repeated ["in a closure"]`,
      "push repeated [item]",
      "hand-off local.concat",
      "hand-off send",
      "hand-off reason.push",
      "hand-off format",
      "push [messages]",
      `push ["shadowing const"]`,
    ]);
  });

  it("a property written in a loop is left out; one written under an if is kept; read-only callees hand nothing off", () => {
    assert.deepEqual(eventsOf(parse(TRICKY), "options"), ["assign-property model = \"gpt-4o-mini\"", "assign-property messages = messages", "assign-property temperature = 0", "hand-off send"]);
  });

  it("a write with a run-time key may set any property; in a loop the object is filled at run time (opaque)", () => {
    const file = parse(TRICKY);
    assert.deepEqual(eventsOf(file, "filled"), ["opaque"]);
    assert.deepEqual(eventsOf(file, "once"), ["hand-off once[format(messages)]"]);
  });

  it("reassignments: self-extensions are followed, others are opaque; `++` and `*=` are opaque", () => {
    const file = parse(TRICKY);
    assert.deepEqual(eventsOf(file, "history"), [`push ["next"]`, `concat [["more"]]`, `unshift ["first"]`, "opaque", "push repeated [count]"]);
    assert.deepEqual(eventsOf(file, "count"), ["opaque", "opaque", "hand-off history.push"]);
    assert.deepEqual(eventsOf(file, "prompt"), ["append-text format(messages)", "opaque"]);
  });

  it("a name declared in a nested block sees its block's events only", () => {
    const file = parse(TRICKY);
    // The loop is around the block, not inside it: not repeated for a binding of the block.
    assert.deepEqual(eventsOf(file, "local"), ["push [item, item]", "hand-off send"]);
    assert.deepEqual(eventsOf(file, "reason"), ["push [messages]"]);
    assert.deepEqual(eventsOf(file, "c"), ["hand-off a.push", "assign-property field = a"]);
  });

  it("a destructuring assignment makes each name it assigns opaque, once however often it names it, in a loop too", () => {
    const file = parse(TRICKY);
    assert.deepEqual(eventsOf(file, "model"), ["opaque", "opaque", "opaque"]);
    // `first = 1` inside the pattern is an assignment of its own, as a walk for `first` alone reads it.
    assert.deepEqual(eventsOf(file, "first"), ["opaque", "opaque", "opaque"]);
    assert.deepEqual(eventsOf(file, "rest"), ["opaque", "opaque"]);
    // Where the events are: each at its assignment, `first` once for `[first, first, ...rest]`.
    const starts = (name: string) => (mutationEventsIn(file).get(name) ?? []).map((event) => event.start);
    assert.deepEqual(starts("first"), [TRICKY.indexOf("[first, first"), TRICKY.indexOf("{ a: [first"), TRICKY.indexOf("first = 1")]);
  });
});
