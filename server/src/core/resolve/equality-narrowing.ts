// What an equality guard says about a read: inside `if (model === "claude-3-7-sonnet-20250219") { ... }` a
// read of `model` can only be that text, whatever the request handed in (make-real's Anthropic route builds
// `anthropic(model)` there). Also the else-branch of `!==`, `x === L && ...`, the true side of a conditional and
// the clause of `switch (x) { case L: ... }` that no other clause falls into. Only strict equality with a value
// known statically, and only of a binding nothing assigns again (a const, or a `let` or parameter never written).
import { ts } from "../ts.ts";
import { innerExpression } from "../inner-expression.ts";
import { assignmentContainer, findDeclaration, isReassigned, parameterReassigned, type Declaration } from "./scope.ts";
import { alternativesOf, fullyStaticText, type Value } from "./values.ts";

type Binding = Extract<Declaration, { kind: "variable" | "parameter" }>;

/**
 * Whether a value read from a binding may be narrowed by a guard: one only known at run time, one of several
 * (`small ? "a" : "b"`), or a default standing for what the user sets (`process.env.MODEL ?? "gpt-4o"`). A
 * value known whole (a literal, a call site's argument) is what it is: a guard saying otherwise is a branch
 * not taken, not a reason to read another value.
 */
export function mayBeNarrowed(value: Value): boolean {
  if (value.kind === "unknown") return true;
  if (value.kind !== "text" && value.kind !== "number") return false;
  if (alternativesOf(value).length > 1) return true;
  return value.kind === "text" && (value.fallbackOf !== undefined || fullyStaticText(value) === undefined);
}

/**
 * The expression a guard around `reference` says the binding equals there, when one does and nothing writes
 * the binding; undefined otherwise. The innermost guard testing the binding decides.
 */
export function narrowingComparand(declaration: Binding, name: string, reference: ts.Node): ts.Expression | undefined {
  const home = declaration.kind === "variable" ? assignmentContainer(declaration.node) : declaration.node.parent;
  const isBinding = (expression: ts.Expression): boolean => {
    const inner = innerExpression(expression);
    return ts.isIdentifier(inner) && inner.text === name && findDeclaration(name, inner)?.node === declaration.node;
  };
  for (let child: ts.Node = reference, parent = reference.parent; parent && parent !== home; child = parent, parent = parent.parent) {
    const found = guardComparand(parent, child, isBinding);
    if (found) return neverWritten(declaration, name) ? found : undefined;
  }
  return undefined;
}

/** What a guard `parent` says of the binding for code in its part `child`: the compared expression, if any. */
function guardComparand(parent: ts.Node, child: ts.Node, isBinding: (expression: ts.Expression) => boolean): ts.Expression | undefined {
  if (ts.isIfStatement(parent)) return child === parent.thenStatement ? comparand(parent.expression, true, isBinding) : child === parent.elseStatement ? comparand(parent.expression, false, isBinding) : undefined;
  if (ts.isConditionalExpression(parent)) return child === parent.whenTrue ? comparand(parent.condition, true, isBinding) : child === parent.whenFalse ? comparand(parent.condition, false, isBinding) : undefined;
  if (ts.isBinaryExpression(parent) && child === parent.right) {
    if (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return comparand(parent.left, true, isBinding);
    if (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) return comparand(parent.left, false, isBinding);
    return undefined;
  }
  if (ts.isCaseClause(parent) && child !== parent.expression) return caseComparand(parent, isBinding);
  return undefined;
}

/**
 * The expression a condition says the binding equals when the condition is `holds`: `x === L` true, `x !== L`
 * false; through `!`, a conjunction that holds (`x === L && ready`) and a disjunction that fails (`x !== L ||
 * !ready` in its else-branch). A disjunction that holds, or a conjunction that fails, says nothing.
 */
function comparand(condition: ts.Expression, holds: boolean, isBinding: (expression: ts.Expression) => boolean): ts.Expression | undefined {
  const inner = innerExpression(condition);
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) return comparand(inner.operand, !holds, isBinding);
  if (!ts.isBinaryExpression(inner)) return undefined;
  switch (inner.operatorToken.kind) {
    case ts.SyntaxKind.AmpersandAmpersandToken:
      return holds ? comparand(inner.left, true, isBinding) ?? comparand(inner.right, true, isBinding) : undefined;
    case ts.SyntaxKind.BarBarToken:
      return holds ? undefined : comparand(inner.left, false, isBinding) ?? comparand(inner.right, false, isBinding);
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
      return holds ? otherSide(inner, isBinding) : undefined;
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      return holds ? undefined : otherSide(inner, isBinding);
    default:
      return undefined;
  }
}

function otherSide(comparison: ts.BinaryExpression, isBinding: (expression: ts.Expression) => boolean): ts.Expression | undefined {
  if (isBinding(comparison.left)) return comparison.right;
  return isBinding(comparison.right) ? comparison.left : undefined;
}

/**
 * `switch (x) { case L: ... }`: the clause's test, for a switch on the binding, when no clause falls into this
 * one (the first, or one after a clause that leaves: `break`, `return`, `throw`, `continue`). Grouped cases
 * (`case "a": case "b":`) may hold either, so they say nothing.
 */
function caseComparand(clause: ts.CaseClause, isBinding: (expression: ts.Expression) => boolean): ts.Expression | undefined {
  const switchStatement = clause.parent.parent;
  if (!isBinding(switchStatement.expression)) return undefined;
  const clauses = clause.parent.clauses;
  const index = clauses.indexOf(clause);
  if (index > 0 && !leaves(clauses[index - 1]!.statements.at(-1))) return undefined;
  return clause.expression;
}

function leaves(statement: ts.Statement | undefined): boolean {
  if (!statement) return false;
  if (ts.isBlock(statement)) return leaves(statement.statements.at(-1));
  return ts.isBreakStatement(statement) || ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isContinueStatement(statement);
}

/** Whether nothing assigns the binding after its declaration: a const, or a `let` or parameter never written. */
function neverWritten(declaration: Binding, name: string): boolean {
  if (declaration.kind === "variable") return declaration.isConst || !isReassigned(declaration.node, name);
  return !parameterReassigned(declaration.node, name);
}

/** The value a guard narrows a read to: the comparand's, when it is known whole (a literal, a const, an enum member). */
export function narrowedTo(comparandValue: Value): Value | undefined {
  if (alternativesOf(comparandValue).length > 1) return undefined;
  if (comparandValue.kind === "number") return comparandValue;
  return comparandValue.kind === "text" && comparandValue.fallbackOf === undefined && fullyStaticText(comparandValue) !== undefined ? comparandValue : undefined;
}
