import type { TokenizerSpec } from "../pricing/price-types.ts";
import type { InputTokens, LlmCall, TextPart } from "../types.ts";
import { countTextTokens, type EncodingName } from "./count-text.ts";

/**
 * OpenAI chat format (the OpenAI cookbook's count): every message costs 3 tokens plus the tokens of its
 * role and content, a `name` its tokens plus 1, and the reply is primed with 3.
 */
export const CHAT_TOKENS_PER_MESSAGE = 3;
export const CHAT_TOKENS_PER_NAME = 1;
export const CHAT_REPLY_PRIMER_TOKENS = 3;
/** Average characters per token of English and code text, for prompt files too large to read whole. */
const CHARS_PER_TOKEN = 4;

/** When the model has no price entry: count as its provider would most likely tokenize. */
export function defaultTokenizer(provider: string, model: string | null): TokenizerSpec {
  if (provider === "openai" || provider === "azure") {
    return model && /^(gpt-4(?!o|\.)|gpt-3\.5|text-embedding)/.test(model) ? { encoding: "cl100k_base" } : { encoding: "o200k_base" };
  }
  if (provider === "anthropic") return { estimateFrom: "o200k_base", ratio: 1.2 };
  return { estimateFrom: "o200k_base", ratio: 1.0 };
}

export interface CountOptions {
  tokenizer: TokenizerSpec;
  /** Tokens assumed for each part known only at run time. */
  dynamicTokens: number;
}

/**
 * Input tokens of a call: static text counted with the model's tokenizer (or estimated from o200k with the
 * family ratio), chat format overhead added, each dynamic part counted as the stated assumption.
 */
export function countInputTokens(call: LlmCall, options: CountOptions): InputTokens {
  const encoding: EncodingName = "encoding" in options.tokenizer ? options.tokenizer.encoding : options.tokenizer.estimateFrom;
  const ratio = "ratio" in options.tokenizer ? options.tokenizer.ratio : 1;
  const usesChatFormat = call.kind === "chat" || call.kind === "batch" || call.kind === "count";
  let staticTokens = usesChatFormat && call.messages.length > 0 ? CHAT_REPLY_PRIMER_TOKENS : 0;
  let dynamicTokens = 0;
  let exactText = "encoding" in options.tokenizer;
  // The reply primer comes after the messages, so it is not part of any cacheable prefix.
  let cacheablePrefix = 0;
  let prefixOpen = true;
  const assumptions: InputTokens["assumptions"] = [];

  const countStatic = (part: Extract<TextPart, { kind: "static" }>): number => {
    if (part.origin?.truncated && part.origin.sizeBytes) {
      exactText = false;
      return Math.round(part.origin.sizeBytes / CHARS_PER_TOKEN);
    }
    const counted = countTextTokens(part.text, encoding);
    if (!counted.exact) exactText = false;
    return Math.round(counted.tokens * ratio);
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
  return {
    static: staticTokens,
    dynamic: dynamicTokens,
    total: staticTokens + dynamicTokens,
    exact: exactText && dynamicTokens === 0 && assumptions.length === 0,
    cacheablePrefix,
    method,
    assumptions,
  };
}
