// How a binding changes between its declaration and a read: push/unshift/concat, `+=`, property assignments.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import type { TextPart } from "../types.ts";
import { mergeParts, toTextParts, unknown, labelOf, type EvalScope, type Value } from "./values.ts";
import { withTextCombinations } from "./text-alternatives.ts";
import { dynamicParts } from "./operators.ts";
import { assignedNames, destructuredPath, isIncrementOrDecrement } from "./scope.ts";
import { stopsOnSize } from "./size-bounded-loops.ts";
import { mayRunBefore } from "./same-pass.ts";
import { contains } from "../providers/exclusive-branches.ts";

/** An array grown with push/unshift/concat or a text grown with +=, as seen at the reference. */
export function applyMutations(evaluator: Evaluator, initial: Value, mutations: Mutation[], scope: EvalScope): Value {
  let value = initial;
  for (const mutation of mutations) {
    if (mutation.kind === "append-text") {
      value = appendText(evaluator, value, mutation.value, mutation.repeated, mutation.bounded === true, scope);
      continue;
    }
    if (mutation.kind === "assign-property") {
      if (value.kind === "object") value = { ...value, assigned: [...(value.assigned ?? []), { name: mutation.name, value: mutation.value, scope }] };
      continue;
    }
    if (mutation.kind === "hand-off") {
      if (value.kind === "object") value = { ...value, handedTo: [...(value.handedTo ?? []), mutation.to] };
      continue;
    }
    if (value.kind !== "array") return value;
    const added: Value[] = [];
    for (const argument of mutation.values) {
      if (mutation.repeated) added.push(unknown(labelOf(argument), { bounded: mutation.bounded === true }));
      else if (ts.isSpreadElement(argument)) {
        const spread = evaluator.evaluate(argument.expression, scope);
        if (spread.kind === "array") added.push(...spread.elements);
        else added.push(unknown(labelOf(argument.expression), { bounded: false }));
      } else if (mutation.kind === "concat") {
        const concatenated = evaluator.evaluate(argument, scope);
        if (concatenated.kind === "array") added.push(...concatenated.elements);
        else added.push(concatenated);
      } else added.push(evaluator.evaluate(argument, scope));
    }
    value = { kind: "array", elements: mutation.kind === "unshift" ? [...added, ...value.elements] : [...value.elements, ...added] };
  }
  return value;
}

/**
 * `text += more`, as `text + more` reads: each alternative of either side stays one
 * (`url += url.includes("?") ? "&alt=sse" : "?alt=sse"` may end either way). In a loop, what is added is run-time.
 */
function appendText(evaluator: Evaluator, value: Value, added: ts.Expression, repeated: boolean, bounded: boolean, scope: EvalScope): Value {
  const textOf = (piece: Value): TextPart[] => (piece.kind === "text" || piece.kind === "number" ? toTextParts(piece) : dynamicParts(evaluator, piece, added));
  if (repeated) return { kind: "text", parts: mergeParts([...textOf(value), { kind: "dynamic", label: labelOf(added), collection: { bounded } }]) };
  return withTextCombinations([value, evaluator.evaluate(added, scope)], ([base, more]) => ({ kind: "text", parts: mergeParts([...textOf(base!), ...toTextParts(more!)]) }));
}

export type Mutation =
  /** `bounded`: repeated in loops that each stop on a size, so what they add has a ceiling. */
  | { kind: "push" | "unshift" | "concat"; values: readonly ts.Expression[]; repeated: boolean; bounded?: true }
  | { kind: "append-text"; value: ts.Expression; repeated: boolean; bounded?: true }
  | { kind: "assign-property"; name: string; value: ts.Expression }
  /** The binding passed to a function (`addMaxTokensIfNeeded(request)`), which may set any of its properties. */
  | { kind: "hand-off"; to: string };

/** Functions that read their argument without changing it: handing an object to them changes nothing. */
const READ_ONLY_CALLEES = /^(console\.\w+|JSON\.\w+|Object\.(keys|values|entries|freeze|isFrozen|getOwnPropertyNames)|structuredClone|Array\.isArray|String|Number|Boolean|(\w+\.)?(log|debug|info|warn|error|trace))$/;

/** A change of a binding at a position (relative to its container's start once kept), or one that cannot be followed. */
export interface MutationEvent {
  start: number;
  mutation: Mutation | "opaque";
  /** `name = value` itself, with whether it sits in a loop or a callback below the container (see reassignedParameter). */
  assignment?: { node: ts.BinaryExpression; repeated: boolean };
}

