// Whether a file may define wrappers (text-prefilter.ts mayDefineWrappers) is worked out along its imports, so
// an import cycle asks again about a file whose answer is still being worked out. That file counts as "no"
// for the while: the answer wanted is the least one, "yes" only where a file's own text, or an import of a
// file whose answer is "yes", grounds it. A "yes" worked out on such a "no" holds whatever the open answer
// turns out to be. A "no" holds only if the open answers it rests on turn out "no" as well: it waits until
// the first file of its cycle is answered, then holds where that answer is "no" and is dropped where it is
// "yes" (asked again, it is worked out on that "yes"). These are Tarjan's strongly connected components,
// found as the answers are worked out.
//
// Taken as "yes" instead, a file still being worked out had its entry made (parsed and indexed) for every
// file asking, though most offer nothing: on onlook-dev/onlook ab9333d, whose tRPC routers, stores and
// schema form one import cycle, 102 entries that offered nothing.

interface Frame {
  path: string;
  /** How many index entries were being made as it opened. */
  entries: number;
  /** The place of the lowest open answer this one rests on (its own place when none). */
  low: number;
  /** "No" answers resting on this one or lower, waiting for the first answer of their cycle. */
  waiting: string[];
}

/** The answers being worked out, innermost last, and the "no" answers waiting on them. */
export class OpenAnswers {
  private readonly frames: Frame[] = [];
  private readonly places = new Map<string, number>();
  /** Each waiting "no", with the place of the lowest open answer it rests on. */
  private readonly waiting = new Map<string, number>();

  /** Whether the file's answer is being worked out further up. */
  isOpen(path: string): boolean {
    return this.places.has(path);
  }

  /**
   * An open answer, read with `entries` index entries being made: "no" for now, and the answer being worked
   * out rests on it; false when an entry has been started since it opened (an entry is kept as it is made,
   * so it is never made on a "no" that may not hold).
   */
  restOn(path: string, entries: number): boolean {
    const place = this.places.get(path)!;
    if (entries > this.frames[place]!.entries) return false;
    this.lower(place);
    return true;
  }

  /** A "no" still waiting, read with `entries` index entries being made: "no" for now, resting where it rests; undefined when none waits, or for an entry (see restOn). */
  waitingAnswer(path: string, entries: number): false | undefined {
    const low = this.waiting.get(path);
    if (low === undefined || entries > this.frames[low]!.entries) return undefined;
    this.lower(low);
    return false;
  }

  open(path: string, entries: number): void {
    this.places.set(path, this.frames.length);
    this.frames.push({ path, entries, low: this.frames.length, waiting: [] });
  }

  /**
   * Ends the innermost answer. `keep` says whether it holds now; `settled` lists the "no" answers that held
   * while waiting on it, now kept as they are.
   */
  close(answer: boolean): { keep: boolean; settled: readonly string[] } {
    const frame = this.frames.pop()!;
    const place = this.frames.length;
    this.places.delete(frame.path);
    // A "yes" holds, whatever it read as "no" for now (the answer is the least one), and the answer around
    // it rests on nothing through it; the "no" answers that took it for "no" are dropped.
    if (answer) {
      this.drop(frame.waiting);
      return { keep: true, settled: [] };
    }
    if (frame.low === place) {
      // The first answer of its cycle, "no": so is each waiting on it.
      this.drop(frame.waiting);
      return { keep: true, settled: frame.waiting };
    }
    // A "no" resting on an answer further up: it waits there, with those waiting on it.
    this.lower(frame.low);
    const first = this.frames[frame.low]!;
    for (const path of frame.waiting) this.waiting.set(path, frame.low);
    first.waiting.push(...frame.waiting, frame.path);
    this.waiting.set(frame.path, frame.low);
    return { keep: false, settled: [] };
  }

  /** Ends the innermost answer without one (it threw): the answers waiting on it are dropped. */
  abandon(): void {
    const frame = this.frames.pop()!;
    this.places.delete(frame.path);
    this.drop(frame.waiting);
    if (frame.low < this.frames.length) this.lower(frame.low);
  }

  private drop(paths: readonly string[]): void {
    for (const path of paths) this.waiting.delete(path);
  }

  private lower(low: number): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame && low < frame.low) frame.low = low;
  }
}
