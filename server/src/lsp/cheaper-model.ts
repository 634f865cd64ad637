import { computeCost } from "../core/pricing/compute-cost.ts";
import type { PriceTable } from "../core/pricing/price-table.ts";
import type { ModelPrice } from "../core/pricing/price-types.ts";
import { familySimilarity, isCurrent, isOtherKindOfModel } from "../core/rules/helpers/models.ts";
import type { CostUsd, PricedCall } from "../core/types.ts";

/** A suggestion is only worth showing when it at least halves the cost of a request. */
const WORTHWHILE_SAVING = 0.5;

/**
 * Entries of the price table that are no drop-in replacement for a general chat model: fine-tunes and
 * variants (`ft:`, `:extended`), special-purpose models, dated snapshots and moving aliases, legacy
 * completions models, open-weights models the vendor also lists.
 */
const NOT_A_SUGGESTION = /^ft:|:|\b(audio|realtime|search|computer-use|deep-research|tts|transcribe|image|vision|instruct|robotics|embedding|moderation|codex|oss|safeguard|gemma|latest|chatgpt)\b|-\d{4}-?\d{2}-?\d{2}$|-\d{3,4}$|^(ada|babbage|curie|davinci|text-)/i;

/** Models with a smaller window are legacy generations, not a sensible step down. */
const MIN_CONTEXT_WINDOW = 32_000;

export interface CheaperModel {
  price: ModelPrice;
  cost: CostUsd;
}

/**
 * A model of the same provider that does the same request for at most half the price: of the same family
 * where there is one (gpt-4o -> gpt-4o-mini), else the most expensive such model, as the smallest step down
 * that still saves real money. Never a reasoning model for a general one. Deprecated, legacy and
 * special-purpose models, other kinds (embeddings for chat) and models whose context window or output limit
 * the request would not fit are skipped. The same token counts are used: an estimate when the other model tokenizes differently.
 */
export function findCheaperModel(priced: PricedCall, prices: PriceTable, today: string = new Date().toISOString().slice(0, 10)): CheaperModel | undefined {
  const current = priced.price;
  const perRequest = priced.cost.perRequest;
  if (!current || perRequest === null || perRequest === 0 || priced.call.kind === "count") return undefined;
  let best: (CheaperModel & { score: number }) | undefined;
  for (const candidate of prices.modelsOf(current.provider)) {
    if (candidate.id === current.id || candidate.kind !== current.kind || NOT_A_SUGGESTION.test(candidate.id)) continue;
    if (candidate.contextWindow !== null && candidate.contextWindow < MIN_CONTEXT_WINDOW) continue;
    if (!isCurrent(candidate, today)) continue;
    if (isOtherKindOfModel(candidate, current)) continue;
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
    const score = familySimilarity(candidate.id, current.id);
    if (!best || score > best.score || (score === best.score && (cost.perRequest > best.cost.perRequest! || (cost.perRequest === best.cost.perRequest && candidate.id < best.price.id)))) {
      best = { price: candidate, cost, score };
    }
  }
  return best && { price: best.price, cost: best.cost };
}

