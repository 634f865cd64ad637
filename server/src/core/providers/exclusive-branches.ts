// Branch exclusivity: whether two requests of one function can both run in one call of it, and whether a
// request runs only when an earlier one failed.
import { findDeclaration } from "../resolve/scope.ts";
import { ts } from "../ts.ts";

/** Where a site runs in the function holding it (see placesInFunction): the site itself unless said otherwise. */
export type PlacesOf = (site: ts.Node) => readonly ts.Node[];

const ITSELF: PlacesOf = (site) => [site];

/** Whether at most one of the call sites runs in one call of the function holding them. */
export function pairwiseExclusive(sites: readonly ts.Node[], placesOf: PlacesOf = ITSELF): boolean {
  for (let first = 0; first < sites.length; first++) {
    for (let second = first + 1; second < sites.length; second++) if (!exclusiveWherever(sites[first]!, sites[second]!, placesOf)) return false;
  }
  return true;
}

/** Whether two sites exclude each other wherever each runs. */
function exclusiveWherever(a: ts.Node, b: ts.Node, placesOf: PlacesOf): boolean {
  const placesOfB = placesOf(b);
  return placesOf(a).every((placeOfA) => placesOfB.every((placeOfB) => exclusive(placeOfA, placeOfB)));
}

/**
 * The branchings among call sites of one function where not all of them exclude each other: groups of
 * sites any two of which exclude each other (`if (tooLong) return split(); return whole();` after a
 * `prepare()` that always runs: split and whole are one branching, prepare is a request of its own). A
 * group is a connected part of the "exclusive" relation in which every pair is exclusive; a part that is
 * not (a excludes b and c, b and c both run) is left as separate requests. Past `limit` sites, none.
 */
export function exclusiveGroups<Site extends ts.Node>(sites: readonly Site[], placesOf: PlacesOf = ITSELF, limit = 64): Site[][] {
  if (sites.length < 2 || sites.length > limit) return [];
  const part = sites.map((_, index) => index);
  const root = (index: number): number => (part[index] === index ? index : (part[index] = root(part[index]!)));
  for (let first = 0; first < sites.length; first++) {
    for (let second = first + 1; second < sites.length; second++) if (exclusiveWherever(sites[first]!, sites[second]!, placesOf)) part[root(second)] = root(first);
  }
  const parts = new Map<number, Site[]>();
  sites.forEach((site, index) => {
    const key = root(index);
    const members = parts.get(key);
    if (members) members.push(site);
    else parts.set(key, [site]);
  });
  return [...parts.values()].filter((members) => members.length > 1 && pairwiseExclusive(members, placesOf));
}

/**
 * Whether two nodes of one function can never both run in one call: the two branches of an `if` or a
 * conditional expression, two clauses of a `switch`, or an earlier statement that always leaves the
 * function once it has run its node (`if (fast) return a(); return b();`).
 */
export function exclusive(a: ts.Node, b: ts.Node): boolean {
  const ancestorsOfA = new Set<ts.Node>();
  for (let node: ts.Node | undefined = a; node; node = node.parent) ancestorsOfA.add(node);
  let sideB: ts.Node = b;
  let common = b.parent;
  while (common && !ancestorsOfA.has(common)) {
    sideB = common;
    common = common.parent;
  }
  // One node inside the other (a call in another's arguments) runs with it.
  if (!common || common === a) return false;
  let sideA: ts.Node = a;
  while (sideA.parent !== common) sideA = sideA.parent;
  if (sideA === sideB) return false;
  if (ts.isIfStatement(common) || ts.isConditionalExpression(common)) {
    const [yes, no] = ts.isIfStatement(common) ? [common.thenStatement, common.elseStatement] : [common.whenTrue, common.whenFalse];
    return (sideA === yes && sideB === no) || (sideA === no && sideB === yes);
  }
  // Two clauses of one switch (the nodes are on different sides, checked above).
  if (ts.isCaseBlock(common)) return true;
  if (ts.isBlock(common) || ts.isCaseClause(common) || ts.isDefaultClause(common) || ts.isSourceFile(common)) {
    const [earlier, node] = sideA.pos < sideB.pos ? [sideA, a] : [sideB, b];
    return leavesAfter(earlier as ts.Statement, node);
  }
  return false;
}

