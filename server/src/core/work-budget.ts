// A bound on the work one file's analysis may do. Static evaluation follows constants, imports and prompt
// builders; pathological inputs (generated files with thousands of calls, huge literal tables) can make
// that slow, and neither the CLI nor the editor should wait on one file.
//
// The bound is counted in evaluation steps, not in time, so the same input gives the same report on any
// machine under any load. A wall-clock guard stays as a last resort, far above what the step bound
// allows on a loaded machine; when it stops a file, the finding says the result depended on the clock.
import { performance } from "node:perf_hooks";

/** Thrown from inside the analysis when a file's budget is spent; caught by analyzeFile. */
export class WorkBudgetExceeded extends Error {
  override readonly name = "WorkBudgetExceeded";
  constructor(
    /** "steps": the deterministic bound; "clock": the wall-clock guard, which depends on machine load. */
    readonly reason: "steps" | "clock",
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when a share of a file's budget (see WorkBudget.share) is spent; caught there. */
class WorkShareSpent extends Error {
  override readonly name = "WorkShareSpent";
}

/** How often (in steps) the clock is read: reading it on every step would cost more than the step. */
const STEPS_PER_CLOCK_READ = 1024;

/**
 * Remembered work this large or larger is charged once per share (see WorkBudget.reuse); smaller work at
 * every reuse. Any value gives the same count whether the work is reused or done again; it bounds how much
 * small work is counted again (a variable read in every statement) against how many records are kept. At
 * 256, openai-agents-js's run.ts still counted 2,000,000 steps; at 4, walking the records took longer than
 * the work (19.1 s against 12.5 s user for that file, peak 559 against 435 MiB).
 */
export const LARGE_WORK_STEPS = 32;

/** Remembered work of at least LARGE_WORK_STEPS steps, as its reuses charge it. */
export interface LargeWork {
  /** Its steps done from scratch, every work reused inside it done again too. */
  readonly steps: number;
  /** Its own steps, with those of the small work it reused or did. */
  readonly flat: number;
  /** The large work it reused or did, each charged unless charged already. */
  readonly parts: readonly LargeWork[];
}

/** What a piece of remembered work (an evaluation, a read of a call) cost, for its reuses. */
export interface WorkDone {
  /** Its steps done from scratch, every work reused inside it done again too. */
  readonly steps: number;
  readonly large?: LargeWork;
}

/** A piece of work under way: what the work it reused or did inside cost. */
interface WorkFrame {
  start: number;
  /** Steps counted for the work inside, reused or done. */
  innerSpent: number;
  /** The same work's steps from scratch. */
  innerSteps: number;
  /** Steps from scratch of the small work inside. */
  smallSteps: number;
  parts: LargeWork[] | undefined;
}

const NO_PARTS: readonly LargeWork[] = [];
/** What small work cost, by its steps: one object each, not one per piece of work (millions on a large application). */
const SMALL_WORK: readonly WorkDone[] = Array.from({ length: LARGE_WORK_STEPS }, (_, steps) => Object.freeze({ steps }));

export class WorkBudget {
  private steps = 0;
  private readonly start = performance.now();
  /** The step count past which work stops: the file's bound, or the end of the share being worked in. */
  private limit: number;
  /** Remembered work under way, innermost last (see openWork): the first `open` frames, the rest kept for reuse. */
  private frames: WorkFrame[] = [];
  private open = 0;
  /** Large work charged in this share (or the whole budget, outside shares): charged again, it is free. */
  private charged = new Set<LargeWork>();

  constructor(
    readonly maxSteps: number,
    readonly guardMs: number = Number.POSITIVE_INFINITY,
  ) {
    this.limit = maxSteps;
  }

  /** Steps counted so far. */
  get spent(): number {
    return this.steps;
  }

  /**
   * Counts the steps of work done once and reused (a remembered evaluation), as if done again: past the
   * limit, the count stops where doing it again would have stopped, one step over.
   */
  charge(steps: number): void {
    const before = this.steps;
    this.steps += steps;
    if (this.steps > this.limit) {
      this.steps = this.limit + 1;
      this.limitReached();
    }
    if (Math.floor(this.steps / STEPS_PER_CLOCK_READ) !== Math.floor(before / STEPS_PER_CLOCK_READ)) this.checkClock();
  }

  /**
   * Starts a piece of work to be remembered, then reused (closeWork), or not (dropWork): what it costs a
   * reuse is worked out from the steps it takes and the work it reuses.
   */
  openWork(): void {
    let frame = this.frames[this.open];
    if (frame) {
      frame.start = this.steps;
      frame.innerSpent = frame.innerSteps = frame.smallSteps = 0;
      frame.parts = undefined;
    } else this.frames.push((frame = { start: this.steps, innerSpent: 0, innerSteps: 0, smallSteps: 0, parts: undefined }));
    this.open++;
  }

  /** Ends the innermost piece of work, with what reusing it will cost. */
  closeWork(): WorkDone {
    const frame = this.frames[--this.open]!;
    const spent = this.steps - frame.start;
    const own = spent - frame.innerSpent;
    const steps = own + frame.innerSteps;
    if (steps < LARGE_WORK_STEPS) {
      this.counted(spent, steps);
      return SMALL_WORK[steps]!;
    }
    const large: LargeWork = { steps, flat: own + frame.smallSteps, parts: frame.parts ?? NO_PARTS };
    this.charged.add(large);
    this.counted(spent, steps, large);
    return { steps, large };
  }

  /** Ends the innermost piece of work, not remembered: what it did is the work around it's own. */
  dropWork(): void {
    const frame = this.frames[--this.open]!;
    if (this.open === 0) return;
    const outer = this.frames[this.open - 1]!;
    outer.innerSpent += frame.innerSpent;
    outer.innerSteps += frame.innerSteps;
    outer.smallSteps += frame.smallSteps;
    if (frame.parts) for (const part of frame.parts) (outer.parts ??= []).push(part);
  }

  /**
   * Counts remembered work reused here as doing it again would: small work its steps; large work the steps
   * of its own and of each large work inside it not yet charged in this share. Work an evaluation reuses
   * again and again (a variable read in every statement of a function, through every layer of calls) was
   * charged its whole tree each time, which grew with the nesting: openai-agents-js's run.ts (`6d0c61a`)
   * spent 2,000,000 steps counted for ~55,000 done.
   */
  reuse(done: WorkDone): void {
    const before = this.steps;
    if (done.large) this.chargeLarge(done.large);
    else this.charge(done.steps);
    this.counted(this.steps - before, done.steps, done.large);
  }

  private chargeLarge(root: LargeWork): void {
    const pending = [root];
    for (let work = pending.pop(); work; work = pending.pop()) {
      if (this.charged.has(work)) continue;
      this.charged.add(work);
      this.charge(work.flat);
      for (const part of work.parts) pending.push(part);
    }
  }

  /** Work inside the innermost piece of work ended: what it was counted, and what it cost from scratch. */
  private counted(spent: number, steps: number, large?: LargeWork): void {
    if (this.open === 0) return;
    const frame = this.frames[this.open - 1]!;
    frame.innerSpent += spent;
    frame.innerSteps += steps;
    if (large) (frame.parts ??= []).push(large);
    else frame.smallSteps += steps;
  }

  /** Counts one step of work; throws WorkBudgetExceeded once the steps (or, last resort, the guard time) are spent. */
  step(): void {
    if (++this.steps > this.limit) this.limitReached();
    if (this.steps % STEPS_PER_CLOCK_READ === 0) this.checkClock();
  }

  /**
   * Runs `work` with at most `steps` more steps (and within the file's bound); when they are spent, runs
   * `instead`, a cheaper way to the same answer. Counted in steps like the file's bound, so the same input
   * takes the same way on any machine.
   */
  share<T>(steps: number, work: () => T, instead: () => T): T {
    const outer = this.limit;
    this.limit = Math.min(outer, this.steps + steps);
    // A share counts its work as if none had been done before it: what it may do is the same whichever
    // shares came first (the editor reads each call of a file apart, the CLI all of them in turn).
    const { frames, open, charged } = this;
    this.frames = [];
    this.open = 0;
    this.charged = new Set();
    try {
      return work();
    } catch (error) {
      if (!(error instanceof WorkShareSpent)) throw error;
    } finally {
      this.limit = outer;
      this.frames = frames;
      this.open = open;
      this.charged = charged;
    }
    return instead();
  }

  private limitReached(): never {
    if (this.steps > this.maxSteps) this.stepsSpent();
    throw new WorkShareSpent();
  }

  private stepsSpent(): never {
    throw new WorkBudgetExceeded("steps", `needs more than ${this.maxSteps.toLocaleString("en-US")} evaluation steps`);
  }

  private checkClock(): void {
    if (performance.now() - this.start >= this.guardMs) {
      throw new WorkBudgetExceeded("clock", `stopped by the wall-clock guard after ${this.guardMs.toLocaleString("en-US")} ms, a last resort whose outcome depends on machine load`);
    }
  }
}

/** No bound: for callers that analyse on purpose without one (benchmarks). */
export const UNBOUNDED: WorkBudget = new WorkBudget(Number.POSITIVE_INFINITY);
