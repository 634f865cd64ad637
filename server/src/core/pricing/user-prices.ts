// The user's own prices, laid over the table: field overrides, glob aliases, a negotiated discount and
// self-hosted models priced from their hardware. The config file's `pricing` block and the editor's
// `promptcost.pricing.*` settings have this shape; the config file wins key by key (see mergeUserPrices).
import type { LongContextTier, ModelPrice } from "./price-types.ts";

export interface UserPrices {
  overrides?: Record<string, PriceOverride>;
  aliases?: Record<string, string>;
  /** A negotiated percentage off the table's prices: one figure for every provider, or one per provider id. */
  discount?: number | Record<string, number>;
  /** Models served on the user's own hardware, by model id or glob. */
  selfHosted?: Record<string, SelfHostedHardware>;
}

export type PriceOverride = Partial<Omit<ModelPrice, "id" | "aliases">>;

/** What a self-hosted deployment costs to run and how fast it serves tokens. */
export interface SelfHostedHardware {
  /** USD per hour of the machine (or machines) serving the model. */
  costPerHour: number;
  /** Tokens served per second at the expected load, input and output alike. */
  tokensPerSecond?: number;
  /** Prompt tokens per second (prefill), when it differs from generation. */
  inputTokensPerSecond?: number;
  /** Generated tokens per second. */
  outputTokensPerSecond?: number;
  /** Only calls to this provider (e.g. "ollama"); any provider when unset. */
  provider?: string;
}

export class PriceOverrideError extends Error {
  override readonly name = "PriceOverrideError";
}

/** USD per million tokens of hardware costing `costPerHour` that serves `tokensPerSecond`. */
export function perMTokFromHardware(costPerHour: number, tokensPerSecond: number): number {
  return (costPerHour / (tokensPerSecond * 3600)) * 1_000_000;
}

/** The input and output prices of a self-hosted model; throws when its throughput is missing. */
export function selfHostedRates(pattern: string, hardware: SelfHostedHardware): { inputPerMTok: number; outputPerMTok: number } {
  const input = hardware.inputTokensPerSecond ?? hardware.tokensPerSecond;
  const output = hardware.outputTokensPerSecond ?? hardware.tokensPerSecond;
  if (!(hardware.costPerHour >= 0) || !input || !output || input <= 0 || output <= 0) {
    throw new PriceOverrideError(`pricing.selfHosted.${pattern}: needs costPerHour and tokensPerSecond (or inputTokensPerSecond and outputTokensPerSecond) above 0`);
  }
  return { inputPerMTok: perMTokFromHardware(hardware.costPerHour, input), outputPerMTok: perMTokFromHardware(hardware.costPerHour, output) };
}

/** How a self-hosted price was reached, for the hover and the JSON source. */
export function selfHostedSource(hardware: SelfHostedHardware): string {
  const speeds =
    hardware.inputTokensPerSecond !== undefined || hardware.outputTokensPerSecond !== undefined
      ? `${hardware.inputTokensPerSecond ?? hardware.tokensPerSecond} input / ${hardware.outputTokensPerSecond ?? hardware.tokensPerSecond} output tokens/s`
      : `${hardware.tokensPerSecond} tokens/s`;
  return `self-hosted (pricing.selfHosted): $${hardware.costPerHour}/hour at ${speeds}`;
}

/** The discount percentage for a provider, or 0. */
export function discountFor(discount: UserPrices["discount"], provider: string): number {
  if (discount === undefined) return 0;
  const percent = typeof discount === "number" ? discount : (discount[provider] ?? discount["*"] ?? 0);
  if (!(percent >= 0 && percent <= 100)) throw new PriceOverrideError(`pricing.discount: ${percent} is not a percentage between 0 and 100`);
  return percent;
}

/** Every per-token price of an entry scaled down by a percentage; limits and dates untouched. */
export function discounted(price: ModelPrice, percent: number): ModelPrice {
  const factor = 1 - percent / 100;
  const scale = (value: number | null | undefined): number | null => (value === null || value === undefined ? null : roundPrice(value * factor));
  const tier = (longContext: LongContextTier | null): LongContextTier | null =>
    longContext && {
      thresholdTokens: longContext.thresholdTokens,
      inputPerMTok: roundPrice(longContext.inputPerMTok * factor),
      outputPerMTok: roundPrice(longContext.outputPerMTok * factor),
      cacheReadPerMTok: scale(longContext.cacheReadPerMTok),
      cacheWrite5mPerMTok: scale(longContext.cacheWrite5mPerMTok),
      cacheWrite1hPerMTok: scale(longContext.cacheWrite1hPerMTok),
    };
  const result: ModelPrice = {
    ...price,
    inputPerMTok: roundPrice(price.inputPerMTok * factor),
    outputPerMTok: roundPrice(price.outputPerMTok * factor),
    cacheReadPerMTok: scale(price.cacheReadPerMTok),
    cacheWrite5mPerMTok: scale(price.cacheWrite5mPerMTok),
    cacheWrite1hPerMTok: scale(price.cacheWrite1hPerMTok),
    batchInputPerMTok: scale(price.batchInputPerMTok),
    batchOutputPerMTok: scale(price.batchOutputPerMTok),
    longContext: tier(price.longContext),
    discountPercent: percent,
  };
  if (price.cacheStoragePerMTokHour !== undefined) result.cacheStoragePerMTokHour = scale(price.cacheStoragePerMTokHour);
  return result;
}

/** The editor's prices when no `promptcost.pricing.*` setting is set (as the server's settings read them). */
export function noEditorPrices(): UserPrices {
  return { overrides: {}, aliases: {}, discount: 0, selfHosted: {} };
}

/**
 * The editor's prices with the config file's laid over them, key by key: a model the config file
 * prices is priced as the config says; a discount in the config file replaces the editor's.
 */
export function mergeUserPrices(editor: UserPrices, config: UserPrices | undefined): UserPrices {
  const merged: UserPrices = {
    overrides: { ...editor.overrides, ...config?.overrides },
    aliases: configFirst(editor.aliases, config?.aliases),
    selfHosted: configFirst(editor.selfHosted, config?.selfHosted),
  };
  const discount = config?.discount ?? editor.discount;
  if (discount !== undefined) merged.discount = discount;
  return merged;
}

/**
 * Glob-keyed entries are tried in order, so the config file's come first: its `acme-small` beats the
 * editor's `acme-*` for the same model, not only the editor's `acme-small`.
 */
function configFirst<T>(editor: Record<string, T> | undefined, config: Record<string, T> | undefined): Record<string, T> {
  const merged: Record<string, T> = { ...config };
  for (const [key, value] of Object.entries(editor ?? {})) if (!(key in merged)) merged[key] = value;
  return merged;
}

export function hasUserPrices(prices: UserPrices): boolean {
  return (
    (prices.discount !== undefined && prices.discount !== 0) ||
    Object.keys(prices.overrides ?? {}).length > 0 ||
    Object.keys(prices.aliases ?? {}).length > 0 ||
    Object.keys(prices.selfHosted ?? {}).length > 0
  );
}

/** Prices are kept to 10 significant digits so a discount does not print as 1.9999999999. */
function roundPrice(value: number): number {
  return Number(value.toPrecision(10));
}
