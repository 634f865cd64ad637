// Functions a function receives and calls: `generate(...)` where `generate` is its parameter (a closure a
// factory returned, passed in), `deps.callLLM(...)` where `deps` is (a dependency object passed in). Such a
// call is a request site of the function's summary that makes a request only with what a call site passes:
// read with the call's arguments bound, it is that argument's request, counted at the call site. And a
// callback written in an object a call passes (`executeEvaluator({ callLlm: async (...) => ... })`) runs
// during that call when the project function called calls that member of its parameter: its requests are
// the requests of the function around it, as a callback given to `map` or `withRetry` is.
import type { Evaluator } from "../resolve/evaluate.ts";
import { assignsName, findDeclaration } from "../resolve/scope.ts";
import { innerExpression } from "../inner-expression.ts";
import { ts } from "../ts.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import { nestedRole } from "./closures.ts";
import { calleeName } from "./callee-name.ts";

/**
 * Whether a call in a function's body calls one of that function's parameters, or a member of one, at any
 * depth: `generate(...)`, `deps.callLLM(...)`, `client.chat.completions.create(...)` (a client it receives);
 * or calls a local the function makes from one (`const chain = makeChain({ llm }); chain.call(...)`,
 * `({ client } = await initializeClient(...)); client.sendMessage(...)` with `llm`, `initializeClient` its
 * parameters): what the call does is what the call site passes.
 */
export function callsOwnParameter(call: ts.CallExpression, fn: ts.Node): boolean {
  let receiver = innerExpression(call.expression);
  while (ts.isPropertyAccessExpression(receiver)) receiver = innerExpression(receiver.expression);
  if (!ts.isIdentifier(receiver)) return false;
  const declaration = findDeclaration(receiver.text, call);
  if (declaration?.kind === "parameter") return declaration.node.parent === fn && !platformTyped(declaration.node);
  return declaration?.kind === "variable" && ts.isFunctionLike(fn) && !platformTyped(declaration.node) && madeFromParameter(receiver.text, declaration.node, fn as ts.FunctionLikeDeclaration);
}

/**
 * Types of the web platform and of HTTP servers: what a function given or making one of them calls on it
 * (`request.json()`, `response.clone()` with `response = await dispatch(request)`) is not a client or a
 * function the call site chooses. CopilotKit's fetch handler (e9387e0) `async (request: Request) => { let
 * response: Response; ... response.clone() }` was read again at each of a test file's 61 calls of the
 * handler, 37 ms each, for no request.
 */
const PLATFORM_TYPES: ReadonlySet<string> = new Set(["Request", "Response", "Headers", "URL", "URLSearchParams", "FormData", "Blob", "File", "ReadableStream", "AbortSignal", "AbortController", "NextRequest", "NextResponse", "IncomingMessage", "ServerResponse"]);

/** Whether a parameter or variable is declared as one of the PLATFORM_TYPES (`request: Request`, `let response: Response`). */
function platformTyped(declaration: ts.ParameterDeclaration | ts.VariableDeclaration): boolean {
  const type = declaration.type;
  return type !== undefined && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && PLATFORM_TYPES.has(type.typeName.text);
}

/**
 * Whether a variable declared in a function's body is set from an expression naming one of the function's
 * parameters: its initializer, or (a `let`) an assignment to it there, destructuring ones included.
 */
function madeFromParameter(name: string, declaration: ts.VariableDeclaration, fn: ts.FunctionLikeDeclaration): boolean {
  if (!fn.body || declaration.pos < fn.body.pos || declaration.end > fn.body.end || fn.parameters.length === 0) return false;
  if (declaration.initializer && namesParameter(declaration.initializer, fn)) return true;
  if (!(declaration.parent.flags & ts.NodeFlags.Let)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && assignsName(node.left, name)) {
      found = namesParameter(node.right, fn);
      if (found) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

/** Whether an expression names one of a function's own parameters (outside functions written in it). */
function namesParameter(expression: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) && !(ts.isPropertyAssignment(node.parent) && node.parent.name === node)) {
      const declaration = findDeclaration(node.text, node);
      if (declaration?.kind === "parameter" && declaration.node.parent === fn && !platformTyped(declaration.node)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/**
 * Whether a function written as a member of an object literal passed to a call (`run({ callLlm: async
 * (input) => ... })`) runs during that call: the callee is a project function whose body calls that member
 * of the parameter it receives the object as (`params.callLlm(...)`, or `callLlm(...)` destructured), not
 * in a closure it returns or stores. `dependsOn` learns the file of the callee read.
 */
export function runByCallee(evaluator: Evaluator, fn: ts.FunctionLikeDeclaration, file: ParsedFile, dependsOn: (path: string) => void): boolean {
  const passed = memberOfArgument(fn);
  if (!passed) return false;
  const callee = evaluator.evaluate(passed.call.expression, { file });
  if (callee.kind !== "function" || callee.alternatives) return false;
  // The answer is read from the callee's body: an edit there (behind a barrel too) may change it.
  dependsOn(callee.node.getSourceFile().fileName);
  const parameter = callee.node.parameters[passed.index];
  return parameter !== undefined && callsMember(callee.node, parameter, passed.member);
}

/** Whether a function body calls one of `names` (a cheap test before asking what a call's callee does). */
export function callsNamed(body: ts.Node, names: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (name !== undefined && names.has(name)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** The call, argument position and member name of a function written as a member of an object literal argument. */
function memberOfArgument(fn: ts.FunctionLikeDeclaration): { call: ts.CallExpression; index: number; member: string } | undefined {
  let holder: ts.Node = fn;
  while (holder.parent && (ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent) || ts.isSatisfiesExpression(holder.parent))) holder = holder.parent;
  const property = ts.isMethodDeclaration(fn) ? fn : holder.parent;
  if (!property || !(ts.isPropertyAssignment(property) || ts.isMethodDeclaration(property)) || !ts.isIdentifier(property.name)) return undefined;
  const object = property.parent;
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  let argument: ts.Node = object;
  while (argument.parent && (ts.isParenthesizedExpression(argument.parent) || ts.isAsExpression(argument.parent) || ts.isSatisfiesExpression(argument.parent))) argument = argument.parent;
  const call = argument.parent;
  if (!call || !ts.isCallExpression(call)) return undefined;
  const index = call.arguments.indexOf(argument as ts.Expression);
  return index === -1 ? undefined : { call, index, member: property.name.text };
}

/** Whether a function's body calls `member` of a parameter (`params.member(...)`, or `member(...)` bound by destructuring it) while it runs. */
function callsMember(fn: ts.FunctionLikeDeclaration, parameter: ts.ParameterDeclaration, member: string): boolean {
  if (!fn.body) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node !== fn && ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body && nestedRole(node as ts.FunctionLikeDeclaration).kind === "deferred") return;
    if (ts.isCallExpression(node) && callsParameterMember(node, parameter, member)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

function callsParameterMember(call: ts.CallExpression, parameter: ts.ParameterDeclaration, member: string): boolean {
  const callee = innerExpression(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = innerExpression(callee.expression);
    return callee.name.text === member && ts.isIdentifier(receiver) && ts.isIdentifier(parameter.name) && findDeclaration(receiver.text, call)?.node === parameter;
  }
  if (!ts.isIdentifier(callee) || !ts.isObjectBindingPattern(parameter.name)) return false;
  const declaration = findDeclaration(callee.text, call);
  if (declaration?.kind !== "parameter" || declaration.node !== parameter) return false;
  const [first] = declaration.path;
  return declaration.path.length === 1 && first?.kind === "property" && first.name === member;
}
