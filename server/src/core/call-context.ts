// Where a call runs: once per item of a loop, inside a retry loop, on a client that retries a lot.
// Read from the syntax around the call, walking up its parents to the enclosing function: cheap, and
// the only evaluation is of a loop's collection, to count a literal array.
import { readAnnotation } from "./comments.ts";
import type { Evaluator } from "./resolve/evaluate.ts";
import type { ExternalValue, Value } from "./resolve/values.ts";
import { ts } from "./ts.ts";
import { feedsNextTurn } from "./turn-loops.ts";
import type { CallAnnotation, LoopContext, LoopKind, RetryContext } from "./types.ts";
import type { ParsedFile } from "./workspace/workspace.ts";

/** Retries the SDKs make on their own (OpenAI, Anthropic, Vercel AI: 2); more than this is reported. */
export const MAX_QUIET_RETRIES = 3;
/** Share of attempts assumed to fail (rate limits, timeouts, 5xx) for the expected number of attempts. */
export const RETRY_FAILURE_RATE = 0.05;

export interface CallContext {
  /** Requests one execution of the surrounding code makes: the product of the known loop counts. */
  multiplier: number;
  /** The innermost per-item loop, if any. */
  loop?: LoopContext;
  retry?: RetryContext;
}

const ITERATING_METHODS: Record<string, LoopKind> = { forEach: "forEach", map: "map", flatMap: "flatMap" };

/** `items.map(embed)`: a function handed by reference to an array method that calls it once per item (handed-functions.ts). */
export function iteratesWithReference(call: ts.CallExpression): boolean {
  const argument = call.arguments[0];
  return ts.isPropertyAccessExpression(call.expression) && ITERATING_METHODS[call.expression.name.text] !== undefined && argument !== undefined && !ts.isFunctionLike(argument);
}
const RETRY_NAMES = /attempt|retr(y|ies)|tries/i;

/**
 * What a call context reads from the call expression alone: read once for every request one call site makes
 * (each class of an interface it calls through), not once per request.
 */
export interface CallSiteReads {
  /** `maxRetries` of the call's own options argument, when read. */
  requestRetries?: { value: number | undefined };
}

/** The loop and retry context of a call expression; `annotation` is the call's own `// promptcost:` comment. */
export function readCallContext(node: ts.CallExpression, file: ParsedFile, evaluator: Evaluator, callee: ExternalValue, annotation: CallAnnotation | undefined, reads: CallSiteReads): CallContext {
  const around = loopsAround(node, file, evaluator);
  const retry = around.retry ?? clientRetry(node, callee, evaluator, file, reads);
  const multiplier = annotation?.multiplier ?? requestsPerRun(around.loops);
  const context: CallContext = { multiplier };
  if (around.loops[0]) context.loop = around.loops[0];
  if (retry) context.retry = retry;
  return context;
}

/** The requests one run makes through these loops: the product of the counts known (an unknown count is one). */
export function requestsPerRun(loops: readonly LoopContext[]): number {
  return loops.reduce((product, loop) => product * (loop.count ?? 1), 1);
}

/**
 * The per-item loops a call sits in within its function (innermost first), through the callbacks of
 * `map`, `forEach` and `Promise.all` up to the function around them; a retry loop is a retry, not a loop.
 */
export function loopsAround(node: ts.CallExpression, file: ParsedFile, evaluator: Evaluator): { loops: LoopContext[]; retry?: RetryContext } {
  const loops: LoopContext[] = [];
  let retry: RetryContext | undefined;
  let insideTry = false;
  // `items.map(embed)`: the request is made once per item by the call itself.
  const handedTo = iteratesWithReference(node) ? iterationLoop(node, node.arguments[0]!, file, evaluator) : undefined;
  if (handedTo) loops.push(handedTo);
  let child: ts.Node = node;
  for (let parent = node.parent; parent && !ts.isSourceFile(parent); child = parent, parent = parent.parent) {
    if (ts.isTryStatement(parent) && child === parent.tryBlock) insideTry = true;
    const loop = loopAround(child, parent, file, evaluator);
    if (loop) {
      // A counter named like attempts makes a retry loop whether or not the request itself is in the `try`
      // (a stream made before the `try` that reads it).
      const attempts = !retry && countsAttemptsOnly(parent, child, node);
      if ((insideTry || retryCounter(parent) || attempts) && !retry && (attempts || isRetryLoop(parent))) {
        retry = retryContext(loop.count, "loop");
      } else {
        loops.push(feedsNextTurn(node, parent as ts.IterationStatement) ? { ...loop, feedsNextTurn: true } : loop);
      }
      continue;
    }
    if (ts.isFunctionLike(parent)) {
      const iteration = iterationCallback(parent, file, evaluator);
      if (!iteration) break;
      loops.push(iteration);
      // Skip to the iterating call, so the walk goes on from there (a map inside a for...of multiplies).
      child = parent;
      parent = parent.parent;
    }
  }
  return retry ? { loops, retry } : { loops };
}

