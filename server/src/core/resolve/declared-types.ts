// The declared type of a member read, from annotations alone: `input.config.llm` where `input:
// SearchAgentInput`, `SearchAgentInput = { config: SearchAgentConfig }` and `SearchAgentConfig = { llm:
// BaseLLM<any> }` (type aliases and interfaces of the project, across files). A read the analysis cannot
// follow by value (a parameter no call binds, an argument object whose member is unknown) then stands for
// what its type names: the project classes implementing an interface, or an SDK client.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { eachAlternative } from "./choice.ts";
import { contextualParameterType } from "./contextual-types.ts";
import { valueFromTypeNode } from "./declarations.ts";
import { enclosingClass, memberName } from "./members.ts";
import { findDeclaration, type Declaration } from "./scope.ts";
import { isRelative, packageRoot, textOfMayExport } from "./modules.ts";
import { unwrapPromiseType } from "./calls.ts";
import { isModelPackage } from "../providers/vercel-ai.ts";
import type { EvalScope, Value } from "./values.ts";

/** A type as written, with a node of the file it is written in (to resolve the names it uses). */
export interface TypeAt {
  type: ts.TypeNode;
  from: ts.Node;
  /** What the type parameters it may name stand for (`config: T` read from `ConfigResult<ContinueConfig>`). */
  typeArguments?: ReadonlyMap<string, TypeAt>;
}

/** How many member reads (`a.b.c.d`) and type aliases one lookup follows. */
const MAX_STEPS = 6;

/**
 * The declared type of an expression: a typed parameter or variable, or a member of one, read through the
 * project's types; an awaited call's declared return type; a variable written without a type, its initializer's.
 */
export function declaredTypeOf(evaluator: Evaluator, expression: ts.Expression, steps = 0): TypeAt | undefined {
  if (steps > MAX_STEPS) return undefined;
  if (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression)) return declaredTypeOf(evaluator, expression.expression, steps);
  if (ts.isIdentifier(expression)) {
    const declaration = findDeclaration(expression.text, expression);
    return declaration?.kind === "parameter" || declaration?.kind === "variable" ? declaredBindingType(evaluator, declaration, steps) : undefined;
  }
  if (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword) return fieldType(expression);
  if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.name)) {
    const owner = declaredTypeOf(evaluator, expression.expression, steps + 1);
    return owner && memberTypeOf(evaluator, owner, expression.name.text, steps + 1);
  }
  if (ts.isAwaitExpression(expression)) {
    const awaited = declaredTypeOf(evaluator, expression.expression, steps + 1);
    return awaited && { ...awaited, type: unwrapPromiseType(concrete(awaited).type) };
  }
  if (ts.isCallExpression(expression)) return returnTypeOf(evaluator, expression, steps + 1);
  return undefined;
}

/**
 * The declared return type of a call of a project function or method: `this.configHandler.loadConfig()` with
 * `loadConfig(): Promise<ConfigResult<ContinueConfig>>` in the class the field is typed with.
 */
function returnTypeOf(evaluator: Evaluator, call: ts.CallExpression, steps: number): TypeAt | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) {
    const declaration = findDeclaration(callee.text, callee);
    if (declaration?.kind === "function") return declaration.node.type && { type: declaration.node.type, from: declaration.node };
    // `getModel: () => Promise<BaseChatModel>` handed in as a parameter: its function type's return type.
    const handed = declaration?.kind === "parameter" && declaration.path.length === 0 ? declaration.node.type : undefined;
    if (handed && ts.isFunctionTypeNode(handed)) return { type: handed.type, from: declaration!.node };
    const fn = declaration?.kind === "variable" && declaration.path.length === 0 ? declaration.node.initializer : undefined;
    return fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.type ? { type: fn.type, from: fn } : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  const owner = callee.expression.kind === ts.SyntaxKind.ThisKeyword ? ownClassType(callee) : declaredTypeOf(evaluator, callee.expression, steps);
  const found = owner && memberOf(evaluator, owner, callee.name.text, steps);
  if (!found) return undefined;
  const member = found.member;
  const signature = ts.isMethodSignature(member) || ts.isMethodDeclaration(member) ? member : (ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) && member.type && ts.isFunctionTypeNode(member.type) ? member.type : undefined;
  return signature?.type && { type: signature.type, from: found.from, ...(found.typeArguments ? { typeArguments: found.typeArguments } : {}) };
}

