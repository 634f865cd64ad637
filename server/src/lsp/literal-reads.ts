// What an analysis read of one file's string literals: each literal whose text (`.text`, `.rawText`) was
// read, and each range of the file's source text read through `getText()`/`getFullText()` (labels, loop
// conditions). A keystroke inside a string literal can change only the results that read it.
import { ts } from "../core/ts.ts";

/** The reads of the recorded file made while one piece of work ran: literal starts, and text ranges. */
export interface LiteralReads {
  /** Start offsets (`getStart()`) of the literals whose text was read. */
  literals: Set<number>;
  /** [start, end) ranges of the file's text read as source text. */
  ranges: [number, number][];
}

export function emptyReads(): LiteralReads {
  return { literals: new Set(), ranges: [] };
}

/** Whether the reads can have seen the text of [start, end) of the file (a literal starting at literalStart). */
export function readsTouch(reads: LiteralReads, literalStart: number, start: number, end: number): boolean {
  if (reads.literals.has(literalStart)) return true;
  return reads.ranges.some(([from, to]) => from < end && start < to);
}

const LITERAL_KINDS = new Set([ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail]);
const WATCHED = Symbol("promptcost literal watch");

interface Watched {
  [WATCHED]?: { text: unknown; rawText: unknown };
}

let active: { sourceFile: ts.SourceFile; reads: LiteralReads } | undefined;
const patchedPrototypes = new WeakSet<object>();
/** Prototypes of nodes already seen (their text readers patched, or found on a patched prototype further up). */
const seenPrototypes = new WeakSet<object>();
/** Trees whose literals are watched: once per tree, which never changes after parsing. */
const watchedTrees = new WeakSet<ts.SourceFile>();

/**
 * Runs `work` while recording its reads of `sourceFile`'s literals and source text. Not reentrant: a
 * recording inside another one records into the inner one only, and the outer one is resumed after.
 */
export function recordingReads<T>(sourceFile: ts.SourceFile, reads: LiteralReads, work: () => T): T {
  watchLiterals(sourceFile);
  const outer = active;
  active = { sourceFile, reads };
  try {
    return work();
  } finally {
    active = outer;
  }
}

/** Makes every string literal of the tree report reads of its text, and every node of it reads of its source text. */
function watchLiterals(sourceFile: ts.SourceFile): void {
  if (watchedTrees.has(sourceFile)) return;
  watchedTrees.add(sourceFile);
  const visit = (node: ts.Node): void => {
    const prototype = Object.getPrototypeOf(node) as object;
    if (!seenPrototypes.has(prototype)) {
      seenPrototypes.add(prototype);
      patchTextReaders(node);
    }
    if (LITERAL_KINDS.has(node.kind)) watch(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

function watch(node: ts.Node): void {
  const target = node as ts.Node & Watched & Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(target, WATCHED)) return;
  const values = { text: target.text, rawText: target.rawText };
  Object.defineProperty(target, WATCHED, { value: values, enumerable: false });
  for (const key of ["text", "rawText"] as const) {
    Object.defineProperty(target, key, {
      configurable: true,
      enumerable: true,
      get() {
        if (active) noteLiteral(node);
        return values[key];
      },
      set(value: unknown) {
        values[key] = value;
      },
    });
  }
}

function noteLiteral(node: ts.Node): void {
  if (!active || node.getSourceFile() !== active.sourceFile) return;
  active.reads.literals.add(node.getStart());
}

/** Wraps `getText`/`getFullText` of the prototype that defines them for this kind of node (once per prototype). */
function patchTextReaders(node: ts.Node): void {
  for (const method of ["getText", "getFullText"] as const) {
    let owner: object | null = Object.getPrototypeOf(node);
    while (owner && !Object.prototype.hasOwnProperty.call(owner, method)) owner = Object.getPrototypeOf(owner);
    if (!owner || patchedPrototypes.has(owner)) continue;
    patchedPrototypes.add(owner);
    // Both methods of one prototype are patched together.
    for (const name of ["getText", "getFullText"] as const) {
      if (!Object.prototype.hasOwnProperty.call(owner, name)) continue;
      const original = (owner as Record<string, (this: ts.Node, sourceFile?: ts.SourceFile) => string>)[name]!;
      const full = name === "getFullText";
      (owner as Record<string, unknown>)[name] = function (this: ts.Node, sourceFile?: ts.SourceFile): string {
        if (!active) return original.call(this, sourceFile);
        // The tree is looked up once (by the parent chain), for the check and for the text alike.
        const tree = sourceFile ?? this.getSourceFile();
        if (tree === active.sourceFile) active.reads.ranges.push([full ? this.pos : this.getStart(tree), this.end]);
        return original.call(this, tree);
      };
    }
  }
}
