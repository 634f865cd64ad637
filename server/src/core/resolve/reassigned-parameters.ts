// A parameter its function assigns before reading it: `text = text.replace("{topic}", topic)`, `options = {
// ...DEFAULTS, ...options }`. The read is of what the function assigned, not of what the caller passed: reading
// the argument counted a filled-in template as the bare template, exact, with nothing for what was put in it.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { applyMutations, lastAssignmentBefore } from "./mutations.ts";
import { mentionsName } from "./scope.ts";
import type { EvalScope, Value } from "./values.ts";

/**
 * The value a parameter holds at `reference` when its function assigned it before: the last assignment's
 * value when that is a statement of the function's own body, or sits in a loop or a callback (read as one
 * turn: `for (const key of keys) text = text.replace(...)` is the template with run-time text put in); its
 * right side reads what was there before. Undefined where the parameter still holds what was passed, or
 * where the last write is one this does not follow (inside a branch, `+=`, `++`, a destructuring): the read
 * then stays what it was.
 */
export function reassignedParameter(evaluator: Evaluator, parameter: ts.ParameterDeclaration, name: string, reference: ts.Node, scope: EvalScope): Value | undefined {
  const { last, after } = lastAssignmentBefore(evaluator, parameter, name, reference);
  if (last === undefined || last === "other-write") return undefined;
  const owner = parameter.parent;
  const body = "body" in owner ? owner.body : undefined;
  const statement = last.node.parent;
  if (!last.repeated && (!body || !ts.isExpressionStatement(statement) || statement.parent !== body)) return undefined;
  return valueWithChanges(evaluator, last.node, last.node.right, after, scope, name);
}

/** What `expression` gives, with the pushes, appends and property writes made to it since (`at` guards the reading). */
function valueWithChanges(evaluator: Evaluator, at: ts.Node, expression: ts.Expression, after: Parameters<typeof applyMutations>[2], scope: EvalScope, name: string): Value {
  return evaluator.guarded(at, () => {
    const value = evaluator.evaluate(expression, scope);
    return after.length > 0 ? applyMutations(evaluator, value, after, scope) : value;
  }, name);
}

/**
 * The same for a `let` assigned from itself (`let text = template; text = text.replace("{topic}", topic)`): the
 * last assignment before the read when it is a statement of the block declaring the `let`, or one turn of a loop
 * or callback; a read in the first such assignment's right side is the initializer's value. Undefined
 * otherwise (the reassigned-variable reads of declarations.ts decide).
 */
export function selfAssignedVariable(evaluator: Evaluator, declaration: ts.VariableDeclaration, name: string, reference: ts.Node, scope: EvalScope): Value | undefined {
  const { last, inside, after } = lastAssignmentBefore(evaluator, declaration, name, reference);
  if (last === "other-write") return undefined;
  if (last === undefined) {
    // The read in the first self-assignment: the initializer, with what was pushed or appended to it since.
    const initializer = declaration.initializer;
    return inside && initializer ? valueWithChanges(evaluator, declaration, initializer, after, scope, name) : undefined;
  }
  const statement = last.node.parent;
  const block = declaration.parent.parent?.parent;
  if (!last.repeated && (!ts.isExpressionStatement(statement) || statement.parent !== block)) return undefined;
  // Only an assignment reading the variable itself: others are the reassigned reads' (fallbacks, branches).
  if (!mentionsName(last.node.right, name)) return undefined;
  return valueWithChanges(evaluator, last.node, last.node.right, after, scope, name);
}
