import { containsExit, isRetryLoop } from "../call-context.ts";
import { innerExpression } from "../inner-expression.ts";
import { enclosingFunction, findDeclaration } from "../resolve/scope.ts";
import { ts } from "../ts.ts";
import { exclusive, onFailurePath, retriesReportedFailure } from "./exclusive-branches.ts";
import { skipWrappers } from "./transparent-wrappers.ts";

/**
 * How many requests, one after another, make a function a pipeline rather than a wrapper (see
 * requestsRunInOpenLoop): a wrapper makes one request, or a few in a fixed sequence (draft then review).
 */
export const MIN_PIPELINE_STAGES = 5;

/**
 * Whether a function makes its requests in a loop whose number of turns is decided at run time: an agent or
 * research loop (`while (budget left)`, `do ... while`, `for (;;)`), or by calling itself (from a `catch`, it
 * is a retry and does not count). One call of such a function is not one request nor a fixed number of them,
 * so it is not a wrapper: its call sites are not requests, and each request inside it is counted where it is written (with the loop as its context).
 * A retry loop around a request (it leaves on success) and a loop over items (`for...of`, `map`) do not count:
 * a retry is the same request again, and a loop over items is a multiplier of the request inside it, unless
 * an earlier request of the function wrote the items (loopsOverEarlierAnswer).
 * `decidedByCallSite`: sites whose request is their caller's to decide (a parameter's method), which may make none.
 * `staticNumber`: a number known without running the code (a literal, a constant), else undefined.
 */
export function requestsRunInOpenLoop(fn: ts.FunctionLikeDeclaration, name: string, sites: readonly ts.CallExpression[], calls: readonly { call: ts.CallExpression; callee: string }[], decidedByCallSite: (site: ts.CallExpression) => boolean = () => false, staticNumber: (expression: ts.Expression) => number | undefined = literalNumber): boolean {
  // Calling itself again from a `catch` (`return this.generate({ ...options, retries: retries - 1 })`), or where
  // an earlier call's result reports a failure (`if (result.retryWithError)`), is a retry of the same request.
  if (calls.some(({ call, callee }) => callee === name && callsItself(call, fn) && !onFailurePath(call, fn) && !retriesReportedFailure(call, fn))) return true;
  if (runsAgainThroughClosures(fn) || sites.some((site) => insideOpenLoop(site, fn) || runsToolSteps(site, staticNumber)) || isPipeline(fn, sites)) return true;
  // Only the function's own requests: a call of a parameter's method (`ide.readFile(uri)`) may make none.
  const own = sites.filter((site) => !decidedByCallSite(site));
  return own.some((site) => loopsOverEarlierAnswer(site, fn, own));
}

/** The Vercel AI SDK's generation functions, which run tool steps in one call when asked to. */
const STEPPED_GENERATION = /^(generateText|streamText|generateObject|streamObject)$/;

/** The AI SDK's step-count stop condition: `stepCountIs(n)`, renamed `isStepCount(n)` in later versions. */
export const STEP_COUNT_CONDITIONS: ReadonlySet<string> = new Set(["stepCountIs", "isStepCount"]);

/**
 * An AI SDK call given tools and a step limit known to be more than one (`stopWhen: stepCountIs(MAX_STEPS)`
 * with `MAX_STEPS = 6`, `maxSteps: 5`): one call sends a request per step, as many as the model's tool calls
 * make, up to the limit: an agent loop in one call. Without a limit (one step, the SDK's default), or with one
 * its caller passes (`stepCountIs(maxSteps)` of a parameter: one step unless the caller asks), it is not.
 */
function runsToolSteps(site: ts.CallExpression, staticNumber: (expression: ts.Expression) => number | undefined): boolean {
  const callee = ts.isPropertyAccessExpression(site.expression) ? site.expression.name.text : ts.isIdentifier(site.expression) ? site.expression.text : "";
  const options = site.arguments[0];
  if (!STEPPED_GENERATION.test(callee) || !options || !ts.isObjectLiteralExpression(options)) return false;
  const property = (name: string): ts.Expression | undefined => {
    for (const element of options.properties) {
      if (ts.isPropertyAssignment(element) && element.name.getText() === name) return element.initializer;
      if (ts.isShorthandPropertyAssignment(element) && element.name.text === name) return element.name;
    }
    return undefined;
  };
  if (!property("tools")) return false;
  const severalSteps = (expression: ts.Expression | undefined): boolean => {
    const steps = expression && staticNumber(expression);
    return steps !== undefined && steps > 1;
  };
  const stopWhen = property("stopWhen");
  const stepCount = stopWhen && ts.isCallExpression(stopWhen) && ts.isIdentifier(stopWhen.expression) && STEP_COUNT_CONDITIONS.has(stopWhen.expression.text) ? stopWhen.arguments[0] : undefined;
  return severalSteps(property("maxSteps")) || severalSteps(stepCount);
}

