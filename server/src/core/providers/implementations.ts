// Interfaces and base classes of the project: a field typed `engine: Engine` stands for every class of the
// project that implements (or extends) Engine and makes requests. Found from texts first: one pass over the
// project files that name a request method and reach an SDK lists the types their classes implement.
import { declaringFile, defaultExportName } from "../resolve/declared-types.ts";
import { findDeclaration } from "../resolve/scope.ts";
import { ts } from "../ts.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import type { CallRecogniser } from "./recognise.ts";
import { keptHeritageIndex, type HeritageIndex } from "./heritage-index.ts";
import { isRequire } from "./instance-factories.ts";
import { BUILT_IN_OBJECTS } from "./request-calls.ts";

/**
 * Type name -> the project files (sorted) with a class that implements or extends a type of that name:
 * `all` of them (a decorator delegating to another implementation makes requests through it), and those
 * that `request` (name a request method and reach an SDK, or declare a base class that such a file
 * extends: `interface Model` <- `abstract class BaseModel` <- `class OpenAiModel`), which decide the
 * callee names. Kept by the workspace across analyses (heritage-index.ts); one per recogniser.
 */
export function heritageIndex(recogniser: CallRecogniser): HeritageIndex {
  recogniser.heritage ??= keptHeritageIndex(recogniser);
  return recogniser.heritage;
}

/** The project classes that implement or extend the type `name` declared in `declaredIn`, each with its file. */
export function implementationsOf(recogniser: CallRecogniser, name: string, declaredIn: string): { file: ParsedFile; node: ts.ClassLikeDeclaration }[] {
  const files = heritageIndex(recogniser).all.get(name);
  if (!files) return [];
  const workspace = recogniser.evaluator.workspace;
  const found: { file: ParsedFile; node: ts.ClassLikeDeclaration }[] = [];
  for (const path of files) {
    const file = workspace.getParsedFile(path);
    if (!file) continue;
    for (const statement of file.sourceFile.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.heritageClauses) continue;
      const names = statement.heritageClauses.flatMap((clause) => clause.types.flatMap(heritageNames));
      if (names.some((expression) => expression.text === name && declaredAt(recogniser, file, expression) === declaredIn)) found.push({ file, node: statement });
    }
  }
  return found;
}

/**
 * The method names of the classes implementing a type that may make requests: the callee names a call
 * through the type can have. Read from the parsed classes, not from the wrapper index, so naming a type
 * never makes one file's index wait on another's (implementations and their users import each other).
 */
export function implementationMembers(recogniser: CallRecogniser, name: string): Set<string> {
  // Asked of every file naming the type, for each of its types (gemini-cli: 1.3 s of a run made again).
  const known = recogniser.implementationMembers.get(name);
  if (known) return known;
  // A base class's own methods too: its `sendMessage` calls the `sendCompletion` the subclasses override.
  const members = new Set<string>(baseClassMembers(recogniser, name));
  recogniser.implementationMembers.set(name, members);
  for (const path of heritageIndex(recogniser).request.get(name) ?? []) {
    const file = recogniser.evaluator.workspace.getParsedFile(path);
    if (!file) continue;
    for (const statement of file.sourceFile.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.heritageClauses?.some((clause) => clause.types.some((type) => heritageNames(type).some((identifier) => identifier.text === name)))) continue;
      for (const member of statement.members) {
        if (ts.isMethodDeclaration(member) && member.body && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) members.add(member.name.text.replace(/^#/, ""));
      }
    }
  }
  return members;
}

/** The class or interface a heritage clause names (`Base`); none for a mixin call (`InheritMultiple([Provider, UnTooled])`). */
function heritageNames(type: ts.ExpressionWithTypeArguments): ts.Identifier[] {
  return ts.isIdentifier(type.expression) ? [type.expression] : [];
}

/** The file a type name used in `file` is declared in: its own, or the project file it is imported from. */
function declaredAt(recogniser: CallRecogniser, file: ParsedFile, reference: ts.Identifier): string | undefined {
  const declaration = findDeclaration(reference.text, reference);
  if (!declaration) return file.path;
  if (declaration.kind === "variable") return requiredFrom(recogniser, file, declaration) ?? file.path;
  if (declaration.kind !== "import" || !ts.isStringLiteral(declaration.node.moduleSpecifier)) return file.path;
  const resolved = recogniser.evaluator.workspace.resolver.resolve(file.path, declaration.node.moduleSpecifier.text);
  // Imported from a package's index that re-exports it (`implements Model` from "@openai/agents-core"): where it is declared.
  if (resolved === undefined || resolved.includes("node_modules") || declaration.importedName === null) return resolved;
  const parsed = declaration.importedName === "default" ? recogniser.evaluator.workspace.getParsedFile(resolved) : undefined;
  const name = declaration.importedName === "default" ? (parsed && defaultExportName(parsed.sourceFile)) : declaration.importedName;
  return (name !== undefined ? declaringFile(recogniser.evaluator, resolved, name)?.path : undefined) ?? resolved;
}

/**
 * Where a class required by name is declared (`const BaseClient = require("./BaseClient")`, `const {
 * BaseClient } = require("./clients")`): the file `module.exports = BaseClient` is written in, or the file
 * declaring the name the required module exports. Undefined for a variable that is no `require` of a file.
 */
function requiredFrom(recogniser: CallRecogniser, file: ParsedFile, declaration: { node: ts.VariableDeclaration; path: readonly { kind: string }[] }): string | undefined {
  const initializer = declaration.node.initializer;
  if (!isRequire(initializer) || declaration.path.length > 1) return undefined;
  const argument = (initializer as ts.CallExpression).arguments[0];
  if (!argument || !ts.isStringLiteralLike(argument)) return undefined;
  const resolved = recogniser.evaluator.workspace.resolver.resolve(file.path, argument.text);
  if (resolved === undefined || resolved.includes("node_modules")) return resolved;
  const step = declaration.path[0] as { kind: string; name?: string } | undefined;
  const name = step?.kind === "property" ? step.name : undefined;
  return (name !== undefined ? declaringFile(recogniser.evaluator, resolved, name)?.path : undefined) ?? resolved;
}

/** The types of the heritage index a text names (whole words), in the index's order. */
export function heritageTypesNamed(recogniser: CallRecogniser, text: string): string[] {
  const pattern = heritagePattern(recogniser);
  if (!pattern) return [];
  const found = new Set<string>();
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) found.add(match[0]);
  return [...found];
}

