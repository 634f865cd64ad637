import type { Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { OffsetRange } from "../core/types.ts";

/** Offsets of the analysed text to an LSP range (UTF-16 positions, LSP line breaks) of the same text. */
export function toRange(snapshot: TextDocument, offsets: OffsetRange): Range {
  return { start: snapshot.positionAt(offsets.start), end: snapshot.positionAt(offsets.end) };
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Whether two ranges share at least a position (an empty range touching another counts). */
export function rangesTouch(a: Range, b: Range): boolean {
  const before = (x: Range["start"], y: Range["start"]): boolean => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
