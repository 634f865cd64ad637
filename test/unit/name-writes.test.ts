// The writes of a `let` are found in one scan of its block, kept per declaration; what a read needs of them
// (any at all, whether all come after it, whether each assigns an object) is asked of that list. A read of
// a const asks nothing of it: before, each read of a top-level const walked its whole file. The assignments
// a read of a reassigned `let` follows are kept the same way (two walks of the block per read before).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { onlyObjectsAssigned, readBeforeAssignments } from "../../server/src/core/resolve/flow.ts";
import { assignmentsTo } from "../../server/src/core/resolve/mutations.ts";
import { isReassigned, writesOf } from "../../server/src/core/resolve/scope.ts";
import { ts } from "../../server/src/core/ts.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile("/src/app.ts", text, ts.ScriptTarget.Latest, true);
}

function declarationOf(file: ts.SourceFile, name: string): ts.VariableDeclaration {
  let found: ts.VariableDeclaration | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) found ??= node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  assert.ok(found, `no declaration of ${name}`);
  return found;
}

/** The identifier `name` read at the marker comment's line (the first read of the name on that line). */
function readAt(file: ts.SourceFile, name: string, marker: string): ts.Identifier {
  const line = file.getLineAndCharacterOfPosition(file.text.indexOf(marker)).line;
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && ts.isIdentifier(node) && node.text === name && !ts.isVariableDeclaration(node.parent) && file.getLineAndCharacterOfPosition(node.getStart()).line === line) found = node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  assert.ok(found, `no read of ${name} at ${marker}`);
  return found;
}

function before(text: string, marker = "// read"): boolean {
  const file = parse(text);
  return readBeforeAssignments(declarationOf(file, "schema"), "schema", readAt(file, "schema", marker));
}

/** A file whose request reads `name` 3,000 times (one message each) after `declarations`: its calls, and how long analysing it took. */
function analysedWithReads(name: string, declarations: string[]): { calls: string[]; elapsed: number } {
  const items = Array.from({ length: 3000 }, (_, index) => `  { role: "user", content: ${name} + " ${index}" },`);
  const text = [`import OpenAI from "openai";`, `const client = new OpenAI();`, ...declarations, `const items = [`, ...items, `];`, `client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 10, messages: items });`].join("\n");
  const started = performance.now();
  const calls = describeCalls(analyzeProject({ "src/app.ts": text }));
  return { calls, elapsed: performance.now() - started };
}

