// Project functions wrapped by a package's higher-order function: `const verify = traceable(verifyFunc,
// { name })`, `const ask = memoize(askFunc)`, `const run = pRetry.wrap(runFunc)`. The package returns a
// function that calls the one it was given with the same arguments, so a call of `verify(...)` makes the
// requests `verifyFunc` makes, and is the request line. A higher-order function written in the project is
// followed through its own body instead (what it returns, what it calls), so it keeps its own meaning.
import type { Evaluator } from "../resolve/evaluate.ts";
import type { AccessStep, ExternalValue, FunctionValue } from "../resolve/values.ts";
import { innerExpression } from "../inner-expression.ts";
import { ts } from "../ts.ts";
import type { ParsedFile } from "../workspace/workspace.ts";

/**
 * The project function a package's higher-order function was given, when `callee` is the value that call
 * returned (`traceable(verifyFunc, opts)` being called): the first argument that is a project function
 * `isWrapper` accepts.
 */
export function functionWrappedByPackage(evaluator: Evaluator, callee: ExternalValue, isWrapper: (node: ts.Node) => boolean): FunctionValue | undefined {
  const last = callee.steps[callee.steps.length - 1];
  if (last?.kind !== "call" || !isPackageFunction(callee.steps.slice(0, -1))) return undefined;
  for (const argument of last.args) {
    if (!functionShaped(argument)) continue;
    const value = evaluator.evaluate(argument, last.scope);
    if (value.kind === "function" && !value.alternatives && isWrapper(value.node)) return value;
  }
  return undefined;
}

/** A variable initialised by a call given a function (`const verify = traceable(verifyFunc)`): a candidate for wrappedFunctionOf. */
export function isHigherOrderBinding(node: ts.Node): node is ts.VariableDeclaration {
  if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !node.initializer) return false;
  const call = innerExpression(node.initializer);
  return ts.isCallExpression(call) && call.arguments.some(functionShaped);
}

/**
 * The wrapper a variable binds through a package's higher-order function, when it does: the call's
 * callee is a package's (not a project function), and an argument is a function `isWrapper` accepts.
 * Only arguments that can name one (a function written in place, or a name among the file's callee
 * names `names`) are evaluated: most `const x = f(y)` of a file pass no wrapper at all.
 */
export function wrappedFunctionOf(evaluator: Evaluator, declaration: ts.VariableDeclaration, file: ParsedFile, names: ReadonlySet<string>, isWrapper: (node: ts.Node) => boolean): ts.Node | undefined {
  const call = declaration.initializer && innerExpression(declaration.initializer);
  if (!call || !ts.isCallExpression(call)) return undefined;
  const mayName = (argument: ts.Expression): boolean => {
    const inner = innerExpression(argument);
    if (ts.isIdentifier(inner)) return names.has(inner.text);
    if (ts.isPropertyAccessExpression(inner)) return names.has(inner.name.text);
    return (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) && isWrapper(inner);
  };
  const scope = { file };
  const candidates = call.arguments.filter(mayName).map((argument) => evaluator.evaluate(argument, scope));
  const wrapped = candidates.find((value): value is FunctionValue => value.kind === "function" && !value.alternatives && isWrapper(value.node));
  if (!wrapped) return undefined;
  const hof = evaluator.evaluate(call.expression, scope);
  return hof.kind === "external" && isPackageFunction(hof.steps) ? wrapped.node : undefined;
}

/**
 * A function a package exports, reached by property reads only (`traceable`, `_.memoize`, `pRetry.wrap`):
 * it returns a function called as the one it was given. A method of something the package built
 * (`actionClient.schema(s).action(handler)`, `router.get(path, handler)`) registers a handler with a
 * framework instead, which calls it its own way: the handler's requests stay where they are.
 */
function isPackageFunction(steps: readonly AccessStep[]): boolean {
  return steps.every((step) => step.kind === "property");
}

/** An argument that can be a function: a name, a property read, or a function written in place. */
function functionShaped(argument: ts.Expression): boolean {
  const inner = innerExpression(argument);
  return ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) || ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
}
