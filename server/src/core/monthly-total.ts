import type { PricedCall } from "./types.ts";

/** The monthly cost of some calls: the priced ones summed, the unpriced counted; null (unknown, never $0) when none has a price. */
export function monthlyTotal(calls: readonly PricedCall[]): { monthlyUsd: number | null; unpricedCalls: number } {
  let sum = 0;
  let unpricedCalls = 0;
  for (const priced of calls) {
    // A figure that is only a lower bound (an unpriced candidate model) is summed and counted as unpriced too.
    if (priced.cost.monthly === null || priced.cost.lowerBound) unpricedCalls++;
    if (priced.cost.monthly !== null) sum += priced.cost.monthly;
  }
  return { monthlyUsd: calls.length > 0 && unpricedCalls === calls.length ? null : sum, unpricedCalls };
}