describe("the writes of a let, scanned once", () => {
  it("a read before the only assignment holds the initializer; a read after it does not (lookalike)", () => {
    assert.equal(before(`function f(o: any) {\n  let schema = o.schema;\n  use(schema); // read\n  if (!schema) schema = make();\n}`), true);
    assert.equal(before(`function f(o: any) {\n  let schema = o.schema;\n  if (!schema) schema = make();\n  use(schema); // read\n}`), false);
  });

  it("`schema++` after the read is an assignment, `!schema` before it is not; `schema++` before it is (lookalike)", () => {
    assert.equal(before(`function f(o: any) {\n  let schema = o.schema;\n  if (!schema) log();\n  use(schema); // read\n  schema++;\n}`), true);
    assert.equal(before(`function f(o: any) {\n  let schema = o.schema;\n  schema++;\n  use(schema); // read\n}`), false);
  });

  it("an assignment after the read in a loop around it, or in a closure, may run before it", () => {
    assert.equal(before(`function f(o: any) {\n  let schema = o.schema;\n  for (const x of o.list) {\n    use(schema); // read\n    schema = x;\n  }\n}`), false);
    assert.equal(before(`function f(o: any) {\n  let schema = o.schema;\n  const reset = () => { schema = null; };\n  use(schema, reset); // read\n}`), false);
  });

  it("the list is made once per declaration and name, and again for a new tree of the same text", () => {
    const text = `let schema: any = { a: 1 };\nif (x) schema = {};\nschema.b = 2;\nconst other = schema;\n`;
    const file = parse(text);
    const declaration = declarationOf(file, "schema");
    const writes = writesOf(declaration, "schema");
    assert.equal(writes.length, 1);
    assert.equal(writesOf(declaration, "schema"), writes);
    assert.notEqual(writesOf(declarationOf(parse(text), "schema"), "schema"), writes);
    assert.equal(isReassigned(declaration, "schema"), true);
    assert.equal(onlyObjectsAssigned(declaration, "schema"), true);
    const other = declarationOf(file, "other");
    assert.equal(isReassigned(other, "other"), false);
  });

  it("a let assigned something other than an object is not only objects (lookalike)", () => {
    const file = parse(`let schema: any = { a: 1 };\nif (x) schema = load();\n`);
    assert.equal(onlyObjectsAssigned(declarationOf(file, "schema"), "schema"), false);
  });

  it("thousands of reads of a top-level const in one long file: each read does not walk the file", () => {
    const { calls, elapsed } = analysedWithReads("SYSTEM", [`const SYSTEM = "Be brief.";`]);
    assert.deepEqual(calls, ["src/app.ts:3006 gpt-4o-mini"]);
    // Walking the file (~40,000 nodes) at each of the 3,000 reads took many seconds; the reads now take well under one.
    assert.ok(elapsed < 5000, `${Math.round(elapsed)} ms`);
  });
  it("the assignments a reassigned let's read follows are found once per declaration and name", () => {
    const file = parse(`let model: string | null = null;\nif (x) model = "gpt-4o";\nelse model = "gpt-4o-mini";\nmodel ??= "o3";\n`);
    const declaration = declarationOf(file, "model");
    const assigned = assignmentsTo(declaration, "model");
    assert.deepEqual(assigned.map((expression) => expression.getText()), [`"gpt-4o"`, `"gpt-4o-mini"`, `"o3"`]);
    assert.equal(assignmentsTo(declaration, "model"), assigned);
  });

  it("thousands of reads of a reassigned let in one long file: each read does not walk the file", () => {
    const { calls, elapsed } = analysedWithReads("system", [`let system = "";`, `if (process.env.BRIEF) system = "Be brief.";`]);
    assert.deepEqual(calls, ["src/app.ts:3007 gpt-4o-mini"]);
    // Two walks of the file (~40,000 nodes) at each of the 3,000 reads took many seconds.
    assert.ok(elapsed < 5000, `${Math.round(elapsed)} ms`);
  });
  it("`!model` and `-count` only read a let: it is not reassigned; `++` and a destructuring assignment are", () => {
    const reassigned = (text: string, name: string): boolean => isReassigned(declarationOf(parse(text), name), name);
    assert.equal(reassigned(`let model = "gpt-4o";\nif (!model) log();\nconst n = -count;\n`, "model"), false);
    assert.equal(reassigned(`let count = 1;\nconst n = -count;\n`, "count"), false);
    assert.equal(reassigned(`let count = 1;\ncount++;\n`, "count"), true);
    assert.equal(reassigned(`let model = "gpt-4o";\n({ model } = options);\n`, "model"), true);
    assert.equal(reassigned(`let model = "gpt-4o";\n({ settings: { model = "o3" } } = options);\n`, "model"), true);
    assert.equal(reassigned(`let model = "gpt-4o";\n[, model] = pair;\n`, "model"), true);
    // Lookalikes: a property named model, a different name destructured.
    assert.equal(reassigned(`let model = "gpt-4o";\n({ model: other } = options);\n`, "model"), false);
    assert.equal(reassigned(`let model = "gpt-4o";\nconst { model: m } = options;\n`, "model"), false);
  });

  it("a model let rebound by a destructuring assignment is not its initializer at the request; one only tested with ! is", () => {
    const request = (between: string): string[] =>
      describeCalls(
        analyzeProject({
          "src/app.ts": [`import OpenAI from "openai";`, `const client = new OpenAI();`, `export async function run(options: any) {`, `  let model = "gpt-4o";`, between, `  return client.chat.completions.create({ model, max_tokens: 10, messages: [] });`, `}`].join("\n"),
        }),
      );
    assert.deepEqual(request(`  ({ model } = options);`), ["src/app.ts:6 null wrapper=run"]);
    assert.deepEqual(request(`  if (!model) throw new Error("no model");`), ["src/app.ts:6 gpt-4o wrapper=run"]);
    assert.deepEqual(request(`  ({ model: options.model } = options);`), ["src/app.ts:6 gpt-4o wrapper=run"]);
  });
});
