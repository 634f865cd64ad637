import type { ModelPrice, ProviderPriceFile } from "../../server/src/core/pricing/price-types.ts";
import { PriceTable } from "../../server/src/core/pricing/price-table.ts";

/** A price entry with every field explicit, for tests that compute costs by hand. */
export function modelPrice(id: string, fields: Partial<ModelPrice> = {}): Omit<ModelPrice, "provider"> {
  return {
    id,
    aliases: [],
    kind: "chat",
    inputPerMTok: 2,
    outputPerMTok: 8,
    cacheReadPerMTok: 0.5,
    cacheWrite5mPerMTok: null,
    cacheWrite1hPerMTok: null,
    batchInputPerMTok: 1,
    batchOutputPerMTok: 4,
    longContext: null,
    contextWindow: 128000,
    maxOutputTokens: 16384,
    minCacheableTokens: 1024,
    caching: "automatic",
    deprecationDate: null,
    replacement: null,
    tokenizer: { encoding: "o200k_base" },
    checked: "2026-09-23",
    source: "test fixture",
    ...fields,
  };
}

export function priceTable(byProvider: Record<string, Omit<ModelPrice, "provider">[]>): PriceTable {
  const files: ProviderPriceFile[] = Object.entries(byProvider).map(([provider, models]) => ({ provider, checked: "2026-09-23", source: "test fixture", models }));
  return new PriceTable(files);
}

/** A small table: one OpenAI model, one Anthropic model with explicit caching, one Gemini model with a tier. */
export const TEST_PRICES = priceTable({
  openai: [modelPrice("gpt-4.1", { aliases: ["gpt-4.1-2025-04-14"], contextWindow: 1000 })],
  anthropic: [
    modelPrice("claude-sonnet-4-5", {
      inputPerMTok: 3,
      outputPerMTok: 15,
      cacheReadPerMTok: 0.3,
      cacheWrite5mPerMTok: 3.75,
      cacheWrite1hPerMTok: 6,
      batchInputPerMTok: 1.5,
      batchOutputPerMTok: 7.5,
      minCacheableTokens: 1024,
      caching: "explicit",
      tokenizer: { estimateFrom: "o200k_base", ratio: 1.2 },
      contextWindow: 200000,
    }),
  ],
  google: [
    modelPrice("gemini-2.5-pro", {
      inputPerMTok: 1.25,
      outputPerMTok: 10,
      cacheReadPerMTok: 0.125,
      longContext: { thresholdTokens: 200000, inputPerMTok: 2.5, outputPerMTok: 15, cacheReadPerMTok: 0.25, cacheWrite5mPerMTok: null, cacheWrite1hPerMTok: null },
      tokenizer: { estimateFrom: "o200k_base", ratio: 1 },
      contextWindow: 1048576,
    }),
  ],
});
