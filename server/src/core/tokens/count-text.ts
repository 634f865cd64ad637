import { Tiktoken } from "js-tiktoken/lite";
import cl100kBase from "js-tiktoken/ranks/cl100k_base";
import o200kBase from "js-tiktoken/ranks/o200k_base";

export type EncodingName = "o200k_base" | "cl100k_base";

/**
 * Texts longer than this are counted on their first part and extrapolated by length: BPE over a
 * megabyte of text takes seconds, and a prompt that large is over every budget either way.
 */
export const EXACT_COUNT_LIMIT_CHARS = 200_000;

const RANKS = { o200k_base: o200kBase, cl100k_base: cl100kBase };
const encoders = new Map<EncodingName, Tiktoken>();
const memo = new Map<EncodingName, Map<string, number>>();
/** Bound on memoised texts per encoding, so a long editing session does not grow without limit. */
const MEMO_LIMIT = 20_000;
let encodeCalls = 0;

function encoderFor(encoding: EncodingName): Tiktoken {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    encoder = new Tiktoken(RANKS[encoding]);
    encoders.set(encoding, encoder);
  }
  return encoder;
}

export interface TextCount {
  tokens: number;
  /** False when the text was over the exact-count limit and its count extrapolated. */
  exact: boolean;
}

/** Tokens of a text in an OpenAI encoding, memoised by text: the same prompt is never encoded twice. */
export function countTextTokens(text: string, encoding: EncodingName): TextCount {
  if (text.length === 0) return { tokens: 0, exact: true };
  if (text.length > EXACT_COUNT_LIMIT_CHARS) {
    const sample = countTextTokens(text.slice(0, EXACT_COUNT_LIMIT_CHARS), encoding).tokens;
    return { tokens: Math.round((sample * text.length) / EXACT_COUNT_LIMIT_CHARS), exact: false };
  }
  let cache = memo.get(encoding);
  if (!cache) {
    cache = new Map();
    memo.set(encoding, cache);
  }
  const cached = cache.get(text);
  if (cached !== undefined) {
    // Refresh recency so the memo behaves as an LRU.
    cache.delete(text);
    cache.set(text, cached);
    return { tokens: cached, exact: true };
  }
  encodeCalls++;
  const tokens = encoderFor(encoding).encode(text, "all").length;
  cache.set(text, tokens);
  if (cache.size > MEMO_LIMIT) cache.delete(cache.keys().next().value!);
  return { tokens, exact: true };
}

/** Memoised texts, and how many texts were run through the tokenizer; for tests and benchmarks. */
export function memoStats(): { entries: number; encodeCalls: number } {
  let entries = 0;
  for (const cache of memo.values()) entries += cache.size;
  return { entries, encodeCalls };
}