/**
 * Whether a statement always leaves the function once the node inside it has run: a `return` or `throw`,
 * or a branch, block or `try` block that ends in one after it (the `catch` of such a `try` runs only when
 * the node failed: what follows is a fallback of it, not a second request).
 */
export function leavesAfter(statement: ts.Statement, node: ts.Node): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isIfStatement(statement)) {
    const branch = [statement.thenStatement, statement.elseStatement].find((candidate) => candidate && contains(candidate, node));
    return branch !== undefined && blockLeavesAfter(branch, node);
  }
  if (ts.isTryStatement(statement)) {
    const part = [statement.tryBlock, statement.catchClause?.block].find((candidate) => candidate && contains(candidate, node));
    return part !== undefined && blockLeavesAfter(part, node);
  }
  if (ts.isBlock(statement)) return blockLeavesAfter(statement, node);
  return false;
}

/** A block (or a single statement) leaves after its node: the statement holding it does, or the block ends in a `return` or `throw`. */
function blockLeavesAfter(block: ts.Statement, node: ts.Node): boolean {
  const statements = ts.isBlock(block) ? block.statements : [block];
  const holding = statements.find((statement) => contains(statement, node));
  if (holding && holding !== node && leavesAfter(holding, node)) return true;
  const last = statements[statements.length - 1];
  return last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
}

/** Whether `inner` lies within `outer`. */
export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return outer.pos <= inner.pos && inner.end <= outer.end;
}

/** Options of an SDK request holding a function the SDK calls during that request when its output did not parse (the Vercel AI SDK's repair hooks). */
const REPAIR_OPTIONS = new Set(["experimental_repairText", "experimental_repairToolCall"]);

/**
 * Whether a function-like is a repair hook given with a request's options (`experimental_repairText:
 * async ({ text }) => ...`): it runs during that request, and only when its output did not parse.
 */
export function isRepairHook(node: ts.Node): boolean {
  if (!ts.isFunctionLike(node)) return false;
  if (ts.isMethodDeclaration(node)) return ts.isObjectLiteralExpression(node.parent) && ts.isIdentifier(node.name) && REPAIR_OPTIONS.has(node.name.text);
  let outer: ts.Node = node;
  while (outer.parent && (ts.isParenthesizedExpression(outer.parent) || ts.isAsExpression(outer.parent) || ts.isSatisfiesExpression(outer.parent))) outer = outer.parent;
  const parent = outer.parent;
  return parent !== undefined && ts.isPropertyAssignment(parent) && parent.initializer === outer && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name)) && REPAIR_OPTIONS.has(parent.name.text);
}

/**
 * Whether a node of a function runs only when something before it failed: inside a `catch` clause, a
 * `.catch()` handler or a request's repair hook, of that function, or after a `try` whose block always
 * leaves the function (a retry, a repair of unparsable output, a fallback model).
 */
export function onFailurePath(node: ts.Node, within: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent && current !== within; current = current.parent) {
    if (isRepairHook(current)) return true;
    const parent = current.parent;
    if (ts.isCatchClause(parent) && current === parent.block) return true;
    if (ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression) && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === "catch") return true;
    if (ts.isBlock(parent) && followsLeavingTry(parent.statements, current)) return true;
  }
  return false;
}

/**
 * Whether a statement comes after a `try` whose block ends in a `return` or `throw` and whose `catch` lets the
 * function go on: it runs only when that block failed (`try { return await structured(); } catch {} return
 * await plain();`).
 */
function followsLeavingTry(statements: ts.NodeArray<ts.Statement>, statement: ts.Node): boolean {
  for (const earlier of statements) {
    if (earlier === statement) return false;
    if (!ts.isTryStatement(earlier) || !earlier.catchClause) continue;
    const last = earlier.tryBlock.statements[earlier.tryBlock.statements.length - 1];
    if (last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last))) return true;
  }
  return false;
}

/**
 * Whether a request runs only when an earlier request of the same function came back without what was
 * asked: inside the `then` branch of an `if` that tests that request's result for absence (`if
 * (!result.object.title)`, `if (reply == null)`), a repair or retry of it. A branch on something the
 * result holds (`if (result.object.needsMore)`) is a follow-up, a request of its own.
 */
