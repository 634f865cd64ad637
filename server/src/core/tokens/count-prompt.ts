import type { TokenizerSpec } from "../pricing/price-types.ts";
import type { InputTokens, LlmCall, TextPart } from "../types.ts";
import { countTextTokens, estimateLongText, type EncodingName, type TextCount } from "./count-text.ts";

/**
 * OpenAI chat format (the OpenAI cookbook's count): every message costs 3 tokens plus the tokens of its
 * role and content, a `name` its tokens plus 1, and the reply is primed with 3.
 */
export const CHAT_TOKENS_PER_MESSAGE = 3;
export const CHAT_TOKENS_PER_NAME = 1;
export const CHAT_REPLY_PRIMER_TOKENS = 3;

/**
 * How far a provider's own tokenizer may fall from the o200k estimate, as [low, high] ratios. Claude's
 * tokenizer is not published; o200k × 1.2 sits in the middle of what Anthropic's count_tokens returns for
 * English prose (about 1.1×) and for code and JSON (about 1.35×). Gemini's SentencePiece vocabulary is
 * close to o200k on English (0.9-1.15×). Other vendors (Llama, Mistral, Qwen vocabularies) spread wider.
 */
export const ESTIMATE_RATIO_RANGES: { test: (provider: string, model: string | null) => boolean; low: number; high: number }[] = [
  { test: (provider, model) => provider === "anthropic" || /claude/.test(model ?? ""), low: 1.1, high: 1.35 },
  { test: (provider, model) => provider === "google" || /gemini|gemma/.test(model ?? ""), low: 0.9, high: 1.15 },
  { test: () => true, low: 0.9, high: 1.3 },
];

/** When the model has no price entry: count as its provider would most likely tokenize. */
export function defaultTokenizer(provider: string, model: string | null): TokenizerSpec {
  if (provider === "openai" || provider === "azure") {
    return model && /^(gpt-4(?!o|\.)|gpt-3\.5|text-embedding)/.test(model) ? { encoding: "cl100k_base" } : { encoding: "o200k_base" };
  }
  if (provider === "anthropic" || (provider === "bedrock" && /claude/.test(model ?? ""))) return { estimateFrom: "o200k_base", ratio: 1.2 };
  return { estimateFrom: "o200k_base", ratio: 1.0 };
}

export interface CountOptions {
  tokenizer: TokenizerSpec;
  /** Tokens assumed for each part known only at run time. */
  dynamicTokens: number;
}

/** Request content besides messages (tools, schemas): known tokens to static, assumed ones to dynamic. */
function countExtras(call: LlmCall, encoding: EncodingName, ratio: number): { staticTokens: number; dynamicTokens: number; assumptions: InputTokens["assumptions"] } {
  let staticTokens = 0;
  let dynamicTokens = 0;
  const assumptions: InputTokens["assumptions"] = [];
  for (const extra of call.extras ?? []) {
    const tokens = extra.text !== undefined ? Math.round(countTextTokens(extra.text, encoding).tokens * ratio) : extra.tokens ?? 0;
    if (extra.assumed) {
      dynamicTokens += tokens;
      assumptions.push({ label: extra.label, tokens });
    } else staticTokens += tokens;
  }
  return { staticTokens, dynamicTokens, assumptions };
}

/**
 * Input tokens of a call: static text counted with the model's tokenizer (or estimated from o200k with the
 * family ratio), chat format overhead added, each dynamic part counted as the stated assumption.
 */
export function countInputTokens(call: LlmCall, options: CountOptions): InputTokens {
  const encoding: EncodingName = "encoding" in options.tokenizer ? options.tokenizer.encoding : options.tokenizer.estimateFrom;
  const ratio = "ratio" in options.tokenizer ? options.tokenizer.ratio : 1;
  const usesChatFormat = call.kind === "chat" || call.kind === "batch" || call.kind === "count";
  const extras = countExtras(call, encoding, ratio);
  let staticTokens = (usesChatFormat && call.messages.length > 0 ? CHAT_REPLY_PRIMER_TOKENS : 0) + extras.staticTokens;
  let dynamicTokens = extras.dynamicTokens;
  let exactText = "encoding" in options.tokenizer && (call.extras ?? []).every((extra) => extra.text === undefined || extra.kind === "tools");
  // Tools and schemas come first in the rendered prompt (before system), so they open the cacheable
  // prefix; the reply primer comes after the messages, so it is never part of it.
  let cacheablePrefix = extras.staticTokens;
  let prefixOpen = extras.dynamicTokens === 0;
  const assumptions: InputTokens["assumptions"] = [...extras.assumptions];
  // How far below and above their estimate the texts counted from samples may be.
  const sampled = { below: 0, above: 0 };

  const countStatic = (part: Extract<TextPart, { kind: "static" }>): number => {
    const counted = countStaticText(part, encoding);
    if (!counted.exact) exactText = false;
    const tokens = Math.round(counted.tokens * ratio);
    if (counted.range) {
      sampled.below += tokens - Math.round(counted.range.low * ratio);
      sampled.above += Math.round(counted.range.high * ratio) - tokens;
    }
    return tokens;
  };

  for (const message of call.messages) {
    let messageStatic = 0;
    if (usesChatFormat) {
      messageStatic += CHAT_TOKENS_PER_MESSAGE + countTextTokens(message.role, encoding).tokens;
      if (message.name) messageStatic += CHAT_TOKENS_PER_NAME + countTextTokens(message.name, encoding).tokens;
    }
    if (prefixOpen) cacheablePrefix += messageStatic;
    for (const part of message.parts) {
      if (part.kind === "static") {
        const tokens = countStatic(part);
        messageStatic += tokens;
        if (prefixOpen) cacheablePrefix += tokens;
      } else {
        const tokens = part.assumedTokens ?? options.dynamicTokens;
        dynamicTokens += tokens;
        assumptions.push({ label: part.label, tokens });
        prefixOpen = false;
      }
    }
    staticTokens += messageStatic;
  }
  const method = "encoding" in options.tokenizer ? options.tokenizer.encoding : `estimate: ${options.tokenizer.estimateFrom} × ${options.tokenizer.ratio}`;
  const counted: InputTokens = {
    static: staticTokens,
    dynamic: dynamicTokens,
    total: staticTokens + dynamicTokens,
    exact: exactText && dynamicTokens === 0 && assumptions.length === 0,
    cacheablePrefix,
    method,
    assumptions,
  };
  if ("ratio" in options.tokenizer) {
    const range = ESTIMATE_RATIO_RANGES.find((entry) => entry.test(call.provider, call.model))!;
    const base = staticTokens / options.tokenizer.ratio;
    counted.range = { low: Math.round(base * range.low) + dynamicTokens - sampled.below, high: Math.round(base * range.high) + dynamicTokens + sampled.above };
  } else if (sampled.below > 0 || sampled.above > 0) {
    counted.range = { low: counted.total - sampled.below, high: counted.total + sampled.above };
  }
  return counted;
}

/**
 * Tokens of a static text in the base encoding: exact, or estimated from samples with a range when the
 * text is over the exact-count limit or is the part read of a prompt file over the read limit (its full
 * size then scales the samples).
 */
export function countStaticText(part: Extract<TextPart, { kind: "static" }>, encoding: EncodingName): TextCount {
  if (part.origin?.truncated && part.origin.sizeBytes) return estimateLongText(part.text, encoding, part.origin.sizeBytes);
  return countTextTokens(part.text, encoding);
}
