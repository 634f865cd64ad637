// What the place of a read says about a variable, without running the code: a `let` read before any later
// assignment to it holds its initializer; a name read where a condition tested it truthy is truthy there.
import { ts } from "../ts.ts";
import { innerExpression } from "../inner-expression.ts";
import { assignmentContainer, enclosingFunction, writesOf } from "./scope.ts";

/**
 * Whether a `let` is read before every assignment to it: all of them come after the read in the text, none
 * in a loop around the read (a later turn would see them) nor in a nested function (it may run earlier);
 * the read in the declaration's own function.
 */
export function readBeforeAssignments(declaration: ts.VariableDeclaration, name: string, reference: ts.Node): boolean {
  if (reference.getSourceFile() !== declaration.getSourceFile() || reference.pos < declaration.end) return false;
  const home = enclosingFunction(declaration);
  // A read in a closure runs whenever the closure is called, maybe after the assignments.
  if (enclosingFunction(reference) !== home) return false;
  const container = assignmentContainer(declaration);
  const loops: ts.Node[] = [];
  for (let current = reference.parent; current && current !== container; current = current.parent) if (ts.isIterationStatement(current, false)) loops.push(current);
  return writesOf(declaration, name).every((write) => write.pos >= reference.end && !loops.some((loop) => loop.pos <= write.pos && write.end <= loop.end) && enclosingFunction(write) === home);
}

/**
 * Whether a `let` only ever holds objects: its initializer and every assignment to it are object or array
 * literals, `new` expressions or functions (`let schema = { ... }; if (empty) schema = {};`). Which one is
 * read may be unknown; that it is truthy is not.
 */
export function onlyObjectsAssigned(declaration: ts.VariableDeclaration, name: string): boolean {
  if (!declaration.initializer || !isObjectExpression(declaration.initializer)) return false;
  return writesOf(declaration, name).every((write) => ts.isBinaryExpression(write) && write.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(write.left) && isObjectExpression(write.right));
}

function isObjectExpression(expression: ts.Expression): boolean {
  const inner = innerExpression(expression);
  return ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner) || ts.isNewExpression(inner) || ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
}

/**
 * Whether a read of a name sits where a condition has tested it truthy: the `then` branch of an `if`, the
 * `true` branch of a conditional or the right of `&&`, whose condition is the name or `&&`s it in
 * (`if (schema && Object.keys(schema).length > 0)`), with no assignment to the name inside that branch.
 */
export function testedTruthy(name: string, reference: ts.Node): boolean {
  for (let child: ts.Node = reference, parent = reference.parent; parent && !ts.isFunctionLike(child); child = parent, parent = parent.parent) {
    const condition = ts.isIfStatement(parent) && child === parent.thenStatement ? parent.expression : ts.isConditionalExpression(parent) && child === parent.whenTrue ? parent.condition : ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === parent.right ? parent.left : undefined;
    if (condition && assertsTruthy(condition, name) && !assignsIn(child, name)) return true;
  }
  return false;
}

function assertsTruthy(condition: ts.Expression, name: string): boolean {
  if (ts.isParenthesizedExpression(condition)) return assertsTruthy(condition.expression, name);
  if (ts.isIdentifier(condition)) return condition.text === name;
  return ts.isBinaryExpression(condition) && condition.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && (assertsTruthy(condition.left, name) || assertsTruthy(condition.right, name));
}

/** Whether anything under a node assigns a name (`x = ...`, `x ??= ...`, `x += ...`). */
export function assignsIn(node: ts.Node, name: string): boolean {
  let found = false;
  const visit = (current: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(current) && current.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && current.operatorToken.kind <= ts.SyntaxKind.LastAssignment && ts.isIdentifier(current.left) && current.left.text === name) found = true;
    else ts.forEachChild(current, visit);
  };
  visit(node);
  return found;
}
