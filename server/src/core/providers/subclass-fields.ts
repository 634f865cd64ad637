// A base class's method sending through what its subclasses set up: `this.client.chat.completions.create({
// model: this.model, ... })` in `class Provider`, where each vendor subclass builds its client and passes it
// with `super(client)` and sets `this.model`. Seen from inside the base class, `this` is no particular
// subclass and the client is not known; the request is each subclass's, one alternative per subclass whose
// fields make it one (the costliest stands, as for a call through an interface).
import { evaluateThis } from "../resolve/members.ts";
import { subclassesOf } from "../resolve/overrides.ts";
import type { EvalScope, InstanceValue } from "../resolve/values.ts";
import { ts } from "../ts.ts";
import type { Evaluator } from "../resolve/evaluate.ts";

/**
 * The scopes to read a call rooted at `this` in (`this.client.x.create(...)`), one per project subclass of
 * the class `this` is, when `this` is that class seen from inside (no `new` says which class it is); none
 * otherwise. Each scope has `this` an instance of one subclass, its constructor's arguments not known.
 */
export function subclassScopes(evaluator: Evaluator, callee: ts.Expression, scope: EvalScope): EvalScope[] {
  const root = rootOf(callee);
  if (root.kind !== ts.SyntaxKind.ThisKeyword) return [];
  const self = evaluateThis(evaluator, root, scope);
  if (self.kind !== "instance" || self.construction || self.alternatives) return [];
  return subclassesOf(evaluator, self.node).map(({ file, node }) => {
    const instance: InstanceValue = { kind: "instance", node, scope: { file } };
    return { file: scope.file, ...(scope.bindings ? { bindings: scope.bindings } : {}), thisValue: instance, parent: scope };
  });
}

/** The expression a chain of property reads and calls starts from (`this` in `this.client.chat.create`). */
export function rootOf(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = current.expression;
    else if (ts.isCallExpression(current) || ts.isNonNullExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
    else return current;
  }
}
