// Loops whose requests are turns of one conversation (an agent's tool loop), not one request per item.
import { findDeclaration } from "./resolve/scope.ts";
import { ts } from "./ts.ts";

/**
 * Whether a request in a `while`, `do` or `for` loop keeps its answer in a variable declared outside the loop
 * that the loop reads again (`currentResponse = await client.chat.completions.create(...)` with the tool calls
 * of `currentResponse` read at the top of the next turn): each turn needs the previous answer, so the turns can
 * neither share one prompt nor go to a batch API. An answer kept and never read in the loop (`last = await
 * ...`) leaves it a loop over items.
 */
export function feedsNextTurn(call: ts.CallExpression, loop: ts.IterationStatement): boolean {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return false;
  let answer: ts.Node = call;
  while (ts.isAwaitExpression(answer.parent) || ts.isParenthesizedExpression(answer.parent) || ts.isAsExpression(answer.parent) || ts.isNonNullExpression(answer.parent) || ts.isSatisfiesExpression(answer.parent)) answer = answer.parent;
  const assignment = answer.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || assignment.right !== answer || !ts.isIdentifier(assignment.left)) return false;
  const kept = assignment.left;
  const declaration = findDeclaration(kept.text, kept);
  if (declaration?.kind !== "variable" && declaration?.kind !== "parameter") return false;
  if (declaration.node.pos >= loop.pos && declaration.node.end <= loop.end) return false;
  let read = false;
  const visit = (node: ts.Node): void => {
    if (read) return;
    if (ts.isIdentifier(node) && node !== kept && node.text === kept.text && findDeclaration(node.text, node)?.node === declaration.node) read = true;
    else ts.forEachChild(node, visit);
  };
  visit(loop);
  return read;
}
