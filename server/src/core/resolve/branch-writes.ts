// `let model = defaults.model; if (user.model && typeof user.model === "object") model = ...; else if (user.model)
// model = user.model;` read after the chain: the value of the branch the chain takes, when its conditions are
// known there, or each way it may go (the initializer among them when it may take none), when each way is
// known whole: a setting or a client picked by the chain, not a prompt built in it.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { choice } from "./choice.ts";
import { conditionTruth } from "./operators.ts";
import { assignmentContainer, mentionsName, writesOf } from "./scope.ts";
import { alternativesOf, fullyStaticText, type EvalScope, type Value } from "./values.ts";

/** How many ways of one chain are looked at: a few settings merged, not a dispatch. */
const MAX_BRANCHES = 6;

/**
 * The value a `let` holds after one `if` / `else if` / `else` chain written beside it, whose branches each
 * assign it (`name = ...` as a statement of the branch) or leave it: undefined when the writes are anything
 * else (in a loop, a nested condition, a callback, another chain), when the read is not after the chain, or
 * when a way the chain may take gives a value not known.
 */
export function valueAfterBranchWrites(evaluator: Evaluator, declaration: ts.VariableDeclaration, name: string, reference: ts.Node | undefined, scope: EvalScope): Value | undefined {
  const initializer = declaration.initializer;
  if (!initializer || !reference || !ts.isIdentifier(declaration.name)) return undefined;
  const writes = writesOf(declaration, name);
  const chain = chainOf(writes, assignmentContainer(declaration));
  if (!chain || reference.pos < chain.top.end) return undefined;
  // A call's value is what one of its return paths gives (`let prompt = prune(raw); if (!raw) prompt =
  // template(prompt)`): read as one way of several, it could pass for certain where the text is run-time.
  if (callsIn(initializer) || chain.branches.some((branch) => branch.write && callsIn(branch.write.right))) return undefined;
  // A condition on the let itself (`if (tools && model !== FIXED) model = FIXED`) is a correction of its run-time
  // value, not a choice between settings: what it holds after is the run-time value's to say.
  if (chain.branches.some((branch) => branch.condition && mentionsName(branch.condition, name))) return undefined;
  const ways: Value[] = [];
  for (const branch of chain.branches) {
    // Only a branch known to be taken decides: a condition read as false may have read one of several values a
    // call returns as the only one (choice.ts), so a branch it rules out stays one of the ways.
    const truth = branch.condition ? conditionTruth(evaluator.guarded(branch.statement, () => evaluator.evaluate(branch.condition!, scope), name)) : true;
    const assigned = branch.write ? evaluator.guarded(declaration, () => evaluator.evaluate(branch.write!.right, scope), name) : undefined;
    const value = assigned ?? evaluator.guarded(declaration, () => evaluator.evaluate(initializer, scope), name);
    ways.push(value);
    if (truth === true) return pick(ways, name);
  }
  // No branch is sure to be taken: the chain may leave the initializer.
  ways.push(evaluator.guarded(declaration, () => evaluator.evaluate(initializer, scope), name));
  return pick(ways, name);
}

/** Whether an expression calls a function (outside functions written in it). */
function callsIn(expression: ts.Expression): boolean {
  const visit = (node: ts.Node): boolean => ts.isCallExpression(node) || (!ts.isFunctionLike(node) && ts.forEachChild(node, visit) === true);
  return visit(expression);
}

/**
 * Only ways known whole are taken (a model id, a number, a flag, a client): a collection or a text with run-time
 * parts, read as a branch's way, would change what a prompt is counted as where it was one run-time value.
 */
function knownWhole(value: Value): boolean {
  if (value.kind === "text") return fullyStaticText(value) !== undefined;
  return value.kind === "number" || value.kind === "boolean" || value.kind === "null" || value.kind === "external" || value.kind === "instance";
}

function pick(ways: Value[], name: string): Value | undefined {
  if (!ways.every((way) => alternativesOf(way).every(knownWhole))) return undefined;
  return ways.length === 1 ? ways[0] : choice(ways, name);
}

interface Branch {
  statement: ts.IfStatement;
  /** Absent for a final `else`. */
  condition?: ts.Expression;
  write?: ts.BinaryExpression;
}

/** The one chain every write sits in, as a statement of one of its branches, the chain a statement of the declaration's block. */
function chainOf(writes: readonly ts.Node[], block: ts.Node): { top: ts.IfStatement; branches: Branch[] } | undefined {
  if (writes.length === 0 || writes.length > MAX_BRANCHES) return undefined;
  let top: ts.IfStatement | undefined;
  const branchOf = new Map<ts.Statement, ts.BinaryExpression>();
  for (const write of writes) {
    if (!ts.isBinaryExpression(write) || write.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(write.left)) return undefined;
    const statement = write.parent;
    if (!ts.isExpressionStatement(statement)) return undefined;
    const branch = ts.isBlock(statement.parent) ? statement.parent : statement;
    const owner = branch.parent;
    if (!owner || !ts.isIfStatement(owner) || branchOf.has(branch)) return undefined;
    const head = chainHead(owner);
    if (top && top !== head) return undefined;
    top = head;
    branchOf.set(branch, write);
  }
  if (!top || top.parent !== block) return undefined;
  const branches: Branch[] = [];
  for (let current: ts.IfStatement | undefined = top; current; ) {
    branches.push(withWrite({ statement: current, condition: current.expression }, current.thenStatement, branchOf));
    const next: ts.Statement | undefined = current.elseStatement;
    if (next && ts.isIfStatement(next)) current = next;
    else {
      if (next) branches.push(withWrite({ statement: current }, next, branchOf));
      current = undefined;
    }
    if (branches.length > MAX_BRANCHES) return undefined;
  }
  return { top, branches };
}

function withWrite(branch: Branch, statement: ts.Statement, writes: ReadonlyMap<ts.Statement, ts.BinaryExpression>): Branch {
  const write = writes.get(statement);
  return write ? { ...branch, write } : branch;
}

/** The first `if` of an `else if` chain. */
function chainHead(statement: ts.IfStatement): ts.IfStatement {
  let head = statement;
  while (ts.isIfStatement(head.parent) && head.parent.elseStatement === head) head = head.parent;
  return head;
}