/**
 * Every mutation of every name in a container, by name, in source order, found in one walk and kept per
 * container: walking the container again for each reference made a file with a thousand calls on one
 * client quadratic, and walking it once per declaration read a block again for each binding declared in it.
 */
type MutationEvents = WeakMap<ts.Node, ReadonlyMap<string, readonly MutationEvent[]>>;
export const MUTATION_EVENTS = Symbol("mutation events");

const NO_EVENTS: readonly MutationEvent[] = [];

/**
 * How a binding is changed before `reference` reads it: `messages.push(...)`, `messages = [...messages, x]`,
 * `prompt += "..."`, `params.model = "..."`. "opaque" when it is reassigned in a way that cannot be followed.
 * A change inside a loop or callback may run any number of times: it is marked repeated.
 */
export function findMutations(evaluator: Evaluator, declaration: ts.VariableDeclaration | ts.ParameterDeclaration, name: string, reference: ts.Node | undefined): { kind: "none" } | { kind: "opaque" } | { kind: "some"; list: Mutation[] } {
  if (!reference || reference.getSourceFile() !== declaration.getSourceFile()) return { kind: "none" };
  // Kept by the workspace across analyses, by the declaration's container as parsed: a keystroke in an open
  // document reuses the nodes around the edit (moved, not re-made), so a container can outlive an edit
  // elsewhere in its file. A container that is the same node has the same text inside; positions are kept
  // relative to its start, which moves with it.
  const { container, events } = mutationEventsOf(evaluator, declaration, name);
  // Only what runs before the reference: a push written after it does not change what it reads.
  const limit = reference.getStart() - container.pos;
  const list: Mutation[] = [];
  for (const event of events) {
    if (event.start >= limit) break;
    if (event.mutation === "opaque") return { kind: "opaque" };
    // `body.model = body.model ?? "gpt-4o"`: the read on the right is of the object before this write.
    if (event.mutation.kind === "assign-property" && contains(event.mutation.value, reference)) break;
    list.push(event.mutation);
  }
  return list.length > 0 ? { kind: "some", list } : { kind: "none" };
}

/** The mutation events of a name in its declaration's container, kept by the workspace (see findMutations). */
function mutationEventsOf(evaluator: Evaluator, declaration: ts.VariableDeclaration | ts.ParameterDeclaration, name: string): { container: ts.Node; events: readonly MutationEvent[] } {
  const container = mutationContainer(declaration);
  const mutationEvents = evaluator.workspace.memo<MutationEvents>(MUTATION_EVENTS, () => new WeakMap());
  let byName = mutationEvents.get(container);
  if (!byName) mutationEvents.set(container, (byName = mutationEventsIn(container)));
  return { container, events: byName.get(name) ?? NO_EVENTS };
}

/**
 * The last assignment of a parameter or variable before `reference`, not counting one whose right side holds
 * the read (`text = text.replace(...)` reads the text before it): undefined when none is (the read is of what
 * was passed, or of the initializer), nor one that cannot run before the read in the same pass (same-pass.ts).
 * `inside` says the read is in the right side of such an assignment.
 */
export function lastAssignmentBefore(evaluator: Evaluator, declaration: ts.ParameterDeclaration | ts.VariableDeclaration, name: string, reference: ts.Node): { last: { node: ts.BinaryExpression; repeated: boolean } | "other-write" | undefined; inside: boolean; after: Mutation[] } {
  const { container, events } = mutationEventsOf(evaluator, declaration, name);
  // Most reads are of a name nothing writes: no walk up to the files then.
  if (events.length === 0 || reference.getSourceFile() !== declaration.getSourceFile()) return { last: undefined, inside: false, after: [] };
  const limit = reference.getStart() - container.pos;
  let last: { node: ts.BinaryExpression; repeated: boolean } | "other-write" | undefined;
  // The pushes, appends and property writes since the last assignment: they change what it assigned.
  let after: Mutation[] = [];
  for (const event of events) {
    if (event.start >= limit) break;
    if (event.assignment && contains(event.assignment.node, reference)) return { last, inside: true, after };
    // One in another branch, or in a block left before the read, is not what the read sees.
    if (event.assignment && !mayRunBefore(event.assignment.node, reference)) continue;
    if (event.assignment) {
      last = event.assignment;
      after = [];
    } else if (event.mutation === "opaque") last = "other-write";
    else if (!(event.mutation.kind === "assign-property" && contains(event.mutation.value, reference))) after.push(event.mutation);
  }
  return { last, inside: false, after };
}

