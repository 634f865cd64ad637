// Import cycles in the wrapper index. Entries are made depth first along a file's imports; a file whose entry
// is still being made when another reads it (an import cycle) lends what it knows so far. Each entry made on
// top of such a read belongs to the cycle of the file read: it is kept aside (provisional) until that file's
// entry, the cycle's root, is made. The root then makes the whole cycle again, its members reading what each
// other offered the round before, until no member offers anything new: a fixed point, the same whichever
// file of the cycle was asked first, for each member's work done once per round (Tarjan's strongly connected
// components, found as the entries are made).
import type { CallRecogniser } from "./recognise.ts";
import type { FileWrappers } from "./wrapper-index.ts";

/**
 * How many rounds a cycle is made at most. It is made again for as long as a member offers something new, so
 * this is a guard, not a limit of what an entry holds: a cycle that has not settled by then is not kept (it
 * counts as a cut, see keptUnlessCut). A wrapper calling back across a cycle needs two rounds;
 * mendableai/firecrawl 0fac8fb's cycle through extraction-service.ts, batchExtract.ts and the scraper's
 * transformers needs five when entered at its worst place.
 */
export const MAX_CYCLE_ROUNDS = 16;

/** One entry being made: its place on the stack, the lowest place it (or an entry made on top of it) read, and the members of its cycle so far. */
interface Frame {
  path: string;
  low: number;
  members: string[];
  /** A question was answered on what it offered so far (exportsWhileMade): it is made again, as a cycle's root is. */
  again?: true;
}

/** What one analysis knows of the import cycles its wrapper index met. */
export class CycleState {
  /** The entries being made, innermost last (the same files as CallRecogniser.computing). */
  readonly frames: Frame[] = [];
  /** Entries of cycle members made in this round, waiting for their root's entry: the root's path. */
  readonly provisional = new Map<string, { entry: FileWrappers; root: string }>();
  /** A cycle being made again: what each member offered the round before, lent while it is made again. */
  readonly previous = new Map<string, FileWrappers>();
  /**
   * How many reads of an entry still being made, or made this round, there were (readWhileMade,
   * readProvisional, exportsWhileMade, noteRoundRead): what is worked out on one holds for the round only.
   */
  private reads = 0;
  /** Which round of making a cycle this is: it moves on as a cycle is made again, and as one settles. */
  private round = 0;
  /** mayDefineWrappers' answers worked out on a round's entries, by file, with their round. */
  private readonly roundAnswers = new Map<string, { round: number; answer: boolean }>();

  get roundReads(): number {
    return this.reads;
  }

  /** An entry made this round was read (a member of a cycle whose root is still being made). */
  noteRoundRead(): void {
    this.reads++;
  }

  /** The next round: what was worked out on the last one's entries is worked out again. */
  nextRound(): void {
    this.round++;
    this.roundAnswers.clear();
  }

  /** An answer worked out on this round's entries, for the rest of the round. */
  keepForRound(path: string, answer: boolean): void {
    this.roundAnswers.set(path, { round: this.round, answer });
  }

  /** An answer kept for this round; reading it is a read of the round's entries. */
  answerThisRound(path: string): boolean | undefined {
    const kept = this.roundAnswers.get(path);
    if (kept === undefined || kept.round !== this.round) return undefined;
    this.reads++;
    return kept.answer;
  }

  push(path: string): void {
    this.frames.push({ path, low: this.frames.length, members: [] });
  }

  /**
   * Ends the innermost entry: a member of a cycle whose root is deeper (kept provisional, with the members
   * made on top of it), the root of a cycle (its members returned, to be made again), or neither.
   */
  pop(path: string, entry: FileWrappers, kept: boolean): { root: true; members: string[] } | { root: false } {
    const frame = this.frames.pop()!;
    const place = this.frames.length;
    if (frame.low < place) {
      const root = this.frames[frame.low]!;
      for (const member of frame.members) {
        const waiting = this.provisional.get(member);
        if (waiting) waiting.root = root.path;
      }
      root.members.push(...frame.members);
      if (frame.again) root.again = true;
      if (kept) {
        this.provisional.set(path, { entry, root: root.path });
        root.members.push(path);
      }
      return { root: false };
    }
    return frame.members.length > 0 || frame.again ? { root: true, members: frame.members } : { root: false };
  }

  /** A read of the entry of `path`, still being made: counted, and every entry above it joins its cycle. Its place. */
  private readMade(path: string): number {
    this.reads++;
    const place = this.frames.findIndex((frame) => frame.path === path);
    this.readBelow(place);
    return place;
  }

  /** A read of an entry still being made, or kept provisional: every entry above its place belongs to its cycle. */
  private readBelow(place: number): void {
    if (place < 0) return;
    for (let at = place + 1; at < this.frames.length; at++) {
      const frame = this.frames[at]!;
      if (frame.low > place) frame.low = place;
    }
  }

  /** The entry of a file being made, as another entry reads it: what it offered the round before while its cycle is made again, else what is known so far. */
  readWhileMade(path: string, growing: FileWrappers): FileWrappers {
    const place = this.readMade(path);
    const top = place === this.frames.length - 1;
    return (!top && this.previous.get(path)) || growing;
  }

  /**
   * What an entry still being made exports, as a file importing it asks whether it may define wrappers
   * (text-prefilter.ts): what it offered the round before, else what is known so far, and then it is made
   * again with what it offers at the end of this round, until that settles. Every entry made on top of it
   * belongs to its cycle.
   */
  exportsWhileMade(path: string, growing: FileWrappers): FileWrappers {
    const place = this.readMade(path);
    const before = this.previous.get(path);
    if (before) return before;
    const frame = this.frames[place];
    if (frame) frame.again = true;
    return growing;
  }

  /** A member's entry made this round, its root still being made: the reader joins the cycle. */
  readProvisional(path: string): FileWrappers | undefined {
    const waiting = this.provisional.get(path);
    if (!waiting) return undefined;
    this.reads++;
    this.readBelow(this.frames.findIndex((frame) => frame.path === waiting.root));
    return waiting.entry;
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
