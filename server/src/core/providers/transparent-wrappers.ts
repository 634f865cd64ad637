import { ts } from "../ts.ts";
import { calleeName } from "./callee-name.ts";

/** Names of higher-order functions that return the function they are given. */
const TRANSPARENT_WRAPPER_NAMES = /^(cache|memo|memoize|useCallback|traceable|observe|withRetry|retry|wrap\w*|action|authAction|serverAction)$/i;

/** Higher-order functions that return the function they are given, so it is called under the outer name. */
export function isTransparentWrapper(call: ts.CallExpression): boolean {
  const name = calleeName(call.expression);
  return name !== undefined && TRANSPARENT_WRAPPER_NAMES.test(name);
}

/** The function an expression holds, through parentheses, type assertions and transparent wrappers (`useCallback(async () => ..., [])`). */
export function skipWrappers(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
    else if (ts.isCallExpression(current) && isTransparentWrapper(current) && current.arguments[0]) current = current.arguments[0];
    else return current;
  }
}
