// Imports, requires and exports: project files are read and their exports evaluated; packages stay symbolic;
// asset imports (`?raw`, JSON) give their content.
import { pathToFileURL } from "node:url";
import * as path from "node:path";
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import { WorkBudget } from "../work-budget.ts";
import { findDeclaration, type Declaration } from "./scope.ts";
import { staticText, unknown, labelOf, type EvalScope, type ExternalValue, type Value } from "./values.ts";
import { evaluateDeclaration } from "./declarations.ts";
import { getProperty, objectProperty } from "./members.ts";
import { textFact } from "../providers/text-facts.ts";

export function evaluateImportMeta(evaluator: Evaluator, name: string, scope: EvalScope): Value {
  if (name === "dirname") return staticText(path.dirname(scope.file.path));
  if (name === "filename") return staticText(scope.file.path);
  if (name === "url") return staticText(pathToFileURL(scope.file.path).href);
  return unknown(`import.meta.${name}`);
}

export function evaluateRequire(evaluator: Evaluator, node: ts.CallExpression, scope: EvalScope): Value {
  const argument = node.arguments[0];
  if (!argument || !ts.isStringLiteralLike(argument)) return unknown(labelOf(node));
  const required = evaluateModule(evaluator, argument.text, null, scope);
  // `module.exports = Provider` (a class, a function, an instance): what require returns is that value itself.
  if (required.kind !== "namespace") return required;
  const exported = hasModuleExportsAssignment(required.file) ? findCommonJsExport(evaluator, required.file, "default") : undefined;
  return exported && (exported.kind === "class" || exported.kind === "function" || exported.kind === "instance" || exported.kind === "external") ? exported : required;
}

/** Whether a file assigns `module.exports = ...` at its top level (read from the text before evaluating anything). */
function hasModuleExportsAssignment(file: ParsedFile): boolean {
  return /\bmodule\.exports\s*=(?!=)/.test(file.text);
}

export function evaluateImport(evaluator: Evaluator, node: ts.ImportDeclaration, importedName: string | null, scope: EvalScope): Value {
  // Mid-edit code can have `import x from ;` or a non-string specifier.
  if (!ts.isStringLiteral(node.moduleSpecifier)) return unknown(labelOf(node.moduleSpecifier));
  return evaluateModule(evaluator, node.moduleSpecifier.text, importedName, scope);
}

/** An import or require: project files are read and their export evaluated; packages stay symbolic. */
export function evaluateModule(evaluator: Evaluator, specifier: string, importedName: string | null, scope: EvalScope): Value {
  const fromFile = scope.file.path;
  const queryIndex = specifier.indexOf("?");
  const bareSpecifier = queryIndex >= 0 ? specifier.slice(0, queryIndex) : specifier;
  // An SDK stays symbolic even where a tsconfig maps its name to sources (the SDK's own repository).
  const resolved = evaluator.symbolicPackages.has(packageRoot(bareSpecifier)) ? undefined : evaluator.workspace.resolver.resolve(fromFile, bareSpecifier);
  if (!resolved) {
    if (isRelative(specifier)) return unknown(`import ${specifier}`);
    const steps: ExternalValue["steps"] = importedName === null ? [] : [{ kind: "property", name: importedName }];
    return { kind: "external", module: specifier, steps };
  }
  if (queryIndex >= 0 || !/\.[cm]?[jt]sx?$/.test(resolved)) return evaluateAssetImport(evaluator, resolved, specifier, importedName);
  const file = evaluator.workspace.getParsedFile(resolved);
  if (!file) return unknown(`import ${specifier}`);
  if (importedName === null) return { kind: "namespace", file };
  return exportedValue(evaluator, file, importedName);
}

/** `import prompt from "./system.md?raw"` and JSON imports: the file's content. */
export function evaluateAssetImport(evaluator: Evaluator, resolved: string, specifier: string, importedName: string | null): Value {
  const read = evaluator.workspace.readPromptFile(resolved);
  if (!read.ok) return unknown(`import ${specifier}`);
  if (resolved.endsWith(".json") && !specifier.includes("?") && !read.truncated) {
    // A JSON import is data: `config.model` reads a property, JSON.stringify(examples) gives its text.
    const value = parseJson(evaluator, read.text, resolved);
    if (value) return importedName === null || importedName === "default" ? value : getProperty(evaluator, value, importedName);
  }
  if (resolved.endsWith(".json") && importedName !== null) return staticText(read.text, { file: resolved, via: "import" });
  return staticText(read.text, { file: resolved, via: "file", truncated: read.truncated, sizeBytes: read.sizeBytes });
}

