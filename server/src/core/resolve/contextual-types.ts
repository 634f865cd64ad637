// The type a parameter without annotation gets from where its function is written: a method of an object
// literal declared with a project interface (`const command: SlashCommand = { run: async ({ llm }) => ... }`)
// takes the parameter type of that interface's member, and a destructured name the member's type of it.
// Read from the declarations alone (the interface may sit in a `.d.ts` file), one interface level each.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { memberName } from "./members.ts";
import { findDeclaration, type BindingPathStep } from "./scope.ts";

/** The declared type of a parameter (or of one destructured property of it) from its context, with the node to resolve its names from. */
export function contextualParameterType(evaluator: Evaluator, parameter: ts.ParameterDeclaration, path: BindingPathStep[]): { type: ts.TypeNode; from: ts.Node } | undefined {
  if (parameter.type || path.length > 1 || path.some((step) => step.kind !== "property")) return undefined;
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
  const declared = interfaceOf(evaluator, objectType, object);
  const member = declared && memberOf(declared, name);
  const signature = member && ts.isPropertySignature(member) && member.type && ts.isFunctionTypeNode(member.type) ? member.type : member && ts.isMethodSignature(member) ? member : undefined;
  const type = signature?.parameters[index]?.type;
  if (!type || !declared) return undefined;
  const step = path[0];
  if (!step) return { type, from: declared };
  const inner = interfaceOf(evaluator, type, declared);
  const innerMember = inner && step.kind === "property" ? memberOf(inner, step.name) : undefined;
  return innerMember && ts.isPropertySignature(innerMember) && innerMember.type && inner ? { type: innerMember.type, from: inner } : undefined;
}

function memberOf(declared: ts.InterfaceDeclaration, name: string): ts.TypeElement | undefined {
  return declared.members.find((member) => member.name !== undefined && memberName(member.name) === name);
}

/** The project interface a type reference names: in the same file, or in the project file it is imported from. */
function interfaceOf(evaluator: Evaluator, type: ts.TypeNode | undefined, from: ts.Node): ts.InterfaceDeclaration | undefined {
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const name = type.typeName.text;
  const declaration = findDeclaration(name, from);
  let sourceFile = from.getSourceFile();
  let declaredName = name;
  if (declaration?.kind === "import") {
    if (!ts.isStringLiteral(declaration.node.moduleSpecifier) || !declaration.importedName) return undefined;
    const resolved = evaluator.workspace.resolver.resolve(sourceFile.fileName, declaration.node.moduleSpecifier.text);
    const parsed = resolved && !resolved.includes("node_modules") ? evaluator.workspace.getParsedFile(resolved) : undefined;
    if (!parsed) return undefined;
    sourceFile = parsed.sourceFile;
    declaredName = declaration.importedName;
  } else if (declaration) return undefined;
  return sourceFile.statements.find((statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === declaredName);
}
