import { isRetryLoop } from "../call-context.ts";
import { findDeclaration } from "../resolve/scope.ts";
import { ts } from "../ts.ts";

/**
 * Whether a function makes its requests in a loop whose number of turns is decided at run time: an agent or
 * research loop (`while (budget left)`, `do ... while`, `for (;;)`), or by calling itself. One call of such a
 * function is not one request nor a fixed number of them, so it is not a wrapper: its call sites are not
 * requests, and each request inside it is counted where it is written (with the loop as its context).
 * A retry loop around a request (it leaves on success) and a loop over items (`for...of`, `map`) do not count:
 * a retry is the same request again, and a loop over items is a multiplier of the request inside it.
 */
export function requestsRunInOpenLoop(fn: ts.FunctionLikeDeclaration, name: string, sites: readonly ts.CallExpression[], calls: readonly { call: ts.CallExpression; callee: string }[]): boolean {
  if (calls.some(({ call, callee }) => callee === name && callsItself(call, fn))) return true;
  return sites.some((site) => insideOpenLoop(site, fn));
}

/** `research(...)` in the function `research`, or `this.step(...)` in the method `step`: not a global or another object's method of the same name. */
function callsItself(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): boolean {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return ts.isMethodDeclaration(fn) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
  if (!ts.isIdentifier(callee)) return false;
  const declaration = findDeclaration(callee.text, call);
  if (!declaration) return false;
  if (declaration.kind === "function") return declaration.node === fn;
  return declaration.kind === "variable" && declaration.node.initializer !== undefined && skipParentheses(declaration.node.initializer) === fn;
}

function skipParentheses(node: ts.Expression): ts.Node {
  return ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node;
}

function insideOpenLoop(site: ts.Node, fn: ts.Node): boolean {
  let child: ts.Node = site;
  for (let parent = site.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if (child !== (parent as ts.IterationStatement).statement) continue;
    const open = ts.isWhileStatement(parent) || ts.isDoStatement(parent) || (ts.isForStatement(parent) && parent.condition === undefined);
    if (open && !isRetryLoop(parent)) return true;
  }
  return false;
}
