// The document's own wrapper-index entry (its wrapper functions, their request sites, factories, exports),
// kept from one keystroke to the next: recomputing it re-reads every request site of every local wrapper,
// most of a keystroke's work in a file of wrappers. It is kept when the edit is inside a string literal its
// computation did not read, or between tokens, and the file's text says the same to the text tests the
// computation makes (whether it names a request method or an SDK function under another name, the
// interfaces it reaches, a configured wrapper: a comment can say any of these); its nodes are then
// those of the new tree at the moved offsets.
import type { CallRecogniser } from "../core/providers/recognise.ts";
import { implementationTypesReached, mayRequest, namesConfiguredWrapper, requestNameAliases } from "../core/providers/text-prefilter.ts";
import { wrapperIndexOf, type FileWrappers } from "../core/providers/wrapper-index.ts";
import { ts } from "../core/ts.ts";
import type { ParsedFile, Workspace } from "../core/workspace/workspace.ts";
import type { LiteralEdit } from "./literal-edit.ts";
import { readsTouch, type LiteralReads } from "./literal-reads.ts";
import { movedReads, moveOffset } from "./shift-calls.ts";

interface NodeKey {
  start: number;
  end: number;
  kind: ts.SyntaxKind;
}

/** An entry as computed for one version, its nodes' places in that version, and what computing it read. */
export interface EntryRecord {
  wrappers: FileWrappers;
  keys: Map<ts.Node, NodeKey>;
  reads: LiteralReads;
  /** The text tests' answers for that version's text. */
  textTests: string;
}

/** The answers of the text tests the entry's computation makes, for this text (a recogniser of this analysis: it keeps them per path). */
export function textTestsOf(recogniser: CallRecogniser, filePath: string, text: string): string {
  return JSON.stringify([mayRequest(recogniser, filePath, text), implementationTypesReached(recogniser, filePath, text), namesConfiguredWrapper(recogniser, text), requestNameAliases(text)]);
}

/** Notes the places of the entry's nodes now, before the next parse moves them. */
export function entryRecord(wrappers: FileWrappers, reads: LiteralReads, textTests: string): EntryRecord {
  const keys = new Map<ts.Node, NodeKey>();
  const note = (node: ts.Node) => keys.set(node, { start: node.getStart(), end: node.end, kind: node.kind });
  for (const [node, wrapper] of wrappers.functions) {
    note(node);
    for (const site of wrapper.sites) note(site);
    for (const site of wrapper.levels?.keys() ?? []) note(site);
  }
  for (const node of wrappers.factories.keys()) note(node);
  for (const [declaration, node] of wrappers.bound) {
    note(declaration);
    note(node);
  }
  return { wrappers, keys, reads, textTests };
}

/**
 * Puts the previous version's entry, on the new tree's nodes, into the workspace's wrapper index for the
 * new version; the reads it stands on, moved. Undefined (and nothing put) when it may differ.
 */
export function keepEntry(previous: EntryRecord, edit: LiteralEdit, file: ParsedFile, textTests: string, workspace: Workspace): LiteralReads | undefined {
  const old = previous.wrappers;
  if (previous.textTests !== textTests || old.cycle || readsTouch(previous.reads, edit.literalStart, edit.start, edit.oldEnd)) return undefined;
  const moved = (node: ts.Node): ts.Node | undefined => {
    const key = previous.keys.get(node);
    return key ? nodeAt(file.sourceFile, moveOffset(key.start, edit), moveOffset(key.end, edit), key.kind) : undefined;
  };
  try {
    const required = <T extends ts.Node>(node: ts.Node): T => {
      const found = moved(node);
      if (!found) throw new NotFound();
      return found as T;
    };
    const functions: FileWrappers["functions"] = new Map();
    for (const [node, wrapper] of old.functions) {
      const levels = wrapper.levels ? new Map([...wrapper.levels].map(([site, level]) => [required<ts.CallExpression>(site), level])) : undefined;
      functions.set(required(node), { ...wrapper, sites: wrapper.sites.map((site) => required<ts.CallExpression>(site)), ...(levels ? { levels } : {}) });
    }
    const factories: FileWrappers["factories"] = new Map([...old.factories].map(([node, factory]) => [required(node), factory]));
    const bound: FileWrappers["bound"] = new Map([...old.bound].map(([declaration, node]) => [required<ts.VariableDeclaration>(declaration), required(node)]));
    wrapperIndexOf(workspace).set(file.path, { ...old, functions, factories, bound, version: file.version, tree: file.sourceFile });
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
  return movedReads(previous.reads, edit);
}

class NotFound extends Error {}

/** The node of this kind spanning exactly [start, end) (from its first token), found by descending the tree. */
function nodeAt(sourceFile: ts.SourceFile, start: number, end: number, kind: ts.SyntaxKind): ts.Node | undefined {
  let node: ts.Node | undefined = sourceFile;
  while (node) {
    if (node.kind === kind && node.end === end && node.getStart() === start) return node;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.pos <= start && end <= child.end) next = child;
    });
    node = next;
  }
  return undefined;
}
