// What a function is given by its callers and hands on as fetch would take it: a fetcher (`fetcher(input,
// init)` where `fetcher` is a parameter or taken out of one, as an app's fetch helper choosing between a
// desktop bridge and a background page is), options it forwards, a URL its callers pass. Syntax only: no
// evaluation, so the text prefilter and the wrapper index can ask it before anything is read.
import { innerExpression } from "../inner-expression.ts";
import type { EvalScope } from "../resolve/values.ts";
import { enclosingFunction, findDeclaration } from "../resolve/scope.ts";
import { ts } from "../ts.ts";

/**
 * Whether a call's callee is a fetcher the function is given (`fetcher(input, init)` where `fetcher` is a
 * parameter or taken out of one: `const { fetcher = defaultFetch, ...init } = options`): it sends what it
 * is passed, as fetch does (the app's own helper around a desktop bridge or a background page).
 */
export function callsGivenFetcher(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): boolean {
  const callee = innerExpression(call.expression);
  return ts.isIdentifier(callee) && isFetcherName(callee.text) && call.arguments.length >= 2 && fromParameters(callee, fn);
}

/** Whether a name is one a given fetcher goes by (the cheap test before any lookup). */
export function isFetcherName(name: string): boolean {
  return FETCHER_NAME.test(name);
}

/** Names of a fetcher a function is given: `fetcher`, `fetchFn`, `fetchImpl`, `customFetch`. */
const FETCHER_NAMES = "fetcher|fetchFn|fetchImpl|fetchFunction|customFetch";
const FETCHER_NAME = new RegExp(`^(?:${FETCHER_NAMES})$`);

/** A cheap text test: whether a file's text calls a fetcher by one of those names. */
export const CALLS_FETCHER_TEXT = new RegExp(`\\b(?:${FETCHER_NAMES})\\s*\\(`);

/** Whether an identifier is one of `fn`'s parameters, or bound from one in its body (`const { a, ...rest } = options`). */
export function fromParameters(argument: ts.Expression, fn: ts.FunctionLikeDeclaration): boolean {
  return sourceParameter(argument)?.parent === fn;
}

/**
 * Whether fetch options are the ones `fn` is given, handed on: the parameter itself, or an object spreading it
 * and saying no method of its own (`fetch(url, { ...options, signal: AbortSignal.timeout(ms) })`).
 */
export function forwardsGivenOptions(argument: ts.Expression, fn: ts.FunctionLikeDeclaration): boolean {
  const expression = innerExpression(argument);
  if (!ts.isObjectLiteralExpression(expression)) return fromParameters(expression, fn);
  const namesMethod = expression.properties.some((property) => !ts.isSpreadAssignment(property) && property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === "method");
  return !namesMethod && expression.properties.some((property) => ts.isSpreadAssignment(property) && fromParameters(property.expression, fn));
}

/** The parameter an identifier is, or is bound from in the function's body; undefined for anything else. */
function sourceParameter(argument: ts.Expression): ts.ParameterDeclaration | undefined {
  const expression = innerExpression(argument);
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = findDeclaration(expression.text, expression);
  if (declaration?.kind === "parameter") return declaration.node;
  if (declaration?.kind !== "variable" || !declaration.node.initializer) return undefined;
  const initializer = innerExpression(declaration.node.initializer);
  if (!ts.isIdentifier(initializer)) return undefined;
  const source = findDeclaration(initializer.text, initializer);
  return source?.kind === "parameter" ? source.node : undefined;
}

/**
 * Whether a URL is made of a parameter the scope does not bind (the function read alone, not at a call
 * site): where it goes is its callers' to say, so its body alone does not make it an LLM request there.
 */
export function urlLeftToCallers(url: ts.Expression, scope: EvalScope): boolean {
  return parametersIn(url).some((parameter) => !bound(parameter, scope));
}

/**
 * The parameters an expression is made of, in source order: named in it, or in the locals it reads
 * (`const endpoint = new URL(path, this.apiBase)`), a few locals deep.
 */
export function parametersIn(expression: ts.Expression): ts.ParameterDeclaration[] {
  const found: ts.ParameterDeclaration[] = [];
  const visit = (node: ts.Node, hops: number): void => {
    const parameter = ts.isIdentifier(node) ? sourceParameter(node) : undefined;
    if (parameter) {
      found.push(parameter);
      return;
    }
    const local = ts.isIdentifier(node) && hops < MAX_LOCAL_HOPS ? localInitializer(node) : undefined;
    if (local) visit(local, hops + 1);
    else ts.forEachChild(node, (child) => visit(child, hops));
  };
  visit(expression, 0);
  return found;
}

/** How many locals deep a URL is followed to the parameters it is made of. */
const MAX_LOCAL_HOPS = 3;

/** The initializer of a plain local an identifier names, in the function it is read in. */
function localInitializer(name: ts.Identifier): ts.Expression | undefined {
  const declaration = findDeclaration(name.text, name);
  if (declaration?.kind !== "variable" || declaration.path.length > 0 || !declaration.node.initializer) return undefined;
  return enclosingFunction(declaration.node) === enclosingFunction(name) ? declaration.node.initializer : undefined;
}

function bound(parameter: ts.ParameterDeclaration, scope: EvalScope): boolean {
  for (let current: EvalScope | undefined = scope; current; current = current.parent) if (current.bindings?.has(parameter)) return true;
  return false;
}
