import { modelPrice, priceTable } from "./price-fixtures.ts";

/** The date the tier fixtures are read on (deprecations are measured from it). */
export const FIXTURE_TODAY = "2026-09-23";

/**
 * A table with the tiers of each provider, for rules that compare models or read deprecation dates:
 * premium and small tiers, a deprecated model with its replacement, an embedding model, Bedrock.
 */
export const TIER_PRICES = priceTable({
  openai: [
    modelPrice("gpt-4.1", { contextWindow: 1_047_576 }),
    modelPrice("gpt-4.1-mini", { inputPerMTok: 0.4, outputPerMTok: 1.6, cacheReadPerMTok: 0.1, batchInputPerMTok: 0.2, batchOutputPerMTok: 0.8, contextWindow: 1_047_576 }),
    modelPrice("gpt-4.1-nano", { inputPerMTok: 0.1, outputPerMTok: 0.4, cacheReadPerMTok: 0.025, batchInputPerMTok: 0.05, batchOutputPerMTok: 0.2, contextWindow: 1_047_576 }),
    modelPrice("gpt-4.5-preview", { inputPerMTok: 75, outputPerMTok: 150, cacheReadPerMTok: 37.5, batchInputPerMTok: 37.5, batchOutputPerMTok: 75, deprecationDate: "2025-07-14", replacement: "gpt-4.1" }),
    modelPrice("gpt-4o", { inputPerMTok: 2.5, outputPerMTok: 10, cacheReadPerMTok: 1.25, deprecationDate: "2026-11-20", replacement: "gpt-4.1" }),
    modelPrice("text-embedding-3-small", { kind: "embedding", inputPerMTok: 0.02, outputPerMTok: 0, cacheReadPerMTok: null, batchInputPerMTok: 0.01, batchOutputPerMTok: 0, caching: "none", tokenizer: { encoding: "cl100k_base" } }),
  ],
  anthropic: [
    modelPrice("claude-sonnet-4-5", {
      inputPerMTok: 3,
      outputPerMTok: 15,
      cacheReadPerMTok: 0.3,
      cacheWrite5mPerMTok: 3.75,
      batchInputPerMTok: 1.5,
      batchOutputPerMTok: 7.5,
      caching: "explicit",
      contextWindow: 200_000,
      tokenizer: { estimateFrom: "o200k_base", ratio: 1.2 },
    }),
    modelPrice("claude-haiku-4-5", {
      inputPerMTok: 1,
      outputPerMTok: 5,
      cacheReadPerMTok: 0.1,
      cacheWrite5mPerMTok: 1.25,
      batchInputPerMTok: 0.5,
      batchOutputPerMTok: 2.5,
      caching: "explicit",
      minCacheableTokens: 4096,
      contextWindow: 200_000,
      tokenizer: { estimateFrom: "o200k_base", ratio: 1.2 },
    }),
  ],
  google: [
    modelPrice("gemini-2.5-pro", { inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125, minCacheableTokens: 2048, contextWindow: 1_048_576, tokenizer: { estimateFrom: "o200k_base", ratio: 1 } }),
    modelPrice("gemini-2.5-flash", { inputPerMTok: 0.3, outputPerMTok: 2.5, cacheReadPerMTok: 0.03, minCacheableTokens: 1024, contextWindow: 1_048_576, tokenizer: { estimateFrom: "o200k_base", ratio: 1 } }),
  ],
  bedrock: [
    modelPrice("anthropic.claude-sonnet-4-5", { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, caching: "explicit", contextWindow: 200_000, tokenizer: { estimateFrom: "o200k_base", ratio: 1.2 } }),
  ],
  mistral: [modelPrice("mistral-large-latest", { inputPerMTok: 2, outputPerMTok: 6, caching: "none", cacheReadPerMTok: null })],
});

/** About 1,430 tokens of static text: over the 1,024-token cache minimum of most models. */
export const LONG_POLICY = "Refunds are handled by the billing team within five business days. ".repeat(110);
