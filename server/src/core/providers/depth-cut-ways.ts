// A way of a dispatch that the depth guard cut: `model.chat(...)` on one class per vendor, where one vendor's
// class goes through a wrapper more than the others (`callChatCompletion` -> `_callChatCompletion` ->
// `requestStream` -> `post` -> fetch) and is not read to its request within MAX_WRAPPER_DEPTH. The call
// is still one request, which the ways read stand for; the wrapper sites the cut way went through are
// this call's too (`alsoReached`), so the request written down that way is not counted again on its own.
// A way that makes no request for any other reason (a method that throws) adds nothing, and a call whose
// every way was cut keeps its requests counted where they are written.
import type { RecognisedAt } from "./recognise.ts";

export class DepthCutWays {
  /** The collections open, one per way of a dispatch being read (nested dispatches each have theirs). */
  private readonly open: string[][] = [];
  /** How many times a cut was noted: a read during which it grew met one below. */
  noted = 0;

  /** Wrapper sites on a way the depth guard cut: each open way went through them. */
  note(ids: readonly string[]): void {
    this.noted++;
    for (const collected of this.open) collected.push(...ids);
  }

  /**
   * Runs work of its own (a wrapper index entry made in the middle of a read): the cuts it meets are not
   * the ways open now, nor counted for the reads around it, whichever read happened to need the entry first.
   */
  apart<T>(work: () => T): T {
    const open = this.open.splice(0);
    const noted = this.noted;
    try {
      return work();
    } finally {
      this.open.splice(0, this.open.length, ...open);
      this.noted = noted;
    }
  }

  /** One way of a dispatch read; the wrapper sites it went through when it made no request because of a cut. */
  readWay(read: () => RecognisedAt[]): { results: RecognisedAt[]; cut: string[] } {
    const collected: string[] = [];
    this.open.push(collected);
    try {
      const results = read();
      return { results, cut: results.length === 0 ? collected : [] };
    } finally {
      this.open.pop();
    }
  }
}

/** The merged ways' requests, the first on the main path carrying the sites of the ways cut. */
export function withCutWays(results: RecognisedAt[], cut: readonly string[]): RecognisedAt[] {
  const first = results.findIndex((result) => !result.fallback);
  if (cut.length === 0 || first === -1) return results;
  const kept = results[first]!;
  const copy = [...results];
  copy[first] = { ...kept, alsoReached: [...new Set([...(kept.alsoReached ?? []), ...cut])] };
  return copy;
}
