// Files whose wrapper index entries are over the step budget offer nothing (wrapper-index.ts makeEntryNow); a
// file's analysis that reads one says so in a finding (analyze.ts). The read may be one made before, by
// another file's analysis, and kept: an entry, or the text prefilter's answer whether a file may define
// wrappers. Each such result keeps the notes read while it was worked out, and hands them on whenever it is
// used again, so a file gets the same findings whichever file came first.
import type { CallRecogniser } from "./recognise.ts";

/** Files whose entries are over the step budget, and why. */
export type OverBudgetNotes = ReadonlyMap<string, string>;

/** Runs `work`; returns its result and the notes read during it (also added to the notes of the work around it). */
export function collectingNotes<T>(recogniser: CallRecogniser, work: () => T): [T, OverBudgetNotes | undefined] {
  const outer = recogniser.overBudgetReads;
  const inner = new Map<string, string>();
  recogniser.overBudgetReads = inner;
  try {
    return [work(), inner.size > 0 ? inner : undefined];
  } finally {
    recogniser.overBudgetReads = outer;
    for (const [file, why] of inner) outer.set(file, why);
  }
}

/** Hands on the notes a result kept, as it is used again. */
export function replayNotes(recogniser: CallRecogniser, notes: OverBudgetNotes | undefined): void {
  if (notes) for (const [file, why] of notes) recogniser.overBudgetReads.set(file, why);
}
