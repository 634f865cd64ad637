// The requests a wrapper's request site makes in a scope, remembered for the rest of an analysis: every call
// site binding equal arguments reads them once.
//
// A call site of a wrapper reads each request site of the wrapper again with the call's arguments bound
// (recognise.ts recogniseThroughWrapper). Through a dispatch that is one read per way: on anything-llm
// (72aabbd) `VectorDb.performSimilaritySearch(...)` goes through 11 vector databases, each calling
// `LLMConnector.embedTextInput(...)` on 37 LLM classes, each handing the text to one of 12 embedders, and
// every call site of a wrapper reaching them did all of it again: 369,705 reads of a wrapper for 7,056
// different ones (callee, scope compared by structure, depth). A site read in a scope equal to one it was
// read in before makes the same requests, so they are remembered by the site and the scope's structural
// number (see StructuralIds), with how deep the site is and how the recogniser reads (see keyOf).
//
// Results stay exact, as remembered evaluations do (evaluation-memo.ts). A read depends, besides its site
// and scope, on the wrappers being read further up (a wrapper reached again makes no request of its own): a
// remembered read is reused only where each wrapper it checked is in progress, or not, as it was then. A
// reuse charges the file's budget what making the read again would (WorkBudget.reuse), so a call site runs out of its share where it
// did. A read cut short (a share spent, an error) is not remembered. Reads made while the wrapper index is
// being made are not remembered either: they may see an entry of an import cycle still partial.
import type { ts } from "../ts.ts";
import type { LargeWork, WorkDone } from "../work-budget.ts";
import type { RecognisedAt } from "./recognise.ts";

interface Entry extends WorkDone {
  /** What the read gave; never changed once remembered (each caller copies what it adds to). */
  results: readonly RecognisedAt[];
  /** Evaluation steps the read took, every reuse inside it done again too (charged at each reuse: see WorkBudget.reuse). */
  steps: number;
  large?: LargeWork;
  /** Wrapper functions the read checked against the reads in progress, and whether each was one: a reuse needs the same answers. */
  checked?: ReadonlyMap<ts.Node, boolean>;
  /** Wrapper sites the read went through to a cut of the depth guard (depth-cut-ways.ts): a reuse meets them again. */
  cut?: readonly string[];
}

interface Frame {
  checked?: Map<ts.Node, boolean>;
  cut?: Set<string>;
}

export class RecognitionMemo {
  private readonly entries = new Map<ts.Node, Map<number, Entry>>();
  private frames: Frame[] = [];

  /** The remembered read of `site` under `key`, when each wrapper it checked is in progress now as it was then. */
  find(site: ts.Node, key: number, active: ReadonlySet<ts.Node>): Entry | undefined {
    const entry = this.entries.get(site)?.get(key);
    if (!entry) return undefined;
    if (entry.checked) for (const [node, present] of entry.checked) if (active.has(node) !== present) return undefined;
    return entry;
  }

  /** A reused read counts, for the reads around it, as if it had been made here. */
  reused(entry: Entry): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame && entry.checked) mergeChecked(frame, entry.checked);
  }

  open(): void {
    this.frames.push({});
  }

  /** Closes the innermost read, remembering what it gave. */
  close(site: ts.Node, key: number, results: readonly RecognisedAt[], work: WorkDone): void {
    const frame = this.frames.pop()!;
    const parent = this.frames[this.frames.length - 1];
    if (parent && frame.checked) mergeChecked(parent, frame.checked);
    if (parent && frame.cut) for (const id of frame.cut) (parent.cut ??= new Set()).add(id);
    let byKey = this.entries.get(site);
    if (!byKey) this.entries.set(site, (byKey = new Map()));
    byKey.set(key, { results, steps: work.steps, ...(work.large ? { large: work.large } : {}), ...(frame.checked ? { checked: frame.checked } : {}), ...(frame.cut ? { cut: [...frame.cut] } : {}) });
  }

  /** Wrapper sites the innermost read went through to a cut of the depth guard. */
  noteCut(ids: readonly string[]): void {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) return;
    // Noted even without a site: a reuse meets the cut again, and the site reading it notes its own.
    frame.cut ??= new Set();
    for (const id of ids) frame.cut.add(id);
  }

  /** Drops the innermost read without remembering it (it threw); the ones around it throw too. */
  abandon(): void {
    this.frames.pop();
  }

  /**
   * A wrapper function was checked against the reads in progress: the reads open now depend on the answer.
   * Only a read's first answer for a wrapper is its own: a wrapper is checked before it is put in progress,
   * so a later answer for it may be the read's own doing.
   */
  checkedActive(node: ts.Node, present: boolean): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame && !frame.checked?.has(node)) (frame.checked ??= new Map()).set(node, present);
  }

  /**
   * Runs a read of a call site of its own (a fresh set of reads in progress: a file's call, or one the
   * wrapper index asks about), apart from the reads open now: what it checks is not theirs.
   */
  apart<T>(work: () => T): T {
    const open = this.frames;
    this.frames = [];
    try {
      return work();
    } finally {
      this.frames = open;
    }
  }

  /** Forgets every remembered read (the structural numbers their keys hold started over). */
  clear(): void {
    this.entries.clear();
  }
}

/** Adds what an inner read checked to a frame's, keeping the frame's own first answers (see checkedActive). */
function mergeChecked(frame: Frame, checked: ReadonlyMap<ts.Node, boolean>): void {
  const target = (frame.checked ??= new Map());
  for (const [node, present] of checked) if (!target.has(node)) target.set(node, present);
}
