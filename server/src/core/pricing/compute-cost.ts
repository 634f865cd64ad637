import type { CallKind, CostUsd, InputTokens, OutputTokens } from "../types.ts";
import type { ModelPrice } from "./price-types.ts";

/** Monthly figures assume 30 days of the stated daily traffic. */
export const DAYS_PER_MONTH = 30;

export interface CostInput {
  price: ModelPrice | null;
  kind: CallKind;
  inputTokens: Pick<InputTokens, "total" | "cacheablePrefix">;
  outputTokens: OutputTokens;
  requestsPerDay: number;
  multiplier: number;
  /**
   * The call's prefix caching: the share of requests that hit, and whether the call marks its prefix
   * (cache_control, cachePoint). Absent: every request is priced uncached.
   */
  caching?: { hitRate: number; marked: boolean };
}

export interface CostResult {
  cost: CostUsd;
  /** True when the request is over the long-context threshold and billed whole at the tier price. */
  longContextTier: boolean;
}

/**
 * Cost of one request and one month of them, in USD. Uncached; with the cacheable prefix read from
 * cache (only when it reaches the model's minimum cacheable length); and through the batch API. A model
 * with no price costs null, never 0.
 */
export function computeCost(input: CostInput): CostResult {
  const { price, kind } = input;
  if (!price) return { cost: { perRequest: null, perRequestCached: null, perRequestBatch: null, monthly: null }, longContextTier: false };
  if (kind === "count") return { cost: { perRequest: 0, perRequestCached: 0, perRequestBatch: 0, monthly: 0 }, longContextTier: false };

  const inputTokens = input.inputTokens.total;
  const outputTokens = kind === "embedding" ? 0 : input.outputTokens.expected ?? input.outputTokens.assumed;
  const tier = price.longContext && inputTokens > price.longContext.thresholdTokens ? price.longContext : null;
  const inputRate = tier?.inputPerMTok ?? price.inputPerMTok;
  const outputRate = tier?.outputPerMTok ?? price.outputPerMTok;
  const cacheReadRate = tier ? tier.cacheReadPerMTok : price.cacheReadPerMTok;

  const uncached = perMillion(inputTokens * inputRate + outputTokens * outputRate);

  const prefix = input.inputTokens.cacheablePrefix;
  const cacheable = cacheReadRate !== null && prefix > 0 && prefix >= (price.minCacheableTokens ?? 0);
  const cached = cacheable ? perMillion(prefix * cacheReadRate + (inputTokens - prefix) * inputRate + outputTokens * outputRate) : uncached;

  const batchInputRate = price.batchInputPerMTok;
  const batchOutputRate = price.batchOutputPerMTok;
  // Tiered prices over the threshold apply to batch too, at the same discount as the base prices.
  const batchScale = tier && batchInputRate !== null ? tier.inputPerMTok / price.inputPerMTok : 1;
  const batchOutputScale = tier && batchOutputRate !== null ? tier.outputPerMTok / price.outputPerMTok : 1;
  const batch =
    batchInputRate !== null && batchOutputRate !== null
      ? perMillion(inputTokens * batchInputRate * batchScale + outputTokens * batchOutputRate * batchOutputScale)
      : null;

  const perRequest = kind === "batch" ? batch ?? uncached : uncached;
  const caching = kind === "batch" || !cacheable ? undefined : cachingUsed(price, input.caching);
  // A miss on a marked prefix writes it to the cache, at the cache-write price where the provider charges one.
  const writeRate = tier ? tier.cacheWrite5mPerMTok : price.cacheWrite5mPerMTok;
  const miss = caching?.marked && writeRate !== null ? uncached + perMillion(prefix * (writeRate - inputRate)) : uncached;
  const expected = caching ? caching.hitRate * cached + (1 - caching.hitRate) * miss : perRequest;
  const monthly = expected * input.multiplier * input.requestsPerDay * DAYS_PER_MONTH;
  const cost: CostUsd = { perRequest, perRequestCached: kind === "batch" ? perRequest : cached, perRequestBatch: batch, monthly };
  if (caching) {
    cost.perRequestExpected = expected;
    cost.cacheHitRate = caching.hitRate;
  }
  // An explicit cache (Gemini cachedContent) also bills storage for every hour the prefix is kept.
  const storageRate = price.cacheStoragePerMTokHour;
  if (cacheable && typeof storageRate === "number") cost.cacheStoragePerHour = perMillion(prefix * storageRate);
  return { cost, longContextTier: tier !== null };
}

/**
 * Whether the request's prefix is cached: the provider caches on its own (OpenAI, DeepSeek, Gemini implicit),
 * or the call marks it where the provider needs a marker. Below the minimum prefix nothing is cached (checked
 * by the caller).
 */
function cachingUsed(price: ModelPrice, caching: CostInput["caching"]): { hitRate: number; marked: boolean } | undefined {
  if (!caching || caching.hitRate <= 0) return undefined;
  if (price.caching === "automatic" || caching.marked) return caching;
  return undefined;
}

/** Hours in the month the monthly figures assume, for a cache kept warm all month. */
export const HOURS_PER_MONTH = 24 * DAYS_PER_MONTH;

function perMillion(tokenDollars: number): number {
  return tokenDollars / 1_000_000;
}
