// An edit between two versions of a document, found by comparing the texts, and whether it lies inside the
// content of one string literal in both versions (the edit whose effect can be traced through literal reads).
import { ts } from "../core/ts.ts";

/** One contiguous change: [start, oldEnd) of the old text became [start, newEnd) of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
  /** newEnd - oldEnd: how far everything after the change moved. */
  delta: number;
}

/** The smallest single change turning `before` into `after` (common prefix and suffix kept); undefined when equal. */
export function changeBetween(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < shortest - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix, delta: after.length - before.length };
}

/** A change inside one literal's content: the literal's start (the same in both versions) and its kind. */
export interface LiteralEdit extends TextChange {
  /** -1 for a change between tokens (trivia-edit.ts). */
  literalStart: number;
  /** A line break was typed or removed: lines after the edit move. */
  lineBreaks: boolean;
}

const LITERAL_KINDS = new Set([ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail]);
/** Where a literal's text names a module or declares a name: a keystroke there changes more than values read. */
const NAMING_PARENTS = new Set([
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.ImportSpecifier,
  ts.SyntaxKind.ExportSpecifier,
  ts.SyntaxKind.ExternalModuleReference,
  ts.SyntaxKind.ModuleDeclaration,
  ts.SyntaxKind.EnumMember,
  ts.SyntaxKind.ImportType,
  ts.SyntaxKind.LiteralType,
  ts.SyntaxKind.ImportAttribute,
]);
const LINE_BREAKS = /[\n\r\u2028\u2029]/;

/** A literal token of a version, kept with the analysis: the incremental parser moves the old tree's nodes. */
export interface LiteralSpan {
  start: number;
  end: number;
  kind: ts.SyntaxKind;
  /** Content starts at start + open and ends at end - close. */
  open: number;
  close: number;
  /** Names a module, an import or export, a member or a declared name, or holds the annotation prefix. */
  excluded: boolean;
  /** A line the literal is on mentions the annotation prefix: line breaks typed in it could move an annotation. */
  linesMention: boolean;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end === -1 ? text.length : end;
}

/** Every string and template literal token of a tree, in source order. */
export function literalSpans(sourceFile: ts.SourceFile): LiteralSpan[] {
  const spans: LiteralSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (LITERAL_KINDS.has(node.kind)) {
      const [open, close] = delimiters(node.kind);
      const start = node.getStart();
      const text = sourceFile.text;
      const lines = text.slice(text.lastIndexOf("\n", start) + 1, lineEnd(text, node.end));
      spans.push({ start, end: node.end, kind: node.kind, open, close, excluded: namesSomething(node) || /promptcost/i.test(node.getText()), linesMention: /promptcost/i.test(lines) });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return spans;
}

/**
 * The change as an edit of one literal's content, when it is one in both versions: the same kind of literal
 * token at the same start, the change strictly between its delimiters, and the literal does not name a
 * module, an import, an export or a declared member. The annotation comment prefix (`promptcost`) in either
 * literal is left to a full analysis too, and so is a line break typed or removed on lines that mention it.
 */
export function literalEdit(change: TextChange, before: { text: string; literals: readonly LiteralSpan[] }, after: { text: string; literals: readonly LiteralSpan[] }): LiteralEdit | undefined {
  const old = literalAround(before.literals, change.start, change.oldEnd);
  const now = literalAround(after.literals, change.start, change.newEnd);
  if (!old || !now || old.excluded || now.excluded || old.kind !== now.kind || old.start !== now.start || now.end !== old.end + change.delta) return undefined;
  const lineBreaks = LINE_BREAKS.test(before.text.slice(change.start, change.oldEnd)) || LINE_BREAKS.test(after.text.slice(change.start, change.newEnd));
  // Annotations are read by line (the line above a call or a loop): none may be near the lines that move.
  if (lineBreaks && (old.linesMention || now.linesMention)) return undefined;
  return { ...change, literalStart: old.start, lineBreaks };
}

/** The literal whose content (between its delimiters) holds [start, end). */
function literalAround(literals: readonly LiteralSpan[], start: number, end: number): LiteralSpan | undefined {
  let low = 0;
  let high = literals.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const literal = literals[middle]!;
    if (literal.end <= start) low = middle + 1;
    else if (literal.start > start) high = middle - 1;
    else return literal.start + literal.open <= start && end <= literal.end - literal.close ? literal : undefined;
  }
  return undefined;
}

/** Characters before and after a literal's content: `"`/`'`, `` ` ``, `${` and `}`. */
function delimiters(kind: ts.SyntaxKind): [number, number] {
  switch (kind) {
    case ts.SyntaxKind.TemplateHead:
      return [1, 2];
    case ts.SyntaxKind.TemplateMiddle:
      return [1, 2];
    case ts.SyntaxKind.TemplateTail:
      return [1, 1];
    default:
      return [1, 1];
  }
}

function namesSomething(literal: ts.Node): boolean {
  const parent = literal.parent;
  if (!parent) return true;
  if (NAMING_PARENTS.has(parent.kind)) return true;
  // A literal used as a name: a property, method or class member name (`{ "model": ... }`), a computed name.
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isMethodSignature(parent)) && parent.name === literal) return true;
  if (ts.isBindingElement(parent) && (parent.name === literal || parent.propertyName === literal)) return true;
  if (ts.isComputedPropertyName(parent)) return true;
  // `require("x")`, `import("x")`, `vi.mock("x")`, `jest.mock("x")`: module names.
  if (ts.isCallExpression(parent) && parent.arguments[0] === literal) {
    const callee = parent.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
    if (/^(require|mock|doMock|unmock|requireActual|importActual|importMock|resolve)$/.test(name)) return true;
  }
  return false;
}
