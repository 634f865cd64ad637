// Which imports of a file can bring a wrapper into it. A name the file uses as a value can; so can a class
// it uses as a type (`private docs: Docs` stands for an instance, whose wrapper methods the module exports);
// an interface or type alias used only in types cannot (the classes implementing an interface are found by
// the heritage index, from text). Such an import is not followed by the wrapper index, nor everything its
// module imports: on continue d0a3c0b, `binary/src/IpcIde.ts` (8 lines) took 2.8 s because `messageIde.ts`
// imports two protocol type aliases from `core/protocol/index.ts`, whose imports reach most of `core`.
import { ts } from "../ts.ts";

/** The identifiers a file writes, as values and in types (a name may be in both). */
export interface NameUses {
  values: Set<string>;
  types: Set<string>;
}

/**
 * Every identifier the file writes outside its imports, split by where: in types (type nodes, interfaces,
 * type aliases, `implements` clauses, type-only exports) or elsewhere. An over-approximation of the values
 * (a property name or a declaration's own name counts too); a class's `extends` and an instantiation
 * expression (`makeClient<Options>`) are values, their type arguments types.
 */
export function nameUses(sourceFile: ts.SourceFile): NameUses {
  // Asked each time the file's wrapper index entry is made: an import cycle's members are made again round
  // after round (gemini-cli 5411f11: four rounds of ~200 files).
  const known = usesByTree.get(sourceFile);
  if (known) return known;
  const uses = readNameUses(sourceFile);
  usesByTree.set(sourceFile, uses);
  return uses;
}

/** nameUses' answers, by tree: a tree is never changed, an edit makes a new one. Callers never change what it returns. */
const usesByTree = new WeakMap<ts.SourceFile, NameUses>();

function readNameUses(sourceFile: ts.SourceFile): NameUses {
  const uses: NameUses = { values: new Set(), types: new Set() };
  const visit = (node: ts.Node, inType: boolean): void => {
    if (ts.isIdentifier(node)) {
      (inType ? uses.types : uses.values).add(node.text);
      return;
    }
    if (ts.isImportDeclaration(node)) return;
    const typeOnly =
      inType ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ((ts.isExportDeclaration(node) || ts.isExportSpecifier(node)) && node.isTypeOnly) ||
      (ts.isHeritageClause(node) && (node.token === ts.SyntaxKind.ImplementsKeyword || !ts.isClassLike(node.parent))) ||
      (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node));
    ts.forEachChild(node, (child) => visit(child, typeOnly));
  };
  visit(sourceFile, false);
  return uses;
}

/**
 * Whether an import declaration may bring in a wrapper: it names something the file uses as a value, a
 * namespace the file uses, or a name the file uses in types that the target's text does not declare as an
 * interface or type alias alone (`targetText` undefined: not known, so followed).
 */
export function importsWrapperSource(statement: ts.ImportDeclaration, uses: () => NameUses, targetText: () => string | undefined): boolean {
  // `import type { BaseLlmClient }` for a parameter typed with the class (`route(client: BaseLlmClient)`):
  // its methods are callee names as for a value import used only in types; an interface brings none.
  const clause = statement.importClause;
  if (!clause) return false;
  const used = (local: string, imported: string | undefined): boolean => {
    if (uses().values.has(local)) return true;
    if (!uses().types.has(local)) return false;
    const text = imported === undefined ? undefined : targetText();
    return text === undefined || !declaresTypeOnly(text, imported!);
  };
  if (clause.name && used(clause.name.text, undefined)) return true;
  const bindings = clause.namedBindings;
  if (!bindings) return false;
  if (ts.isNamespaceImport(bindings)) return used(bindings.name.text, undefined);
  return bindings.elements.some((element) => used(element.name.text, (element.propertyName ?? element.name).text));
}

/** Whether a module's text declares `name` as an interface or type alias and as nothing that exists at run time. */
export function declaresTypeOnly(text: string, name: string): boolean {
  if (!/^[\w$]+$/.test(name)) return false;
  const escaped = name.replace(/\$/g, "\\$");
  if (!new RegExp(`\\b(?:interface|type)\\s+${escaped}\\b`).test(text)) return false;
  return !new RegExp(`\\b(?:class|enum|const|let|var|namespace|module)\\s+${escaped}\\b|\\bfunction\\s*\\*?\\s*${escaped}\\b`).test(text);
}
