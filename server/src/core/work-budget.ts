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

export class WorkBudget {
  private steps = 0;
  private readonly start = performance.now();
  /** The step count past which work stops: the file's bound, or the end of the share being worked in. */
  private limit: number;

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
    try {
      return work();
    } catch (error) {
      if (!(error instanceof WorkShareSpent)) throw error;
    } finally {
      this.limit = outer;
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
