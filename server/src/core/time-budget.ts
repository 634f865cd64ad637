// A bound on the time one file's analysis may take. Static evaluation follows constants, imports and
// prompt builders; pathological inputs (generated files with thousands of calls, huge literal tables) can
// make that slow, and neither the CLI nor the editor should wait on one file. The analysis checks the
// budget at cheap, frequent points (every few hundred evaluations, every call found, priced and checked);
// past it the file is reported as not analysed and the run goes on.
import { performance } from "node:perf_hooks";

/** Thrown from inside the analysis when a file's budget is spent; caught by analyzeFile. */
export class TimeBudgetExceeded extends Error {
  override readonly name = "TimeBudgetExceeded";
  constructor(readonly budgetMs: number) {
    super(`took longer than ${budgetMs} ms`);
  }
}

export class TimeBudget {
  private readonly start = performance.now();

  constructor(readonly budgetMs: number) {}

  /** Throws TimeBudgetExceeded once the budget is spent (a budget of 0 is spent at the first check). */
  check(): void {
    if (performance.now() - this.start >= this.budgetMs) throw new TimeBudgetExceeded(this.budgetMs);
  }
}

/** No bound: for callers that analyse on purpose without one (benchmarks). */
export const UNBOUNDED: TimeBudget = new TimeBudget(Number.POSITIVE_INFINITY);
