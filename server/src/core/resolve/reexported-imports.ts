// A type a project package hands on from a package it depends on: `import { BaseChatModel } from
// "@langchain/core/language_models/chat_models"; export { BaseChatModel };` in a monorepo's providers package, so
// `model: BaseChatModel` imported from "@acme/providers" in the app is LangChain's base type, as if imported from
// LangChain. Followed through the project's own re-exports (`export * from "./llm"`), never into node_modules.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { isRelative, textOfMayExport } from "./modules.ts";

/** Where a name a project file exports comes from when that is another package: its specifier and the name it has there. */
export interface ReexportedImport {
  module: string;
  importedName: string;
}

const MAX_DEPTH = 4;

/** The package import a project file exports as `name` (directly, or through the files it re-exports), if it is one. */
export function reexportedImport(evaluator: Evaluator, path: string, name: string, depth = 0): ReexportedImport | undefined {
  const file = evaluator.workspace.getParsedFile(path);
  if (!file || depth > MAX_DEPTH) return undefined;
  for (const statement of file.sourceFile.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    const local = exportedAs(statement, name);
    if (specifier === undefined) {
      // `export { BaseChatModel }`: the file's own binding of that name, an import of a package.
      if (local !== undefined) return packageImport(evaluator, file.sourceFile, local, path);
      continue;
    }
    if (local === undefined && statement.exportClause) continue;
    const target = evaluator.workspace.resolver.resolve(path, specifier);
    const projectTarget = target !== undefined && !target.includes("node_modules") && !evaluator.symbolicPackages.has(specifier);
    if (projectTarget) {
      if (local === undefined && !textOfMayExport(evaluator, target, name)) continue;
      const found = reexportedImport(evaluator, target, local ?? name, depth + 1);
      if (found) return found;
      continue;
    }
    // `export { Embeddings } from "@langchain/core/embeddings"`; never `export *` of a package, whose names are not known here.
    if (local !== undefined && !isRelative(specifier)) return { module: specifier, importedName: local };
  }
  return undefined;
}

/** The name a named export declaration takes `name` from (`export { A as name }` -> `A`); undefined when it does not name it (or is `export *`). */
function exportedAs(statement: ts.ExportDeclaration, name: string): string | undefined {
  const clause = statement.exportClause;
  if (!clause || !ts.isNamedExports(clause)) return undefined;
  const element = clause.elements.find((candidate) => candidate.name.text === name);
  return element ? (element.propertyName?.text ?? name) : undefined;
}

/** A name a file imports from a package (not a project file): `import { BaseChatModel } from "@langchain/core/..."`. */
function packageImport(evaluator: Evaluator, sourceFile: ts.SourceFile, local: string, path: string): ReexportedImport | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (!clause) continue;
    let importedName: string | undefined;
    if (clause.name?.text === local) importedName = "default";
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      const element = bindings.elements.find((candidate) => candidate.name.text === local);
      if (element) importedName = element.propertyName?.text ?? local;
    }
    if (importedName === undefined) continue;
    if (isRelative(specifier)) return undefined;
    const target = evaluator.symbolicPackages.has(specifier) ? undefined : evaluator.workspace.resolver.resolve(path, specifier);
    return target !== undefined && !target.includes("node_modules") ? undefined : { module: specifier, importedName };
  }
  return undefined;
}
