// Which imports of a file can bring a wrapper into it: those whose names the file uses as values. A name
// used only in types (`messenger: TODO`, `implements IDE`, `Promise<Protocol[T]>`) runs no code, so the
// wrapper index need not read the module it comes from, nor everything that module imports: on continue
// d0a3c0b, `binary/src/IpcIde.ts` (8 lines) took 2.8 s because `messageIde.ts` imports two protocol types
// from `core/protocol/index.ts`, whose imports reach most of `core`.
import { ts } from "../ts.ts";

/**
 * Every identifier the file writes outside types and imports: an over-approximation of the names it uses as
 * values (a property name or a declaration's own name counts too), so no import is skipped that a value uses.
 * Left out: type nodes, interfaces, type aliases, `implements` clauses, import declarations and type-only
 * exports; a class's `extends` and an instantiation expression (`makeClient<Options>`) are values.
 */
export function valueIdentifiers(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      names.add(node.text);
      return;
    }
    if (ts.isImportDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if ((ts.isExportDeclaration(node) || ts.isExportSpecifier(node)) && node.isTypeOnly) return;
    if (ts.isHeritageClause(node) && (node.token === ts.SyntaxKind.ImplementsKeyword || !ts.isClassLike(node.parent))) return;
    if (ts.isExpressionWithTypeArguments(node)) return visit(node.expression);
    if (ts.isTypeNode(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

/** Whether an import declaration brings in a name the file uses as a value (see valueIdentifiers). */
export function importsValue(statement: ts.ImportDeclaration, values: () => ReadonlySet<string>): boolean {
  const clause = statement.importClause;
  if (!clause || clause.isTypeOnly) return false;
  if (clause.name && values().has(clause.name.text)) return true;
  const bindings = clause.namedBindings;
  if (!bindings) return false;
  if (ts.isNamespaceImport(bindings)) return values().has(bindings.name.text);
  return bindings.elements.some((element) => !element.isTypeOnly && values().has(element.name.text));
}
