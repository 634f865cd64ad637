import type { PricedCall } from "./types.ts";

/**
 * The monthly cost of some calls: the priced ones summed, the unpriced counted; null (unknown, never $0) when
 * none has a price. A request that cannot succeed is left out.
 */
export function monthlyTotal(all: readonly PricedCall[]): { monthlyUsd: number | null; unpricedCalls: number } {
  const calls = all.filter((priced) => !priced.rejected);
  let sum = 0;
  let unpricedCalls = 0;
  for (const priced of calls) {
    // A figure that is only a lower bound (an unpriced candidate model) is summed and counted as unpriced too.
    if (priced.cost.monthly === null || priced.cost.lowerBound) unpricedCalls++;
    if (priced.cost.monthly !== null) sum += priced.cost.monthly;
  }
  return { monthlyUsd: calls.length > 0 && unpricedCalls === calls.length ? null : sum, unpricedCalls };
}