/** A numeric literal's value. */
function literalNumber(expression: ts.Expression): number | undefined {
  return ts.isNumericLiteral(expression) ? Number(expression.text) : undefined;
}

/** How many functions of the enclosing function a cycle back to a closure-local function is looked for through. */
const MAX_CLOSURE_HOPS = 12;

/**
 * Whether a function declared inside another runs again through the callbacks it hands on: `chatApi` posts
 * with `fetchEventSource(url, { onmessage() { ... finish() } })`, and `finish`, a sibling, runs the tools the
 * model asked for and calls `chatApi` again (a tool loop written as callbacks). Looked for among the functions
 * of the same enclosing function, on the success path only (a call again from a `catch` is a retry).
 */
function runsAgainThroughClosures(fn: ts.FunctionLikeDeclaration): boolean {
  const outer = enclosingFunction(fn);
  if (!outer) return false;
  const seen = new Set<ts.Node>([fn]);
  const queue: ts.Node[] = [fn];
  for (let at = 0; at < queue.length && at < MAX_CLOSURE_HOPS; at++) {
    const scanned = queue[at]!;
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const target = localFunction(node.expression);
        if (target === fn && scanned !== fn && !onFailurePath(node, scanned) && !retriesReportedFailure(node, scanned)) found = true;
        else if (target && target !== fn && !seen.has(target) && target.pos >= outer.pos && target.end <= outer.end) {
          seen.add(target);
          queue.push(target);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(scanned);
    if (found) return true;
  }
  return false;
}

/**
 * The function a name is declared as: a function declaration, or a variable initialised with a function
 * expression or arrow, also through a wrapper returning it (`const send = useCallback(async (...) => ..., [])`).
 */
function localFunction(name: ts.Identifier): ts.FunctionLikeDeclaration | undefined {
  const declaration = findDeclaration(name.text, name);
  if (declaration?.kind === "function") return declaration.node;
  if (declaration?.kind !== "variable" || !declaration.node.initializer) return undefined;
  const initializer = skipWrappers(declaration.node.initializer);
  return ts.isFunctionExpression(initializer) || ts.isArrowFunction(initializer) ? initializer : undefined;
}

/** Callee names of requests whose answer is a vector or a search, not a list the model wrote. */
const NOT_A_WRITTEN_LIST = /embed|similarity|search|retriev|rerank/i;

/**
 * Whether a request runs once per item of a list an earlier request of the function answered: a thread split
 * by the model, then each post the model made too long shortened (`const posts = (await parse(...)).posts;
 * posts.map((post) => parse(...))`), or a plan whose steps each run. How many requests one call makes is the
 * model's choice, as in an agent loop.
 */
function loopsOverEarlierAnswer(site: ts.CallExpression, fn: ts.FunctionLikeDeclaration, sites: readonly ts.CallExpression[]): boolean {
  const collection = itemLoopCollection(site, fn);
  if (!collection) return false;
  const earlier = sites.filter((other) => other !== site && other.end <= collection.pos && !NOT_A_WRITTEN_LIST.test(other.expression.getText()));
  if (earlier.length === 0) return false;
  const answers = (node: ts.Node): boolean => earlier.some((other) => other.pos >= node.pos && other.end <= node.end);
  return answers(collection) || derivesFromAnswer(rootIdentifier(collection), fn, answers, ANSWER_STEPS);
}

/** How many variables deep a collection is followed back to an answer (`insights = JSON.parse(reflection)`, `{ content: reflection } = await ...`). */
const ANSWER_STEPS = 3;

/** Whether a variable of the function is initialised from an answer, directly or through other variables of the function. */
function derivesFromAnswer(name: ts.Identifier | undefined, fn: ts.FunctionLikeDeclaration, answers: (node: ts.Node) => boolean, steps: number): boolean {
  if (!name || steps === 0) return false;
  const declaration = findDeclaration(name.text, name);
  if (declaration?.kind !== "variable" || !declaration.node.initializer || declaration.node.pos < fn.pos || declaration.node.end > fn.end) return false;
  const initializer = declaration.node.initializer;
  if (answers(initializer)) return true;
  let derived = false;
  const visit = (node: ts.Node): void => {
    if (derived || ts.isFunctionLike(node)) return;
    if (ts.isIdentifier(node) && node.text !== name.text) derived = derivesFromAnswer(node, fn, answers, steps - 1);
    else ts.forEachChild(node, visit);
  };
  visit(initializer);
  return derived;
}

/**
 * The collection of the innermost item loop around a site within the function: a `for...of` expression, what
 * `map`, `flatMap` or `forEach` is called on, or the list handed with the callback to a mapping helper
 * (`asyncMap(insights, async (item) => ...)`, `pMap(list, fn)`).
 */
function itemLoopCollection(site: ts.Node, fn: ts.Node): ts.Expression | undefined {
  let child: ts.Node = site;
  for (let parent = site.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if (ts.isForOfStatement(parent) && child === parent.statement) return parent.expression;
    if (!ts.isCallExpression(parent) || !parent.arguments.includes(child as ts.Expression) || !ts.isFunctionLike(child)) continue;
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee) && /^(map|flatMap|forEach)$/.test(callee.name.text)) return callee.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
    if (/map|each/i.test(name)) return parent.arguments.find((argument) => argument !== child);
  }
  return undefined;
}

