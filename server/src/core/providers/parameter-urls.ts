// Requests to a URL a function receives: `fetchEventSource(chatPath, { method: "POST", ... })` where
// `chatPath` is the function's parameter (a browser chat client's streaming helper, shared by one class per
// vendor, each passing its own endpoint). The function alone names no endpoint, so nothing there is a
// request; a call site passing an LLM endpoint makes one, and one passing anything else makes none. Such a
// call is a site of the function's summary read again at each call site with what it passes, as a call
// of the function's own parameter is (parameter-calls.ts). A local function handing its parameter on to
// one that does (`chatApi(chatPath, ...)` inside `streamWithThink(chatPath, ...)`) is one too.
import { innerExpression } from "../inner-expression.ts";
import { ts } from "../ts.ts";
import { calleeName } from "./callee-name.ts";
import { callsGivenFetcher, forwardsGivenOptions, fromParameters, parametersIn } from "./given-fetchers.ts";
import { importsNodeHttp, urlExpressions } from "./node-http-requests.ts";

/** Callee names that send to the URL of their first argument (fetch and its streaming and HTTP-client kin). */
const URL_FIRST_CALLS = new Set(["fetch", "fetchEventSource", "post"]);

/** Function names of the file whose argument at a position decides a request's URL, and those positions. */
export type UrlDecidingFunctions = Map<string, Set<number>>;

/**
 * Whether a call in `fn`'s body sends a POST to a URL one of `fn`'s parameters gives: a fetch-shaped call
 * whose first argument is the parameter, or a call of a function of `deciding` passing the parameter
 * where that function's URL comes from. The parameter's position is added to `deciding` under `name`.
 */
export function postsToParameterUrl(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration, name: string, deciding: UrlDecidingFunctions, factory?: ts.FunctionLikeDeclaration): boolean {
  const callee = calleeName(call.expression);
  if (callee === undefined) return false;
  if (callee === "request" && importsNodeHttp(call.getSourceFile()) && noteDeciding(deciding, name, nodeRequestParameters(call, fn))) return true;
  const urlFirst = URL_FIRST_CALLS.has(callee) || callsGivenFetcher(call, fn);
  const positions = urlFirst ? (sendsPost(call, callee, fn) ? [0] : []) : [...(deciding.get(callee) ?? [])];
  for (const position of positions) {
    const index = parameterIndex(call.arguments[position], fn);
    if (index !== undefined) return noteDeciding(deciding, name, [index]);
    // A parameter of the factory that handed `fn` out: decided where the factory is called, not by `fn`'s callers.
    if (factory && parameterIndex(call.arguments[position], factory) !== undefined) return true;
  }
  return false;
}

/** Notes that `name`'s parameters at these positions decide its URL; whether there is one. */
function noteDeciding(deciding: UrlDecidingFunctions, name: string, indexes: readonly number[]): boolean {
  if (indexes.length === 0) return false;
  let own = deciding.get(name);
  if (!own) deciding.set(name, (own = new Set()));
  for (const index of indexes) own.add(index);
  return true;
}

/**
 * The positions of `fn`'s parameters a POST with Node's `request` takes its URL from (`https.request({ hostname,
 * path, method: "POST" })` in aicommits' `httpsPost(hostname, path, headers, json)`): the host and the path
 * each decide it, so each is noted.
 */
function nodeRequestParameters(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): number[] {
  if (!fn.body || !/["'`]POST["'`]/i.test(fn.body.getText())) return [];
  const parameters = urlExpressions(call).flatMap((expression) => parametersIn(expression).filter((parameter) => parameter.parent === fn));
  return [...new Set(parameters.map((parameter) => fn.parameters.indexOf(parameter)))];
}

/** The position among `fn`'s parameters of the one an argument names, when it is one of them. */
function parameterIndex(argument: ts.Expression | undefined, fn: ts.FunctionLikeDeclaration): number | undefined {
  const expression = argument ? innerExpression(argument) : undefined;
  if (!expression) return undefined;
  // The parameter itself, or one a local URL is made of (`const endpoint = new URL(path, this.apiBase)`).
  const parameter = ts.isIdentifier(expression) ? parametersIn(expression).find((candidate) => candidate.parent === fn) : undefined;
  const index = parameter ? fn.parameters.indexOf(parameter) : -1;
  return index === -1 ? undefined : index;
}

/**
 * Whether the call is a POST as written in the function: a `.post(...)`, or a fetch whose options, or the
 * function's body around it, say `POST` (`const chatPayload = { method: "POST", ... }; fetch(url, { ...chatPayload })`).
 * A GET helper (`fetch(url)`) taking its URL as a parameter is never a request site.
 */
function sendsPost(call: ts.CallExpression, callee: string, fn: ts.FunctionLikeDeclaration): boolean {
  if (callee === "post") return ts.isPropertyAccessExpression(innerExpression(call.expression));
  if (call.arguments.length < 2 || !fn.body) return false;
  // Options the function is given and forwards (`fetcher(input, fetchOptions)`): the call site says the method.
  // With options of its own added (`{ ...options, signal }`) too, unless the function is itself a `fetch`, whose
  // calls are read as fetch where they are made (http-requests.ts fetchShapedCallee), without a hop through it.
  const options = call.arguments[1]!;
  return /["'`]POST["'`]/.test(fn.body.getText()) || (isNamedFetch(fn) ? fromParameters(options, fn) : forwardsGivenOptions(options, fn));
}

function isNamedFetch(fn: ts.FunctionLikeDeclaration): boolean {
  return fn.name !== undefined && ts.isIdentifier(fn.name) && fn.name.text === "fetch";
}
