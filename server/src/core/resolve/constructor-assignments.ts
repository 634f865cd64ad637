// A field the constructor assigns in each clause of a switch on what the `new` passes: `switch (provider) {
// case ModelProvider.Claude: this.llm = new ClaudeApi(); break; ... default: this.llm = new ChatGPTApi(); }`
// (NextChat's ClientApi). The clauses the construction takes, or every clause when the value is not known.
// A field assigned otherwise more than once keeps its first assignment: reading every assignment of every
// constructor multiplied the values of classes built from classes (continue's IDE services: 2 ms -> 5 s a file).
import { ts } from "../ts.ts";
import { runningClauses } from "./calls.ts";
import type { Evaluator } from "./evaluate.ts";
import { accessedName } from "./members.ts";
import { alternativesOf, fullyStaticText, type EvalScope } from "./values.ts";

export type FieldAssignment = ts.BinaryExpression & { left: ts.PropertyAccessExpression };

/** `this.<name> = value` in a constructor, in source order, not in nested functions other than arrows. */
export function assignmentsIn(constructor: ts.ConstructorDeclaration, name: string): readonly FieldAssignment[] {
  let byName = assignmentsByConstructor.get(constructor);
  if (!byName) assignmentsByConstructor.set(constructor, (byName = fieldAssignments(constructor)));
  return byName.get(name) ?? NONE;
}

const NONE: readonly FieldAssignment[] = [];

/**
 * Every constructor's assignments, by field, found in one walk: asked per field and per class built (continue's
 * BaseLLM constructor was walked again for each field read of each of its ~80 subclasses). A constructor node
 * reused after an edit elsewhere in its file has the same text, so its assignments are the same nodes.
 */
const assignmentsByConstructor = new WeakMap<ts.ConstructorDeclaration, ReadonlyMap<string, FieldAssignment[]>>();

function fieldAssignments(constructor: ts.ConstructorDeclaration): ReadonlyMap<string, FieldAssignment[]> {
  const byName = new Map<string, FieldAssignment[]>();
  // `inside`: the fields whose assignment holds this node; `this.a = this.a = x` counts the outer one only.
  const visit = (node: ts.Node, inside: readonly string[]): void => {
    if (ts.isFunctionLike(node) && !ts.isArrowFunction(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const name = accessedName(node.left.name);
      if (!inside.includes(name)) {
        const list = byName.get(name);
        if (list) list.push(node as FieldAssignment);
        else byName.set(name, [node as FieldAssignment]);
        ts.forEachChild(node, (child) => visit(child, [...inside, name]));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  if (constructor.body) ts.forEachChild(constructor.body, (child) => visit(child, NO_NAMES));
  return byName;
}

const NO_NAMES: readonly string[] = [];

/**
 * The assignments of one switch's clauses, one statement of each, that the construction reaches: those of
 * the clauses its value takes, all of them where the value is not known. Undefined when the assignments are
 * not that (the first one stands then).
 */
export function switchedAssignments(evaluator: Evaluator, assignments: readonly FieldAssignment[], scope: EvalScope): FieldAssignment[] | undefined {
  const clauses = assignments.map((assignment) => (ts.isExpressionStatement(assignment.parent) && ts.isCaseOrDefaultClause(assignment.parent.parent) ? assignment.parent.parent : undefined));
  const switchStatement = clauses[0]?.parent.parent;
  if (!switchStatement || clauses.some((clause) => clause?.parent.parent !== switchStatement) || new Set(clauses).size !== clauses.length) return undefined;
  const value = evaluator.evaluate(switchStatement.expression, scope);
  const discriminant = alternativesOf(value).length === 1 ? fullyStaticText(value) : undefined;
  if (discriminant === undefined) return [...assignments];
  const running = runningClauses(switchStatement, discriminant, (expression) => fullyStaticText(evaluator.evaluate(expression, scope)));
  return assignments.filter((_, index) => running.includes(clauses[index]!));
}

/**
 * Two assignments on the two branches of one `if` that tests what one of them assigns: `if (options?.model)
 * this.model = options.model; else this.model = DEFAULT_MODEL;` (or the test negated, the branches swapped)
 * is `options?.model || DEFAULT_MODEL`: the value tested, and the other branch's. Undefined otherwise.
 */
export function defaultedAssignment(assignments: readonly FieldAssignment[]): { tested: ts.Expression; fallback: ts.Expression } | undefined {
  if (assignments.length !== 2) return undefined;
  const [first, second] = assignments.map(branchOf);
  if (!first || !second || first.statement !== second.statement || first.then === second.then) return undefined;
  let condition = first.statement.expression;
  let negated = false;
  for (;;) {
    if (ts.isParenthesizedExpression(condition)) condition = condition.expression;
    else if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) {
      negated = !negated;
      condition = condition.operand;
    } else break;
  }
  const [truthy, falsy] = first.then !== negated ? [assignments[0]!, assignments[1]!] : [assignments[1]!, assignments[0]!];
  const read = readText(condition);
  return read !== undefined && read === readText(truthy.right) ? { tested: truthy.right, fallback: falsy.right } : undefined;
}

/** The `if` an assignment is the whole branch of (`this.x = y;` or `{ this.x = y; }`), and which branch. */
function branchOf(assignment: FieldAssignment): { statement: ts.IfStatement; then: boolean } | undefined {
  const statement = assignment.parent;
  if (!ts.isExpressionStatement(statement)) return undefined;
  const branch = ts.isBlock(statement.parent) && statement.parent.statements.length === 1 ? statement.parent : statement;
  const holder = branch.parent;
  if (!holder || !ts.isIfStatement(holder)) return undefined;
  return holder.thenStatement === branch ? { statement: holder, then: true } : holder.elseStatement === branch ? { statement: holder, then: false } : undefined;
}

/** `options?.model` and `options.model` alike: a name or a chain of property reads, as text; undefined for anything else. */
function readText(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression)) return readText(expression.expression);
  if (!ts.isPropertyAccessExpression(expression)) return undefined;
  const target = expression.expression.kind === ts.SyntaxKind.ThisKeyword ? "this" : readText(expression.expression);
  return target === undefined ? undefined : `${target}.${expression.name.text}`;
}