/** The loop whose body `child` is, with its count when the collection or the bound is a literal. */
function loopAround(child: ts.Node, parent: ts.Node, file: ParsedFile, evaluator: Evaluator): LoopContext | undefined {
  let kind: LoopKind | undefined;
  let count: number | null = null;
  if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && child === parent.statement) {
    kind = ts.isForOfStatement(parent) ? "for-of" : "for-in";
    count = ts.isForOfStatement(parent) ? sizeOf(evaluator.evaluate(parent.expression, { file })) : keyCount(evaluator.evaluate(parent.expression, { file }));
  } else if (ts.isForStatement(parent) && child === parent.statement) {
    kind = "for";
    count = forStatementCount(parent, file, evaluator);
  } else if (ts.isWhileStatement(parent) && child === parent.statement) {
    kind = "while";
  } else if (ts.isDoStatement(parent) && child === parent.statement) {
    kind = "do-while";
  }
  if (!kind) return undefined;
  return { kind, count: annotatedCount(parent, file) ?? itemsCount(count), offsets: { start: parent.getStart(), end: parent.getEnd() } };
}

/** `items.map(fn)`, `items.forEach(fn)`, `Promise.all(items.map(fn))`, `Array.from({ length: N }, fn)`. */
function iterationCallback(fn: ts.SignatureDeclaration, file: ParsedFile, evaluator: Evaluator): LoopContext | undefined {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.some((argument) => argument === fn)) return undefined;
  return iterationLoop(call, fn, file, evaluator);
}

/** The loop of a call that runs `fn` (a callback written there, or a function handed by reference) once per item. */
function iterationLoop(call: ts.CallExpression, fn: ts.Node, file: ParsedFile, evaluator: Evaluator): LoopContext | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  let kind: LoopKind | undefined = ITERATING_METHODS[method];
  let count: number | null = null;
  if (kind) {
    count = sizeOf(evaluator.evaluate(callee.expression, { file }));
  } else if (method === "from" && ts.isIdentifier(callee.expression) && callee.expression.text === "Array" && call.arguments[1] === fn) {
    kind = "map";
    const lengthOf = call.arguments[0];
    if (lengthOf && ts.isObjectLiteralExpression(lengthOf)) {
      const value = evaluator.evaluate(lengthOf, { file });
      const length = value.kind === "object" ? evaluator.objectProperty(value, "length") : undefined;
      count = length?.kind === "number" && Number.isInteger(length.value) && length.value >= 0 ? length.value : null;
    }
  }
  if (!kind) return undefined;
  const outer = call.parent;
  if (kind === "map" && outer && ts.isCallExpression(outer) && isPromiseAll(outer.expression)) kind = "Promise.all";
  return { kind, count: annotatedCount(call, file) ?? itemsCount(count), offsets: { start: call.getStart(), end: call.getEnd() } };
}

function isPromiseAll(expression: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(expression) &&
    ts.isIdentifier(expression.expression) &&
    expression.expression.text === "Promise" &&
    ["all", "allSettled"].includes(expression.name.text)
  );
}

/**
 * A loop's count as read from the code, unless it is none: a request written in a loop over an array read as
 * empty (`const { urls } = await resolve(...)`, an array filled by `push`, `i < items.length` of one) runs over
 * what the code puts in it at run time, and a count of 0 would price a real request at $0.
 */
function itemsCount(count: number | null): number | null {
  return count !== null && count > 0 ? count : null;
}

/** Elements of an array known statically; a spread of unknown size makes it unknown. */
function sizeOf(value: Value): number | null {
  if (value.kind !== "array") return null;
  return value.elements.some((element) => element.kind === "unknown" && element.collection) ? null : value.elements.length;
}

function keyCount(value: Value): number | null {
  if (value.kind !== "object") return null;
  return value.node.properties.every((property) => ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) ? value.node.properties.length : null;
}

/** `for (let i = 0; i < N; i++)` with a literal start and bound (`<=` counts one more). */
function forStatementCount(loop: ts.ForStatement, file: ParsedFile, evaluator: Evaluator): number | null {
  const initializer = loop.initializer;
  const condition = loop.condition;
  if (!initializer || !ts.isVariableDeclarationList(initializer) || !condition || !ts.isBinaryExpression(condition)) return null;
  const declaration = initializer.declarations[0];
  if (!declaration || !ts.isIdentifier(declaration.name) || !declaration.initializer) return null;
  if (!ts.isIdentifier(condition.left) || condition.left.text !== declaration.name.text) return null;
  const start = evaluator.evaluate(declaration.initializer, { file });
  const bound = evaluator.evaluate(condition.right, { file });
  if (start.kind !== "number" || bound.kind !== "number" || !isUnitIncrement(loop.incrementor, declaration.name.text)) return null;
  const operator = condition.operatorToken.kind;
  const count = operator === ts.SyntaxKind.LessThanToken ? bound.value - start.value : operator === ts.SyntaxKind.LessThanEqualsToken ? bound.value - start.value + 1 : null;
  return count !== null && Number.isInteger(count) && count >= 0 ? count : null;
}