/** `posts` of `posts`, `posts.items`, `posts?.filter(...)`, `(posts ?? [])`. */
function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current: ts.Expression = expression;
  for (;;) {
    if (ts.isIdentifier(current)) return current;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) || ts.isAwaitExpression(current)) current = current.expression;
    else if (ts.isCallExpression(current)) current = current.expression;
    else if (ts.isBinaryExpression(current) && (current.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || current.operatorToken.kind === ts.SyntaxKind.BarBarToken)) current = current.left;
    else return undefined;
  }
}

/**
 * A function whose requests form a pipeline: at least MIN_PIPELINE_STAGES request sites on its main path
 * that can all run in one call (no two on exclusive branches; retries and fallbacks aside), some of them
 * once per item of a collection only known at run time (links found, documents kept), so how many run
 * depends on what earlier stages answered (extraction, research and planning pipelines). One call of it
 * is no definite number of requests, so it is not a wrapper. A fixed sequence (six report sections one
 * after another) stays a wrapper: each of its call sites is that many requests.
 */
function isPipeline(fn: ts.FunctionLikeDeclaration, sites: readonly ts.CallExpression[]): boolean {
  if (sites.length < MIN_PIPELINE_STAGES || !sites.some((site) => insideItemLoop(site, fn))) return false;
  const stages: ts.CallExpression[] = [];
  for (const site of sites) {
    if (onFailurePath(site, fn) || stages.some((stage) => exclusive(stage, site))) continue;
    stages.push(site);
  }
  return stages.length >= MIN_PIPELINE_STAGES;
}

/** `research(...)` in the function `research`, or `this.step(...)` in the method `step`: not a global or another object's method of the same name. */
function callsItself(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): boolean {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return ts.isMethodDeclaration(fn) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
  return ts.isIdentifier(callee) && localFunction(callee) === fn;
}

/** Inside a `for...of`/`for...in` body or a callback of `map`, `flatMap` or `forEach` within the function. */
function insideItemLoop(site: ts.Node, fn: ts.Node): boolean {
  let child: ts.Node = site;
  for (let parent = site.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && child === parent.statement) return true;
    if (ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression) && ts.isPropertyAccessExpression(parent.expression) && /^(map|flatMap|forEach)$/.test(parent.expression.name.text)) return true;
  }
  return false;
}

function insideOpenLoop(site: ts.Node, fn: ts.Node): boolean {
  let child: ts.Node = site;
  for (let parent = site.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if (child !== (parent as ts.IterationStatement).statement) continue;
    const open = ts.isWhileStatement(parent) || ts.isDoStatement(parent) || (ts.isForStatement(parent) && (parent.condition === undefined || breaksOut(parent.statement)));
    if (open && !retriesSameWork(parent as ts.IterationStatement)) return true;
  }
  return false;
}

