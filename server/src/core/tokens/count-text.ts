import cl100kBase from "js-tiktoken/ranks/cl100k_base";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { CompactBpeCounter } from "./compact-bpe.ts";

export type EncodingName = "o200k_base" | "cl100k_base";

/**
 * Texts longer than this are counted on their first part and extrapolated by length: BPE over a
 * megabyte of text takes seconds, and a prompt that large is over every budget either way.
 */
export const EXACT_COUNT_LIMIT_CHARS = 200_000;

const RANKS = { o200k_base: o200kBase, cl100k_base: cl100kBase };
/** js-tiktoken's ranks, counted by a compact table (compact-bpe.ts): 5 MB where `Tiktoken` keeps 66 MB. */
const encoders = new Map<EncodingName, CompactBpeCounter>();
/**
 * Counts by text, per encoding, in two generations: hits in the old generation move to the new one, and
 * when the new one is full the old one is dropped. Recently used texts stay, memory stays bounded, and no
 * entry is ever deleted one by one (a Map's deletes leave holes that made a per-hit LRU refresh cost
 * microseconds: 100,000 lookups of one role name took 0.6 s).
 */
interface Memo {
  current: Map<string, number>;
  previous: Map<string, number>;
}
const memo = new Map<EncodingName, Memo>();
/** Texts per generation, so at most twice this many are kept per encoding. */
const GENERATION_SIZE = 10_000;
let encodeCalls = 0;

function encoderFor(encoding: EncodingName): CompactBpeCounter {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    encoder = new CompactBpeCounter(RANKS[encoding]);
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
    cache = { current: new Map(), previous: new Map() };
    memo.set(encoding, cache);
  }
  const recent = cache.current.get(text);
  if (recent !== undefined) return { tokens: recent, exact: true };
  const older = cache.previous.get(text);
  if (older !== undefined) {
    remember(cache, text, older);
    return { tokens: older, exact: true };
  }
  encodeCalls++;
  const tokens = encoderFor(encoding).count(text);
  remember(cache, text, tokens);
  return { tokens, exact: true };
}

function remember(cache: Memo, text: string, tokens: number): void {
  if (cache.current.size >= GENERATION_SIZE) {
    cache.previous = cache.current;
    cache.current = new Map();
  }
  cache.current.set(text, tokens);
}

/** Memoised texts, and how many texts were run through the tokenizer; for tests and benchmarks. */
export function memoStats(): { entries: number; encodeCalls: number } {
  let entries = 0;
  for (const cache of memo.values()) entries += cache.current.size + cache.previous.size;
  return { entries, encodeCalls };
}
