// Choosing among the models of the price table: cheaper tiers, deprecation dates, what a request would
// cost on another model.
import { computeCost } from "../../pricing/compute-cost.ts";
import type { PriceTable } from "../../pricing/price-table.ts";
import type { ModelPrice } from "../../pricing/price-types.ts";
import type { AnalysisSettings } from "../../settings.ts";
import { isReasoningModel } from "../../tokens/request-extras.ts";
import type { PricedCall } from "../../types.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Today as YYYY-MM-DD, or the settings' fixed date (reproducible reports). */
export function todayOf(settings: AnalysisSettings): string {
  return settings.today ?? new Date().toISOString().slice(0, 10);
}

/** Whole days from `today` to `date` (negative when past), or null for a date that does not parse. */
export function daysUntil(date: string, today: string): number | null {
  const target = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  const from = Date.parse(`${today}T00:00:00Z`);
  return Number.isNaN(target) || Number.isNaN(from) ? null : Math.round((target - from) / DAY_MS);
}

export function isRetired(price: ModelPrice, today: string): boolean {
  const days = price.deprecationDate ? daysUntil(price.deprecationDate, today) : null;
  return days !== null && days <= 0;
}

/** Every model of the table retired by `today` (provider/id, sorted): what analyses see of the date, but the day counts of no-deprecated-model. */
export function retiredModels(prices: PriceTable, today: string): string[] {
  return prices.providers.flatMap((provider) => prices.modelsOf(provider).filter((model) => isRetired(model, today)).map((model) => `${provider}/${model.id}`)).sort();
}

/** Not retired, not scheduled for retirement, not superseded: a model worth moving to. */
export function isCurrent(model: ModelPrice, today: string): boolean {
  return !isRetired(model, today) && model.deprecationDate === null && model.replacement === null;
}

/**
 * A reasoning model thinks (and bills hidden output) before answering: it is no cheaper stand-in for a
 * general model (gpt-4o -> o1-mini), whatever its price per token.
 */
export function isOtherKindOfModel(candidate: ModelPrice, current: ModelPrice): boolean {
  return isReasoningModel(candidate.id) && !isReasoningModel(current.id);
}

/**
 * The provider's cheaper tier of a model: chat models of the same price file at or under the premium
 * line and not retired, the one whose id shares most with the model's (gpt-4.1 -> gpt-4.1-mini,
 * claude-sonnet-4-5 -> claude-haiku-4-5), the better-priced (closer to the premium line) on a tie.
 */
export function cheaperTier(price: ModelPrice, prices: PriceTable, premiumInputPerMTok: number, today: string): ModelPrice | undefined {
  const candidates = prices
    .modelsOf(price.provider)
    .filter((model) => model.kind === "chat" && model.id !== price.id && model.inputPerMTok <= premiumInputPerMTok && model.inputPerMTok < price.inputPerMTok && isCurrent(model, today))
    .filter((model) => !isOtherKindOfModel(model, price));
  const score = (model: ModelPrice): number => familySimilarity(model.id, price.id);
  return candidates.sort((a, b) => score(b) - score(a) || b.inputPerMTok - a.inputPerMTok || a.id.localeCompare(b.id))[0];
}

/** How much two model ids share at either end (gpt-4o and gpt-4o-mini, claude-sonnet-4-5 and claude-haiku-4-5): the same family scores high. */
export function familySimilarity(a: string, b: string): number {
  return commonPrefix(a, b) + commonSuffix(a, b);
}

function commonPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

function commonSuffix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[a.length - 1 - length] === b[b.length - 1 - length]) length++;
  return length;
}

/** What one request of the call would cost on another model, with the same token counts. */
export function perRequestOn(priced: PricedCall, price: ModelPrice): number | null {
  return computeCost({ price, kind: priced.call.kind, inputTokens: priced.inputTokens, outputTokens: priced.outputTokens, requestsPerDay: priced.requestsPerDay, multiplier: priced.call.multiplier }).cost.perRequest;
}

/**
 * How much less a month of the call would cost with `prefix` leading tokens cached (marked where the
 * provider needs a marker), at the settings' cache hit rate: the same model the lens and the totals use,
 * so a fix lowers the estimate by what its message promises. Null when nothing would be saved.
 */
export function monthlySavingWithCachedPrefix(priced: PricedCall, prefix: number, hitRate: number): number | null {
  if (!priced.price || priced.cost.monthly === null) return null;
  const { cost } = computeCost({
    price: priced.price,
    kind: priced.call.kind,
    inputTokens: { total: priced.inputTokens.total, cacheablePrefix: prefix },
    outputTokens: priced.outputTokens,
    requestsPerDay: priced.requestsPerDay,
    multiplier: priced.call.multiplier,
    caching: { hitRate, marked: true },
  });
  const saving = cost.monthly === null ? 0 : priced.cost.monthly - cost.monthly;
  return saving > 0 ? saving : null;
}

export function perMTokLabel(price: ModelPrice): string {
  return `$${trimNumber(price.inputPerMTok)}/$${trimNumber(price.outputPerMTok)} per Mtok in/out`;
}

function trimNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * The model a finding names: the call's, and, when the request can go several ways (a switch or ternary
 * picks the model), that it is the costliest of them, not the one model the code sends.
 */
export function modelNamed(priced: PricedCall): string {
  const ways = priced.candidateCosts?.length ?? 0;
  return ways > 1 ? `${priced.call.model} (the costliest of ${ways} ways this request can go)` : `${priced.call.model}`;
}