/** The block, function body or file whose statements can change a declared binding; a parameter's function. */
export function mutationContainer(declaration: ts.VariableDeclaration | ts.ParameterDeclaration): ts.Node {
  if (ts.isParameter(declaration)) return declaration.parent;
  return declaration.parent.parent?.parent ?? declaration.getSourceFile();
}

/** What a mutation in a loop that stops on a size carries, and in any other place (one object each, not one per node). */
const BOUNDED = { bounded: true } as const;
const UNBOUNDED = {} as const;

/**
 * The mutations of each name in `container` (see findMutations), in source order, positions relative to the
 * container's start. Names are matched by text, whatever binding they refer to: a push on a shadowing
 * binding in a nested function counts (repeated, as the function may run any number of times).
 */
export function mutationEventsIn(container: ts.Node): ReadonlyMap<string, readonly MutationEvent[]> {
  const byName = new Map<string, MutationEvent[]>();
  const add = (name: string, start: number, mutation: Mutation | "opaque", assignment?: MutationEvent["assignment"]): void => {
    const event: MutationEvent = assignment ? { start: start - container.pos, mutation, assignment } : { start: start - container.pos, mutation };
    const events = byName.get(name);
    if (events) events.push(event);
    else byName.set(name, [event]);
  };
  // `repeated`: the node sits inside a loop or a function below the container (a loop or a callback: it may run any number of times).
  // `bounded`: each of those is a loop that stops on a size (size-bounded-loops.ts), so what it adds has a ceiling.
  const visit = (node: ts.Node, repeated: boolean, bounded: boolean): void => {
    const loopBound = bounded ? BOUNDED : UNBOUNDED;
    if (ts.isCallExpression(node)) {
      // `name.method(...)`: for `name`, a push or unshift, nothing else; not a hand-off of itself.
      const receiver = ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) ? node.expression.expression.text : undefined;
      if (receiver !== undefined) {
        const method = (node.expression as ts.PropertyAccessExpression).name.text;
        if (method === "push" || method === "unshift") add(receiver, node.getStart(), { kind: method, values: node.arguments, repeated, ...loopBound });
      }
      handOffs(node, receiver, add);
    } else if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (ts.isIdentifier(node.left)) {
        const name = node.left.text;
        if (operator === ts.SyntaxKind.PlusEqualsToken) add(name, node.getStart(), { kind: "append-text", value: node.right, repeated, ...loopBound });
        else if (operator === ts.SyntaxKind.EqualsToken) {
          const grown = selfExtension(node.right, name);
          add(name, node.getStart(), grown ? { ...grown, repeated } : "opaque", { node, repeated });
        } else if (operator >= ts.SyntaxKind.FirstCompoundAssignment && operator <= ts.SyntaxKind.LastCompoundAssignment) add(name, node.getStart(), "opaque");
      } else if (operator === ts.SyntaxKind.EqualsToken) {
        const assigned = assignedProperty(node.left);
        if (assigned && !repeated) add(assigned.object, node.getStart(), { kind: "assign-property", name: assigned.name, value: node.right });
        // `result[key] = ...` with a run-time key: in a loop, an object filled at run time (its literal says
        // nothing of what it holds); once, a property the literal does not name may be set.
        const computed = computedTarget(node.left);
        if (computed !== undefined) add(computed, node.getStart(), repeated ? "opaque" : { kind: "hand-off", to: labelOf(node.left) });
        // `({ model } = options)` rebinds it to something not followed here (a property access destructures none).
        for (const name of assignedNames(node.left)) add(name, node.getStart(), "opaque");
      }
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && isIncrementOrDecrement(node.operator) && ts.isIdentifier(node.operand)) {
      // `count++` changes the binding; `!model` only reads it.
      add(node.operand.text, node.getStart(), "opaque");
    }
    const loop = node !== container && ts.isIterationStatement(node, false);
    const callback = node !== container && ts.isFunctionLike(node);
    const inside = repeated || loop || callback;
    // Every loop repeating it must stop on a size; a callback may run any number of times.
    const stillBounded = loop ? (bounded || !repeated) && stopsOnSize(node) : bounded && !callback;
    ts.forEachChild(node, (child) => visit(child, inside, inside && stillBounded));
  };
  visit(container, false, false);
  // Pre-order visits nodes by start already; a stable sort keeps a node's own event before its children's.
  for (const events of byName.values()) events.sort((a, b) => a.start - b.start);
  return byName;
}