/**
 * A retry loop (see isRetryLoop). `while (true)` counts as one for a request's retries; here only when it
 * leaves from a `try` whose failure goes round again (an agent's `while (true)` turn loop returns when the
 * model stops calling tools, a queue worker's never does).
 */
export function retriesSameWork(loop: ts.IterationStatement): boolean {
  return ts.isWhileStatement(loop) && loop.expression.kind === ts.SyntaxKind.TrueKeyword ? retriesFromTry(loop) || leavesWhenOk(loop) || repairsOnce(loop) : isRetryLoop(loop);
}

/**
 * A loop that goes round once more only while a flag allows it, and clears the flag on its way round
 * (`if (!attemptRepair) return error(...); prompt.push(repair); attemptRepair = false;`, TypeChat's
 * `translate`): a request and at most one repair of it.
 */
function repairsOnce(loop: ts.WhileStatement): boolean {
  const body = loop.statement;
  if (!ts.isBlock(body)) return false;
  const guards = new Set<string>();
  for (const statement of body.statements) {
    if (ts.isIfStatement(statement) && !statement.elseStatement && alwaysLeaves(statement.thenStatement)) {
      const condition = innerExpression(statement.expression);
      if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken && ts.isIdentifier(condition.operand)) guards.add(condition.operand.text);
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = statement.expression;
      if (ts.isIdentifier(left) && guards.has(left.text) && right.kind === ts.SyntaxKind.FalseKeyword) return true;
    }
  }
  return false;
}

/**
 * A loop whose body leaves whenever the response is OK (`if (response.ok) { ...; return success(content); }`,
 * TypeChat's `complete`): it goes round only after a failed request, so it retries one request.
 */
function leavesWhenOk(loop: ts.WhileStatement): boolean {
  const body = loop.statement;
  if (!ts.isBlock(body)) return false;
  return body.statements.some((statement) => ts.isIfStatement(statement) && !statement.elseStatement && isOkCheck(statement.expression) && alwaysLeaves(statement.thenStatement));
}

/** `response.ok`, `res?.ok`. */
function isOkCheck(expression: ts.Expression): boolean {
  const inner = innerExpression(expression);
  return ts.isPropertyAccessExpression(inner) && inner.name.text === "ok";
}

/**
 * A loop that leaves (returns or breaks) from inside a `try` whose `catch` can go round again: it tries the
 * same work until it succeeds. A `try` whose `catch` always rethrows or returns (an agent's turn loop
 * guarding a turn, `catch (error) { await cleanUp(); throw error; }`) retries nothing: the loop turns for
 * other reasons.
 */
function retriesFromTry(loop: ts.WhileStatement): boolean {
  let retries = false;
  const visit = (node: ts.Node): void => {
    if (retries || ts.isFunctionLike(node)) return;
    if (ts.isTryStatement(node) && node.catchClause && goesRound(node.catchClause.block) && containsExit(node.tryBlock)) retries = true;
    else ts.forEachChild(node, visit);
  };
  visit(loop.statement);
  return retries;
}

/** A `catch` block after which the loop turns again: it can complete, or it `continue`s (`if (attempt < max) continue; throw error;`). */
function goesRound(block: ts.Block): boolean {
  if (!alwaysLeaves(block)) return true;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isIterationStatement(node, false)) return;
    if (ts.isContinueStatement(node) && !node.label) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(block);
  return found;
}

/** A statement that never completes normally nor goes round: it ends in `throw`, `return` or `break` on every path. */
function alwaysLeaves(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement) || ts.isBreakStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some(alwaysLeaves);
  if (ts.isIfStatement(statement)) return statement.elseStatement !== undefined && alwaysLeaves(statement.thenStatement) && alwaysLeaves(statement.elseStatement);
  return false;
}

/**
 * A `break` that leaves the loop whose body this is (not one of an inner loop or switch): a counted loop
 * the answers can end early (`for (let i = 0; i < maxIterations; i++) { ... if (done) break; }`) turns
 * an indefinite number of times, as an agent loop does. A `break` in a `catch` stops a loop over batches
 * at the first failure (`for (let i = 0; i < chunks.length; i += size) { try { ... } catch { break; } }`):
 * the items decide how many turns it makes, as a loop over them does.
 */
function breaksOut(body: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node) || ts.isCatchClause(node)) return;
    if (ts.isBreakStatement(node) && !node.label) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}
