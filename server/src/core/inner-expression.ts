import { ts } from "./ts.ts";

/** The expression under parentheses, `as`, `satisfies` and `!`: `(verifyFunc as Fn)!` is `verifyFunc`. */
export function innerExpression(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}

/** innerExpression, also under `await`: the value a function returns or hands on (`return await (x as T)`). */
export function innerAwaitedExpression(expression: ts.Expression): ts.Expression {
  let current = innerExpression(expression);
  while (ts.isAwaitExpression(current)) current = innerExpression(current.expression);
  return current;
}
