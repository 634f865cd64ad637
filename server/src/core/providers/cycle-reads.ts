// Import cycles in the wrapper index. The file indexed first in a cycle (F) reads the entries of the others
// while its own is still being made; theirs (G) are made from F's partial entry and are made again once F's
// is complete (FileWrappers.readPartial). F's own entry was made from G's partial-based entry: it is made
// again too, once G's remade entry offers more than what F read of it (a wrapper of G calling back into F).
import type { CallRecogniser } from "./recognise.ts";
import { wrappersOf, type FileWrappers } from "./wrapper-index.ts";

/**
 * How many times an entry is made at most for its cycle. It is made again for as long as the entries made on
 * top of its partial state change when made again from it (a fixed point), so this is a guard, not a limit
 * of what an entry holds: an entry that has not settled by then is not kept (it counts as a cut, see
 * keptUnlessCut). A wrapper calling back across a cycle needs two rounds; mendableai/firecrawl 0fac8fb's
 * cycle through extraction-service.ts, batchExtract.ts and the scraper's transformers needs five once
 * imports are no longer cut at depth 8 (at 3 its wrapper batchExtractPromise was missed).
 */
export const MAX_CYCLE_ROUNDS = 16;

/**
 * Records an entry read by the entry being made on top of the stack when it was made from that very
 * entry's partial state: the reader depends on what it becomes (see madeOnTopChanged).
 */
export function noteReadMadeOnTop(recogniser: CallRecogniser, path: string, entry: FileWrappers): void {
  if (!entry.readPartial) return;
  let top: string | undefined;
  for (const computing of recogniser.computing.keys()) top = computing;
  if (top === undefined || top === path || !entry.readPartial.includes(top)) return;
  let read = recogniser.madeOnTop.get(top);
  if (!read) recogniser.madeOnTop.set(top, (read = new Map()));
  read.set(path, entry);
}

/**
 * Whether an entry read entries made on top of its own partial state (an import cycle) that, made again
 * now, offer more or other wrappers than it saw: then it is stale. Entries found to offer the same are
 * forgotten, so the check is made once per entry read.
 */
export function madeOnTopChanged(recogniser: CallRecogniser, path: string, entry: FileWrappers): boolean {
  const read = entry.madeOnTop;
  if (!read || recogniser.checkingMadeOnTop.has(path)) return false;
  recogniser.checkingMadeOnTop.add(path);
  try {
    for (const [dependency, seen] of read) {
      if (recogniser.computing.has(dependency)) continue;
      const parsed = recogniser.evaluator.workspace.getParsedFile(dependency);
      const now = parsed && wrappersOf(recogniser, parsed, 0);
      if (!now) return true;
      if (now !== seen && offersOf(now) !== offersOf(seen)) return true;
      // Made again from this complete entry, it offers what was read: nothing left to wait for.
      if (!now.readPartial) read.delete(dependency);
    }
    if (read.size === 0) delete entry.madeOnTop;
    return false;
  } finally {
    recogniser.checkingMadeOnTop.delete(path);
  }
}

/**
 * The entry of the file a cycle was entered from, made again, offers other than the entry its dependents (the
 * entries made on its partial state) were just made again from: a wrapper chain crossing the cycle more than
 * once (queue.ts's requeue -> client.ts's retry -> queue.ts's enqueue -> client.ts's send). Those entries are
 * dropped, to be made again from this one when next read, and kept in its madeOnTop as it read them, so
 * wrappersOf's loop (and any later read of this entry) checks them again: the cycle is read until neither
 * side changes. Before, they were kept as made from the older entry.
 */
export function madeAgainFrom(recogniser: CallRecogniser, dependents: readonly string[], entry: FileWrappers): void {
  for (const dependency of dependents) {
    const read = recogniser.index.get(dependency);
    if (!read || entry.madeOnTop?.has(dependency)) continue;
    recogniser.index.delete(dependency);
    (entry.madeOnTop ??= new Map()).set(dependency, read);
  }
}

/** What an entry offers its readers, as text: its exports (shape, and request sites of the wrapper of that name) and open-loop functions. */
export function offersOf(entry: FileWrappers): string {
  const sites = new Map<string, number>();
  for (const wrapper of entry.functions.values()) sites.set(wrapper.name, (sites.get(wrapper.name) ?? 0) + wrapper.sites.length);
  const offers = [...entry.exports].map(([name, exported]) => `${name} ${exported.callable ? "()" : ""}${exported.factory ? "!" : ""}{${[...exported.members].sort().join(",")}}#${sites.get(name) ?? 0}`);
  for (const name of entry.loops.values()) offers.push(`${name} loop`);
  return offers.sort().join("\n");
}
