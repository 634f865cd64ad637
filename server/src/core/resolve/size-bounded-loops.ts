// Loops that stop on a size: what they add to a prompt has a ceiling, though each turn's text is run-time.
//
// `for await (const chunk of request.body) { size += chunk.byteLength; if (size > maxBytes) return tooLarge();
// prompt += decode(chunk); }` (openai-node's stream-to-client example) reads at most 64 KiB, and
// `while (context.length < MAX_CHARS) context += next()` stops at its limit: no-unbounded-context should not
// report either. Read from the syntax alone: a comparison of something named as a size with a limit (a
// number, or a name that says max, limit, budget or cap, or a constant in capitals), as the loop's own
// condition or as the condition of an `if` in its body that leaves the loop (return, break, throw).
// `for (let i = 0; i < docs.length; i++)` compares with the collection's own size: not a bound.
import { ts } from "../ts.ts";

/** Whether a loop leaves, or does not go on, once a size passes a limit. */
export function stopsOnSize(loop: ts.IterationStatement): boolean {
  const condition = ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? loop.expression : ts.isForStatement(loop) ? loop.condition : undefined;
  if (condition && someComparison(condition, (comparison) => keepsUnder(comparison) || countsToLimit(comparison))) return true;
  const body = ts.isBlock(loop.statement) ? loop.statement.statements : [loop.statement];
  return body.some((statement) => ts.isIfStatement(statement) && leavesLoop(statement.thenStatement) && someComparison(statement.expression, passesLimit));
}

type Comparison = ts.BinaryExpression;

/** The comparisons a condition holds at its top level or under `&&`/`||` (either may be the one that decides). */
function someComparison(condition: ts.Expression, test: (comparison: Comparison) => boolean): boolean {
  const expression = skipParentheses(condition);
  if (!ts.isBinaryExpression(expression)) return false;
  const operator = expression.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) return someComparison(expression.left, test) || someComparison(expression.right, test);
  return isRelational(operator) && test(expression);
}

function isRelational(operator: ts.SyntaxKind): boolean {
  return operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken || operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken;
}

/** `size > max`, `max <= size`: a size past its limit (the exit condition of an `if`). */
function passesLimit(comparison: Comparison): boolean {
  const [smaller, larger] = orderedSides(comparison);
  return isSize(larger) && isLimit(smaller);
}

/** `size < max`, `max > size`: a size kept under its limit (a loop's condition). */
function keepsUnder(comparison: Comparison): boolean {
  const [smaller, larger] = orderedSides(comparison);
  return isSize(smaller) && isLimit(larger);
}

/** `i < 5`, `page < MAX_PAGES`: a counter against a limit, a fixed number of turns. */
function countsToLimit(comparison: Comparison): boolean {
  const [counter, limit] = orderedSides(comparison);
  return ts.isIdentifier(skipParentheses(counter)) && isLimit(limit);
}

/** A relational comparison's sides, the smaller first: `a < b` and `b > a` both give [a, b]. */
function orderedSides(comparison: Comparison): [ts.Expression, ts.Expression] {
  const less = comparison.operatorToken.kind === ts.SyntaxKind.LessThanToken || comparison.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken;
  return less ? [comparison.left, comparison.right] : [comparison.right, comparison.left];
}

const SIZE_NAME = /(?:length|size|bytes|tokens|chars|characters|count|total)$/i;
const LIMIT_NAME = /max|limit|budget|cap(?:acity)?$|bound/i;
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Something named as a size: `byteLength`, `text.length`, `totalTokens`, `prompt.length + next.length`. */
function isSize(expression: ts.Expression): boolean {
  const node = skipParentheses(expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return isSize(node.left) || isSize(node.right);
  const name = nameOf(node);
  return name !== undefined && SIZE_NAME.test(name);
}

/** A limit: a written number, `maxBytes`, `this.tokenLimit`, `MAX_CONTEXT`, `limits.prompt * 4`. */
function isLimit(expression: ts.Expression): boolean {
  const node = skipParentheses(expression);
  if (ts.isNumericLiteral(node)) return true;
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AsteriskToken || node.operatorToken.kind === ts.SyntaxKind.MinusToken)) return isLimit(node.left) || isLimit(node.right);
  const name = nameOf(node);
  return name !== undefined && (LIMIT_NAME.test(name) || CONSTANT_NAME.test(name));
}

function nameOf(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

/** `return ...`, `break`, `throw ...`, alone or as a statement of the block. */
function leavesLoop(statement: ts.Statement): boolean {
  const statements = ts.isBlock(statement) ? statement.statements : [statement];
  return statements.some((inner) => ts.isReturnStatement(inner) || ts.isBreakStatement(inner) || ts.isThrowStatement(inner));
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}
