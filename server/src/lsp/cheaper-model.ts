import { computeCost } from "../core/pricing/compute-cost.ts";
import type { PriceTable } from "../core/pricing/price-table.ts";
import type { ModelPrice } from "../core/pricing/price-types.ts";
import type { CostUsd, PricedCall } from "../core/types.ts";

/** A suggestion is only worth showing when it at least halves the cost of a request. */
const WORTHWHILE_SAVING = 0.5;

export interface CheaperModel {
  price: ModelPrice;
  cost: CostUsd;
}

/**
 * A model of the same provider that does the same request for at most half the price: the most expensive
 * such model, as the smallest step down in capability that still saves real money. Deprecated models, other
 * kinds (embeddings for chat) and models whose context window or output limit the request would not fit are
 * skipped. The same token counts are used: an estimate when the other model tokenizes differently.
 */
export function findCheaperModel(priced: PricedCall, prices: PriceTable, today: string = new Date().toISOString().slice(0, 10)): CheaperModel | undefined {
  const current = priced.price;
  const perRequest = priced.cost.perRequest;
  if (!current || perRequest === null || perRequest === 0 || priced.call.kind === "count") return undefined;
  let best: CheaperModel | undefined;
  for (const candidate of prices.modelsOf(current.provider)) {
    if (candidate.id === current.id || candidate.kind !== current.kind) continue;
    if (candidate.deprecationDate !== null && candidate.deprecationDate <= today) continue;
    if (candidate.contextWindow !== null && priced.inputTokens.total > candidate.contextWindow) continue;
    if (candidate.maxOutputTokens !== null && priced.outputTokens.assumed > candidate.maxOutputTokens) continue;
    const { cost } = computeCost({
      price: candidate,
      kind: priced.call.kind,
      inputTokens: priced.inputTokens,
      outputTokens: priced.outputTokens,
      requestsPerDay: priced.requestsPerDay,
      multiplier: priced.call.multiplier,
    });
    if (cost.perRequest === null || cost.perRequest > perRequest * WORTHWHILE_SAVING) continue;
    if (!best || cost.perRequest > best.cost.perRequest! || (cost.perRequest === best.cost.perRequest && candidate.id < best.price.id)) {
      best = { price: candidate, cost };
    }
  }
  return best;
}
