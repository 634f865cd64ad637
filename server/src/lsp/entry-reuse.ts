// The document's own wrapper-index entry (its wrapper functions, their request sites, factories, exports),
// kept from one keystroke to the next: recomputing it re-reads every request site of every local wrapper,
// most of a keystroke's work in a file of wrappers. It is kept when the edit is inside a string literal its
// computation did not read, or between tokens, and the file's text says the same to the text tests the
// computation makes (whether it names a request method or an SDK function under another name, the
// interfaces it reaches, a configured wrapper, the facts and project searches of text-answers.ts: a comment
// can say any of these); its nodes are then those of the new tree at the moved offsets. A document in an
// import cycle of entries (an entry it reads reads its own back) keeps the whole cycle's the same way: the
// cycle is made whole while the document's reads are recorded, so what every member read of it is known.
import type { CallRecogniser } from "../core/providers/recognise.ts";
import { implementationTypesReached, mayRequest, namesConfiguredWrapper, requestNameAliases } from "../core/providers/text-prefilter.ts";
import { wrapperIndexOf, type FileWrappers } from "../core/providers/wrapper-index.ts";
import { ts } from "../core/ts.ts";
import type { ParsedFile, Workspace } from "../core/workspace/workspace.ts";
import type { LiteralEdit } from "./literal-edit.ts";
import { readsTouch, type LiteralReads } from "./literal-reads.ts";
import { movedReads, moveOffset } from "./shift-calls.ts";
import { answersOf, type TextAnswers } from "./text-answers.ts";

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
  /** The facts and project searches the text was asked while the entry was made, and their answers. */
  answers: TextAnswers;
  /**
   * Whether `reads` are all the entry's reads of the document: it was made (with its import cycle, if any)
   * while they were recorded, or kept from such a record; not when it was found made by another analysis.
   */
  complete: boolean;
}

/** The answers of the text tests the entry's computation makes, for this text (a recogniser of this analysis: it keeps them per path). */
export function textTestsOf(recogniser: CallRecogniser, filePath: string, text: string): string {
  // Whether it names a configured endpoint's base URL (endpoint-reach.ts reads it besides the facts).
  const bases = recogniser.endpoints.map((endpoint) => text.includes(endpoint.baseURL.replace(/\/+$/, "")));
  return JSON.stringify([mayRequest(recogniser, filePath, text), implementationTypesReached(recogniser, filePath, text), namesConfiguredWrapper(recogniser, text), requestNameAliases(text), bases]);
}

/** Notes the places of the entry's nodes now, before the next parse moves them. */
export function entryRecord(wrappers: FileWrappers, reads: LiteralReads, textTests: string, answers: TextAnswers, complete: boolean): EntryRecord {
  const keys = new Map<ts.Node, NodeKey>();
  const note = (node: ts.Node) => keys.set(node, { start: node.getStart(), end: node.end, kind: node.kind });
  for (const [node, wrapper] of wrappers.functions) {
    note(node);
    for (const site of wrapper.sites) note(site);
    for (const site of wrapper.levels?.keys() ?? []) note(site);
  }
  for (const node of wrappers.factories.keys()) note(node);
  for (const node of wrappers.loops.keys()) note(node);
  for (const [declaration, node] of wrappers.bound) {
    note(declaration);
    note(node);
  }
  return { wrappers, keys, reads, textTests, answers, complete };
}

/** What a kept entry stands on in the new version: the reads, moved, and the text's answers. */
export interface KeptEntry {
  reads: LiteralReads;
  answers: TextAnswers;
}

/**
 * Puts the previous version's entry, on the new tree's nodes, into the workspace's wrapper index for the
 * new version (with its import cycle's, if any). Undefined (and nothing put) when it may differ.
 */
export function keepEntry(previous: EntryRecord, edit: LiteralEdit, file: ParsedFile, textTests: string, workspace: Workspace): KeptEntry | undefined {
  const old = previous.wrappers;
  if (!previous.complete || previous.textTests !== textTests || readsTouch(previous.reads, edit.literalStart, edit.start, edit.oldEnd)) return undefined;
  const index = wrapperIndexOf(workspace);
  const members = old.cycle ? cycleMembersKept(old, file.path, workspace) : [];
  if (!members) return undefined;
  const answers = answersOf(previous.answers, file.text);
  if (!answers) return undefined;
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
    const loops: FileWrappers["loops"] = new Map([...old.loops].map(([node, name]) => [required(node), name]));
    const bound: FileWrappers["bound"] = new Map([...old.bound].map(([declaration, node]) => [required<ts.VariableDeclaration>(declaration), required(node)]));
    const entry: FileWrappers = { ...old, functions, factories, loops, bound, version: file.version, tree: file.sourceFile };
    if (old.cycle) {
      // The cycle's one list of dependencies, with the document at its new version.
      const dependencies = old.dependencies.map(([dependency, version]): [string, string] => [dependency, dependency === file.path ? file.version : version]);
      for (const member of [...members, entry]) member.dependencies = dependencies;
    }
    index.set(file.path, entry);
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
  return { reads: movedReads(previous.reads, edit), answers };
}

class NotFound extends Error {}

/**
 * The entries of the other members of the document's import cycle, when each is still the one made with the
 * document's (the same cycle), at its file's version and tree, and every file the cycle read besides the
 * document is unchanged; none holds a node of the document. What each member read of the document while it
 * was made was recorded with the document's entry (the cycle is made whole, inside that recording), so an
 * edit that touches none of it leaves every member's entry as it was: they are kept with it.
 */
function cycleMembersKept(old: FileWrappers, document: string, workspace: Workspace): FileWrappers[] | undefined {
  const index = wrapperIndexOf(workspace);
  if (index.get(document)?.cycle !== old.cycle) return undefined;
  if (!old.dependencies.every(([dependency, version]) => dependency === document || workspace.versionOf(dependency) === version)) return undefined;
  const members: FileWrappers[] = [];
  for (const path of old.cycle!) {
    if (path === document) continue;
    const entry = index.get(path);
    if (!entry || entry.cycle !== old.cycle || !workspace.isParsed(path) || workspace.getParsedFile(path)?.sourceFile !== entry.tree || holdsNodeOf(entry, old.tree)) return undefined;
    members.push(entry);
  }
  return members;
}

/**
 * Whether an entry holds a node of the tree: only a wrapper it binds may be another file's function (its
 * functions, sites, factories and loops are its own file's nodes).
 */
function holdsNodeOf(entry: FileWrappers, tree: ts.SourceFile): boolean {
  for (const node of entry.bound.values()) if (node.getSourceFile() === tree) return true;
  return false;
}

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