/** The class a `this.method()` call is written in, as a type. */
function ownClassType(access: ts.PropertyAccessExpression): TypeAt | undefined {
  const classNode = enclosingClass(access);
  return classNode?.name ? { type: ts.factory.createTypeReferenceNode(classNode.name.text), from: classNode } : undefined;
}

/** The declared type of a parameter or variable, or of the name destructured from it; a parameter without annotation takes the type its context gives it (contextual-types.ts). */
export function declaredBindingType(evaluator: Evaluator, declaration: Extract<Declaration, { kind: "parameter" | "variable" }>, steps = 0): TypeAt | undefined {
  const node = declaration.node;
  // A variable written without a type has its initializer's (`const { config } = await handler.loadConfig()`).
  let found: TypeAt | undefined = node.type ? { type: node.type, from: node } : ts.isParameter(node) ? contextualParameterType(evaluator, node, []) : node.initializer ? declaredTypeOf(evaluator, node.initializer, steps + 1) : undefined;
  for (const step of declaration.path) {
    if (step.kind !== "property" || !found) return undefined;
    found = memberTypeOf(evaluator, found, step.name, steps);
  }
  return found;
}

/** `this.config` in a class: the field's declared type (or the class it is made from), or the constructor parameter property's. */
function fieldType(access: ts.PropertyAccessExpression): TypeAt | undefined {
  const name = access.name.text;
  const classNode = enclosingClass(access);
  if (!classNode) return undefined;
  for (const member of classNode.members) {
    if (ts.isPropertyDeclaration(member) && member.name && memberName(member.name) === name) {
      if (member.type) return { type: member.type, from: member };
      // `configHandler = new ConfigHandler()`: the class it is made from.
      const made = member.initializer && ts.isNewExpression(member.initializer) && ts.isIdentifier(member.initializer.expression) ? member.initializer.expression.text : undefined;
      if (made) return { type: ts.factory.createTypeReferenceNode(made), from: member };
    }
    if (ts.isConstructorDeclaration(member)) {
      const parameter = member.parameters.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name && candidate.type && ts.getModifiers(candidate)?.length);
      if (parameter?.type) return { type: parameter.type, from: parameter };
    }
  }
  return undefined;
}

/** The type of member `name` of a type: a type literal, an intersection, a project interface or type alias (not `null`/`undefined` of a union). */
export function memberTypeOf(evaluator: Evaluator, owner: TypeAt, name: string, steps = 0): TypeAt | undefined {
  if (steps > MAX_STEPS) return undefined;
  const found = memberOf(evaluator, owner, name, steps);
  const member = found?.member;
  const type = member && (ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) ? member.type : undefined;
  return type && { type, from: found!.from, ...(found!.typeArguments ? { typeArguments: found!.typeArguments } : {}) };
}

/** A member of a type, with a node of the file declaring it and what that type's parameters stand for there. */
export interface MemberAt {
  member: ts.TypeElement | ts.ClassElement;
  from: ts.Node;
  typeArguments?: ReadonlyMap<string, TypeAt>;
}

