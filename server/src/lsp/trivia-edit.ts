// An edit that changes no token: typed or deleted in whitespace between tokens or inside a comment, in both
// versions, with the tokens before and after it the same. The analysis reads tokens (and, of comments, only
// `// promptcost:` annotations and disable directives, which an edit mentioning `promptcost` is left to a
// full analysis for), so every call keeps its requests, moved by the edit's length, unless it read the
// source text around the edit (`getText()`, recorded like literal reads).
import { ts } from "../core/ts.ts";
import type { LiteralEdit, TextChange } from "./literal-edit.ts";

const LINE_BREAKS = /[\n\r\u2028\u2029]/;
const ANNOTATION_PREFIX = /promptcost/i;
/** Tokens whose start depends on more than the text before them (a template's continuation, a regex, JSX text). */
const CONTEXTUAL_TOKENS = new Set([ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail, ts.SyntaxKind.RegularExpressionLiteral, ts.SyntaxKind.JsxText, ts.SyntaxKind.JsxTextAllWhiteSpaces]);

/**
 * The change as an edit between tokens, when it is one: in the new tree it lies in the trivia before one
 * token (after the end of the one before it), and scanning both texts from the end of that earlier token
 * finds the same next token at the same place (moved by the edit), past the change in both. `literalStart`
 * is -1: no literal's content changed.
 */
export function triviaEdit(change: TextChange, before: string, after: string, tree: ts.SourceFile): LiteralEdit | undefined {
  const token = tokenHolding(tree, change.start, change.newEnd);
  if (!token || CONTEXTUAL_TOKENS.has(token.kind)) return undefined;
  const from = token.pos;
  // The token before ends at `from` in the old text too: the text up to the change is the same, and what
  // follows that token there (whitespace, a comment's start) ends any token.
  if (from >= change.start || !endsToken(after, from, change.start)) return undefined;
  const old = nextToken(before, from);
  const now = nextToken(after, from);
  if (old.kind !== now.kind || old.start < change.oldEnd || now.start < change.newEnd || now.start !== old.start + change.delta || now.end !== old.end + change.delta) return undefined;
  if (now.start !== token.getStart(tree)) return undefined;
  // Annotations and directives live in comments: an edit of one, or near one, changes what the analysis reads.
  if (ANNOTATION_PREFIX.test(before.slice(from, old.start)) || ANNOTATION_PREFIX.test(after.slice(from, now.start))) return undefined;
  const lineBreaks = LINE_BREAKS.test(before.slice(change.start, change.oldEnd)) || LINE_BREAKS.test(after.slice(change.start, change.newEnd));
  // Annotations are read by line (the line above a call or a loop): none may be in a file whose lines move.
  if (lineBreaks && (ANNOTATION_PREFIX.test(before) || ANNOTATION_PREFIX.test(after))) return undefined;
  return { ...change, literalStart: -1, lineBreaks };
}

/** The token (leaf of the tree, JSDoc left out) whose full span, leading trivia included, holds [start, end). */
function tokenHolding(tree: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let node: ts.Node = tree;
  for (;;) {
    const children = node.getChildren(tree).filter((child) => !isJsDoc(child));
    if (children.length === 0) return node === tree ? undefined : node;
    const holding = children.find((child) => child.pos <= start && start < child.end && end <= child.end);
    if (!holding) return undefined;
    node = holding;
  }
}

function isJsDoc(node: ts.Node): boolean {
  return node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode;
}

/** Whether the text at `at` (before `limit`, where the two versions still agree) is whitespace or a comment's start. */
function endsToken(text: string, at: number, limit: number): boolean {
  const character = text[at]!;
  if (/\s/.test(character)) return true;
  return character === "/" && at + 1 < limit && (text[at + 1] === "/" || text[at + 1] === "*");
}

function nextToken(text: string, from: number): { kind: ts.SyntaxKind; start: number; end: number } {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  scanner.resetTokenState(from);
  const kind = scanner.scan();
  return { kind, start: scanner.getTokenStart(), end: scanner.getTokenEnd() };
}