/** JSON text as a value (objects and arrays read like literals), or undefined when it does not parse. */
export function parseJson(evaluator: Evaluator, text: string, origin = "inline.json"): Value | undefined {
  if (text.length > 5_000_000) return undefined;
  const json = evaluator.workspace.parseText(`${origin}.ts`, `export default (${text}\n);`);
  const statement = json.sourceFile.statements[0];
  if (json.parseErrors.length > 0 || !statement || !ts.isExportAssignment(statement)) return undefined;
  return evaluator.evaluate(statement.expression, { file: json });
}

/**
 * The value a project file exports under a name, following re-exports. Finding it is work of its own, as a
 * wrapper index entry is: bounded as a file is, and counted neither in the budget of the file or call that
 * asked first nor in any that asks again, so a call's count is the same whether its exports were found
 * before (the CLI's one evaluator per file, and per run) or not (the editor's one evaluator per call).
 */
export function exportedValue(evaluator: Evaluator, file: ParsedFile, name: string): Value {
  evaluator.forgetIfChanged();
  const key = `${file.path}#${file.version}#${name}`;
  const cached = evaluator.exportCache.get(key);
  if (cached) return cached;
  if (evaluator.inProgress.has(file.sourceFile)) return unknown(name);
  evaluator.inProgress.add(file.sourceFile);
  const budget = evaluator.budget;
  evaluator.budget = new WorkBudget(budget.maxSteps, budget.guardMs);
  try {
    const value = findExport(evaluator, file, name);
    evaluator.exportCache.set(key, value);
    return value;
  } finally {
    evaluator.budget = budget;
    evaluator.inProgress.delete(file.sourceFile);
  }
}

export function findExport(evaluator: Evaluator, file: ParsedFile, name: string): Value {
  const scope: EvalScope = { file };
  const statements = file.sourceFile.statements;
  for (const statement of statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        if (element.name.text !== name) continue;
        const localName = (element.propertyName ?? element.name).text;
        if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
          return evaluateModule(evaluator, statement.moduleSpecifier.text, localName, scope);
        }
        const declaration = findDeclaration(localName, statement);
        return declaration ? evaluateDeclaration(evaluator, declaration, localName, scope) : unknown(name);
      }
    }
    if (ts.isExportAssignment(statement) && name === "default") return evaluator.evaluate(statement.expression, scope);
    if (!hasExportModifier(statement)) continue;
    if (name === "default" && hasDefaultModifier(statement) && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))) {
      return ts.isFunctionDeclaration(statement) ? { kind: "function", node: statement, scope } : { kind: "class", node: statement, scope };
    }
    const declaration = findDeclaration(name, statement);
    if (declaration && declarationStatement(declaration) === statement) return evaluateDeclaration(evaluator, declaration, name, scope);
  }
  // CommonJS: module.exports = { ... } or exports.name = ...
  const commonJs = findCommonJsExport(evaluator, file, name);
  if (commonJs) return commonJs;
  // export * from "./other"
  for (const statement of statements) {
    if (ts.isExportDeclaration(statement) && !statement.exportClause && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (!mayGiveThroughExportStar(evaluator, file.path, statement.moduleSpecifier.text, name)) continue;
      const value = evaluateModule(evaluator, statement.moduleSpecifier.text, name, scope);
      if (value.kind !== "unknown") return value;
    }
  }
  return unknown(name);
}

/**
 * Whether `export * from specifier` can give `name`, decided from the module's text where it is a project
 * source file: a module that exports a name names it, unless it passes on another module's exports
 * (`export *`, `module.exports = ...`), or spells it with escapes. A barrel is searched in order for each
 * name asked of it: midday 47d252a's `packages/db/src/queries/index.ts` re-exports 60 modules, and looking up
 * three of its functions parsed 41 of them (1.1 MB) to find names their texts do not hold. The value such a
 * module gives is unknown either way; anything else (a package, an asset, a file that cannot be read) is
 * left to evaluateModule.
 */
export function mayGiveThroughExportStar(evaluator: Evaluator, fromPath: string, specifier: string, name: string): boolean {
  if (name === "default" || specifier.includes("?") || evaluator.symbolicPackages.has(packageRoot(specifier))) return true;
  const resolved = evaluator.workspace.resolver.resolve(fromPath, specifier);
  if (!resolved || !/\.[cm]?[jt]sx?$/.test(resolved)) return true;
  return textOfMayExport(evaluator, resolved, name);
}