export function repairsMissingOutput(node: ts.Node, within: ts.Node, sites: readonly ts.CallExpression[]): boolean {
  for (let current: ts.Node = node; current.parent && current !== within; current = current.parent) {
    const parent = current.parent;
    if (!ts.isIfStatement(parent) || current !== parent.thenStatement) continue;
    const tested = absenceTested(parent.expression);
    const site = tested && resultOf(tested);
    if (site && site.end <= parent.pos && sites.includes(site)) return true;
  }
  return false;
}

/**
 * Whether a node runs only when an earlier call of the same function reported a failure in what it returned:
 * inside the `then` branch of an `if` that tests a member of that result named for one (`if
 * (result.retryWithError) return this.complete([...messages, result.retryWithError])`, `if (reply.error)`),
 * or an HTTP failure of a response (`else if (fetchResponse.status === 429 && retries > 0)`, `if (!res.ok)`:
 * SillyTavern's `makeRequest` calling itself again after a delay). Calling the function again there is a
 * retry of the same work, as from a `catch`. A branch on another member (`if (result.needsMore)`) is a follow-up.
 */
export function retriesReportedFailure(node: ts.Node, within: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent && current !== within; current = current.parent) {
    const parent = current.parent;
    if (!ts.isIfStatement(parent) || current !== parent.thenStatement) continue;
    const tested = skipParentheses(parent.expression);
    const reports = ts.isPropertyAccessExpression(tested) && FAILURE_REPORT.test(tested.name.text) ? [tested] : failedStatusesTested(tested);
    if (reports.some((report) => {
      const call = resultOf(report);
      return call !== undefined && call.end <= parent.pos;
    })) return true;
  }
  return false;
}

/** A response's status or `ok` a condition requires to say it failed: `r.status === 429`, `r.status >= 500`, `!r.ok`, joined by `&&`. */
function failedStatusesTested(condition: ts.Expression): ts.PropertyAccessExpression[] {
  const inner = skipParentheses(condition);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return [...failedStatusesTested(inner.left), ...failedStatusesTested(inner.right)];
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = skipParentheses(inner.operand);
    return ts.isPropertyAccessExpression(operand) && operand.name.text === "ok" ? [operand] : [];
  }
  if (!ts.isBinaryExpression(inner) || !FAILED_STATUS_COMPARISONS.has(inner.operatorToken.kind)) return [];
  const status = [inner.left, inner.right].map(skipParentheses).find((side): side is ts.PropertyAccessExpression => ts.isPropertyAccessExpression(side) && /^status(?:Code)?$/.test(side.name.text));
  const code = [inner.left, inner.right].map(skipParentheses).find(ts.isNumericLiteral);
  return status && code && Number(code.text) >= 400 ? [status] : [];
}

const FAILED_STATUS_COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.GreaterThanToken]);

/** Member names a result reports a failure with: `retryWithError`, `error`, `failed`, `invalid`. */
const FAILURE_REPORT = /retry|error|fail|invalid/i;

/** The expression a condition tests for absence: `!x.y`, `x.y == null`, `x.y === undefined`. */
function absenceTested(condition: ts.Expression): ts.Expression | undefined {
  const inner = skipParentheses(condition);
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) return skipParentheses(inner.operand);
  if (ts.isBinaryExpression(inner) && [ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken].includes(inner.operatorToken.kind)) {
    const isAbsent = (side: ts.Expression): boolean => side.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(side) && side.text === "undefined");
    if (isAbsent(inner.right)) return inner.left;
    if (isAbsent(inner.left)) return inner.right;
  }
  return undefined;
}

/** The call whose result an expression reads: `result.object.title` where `const result = await generateObject(...)`. */
function resultOf(expression: ts.Expression): ts.CallExpression | undefined {
  let root = expression;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isNonNullExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return undefined;
  const declaration = findDeclaration(root.text, root);
  if (declaration?.kind !== "variable" || !declaration.node.initializer) return undefined;
  let initializer = skipParentheses(declaration.node.initializer);
  if (ts.isAwaitExpression(initializer)) initializer = skipParentheses(initializer.expression);
  return ts.isCallExpression(initializer) ? initializer : undefined;
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}
