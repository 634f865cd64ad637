import { CompactBpeCounter, type CompactBpeTables } from "./compact-bpe.ts";
import { loadEncoding, type EncodingName } from "./rank-data.ts";

export type { EncodingName };

/**
 * Texts up to this length are counted exactly: the compact tokenizer takes about 0.8 s for 1 MB of prose and
 * code on a loaded 2-core machine (4 MB: 4.1 s), and each text is counted once (memoised). Longer texts are
 * estimated from evenly spaced samples, with a range (see estimateLongText).
 */
export const EXACT_COUNT_LIMIT_CHARS = 2 * 1024 * 1024;
/** Samples of a text over the limit: 16 slices of 32K characters, half a megabyte counted in all. */
const SAMPLE_COUNT = 16;
const SAMPLE_CHARS = 32 * 1024;

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

/** Where tables built on another thread may come from (the language server's reading thread builds o200k_base's). */
let prebuiltTables: ((encoding: EncodingName) => CompactBpeTables | undefined) | undefined;

/** Counters are made from the tables this gives, when it has them, instead of from the rank data. */
export function usePrebuiltTables(source: (encoding: EncodingName) => CompactBpeTables | undefined): void {
  prebuiltTables = source;
}

/** What times the building of a counter's tables (`--debug` counts it as the run's setup), if anything. */
let timeTableBuild: (<T>(build: () => T) => T) | undefined;

/** Has each counter's tables built through `time` from now on (undefined: no longer timed). */
export function timeTableBuilds(time: (<T>(build: () => T) => T) | undefined): void {
  timeTableBuild = time;
}

function encoderFor(encoding: EncodingName): CompactBpeCounter {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    const build = (): CompactBpeCounter => new CompactBpeCounter(prebuiltTables?.(encoding) ?? loadEncoding(encoding));
    encoder = timeTableBuild ? timeTableBuild(build) : build();
    encoders.set(encoding, encoder);
  }
  return encoder;
}

export interface TextCount {
  tokens: number;
  /** False when the text was over the exact-count limit and its count estimated from samples. */
  exact: boolean;
  /** For an estimate: the lowest and highest counts the samples' densities give. */
  range?: { low: number; high: number };
}

/**
 * Tokens of a text too long to count whole, from evenly spaced samples: tokens per UTF-8 byte in each
 * sample, the mean for the estimate and the sparsest and densest sample for the range. `totalBytes` is
 * the size of the whole text when only a part of it was read (a prompt file over the read limit).
 */
export function estimateLongText(text: string, encoding: EncodingName, totalBytes: number = Buffer.byteLength(text)): TextCount {
  const density = sampledDensity(text, encoding);
  return {
    tokens: Math.round(totalBytes * density.mean),
    exact: false,
    range: { low: Math.round(totalBytes * density.low), high: Math.round(totalBytes * density.high) },
  };
}

interface Density {
  mean: number;
  low: number;
  high: number;
}

/** Sampled densities by encoding and text; few texts are this long, so the map is simply emptied when full. */
const densities = new Map<EncodingName, Map<string, Density>>();
const MAX_DENSITIES = 32;

function sampledDensity(text: string, encoding: EncodingName): Density {
  let cache = densities.get(encoding);
  if (!cache) densities.set(encoding, (cache = new Map()));
  let density = cache.get(text);
  if (!density) {
    if (cache.size >= MAX_DENSITIES) cache.clear();
    cache.set(text, (density = measureDensity(text, encoding)));
  }
  return density;
}

function measureDensity(text: string, encoding: EncodingName): Density {
  const sampleChars = Math.min(SAMPLE_CHARS, Math.ceil(text.length / SAMPLE_COUNT));
  const step = Math.max(sampleChars, Math.floor((text.length - sampleChars) / (SAMPLE_COUNT - 1)));
  const found: number[] = [];
  for (let start = 0; start + sampleChars <= text.length && found.length < SAMPLE_COUNT; start += step) {
    const sample = text.slice(start, start + sampleChars);
    found.push(encoderFor(encoding).count(sample) / Buffer.byteLength(sample));
  }
  if (found.length === 0) return { mean: 0, low: 0, high: 0 };
  return { mean: found.reduce((sum, value) => sum + value, 0) / found.length, low: Math.min(...found), high: Math.max(...found) };
}

/** Tokens of a text in an OpenAI encoding, memoised by text: the same prompt is never encoded twice. */
export function countTextTokens(text: string, encoding: EncodingName): TextCount {
  if (text.length === 0) return { tokens: 0, exact: true };
  if (text.length > EXACT_COUNT_LIMIT_CHARS) return estimateLongText(text, encoding);
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
