// Token counts of pieces of a prompt, for rules that reason about where static and dynamic text sit.
import type { ModelPrice, TokenizerSpec } from "../../pricing/price-types.ts";
import { countStaticText, defaultTokenizer } from "../../tokens/count-prompt.ts";
import type { DynamicTextPart, LlmCall, PricedCall, StaticTextPart } from "../../types.ts";

/** Smallest prefix each provider caches when the model has no price entry to say. */
const FALLBACK_MIN_CACHEABLE: Record<string, number> = { openai: 1024, azure: 1024, anthropic: 1024, bedrock: 1024, google: 1024 };

export function minCacheableTokens(priced: PricedCall): number {
  return priced.price?.minCacheableTokens ?? FALLBACK_MIN_CACHEABLE[priced.call.provider] ?? 1024;
}

export function tokenizerOf(priced: PricedCall): TokenizerSpec {
  return priced.price?.tokenizer ?? defaultTokenizer(priced.call.provider, priced.call.model);
}

/** Tokens of a static part as the call's model counts them (an estimate where the tokenizer is one). */
export function staticPartTokens(part: StaticTextPart, tokenizer: TokenizerSpec): number {
  const encoding = "encoding" in tokenizer ? tokenizer.encoding : tokenizer.estimateFrom;
  const ratio = "ratio" in tokenizer ? tokenizer.ratio : 1;
  return Math.round(countStaticText(part, encoding).tokens * ratio);
}

export interface DynamicPrefix {
  /** The first part only known at run time. */
  part: DynamicTextPart;
  /** Static tokens after it, up to the next dynamic part: what a prefix cache cannot serve because of it. */
  blockedTokens: number;
}

/** The first dynamic part of a request and the run of static text that follows it. */
export function firstDynamicPart(call: LlmCall, tokenizer: TokenizerSpec): DynamicPrefix | undefined {
  let first: DynamicTextPart | undefined;
  let blocked = 0;
  for (const message of call.messages) {
    for (const part of message.parts) {
      if (part.kind === "dynamic") {
        if (first) return { part: first, blockedTokens: blocked };
        first = part;
      } else if (first) {
        blocked += staticPartTokens(part, tokenizer);
      }
    }
  }
  return first ? { part: first, blockedTokens: blocked } : undefined;
}

/** The static text a request starts with, up to its first dynamic part; messages are told apart by role. */
export function staticHead(call: LlmCall): string {
  let head = staticHeads.get(call);
  if (head === undefined) staticHeads.set(call, (head = buildStaticHead(call)));
  return head;
}

/** Each call's head is compared with every other call's of the file: built once per call, not once per pair. */
const staticHeads = new WeakMap<LlmCall, string>();

function buildStaticHead(call: LlmCall): string {
  let head = "";
  for (const message of call.messages) {
    head += `\u0000${message.role}\u0000`;
    for (const part of message.parts) {
      if (part.kind === "dynamic") return head;
      head += part.text;
    }
  }
  return head;
}

/**
 * Tokens of the text two heads start with (message separators dropped); 0 when fewer than `atLeast`, which
 * is decided without the tokenizer when the text has too few bytes (a token is at least one byte): with
 * every pair of a file's calls compared, tokenizing each shared prefix made a file of many calls quadratic in BPE.
 */
export function sharedHeadTokens(a: string, b: string, tokenizer: TokenizerSpec, atLeast = 0): number {
  let length = 0;
  const max = Math.min(a.length, b.length);
  while (length < max && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  const ratio = "ratio" in tokenizer ? tokenizer.ratio : 1;
  if (length * 4 * ratio < atLeast) return 0;
  const text = a.slice(0, length).replace(/\u0000[a-z]*\u0000?/g, "");
  if (Buffer.byteLength(text) * ratio < atLeast) return 0;
  return staticPartTokens({ kind: "static", text }, tokenizer);
}

/** Requests a call makes in a month: its daily traffic, 30 days, times its loop multiplier. */
export function monthlyRequests(priced: PricedCall): number {
  return priced.requestsPerDay * 30 * priced.call.multiplier;
}