function isUnitIncrement(incrementor: ts.Expression | undefined, name: string): boolean {
  if (!incrementor) return false;
  if ((ts.isPostfixUnaryExpression(incrementor) || ts.isPrefixUnaryExpression(incrementor)) && incrementor.operator === ts.SyntaxKind.PlusPlusToken) {
    return ts.isIdentifier(incrementor.operand) && incrementor.operand.text === name;
  }
  return (
    ts.isBinaryExpression(incrementor) &&
    incrementor.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken &&
    ts.isIdentifier(incrementor.left) &&
    incrementor.left.text === name &&
    ts.isNumericLiteral(incrementor.right) &&
    incrementor.right.text === "1"
  );
}

/** `// promptcost: multiplier=N` on the line above a loop or `.map(` call. */
function annotatedCount(node: ts.Node, file: ParsedFile): number | null {
  const line = file.sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  return readAnnotation(file.text, line, file.sourceFile.getLineStarts())?.multiplier ?? null;
}

/**
 * A loop around a `try` that leaves on success is a retry loop, not a loop over items: its body returns
 * or breaks, or its counter is named like one (`attempt`, `retries`, `tries`).
 */
export function isRetryLoop(loop: ts.Node): boolean {
  if (retryCounter(loop)) return true;
  if ((ts.isWhileStatement(loop) || ts.isDoStatement(loop)) && RETRY_NAMES.test(loop.expression.getText())) return true;
  if (ts.isWhileStatement(loop) && loop.expression.kind === ts.SyntaxKind.TrueKeyword) return true;
  // `for (const model of [primary, fallback]) { try { return await ask(model) } catch {} }`: a fallback chain
  // stops at the first success, as a retry loop does; a loop whose try does not leave it goes over items.
  return exitsFromTry(loop);
}

/**
 * `for (let i = 0; i < 3; i++) { const answer = await ask(prompt); if (valid(answer)) return answer; }`: a
 * counted loop that leaves, whose counter picks nothing (no `items[i]`, not handed to a call but a log or a
 * wait, only compared), around a request that reads nothing the loop writes: the same request until one
 * succeeds, as a retry loop sends. A counter that indexes, pages or is passed on makes a loop over items; a
 * request that reads what the loop wrote (`messages.push(answer)`, `current = await ...`) is a turn.
 */
function countsAttemptsOnly(loop: ts.Node, child: ts.Node, request: ts.CallExpression): boolean {
  if (!ts.isForStatement(loop) || child !== loop.statement || !loop.initializer || !ts.isVariableDeclarationList(loop.initializer)) return false;
  const declarations = loop.initializer.declarations;
  const name = declarations[0]?.name;
  if (declarations.length !== 1 || !name || !ts.isIdentifier(name) || !containsExit(loop.statement)) return false;
  if (feedsNextTurn(request, loop)) return false;
  const written = namesWritten(loop.statement);
  if (request.arguments.some((argument) => readsAny(argument, written))) return false;
  let picks = false;
  const visit = (node: ts.Node): void => {
    if (picks) return;
    if (ts.isIdentifier(node) && node.text === name.text && !counterOnlyCompared(node, loop.statement)) picks = true;
    else ts.forEachChild(node, visit);
  };
  visit(loop.statement);
  return !picks;
}

const MUTATING_METHODS = new Set(["push", "unshift", "splice", "set", "add", "concat"]);

/** The names a statement assigns, increments or grows by a method (`x = ...`, `x.y = ...`, `x.push(...)`), nested functions aside. */
function namesWritten(statement: ts.Node): Set<string> {
  const names = new Set<string>();
  const rootName = (target: ts.Expression): string | undefined => {
    let node = target;
    while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
    return ts.isIdentifier(node) ? node.text : undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const root = rootName(node.left);
      if (root) names.add(root);
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      const root = rootName(node.operand);
      if (root) names.add(root);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATING_METHODS.has(node.expression.name.text)) {
      const root = rootName(node.expression.expression);
      if (root) names.add(root);
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  // `const params = { messages }` in the loop, then `create(params)`: what is built from a written name is written too.
  const built: ts.VariableDeclaration[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) built.push(node);
    ts.forEachChild(node, collect);
  };
  collect(statement);
  for (let grew = true; grew; ) {
    grew = false;
    for (const declaration of built) {
      const name = (declaration.name as ts.Identifier).text;
      if (!names.has(name) && readsAny(declaration.initializer!, names)) names.add(name), (grew = true);
    }
  }
  return names;
}