/**
 * Whether a project file can export `name`, from its text (textMayExport); true when it cannot be read.
 * Whether it passes on exports is asked of its text once, whatever names are looked for in it.
 */
export function textOfMayExport(evaluator: Evaluator, path: string, name: string): boolean {
  const text = evaluator.workspace.getText(path);
  return text === undefined || namesIdentifier(text, name) || textFact(evaluator.workspace, path, text, "passesOnExports", passesOnExports);
}

/** `export` and `*` with only spaces and comments between. */
const EXPORT_STAR = /\bexport(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*\*/;

/** Whether a module's text can export `name`: it names it, or passes on exports it does not name. */
export function textMayExport(text: string, name: string): boolean {
  return namesIdentifier(text, name) || passesOnExports(text);
}

/** `export *`, `exports` (CommonJS), or an escape that may spell a name: exports the text need not name. */
function passesOnExports(text: string): boolean {
  return namesIdentifier(text, "exports") || text.includes("\\u") || EXPORT_STAR.test(text);
}

/** Whether `name` occurs in a text not as part of a longer ASCII identifier (`$` and `_` are parts). */
function namesIdentifier(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    if (!isIdentifierCode(text.charCodeAt(at - 1)) && !isIdentifierCode(text.charCodeAt(at + name.length))) return true;
  }
  return false;
}

/** An ASCII letter, digit, `_` or `$`; NaN (before or after the text) and other characters are none. */
function isIdentifierCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

export function findCommonJsExport(evaluator: Evaluator, file: ParsedFile, name: string): Value | undefined {
  const scope: EvalScope = { file };
  for (const statement of file.sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
    const { left, right, operatorToken } = statement.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) continue;
    const target = left.expression.getText(file.sourceFile);
    if (target === "module" && left.name.text === "exports") {
      const exported = evaluator.evaluate(right, scope);
      if (name === "default") return exported;
      return exported.kind === "object" ? objectProperty(evaluator, exported, name) : undefined;
    }
    if ((target === "exports" || target === "module.exports") && left.name.text === name) return evaluator.evaluate(right, scope);
  }
  return undefined;
}

/** `import("./llm")`, a module loaded when the code runs. */
export function isDynamicImport(node: ts.CallExpression): boolean {
  return node.expression.kind === ts.SyntaxKind.ImportKeyword;
}

/**
 * What `import("./llm")` gives once settled: the module's namespace, as `import * as llm from "./llm"` does
 * (`await` reads through a promise, so `const { ask } = await import("./llm")` is the module's `ask`).
 */
export function evaluateDynamicImport(evaluator: Evaluator, node: ts.CallExpression, scope: EvalScope): Value {
  const argument = node.arguments[0];
  if (!argument || !ts.isStringLiteralLike(argument)) return unknown(labelOf(node));
  return evaluateModule(evaluator, argument.text, null, scope);
}

/**
 * The `import("./llm")` whose module a parameter receives: the first parameter of the callback handed to its
 * `.then` (`import("./llm").then(({ ask }) => ask(prompt))`).
 */
export function importHandedToCallback(parameter: ts.ParameterDeclaration): ts.CallExpression | undefined {
  const callback = parameter.parent;
  if (!(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || callback.parameters[0] !== parameter) return undefined;
  const then = callback.parent;
  if (!ts.isCallExpression(then) || then.arguments[0] !== callback || !ts.isPropertyAccessExpression(then.expression) || then.expression.name.text !== "then") return undefined;
  let receiver: ts.Expression = then.expression.expression;
  while (ts.isParenthesizedExpression(receiver)) receiver = receiver.expression;
  return ts.isCallExpression(receiver) && isDynamicImport(receiver) ? receiver : undefined;
}

export function isRequireCall(node: ts.CallExpression): boolean {
  return ts.isIdentifier(node.expression) && node.expression.text === "require" && node.arguments.length === 1;
}

export function isImportMeta(node: ts.Expression): boolean {
  return ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword;
}

/** `openai` of `openai/helpers/zod`, `@scope/name` of `@scope/name/sub`. */
export function packageRoot(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

export function isRelative(specifier: string): boolean {
  return specifier.startsWith(".") || specifier.startsWith("/");
}

export function hasExportModifier(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

export function hasDefaultModifier(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
}

export function declarationStatement(declaration: Declaration): ts.Node | undefined {
  if (declaration.kind === "variable") return declaration.node.parent.parent;
  if (declaration.kind === "function" || declaration.kind === "class" || declaration.kind === "enum") return declaration.node;
  return undefined;
}