/** The object name and property an assignment's target writes: `params.model`, `body["messages"]`. */
function assignedProperty(target: ts.Expression): { object: string; name: string } | undefined {
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)) return { object: target.expression.text, name: target.name.text };
  if (ts.isElementAccessExpression(target) && ts.isIdentifier(target.expression) && ts.isStringLiteralLike(target.argumentExpression)) return { object: target.expression.text, name: target.argumentExpression.text };
  return undefined;
}

/** The object name an assignment with a run-time key writes to: `result` of `result[key] = value`. */
function computedTarget(target: ts.Expression): string | undefined {
  if (!ts.isElementAccessExpression(target) || !ts.isIdentifier(target.expression)) return undefined;
  const key = target.argumentExpression;
  return ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) ? undefined : target.expression.text;
}

/**
 * A binding passed to a function that may change it: an event per name among the call's arguments (at its
 * first such argument, so the request call that reads the binding is not a hand-off before itself), except
 * the call's own receiver, and none for functions that only read their arguments.
 */
function handOffs(node: ts.CallExpression, receiver: string | undefined, add: (name: string, start: number, mutation: Mutation) => void): void {
  let names: Set<string> | undefined;
  for (const argument of node.arguments) {
    if (!ts.isIdentifier(argument) || argument.text === receiver || names?.has(argument.text)) continue;
    if (!names) {
      if (READ_ONLY_CALLEES.test(node.expression.getText())) return;
      names = new Set();
    }
    names.add(argument.text);
    add(argument.text, argument.getStart(), { kind: "hand-off", to: labelOf(node.expression) });
  }
}

/** `[...name, x]` or `name.concat(x)`: the values added, else undefined. */
export function selfExtension(expression: ts.Expression, name: string): Extract<Mutation, { kind: "push" | "unshift" | "concat" }> | undefined {
  if (ts.isArrayLiteralExpression(expression)) {
    const [first, ...rest] = expression.elements;
    if (first && ts.isSpreadElement(first) && isName(first.expression, name)) return { kind: "push", values: rest, repeated: false };
    const last = expression.elements[expression.elements.length - 1];
    if (last && ts.isSpreadElement(last) && isName(last.expression, name)) return { kind: "unshift", values: expression.elements.slice(0, -1), repeated: false };
    return undefined;
  }
  if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression) && expression.expression.name.text === "concat" && isName(expression.expression.expression, name)) {
    return { kind: "concat", values: expression.arguments, repeated: false };
  }
  return undefined;
}

export function isName(node: ts.Node, name: string): boolean {
  return ts.isIdentifier(node) && node.text === name;
}

/**
 * The properties to read of an assigned expression assignmentsTo found for `name`: those of a
 * destructuring assignment's target (`["client"]` of `({ client } = ...)`), none for a plain assignment.
 */
export function assignedValuePath(assigned: ts.Expression, name: string): string[] {
  const parent = assigned.parent;
  if (!ts.isBinaryExpression(parent) || parent.right !== assigned || ts.isIdentifier(parent.left)) return [];
  return destructuredPath(parent.left, name) ?? [];
}

/** Right-hand sides of plain assignments to a binding (and of destructuring ones binding it), anywhere in its scope. */
export function assignmentsTo(declaration: ts.VariableDeclaration, name: string): readonly ts.Expression[] {
  const container = declaration.parent.parent?.parent ?? declaration.getSourceFile();
  let kept = assignedByDeclaration.get(declaration);
  if (kept?.container !== container) assignedByDeclaration.set(declaration, (kept = { container, byName: new Map() }));
  let found = kept.byName.get(name);
  if (found === undefined) kept.byName.set(name, (found = scanAssignments(container, name)));
  return found;
}

/**
 * What assignmentsTo found per declaration, for the block as parsed: a read of a reassigned `let` asks it
 * twice (valueAcrossFallbacks, singleAssignment), and each ask walked the whole block.
 */
const assignedByDeclaration = new WeakMap<ts.VariableDeclaration, { container: ts.Node; byName: Map<string, readonly ts.Expression[]> }>();

function scanAssignments(container: ts.Node, name: string): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && isName(node.left, name)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) found.push(node.right);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && destructuredPath(node.left, name) !== undefined) {
      // `({ client } = await initializeClient(...))`: the value assigned is a property of the right side (see assignedValuePath).
      found.push(node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(container);
  return found;
}

export function isNullish(expression: ts.Expression): boolean {
  return expression.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(expression) && expression.text === "undefined");
}