/** The declaration of member `name` of a type (a property or method signature, or a class's property or method), with a node of the file declaring it. */
export function memberOf(evaluator: Evaluator, owner: TypeAt, name: string, steps = 0): MemberAt | undefined {
  if (steps > MAX_STEPS) return undefined;
  const at = concrete(owner);
  const { type, from, typeArguments } = at;
  if (ts.isIntersectionTypeNode(type)) {
    for (const member of type.types) {
      const found = memberOf(evaluator, { type: member, from, ...(typeArguments ? { typeArguments } : {}) }, name, steps + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isTypeLiteralNode(type)) return ownMember(type.members, name, from, typeArguments);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const declared = namedType(evaluator, type.typeName.text, from);
  if (!declared) return utilityMember(evaluator, type, type.typeName.text, at, name, steps);
  // `ConfigResult<ContinueConfig>` of `interface ConfigResult<T> { config: T | undefined }`: T is ContinueConfig there.
  const own = typeArgumentsOf(declared, type, at);
  if (ts.isTypeAliasDeclaration(declared)) return memberOf(evaluator, { type: declared.type, from: declared, ...(own ? { typeArguments: own } : {}) }, name, steps + 1);
  const member = ownMember(declared.members, name, declared, own);
  if (member) return member;
  // The types it extends, as written (`interface Input extends Base { ... }`, `class OpenAI extends BaseLLM`).
  for (const heritage of declared.heritageClauses ?? []) {
    for (const base of heritage.types) {
      if (!ts.isIdentifier(base.expression)) continue;
      const found = memberOf(evaluator, { type: ts.factory.createTypeReferenceNode(base.expression.text), from: declared }, name, steps + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Members of the standard utility types, when the name is not a type of the project: `Record<K, V>` has every
 * member of type V (a synthetic property signature), `Partial<T>`, `Readonly<T>`, `Required<T>` have T's.
 */
function utilityMember(evaluator: Evaluator, type: ts.TypeReferenceNode, typeName: string, at: TypeAt, name: string, steps: number): MemberAt | undefined {
  const [first, second] = type.typeArguments ?? [];
  const typeArguments = at.typeArguments ? { typeArguments: at.typeArguments } : {};
  if (typeName === "Record" && second) return { member: ts.factory.createPropertySignature(undefined, name, undefined, second), from: at.from, ...typeArguments };
  if ((typeName === "Partial" || typeName === "Readonly" || typeName === "Required") && first) return memberOf(evaluator, { type: first, from: at.from, ...typeArguments }, name, steps + 1);
  return undefined;
}

function ownMember(members: ts.NodeArray<ts.TypeElement | ts.ClassElement>, name: string, from: ts.Node, typeArguments: ReadonlyMap<string, TypeAt> | undefined): MemberAt | undefined {
  const member = members.find((candidate) => candidate.name !== undefined && memberName(candidate.name) === name);
  return member && { member, from, ...(typeArguments ? { typeArguments } : {}) };
}

/** What a generic declaration's type parameters stand for in a reference to it (`ConfigResult<ContinueConfig>`), read where the reference is written. */
function typeArgumentsOf(declared: ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.ClassDeclaration, reference: ts.TypeReferenceNode, at: TypeAt): ReadonlyMap<string, TypeAt> | undefined {
  const parameters = declared.typeParameters;
  const written = reference.typeArguments;
  if (!parameters || !written) return undefined;
  const found = new Map<string, TypeAt>();
  parameters.forEach((parameter, index) => {
    const type = written[index];
    if (type) found.set(parameter.name.text, { type, from: at.from, ...(at.typeArguments ? { typeArguments: at.typeArguments } : {}) });
  });
  return found;
}

/**
 * A type with what does not change its members taken off: parentheses, `null` and `undefined` beside one
 * other type, and a type parameter replaced by what it stands for.
 */
export function concrete(at: TypeAt): TypeAt {
  let current = at;
  for (let step = 0; step <= MAX_STEPS; step++) {
    const type = current.type;
    if (ts.isParenthesizedTypeNode(type)) current = { ...current, type: type.type };
    else if (ts.isUnionTypeNode(type)) {
      const present = type.types.filter((member) => !isNullishType(member));
      if (present.length !== 1) return current;
      current = { ...current, type: present[0]! };
    } else if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && !type.typeArguments && current.typeArguments?.has(type.typeName.text)) current = current.typeArguments.get(type.typeName.text)!;
    else return current;
  }
  return current;
}

/** `undefined` or `null` as a type. */
export function isNullishType(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.UndefinedKeyword) return true;
  return ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword;
}

type NamedType = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.ClassDeclaration;

/**
 * The project interface, type alias or class a type name refers to: in the same file, or in the project file
 * it is imported from (by name or as its default export), through the re-exports of a package's index.
 */
function namedType(evaluator: Evaluator, name: string, from: ts.Node): NamedType | undefined {
  const declaration = findDeclaration(name, from);
  if (declaration?.kind === "class") return declaration.node as ts.ClassDeclaration;
  if (declaration === undefined) return typeDeclaredIn(from.getSourceFile(), name);
  if (declaration.kind !== "import" || !ts.isStringLiteral(declaration.node.moduleSpecifier) || declaration.importedName === null) return undefined;
  const specifier = declaration.node.moduleSpecifier.text;
  if (!isRelative(specifier) && evaluator.symbolicPackages.has(packageRoot(specifier))) return undefined;
  const resolved = evaluator.workspace.resolver.resolve(from.getSourceFile().fileName, specifier);
  if (!resolved || resolved.includes("node_modules")) return undefined;
  const file = evaluator.workspace.getParsedFile(resolved);
  if (!file) return undefined;
  const importedName = declaration.importedName === "default" ? defaultExportName(file.sourceFile) : declaration.importedName;
  if (importedName === undefined) return undefined;
  const declaring = declaringFile(evaluator, resolved, importedName);
  const declaringSource = declaring && evaluator.workspace.getParsedFile(declaring.path)?.sourceFile;
  return declaringSource && typeDeclaredIn(declaringSource, declaring.name);
}

function typeDeclaredIn(sourceFile: ts.SourceFile, name: string): NamedType | undefined {
  return sourceFile.statements.find((statement): statement is NamedType => (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name);
}

/** The local name a file's default export has: `export default BaseLLM`, `export default abstract class BaseLLM`, `export default interface Model`. */
export function defaultExportName(sourceFile: ts.SourceFile): string | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) return statement.expression.text;
    if ((ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name) {
      const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
      if (modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)) return statement.name.text;
    }
  }
  return undefined;
}

/**
 * A member read the analysis could not follow by value, taken at its declared type when that type is a
 * project class or interface (its implementations) or a class of an SDK package (a client): `input.llm`
 * with `input: ClassifierInput` and `ClassifierInput = { llm: BaseLLM<any> }`. Any other type leaves the
 * read unknown, as it was.
 */
export function typedMember(evaluator: Evaluator, access: ts.PropertyAccessExpression, scope: EvalScope, object: Value): Value | undefined {
  // A variable written without a type holding a value the analysis knows (`null` from a factory that only
  // returns null) is that value: its initializer's declared type does not stand for it.
  const holder = access.expression;
  if (ts.isIdentifier(holder) && !isUnfollowed(evaluator, object)) {
    const declaration = findDeclaration(holder.text, holder);
    if (declaration?.kind === "variable" && !declaration.node.type) return undefined;
  }
  const declared = declaredTypeOf(evaluator, access);
  return declared && typedValue(evaluator, declared, scope);
}

/** What a declared type stands for when a value cannot be followed: the implementations of a project type, or an SDK client; otherwise nothing. */
export function typedValue(evaluator: Evaluator, declared: TypeAt, scope: EvalScope): Value | undefined {
  const { type, from } = declared.typeArguments ? concrete(declared) : declared;
  const value = valueFromTypeNode(evaluator, type, from, scope);
  if (!value) return undefined;
  const alternatives = eachAlternative(value) ?? [value];
  return alternatives.every((alternative) => alternative.kind === "instance" || (alternative.kind === "external" && evaluator.symbolicPackages.has(alternative.module))) ? value : undefined;
}

/**
 * The file that declares a type or class a module exports, and its name there: the module itself, or the
 * file it re-exports the name from (`export type { BaseLlmApi } from "./apis/base.js"`, `export *`), a few
 * re-exports deep (a workspace package's index).
 */
export function declaringFile(evaluator: Evaluator, path: string, name: string, depth = 0): { path: string; name: string } | undefined {
  const file = evaluator.workspace.getParsedFile(path);
  if (!file) return undefined;
  const declares = file.sourceFile.statements.some((statement) => (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name?.text === name);
  if (declares || depth >= 4) return declares ? { path, name } : undefined;
  for (const statement of file.sourceFile.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    let from: string | undefined;
    if (!statement.exportClause) from = name;
    else if (ts.isNamedExports(statement.exportClause)) from = statement.exportClause.elements.find((element) => element.name.text === name)?.propertyName?.text ?? (statement.exportClause.elements.some((element) => element.name.text === name) ? name : undefined);
    if (from === undefined) continue;
    const target = evaluator.workspace.resolver.resolve(path, statement.moduleSpecifier.text);
    if (!target || target.includes("node_modules")) continue;
    if (!statement.exportClause && !textOfMayExport(evaluator, target, name)) continue;
    const found = declaringFile(evaluator, target, from, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * A value the analysis could not follow to anything that matters for a request: unknown, or read from a
 * package no adapter knows (a config library's result type): a declared type may say more. A model a
 * provider package made (`openai("o3-mini")` of @ai-sdk/openai) is followed: the AI SDK adapter reads it.
 */
export function isUnfollowed(evaluator: Evaluator, value: Value): boolean {
  return value.kind === "unknown" || (value.kind === "external" && !value.alternatives && !evaluator.symbolicPackages.has(packageRoot(value.module)) && !isModelPackage(value.module));
}
