// The type a parameter without annotation gets from where its function is written: a method of an object
// literal declared with a project interface or type alias (`const command: SlashCommand = { run: async ({
// llm }) => ... }`, `const widget: Widget = { execute: async (input) => ... }`) takes the parameter type of
// that type's member, and a destructured name the member's type of it. Read from the declarations alone
// (the interface may sit in a `.d.ts` file).
import { ts } from "../ts.ts";
import { memberOf, memberTypeOf, type TypeAt } from "./declared-types.ts";
import type { Evaluator } from "./evaluate.ts";
import { memberName } from "./members.ts";
import type { BindingPathStep } from "./scope.ts";

/** The declared type of a parameter (or of one destructured property of it) from its context, with the node to resolve its names from. */
export function contextualParameterType(evaluator: Evaluator, parameter: ts.ParameterDeclaration, path: BindingPathStep[]): TypeAt | undefined {
  if (parameter.type || path.some((step) => step.kind !== "property")) return undefined;
  const fn = parameter.parent;
  const index = fn.parameters.indexOf(parameter);
  let property: ts.PropertyName | undefined;
  let object: ts.Node | undefined;
  if (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(fn.parent)) [property, object] = [fn.name, fn.parent];
  else if ((ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) && ts.isPropertyAssignment(fn.parent) && ts.isObjectLiteralExpression(fn.parent.parent)) [property, object] = [fn.parent.name, fn.parent.parent];
  const name = property && memberName(property);
  if (!object || name === undefined) return undefined;
  const holder = object.parent;
  const objectType = ts.isVariableDeclaration(holder) && holder.initializer === object ? holder.type : ts.isSatisfiesExpression(holder) || ts.isAsExpression(holder) ? holder.type : undefined;
  if (!objectType || !ts.isTypeReferenceNode(objectType)) return undefined;
  const member = memberOf(evaluator, { type: objectType, from: object }, name);
  if (!member) return undefined;
  const signature = ts.isPropertySignature(member.member) && member.member.type && ts.isFunctionTypeNode(member.member.type) ? member.member.type : ts.isMethodSignature(member.member) ? member.member : undefined;
  const type = signature?.parameters[index]?.type;
  if (!type) return undefined;
  let found: TypeAt | undefined = { type, from: member.from };
  for (const step of path) found = found && step.kind === "property" ? memberTypeOf(evaluator, found, step.name) : undefined;
  return found;
}