/** heritageTypesNamed of a file's text, kept with the index while the text is the same (the editor asks it of the same files at every keystroke). */
export function heritageTypesNamedIn(recogniser: CallRecogniser, filePath: string, text: string): string[] {
  const index = heritageIndex(recogniser);
  index.typesNamed ??= new Map();
  const known = index.typesNamed.get(filePath);
  if (known?.text === text) return known.types;
  const types = heritageTypesNamed(recogniser, text);
  index.typesNamed.set(filePath, { text, types });
  return types;
}

/** One pattern naming every requesting type of the heritage index, to test a text at once; null when there is none. */
export function heritagePattern(recogniser: CallRecogniser): RegExp | null {
  const index = heritageIndex(recogniser);
  if (index.pattern === undefined) {
    const names = [...index.request.keys()].map((name) => name.replace(/[$]/g, "\\$"));
    index.pattern = names.length > 0 ? new RegExp(`\\b(?:${names.join("|")})\\b`, "g") : null;
  }
  return index.pattern;
}

/**
 * JavaScript, where a parameter or a value a function makes from one has no declared type: the requesting
 * types of the heritage index whose methods the text calls by name (`client.sendMessage(`, `client
 * .titleConvo(`), as a typed binding would name them. Which class it is, the call site passes.
 */
export function typesCalledUntyped(recogniser: CallRecogniser, text: string): string[] {
  if (recogniser.untypedCalls === undefined) {
    const shared = recogniser.evaluator.sharedWork;
    recogniser.untypedCalls = shared ? shared.measure("classes", () => untypedCallPattern(recogniser)) : untypedCallPattern(recogniser);
  }
  const calls = recogniser.untypedCalls;
  if (!calls) return [];
  const found = new Set<string>();
  calls.pattern.lastIndex = 0;
  for (let match = calls.pattern.exec(text); match; match = calls.pattern.exec(text)) for (const typeName of calls.types.get(match[1]!) ?? []) found.add(typeName);
  return [...found];
}

/**
 * One pattern for a call of any member of the classes implementing a requesting type, and the types each
 * member name stands for. Not on one of JavaScript's own objects: `console.log(...)` is no call of an agent
 * provider's `log` (on Mintplex-Labs/anything-llm 72aabbd, 273 files matched a `.log(`; without `console.log(`
 * a cold run makes 878 wrapper index entries instead of 1,004).
 */
function untypedCallPattern(recogniser: CallRecogniser): { pattern: RegExp; types: Map<string, string[]> } | null {
  const types = new Map<string, string[]>();
  for (const typeName of heritageIndex(recogniser).request.keys()) {
    for (const member of implementationMembers(recogniser, typeName)) {
      const known = types.get(member) ?? [];
      if (!known.includes(typeName)) types.set(member, [...known, typeName]);
    }
  }
  const names = [...types.keys()].map((name) => name.replace(/[$]/g, "\\$"));
  return names.length > 0 ? { pattern: new RegExp(`(?<!\\b(?:${BUILT_IN_OBJECTS.join("|")})\\s*)\\.\\s*(${names.join("|")})\\s*\\(`, "g"), types } : null;
}

/** The methods a project base class named `name` declares itself, found from the classes of the heritage index that extend it. */
function baseClassMembers(recogniser: CallRecogniser, name: string): Set<string> {
  const known = recogniser.baseMembers.get(name);
  if (known) return known;
  const members = new Set<string>();
  recogniser.baseMembers.set(name, members);
  const workspace = recogniser.evaluator.workspace;
  const declaringFiles = new Set<string>();
  for (const path of heritageIndex(recogniser).request.get(name) ?? []) {
    const file = workspace.getParsedFile(path);
    if (!file) continue;
    for (const statement of file.sourceFile.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.heritageClauses) continue;
      for (const identifier of statement.heritageClauses.flatMap((clause) => clause.types.flatMap(heritageNames))) {
        if (identifier.text !== name) continue;
        const declaredIn = declaredAt(recogniser, file, identifier);
        if (declaredIn !== undefined && !declaredIn.includes("node_modules")) declaringFiles.add(declaredIn);
      }
    }
  }
  for (const path of declaringFiles) {
    const file = workspace.getParsedFile(path);
    const base = file?.sourceFile.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === name);
    for (const member of base?.members ?? []) {
      if (ts.isMethodDeclaration(member) && member.body && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) members.add(member.name.text.replace(/^#/, ""));
    }
  }
  return members;
}
