// The shape of pricing/<provider>.json (validated by pricing/schema.json). All prices are USD per
// million tokens; null means the provider does not offer it (no batch API, no cache), never "free".

export interface LongContextTier {
  /** Input tokens above which the whole request is billed at the tier prices. */
  thresholdTokens: number;
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok: number | null;
  cacheWrite5mPerMTok: number | null;
  cacheWrite1hPerMTok: number | null;
}

/** How tokens are counted for a model: an exact tiktoken encoding, or an estimate from one. */
export type TokenizerSpec =
  | { encoding: "o200k_base" | "cl100k_base" }
  | { estimateFrom: "o200k_base"; ratio: number };

export interface ModelPrice {
  id: string;
  provider: string;
  /** Other names of the same model: dated snapshots, -latest aliases, vendor-prefixed ids. */
  aliases: string[];
  kind: "chat" | "embedding";
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok: number | null;
  cacheWrite5mPerMTok: number | null;
  cacheWrite1hPerMTok: number | null;
  batchInputPerMTok: number | null;
  batchOutputPerMTok: number | null;
  longContext: LongContextTier | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  /** Shortest prefix the provider caches; below it caching silently does nothing. */
  minCacheableTokens: number | null;
  /** Whether the provider caches a long prefix on its own (OpenAI, Gemini implicit) or needs a marker. */
  caching: "automatic" | "explicit" | "none";
  /** Storage of an explicit cache (Gemini `cachedContent`), USD per million tokens per hour it is kept. */
  cacheStoragePerMTokHour?: number | null;
  deprecationDate: string | null;
  replacement: string | null;
  tokenizer: TokenizerSpec;
  /** Set when the user's negotiated discount (pricing.discount) scaled this entry's prices. */
  discountPercent?: number;
  /** Date the price was last checked against the source, YYYY-MM-DD. */
  checked: string;
  source: string;
}

/** One file of pricing/: the models of one provider. */
export interface ProviderPriceFile {
  $schema?: string;
  provider: string;
  checked: string;
  source: string;
  models: Omit<ModelPrice, "provider">[];
}