function readsAny(expression: ts.Node, names: Set<string>): boolean {
  if (names.size === 0) return false;
  let reads = false;
  const visit = (node: ts.Node): void => {
    if (reads) return;
    if (ts.isIdentifier(node) && names.has(node.text)) reads = true;
    else ts.forEachChild(node, visit);
  };
  visit(expression);
  return reads;
}

const WAITS_OR_LOGS = /(?:^|\.)(?:log|debug|info|warn|error|trace|sleep|delay|wait|backoff|setTimeout)$/i;

/** A read of the counter that picks nothing: in a comparison, or in what a log or a wait is given. */
function counterOnlyCompared(read: ts.Identifier, body: ts.Node): boolean {
  for (let node: ts.Node = read; node !== body; node = node.parent) {
    const parent = node.parent;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind >= ts.SyntaxKind.LessThanToken && parent.operatorToken.kind <= ts.SyntaxKind.ExclamationEqualsEqualsToken) return true;
    if (ts.isCallExpression(parent) && parent.expression !== node && WAITS_OR_LOGS.test(parent.expression.getText())) return true;
    if (ts.isStatement(parent) || ts.isFunctionLike(parent)) return false;
  }
  return false;
}

/** `for (let attempt = 1; ...)`, `for (let i = 0; i < this.maxAttempts; i++)`: a for loop counting attempts or retries. */
function retryCounter(loop: ts.Node): boolean {
  if (!ts.isForStatement(loop)) return false;
  if (loop.condition && RETRY_NAMES.test(loop.condition.getText())) return true;
  if (!loop.initializer || !ts.isVariableDeclarationList(loop.initializer)) return false;
  const name = loop.initializer.declarations[0]?.name;
  return name !== undefined && ts.isIdentifier(name) && RETRY_NAMES.test(name.text);
}

/** A loop whose body leaves (returns or breaks) from inside a `try`: it stops once the tried work succeeds. */
function exitsFromTry(loop: ts.Node): boolean {
  let exits = false;
  const visit = (node: ts.Node): void => {
    if (exits || ts.isFunctionLike(node)) return;
    if (ts.isTryStatement(node)) {
      exits = containsExit(node.tryBlock);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit((loop as ts.IterationStatement).statement);
  return exits;
}

/** A `return` or `break` inside a block (not inside a function written there). */
export function containsExit(block: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isBreakStatement(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(block);
  return found;
}

/** `maxRetries` over the quiet limit on the request options, the request (Vercel AI) or the client. */
function clientRetry(node: ts.CallExpression, callee: ExternalValue, evaluator: Evaluator, file: ParsedFile, reads: CallSiteReads): RetryContext | undefined {
  reads.requestRetries ??= { value: maxRetriesOf(node.arguments[1], evaluator, { file }) ?? maxRetriesOf(node.arguments[0], evaluator, { file }) };
  const requestOptions = reads.requestRetries.value;
  if (requestOptions !== undefined) return requestOptions > MAX_QUIET_RETRIES ? retryContext(requestOptions + 1, "request") : undefined;
  const construction = callee.steps.find((step) => step.kind === "new");
  if (construction?.kind !== "new") return undefined;
  const clientRetries = maxRetriesOf(construction.args[0], evaluator, construction.scope);
  return clientRetries !== undefined && clientRetries > MAX_QUIET_RETRIES ? retryContext(clientRetries + 1, "client") : undefined;
}

function maxRetriesOf(argument: ts.Expression | undefined, evaluator: Evaluator, scope: { file: ParsedFile }): number | undefined {
  if (!argument) return undefined;
  const value = evaluator.evaluate(argument, scope);
  if (value.kind !== "object") return undefined;
  const retries = evaluator.objectProperty(value, "maxRetries");
  return retries?.kind === "number" && Number.isInteger(retries.value) && retries.value >= 0 ? retries.value : undefined;
}

/** Attempts expected when each fails independently with RETRY_FAILURE_RATE: 1 + p + p² + ... up to the cap. */
export function retryContext(maxAttempts: number | null, source: RetryContext["source"]): RetryContext {
  const p = RETRY_FAILURE_RATE;
  const expectedAttempts = maxAttempts === null ? 1 / (1 - p) : (1 - p ** maxAttempts) / (1 - p);
  return { maxAttempts, source, expectedAttempts: Math.round(expectedAttempts * 1000) / 1000, failureRate: p };
}
