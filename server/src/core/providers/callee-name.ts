import { ts } from "../ts.ts";

/**
 * `ask` of `ask(...)`, `complete` of `llm.complete(...)`, `process` of `this.#process(...)` (as functionName names
 * the method), also under a cast: `create` of `(client.chat.completions.create as Function)(...)`.
 */
export function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return ts.isPrivateIdentifier(expression.name) ? expression.name.text.slice(1) : expression.name.text;
  if (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression) || ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isTypeAssertionExpression(expression)) return calleeName(expression.expression);
  return undefined;
}
