/**
 * prefer-smaller-model
 *
 * A premium model (input price above `premiumInputPerMTok`, default $1 per million tokens) used for a
 * tiny output (an output cap of at most `maxOutputTokens`, default 16) or a classification-style prompt
 * ("classify ... answer with the category only", "yes or no", sentiment).
 *
 * Why it costs money: a label, a yes/no or a score is what the small tiers do as well as the large ones,
 * at a tenth to a twentieth of the price. The input is usually most of such a request, and it is billed
 * at the premium rate on every call. The message names the provider's cheaper tier and its price; with
 * no cheaper chat model of the same provider in the price table there is nothing to suggest, and no report.
 *
 * Bad:  openai.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 1, messages: classify })
 * Good: openai.chat.completions.create({ model: "gpt-4.1-mini", max_completion_tokens: 1, messages: classify })
 *
 * Options: `{ "premiumInputPerMTok": 1, "maxOutputTokens": 16 }`.
 * Fix: replaces the model id when it is written as a literal at the call (check the quality first).
 */
import { formatTokens, formatUsd } from "../format.ts";
import type { LlmCall } from "../types.ts";
import { modelOffsets, replaceModelFix } from "./helpers/call-syntax.ts";
import { cheaperTier, perMTokLabel, perRequestOn, todayOf } from "./helpers/models.ts";
import { monthlyRequests } from "./helpers/prompt-tokens.ts";
import { numberOption, type Rule } from "./rule.ts";

export const DEFAULT_PREMIUM_INPUT_PER_MTOK = 1;
export const DEFAULT_TINY_OUTPUT_TOKENS = 16;

/** A task word and an answer-shape word: "classify ... only", "sentiment ... one word", "yes or no". */
const TASK = /\b(classif(y|ies|ication)|categori[sz]e|categor(y|ies)|sentiment|intent|yes or no|true or false|one of the following)\b/i;
const SHAPE = /\b(only|exactly one|one word|single word|nothing else|just the)\b/i;

export const preferSmallerModel: Rule = {
  id: "prefer-smaller-model",
  description: "Premium models are not used for tiny outputs or classification",
  defaultSeverity: "info",
  fixable: true,
  checkCall(priced, context) {
    const { call, price } = priced;
    if (!price || call.kind !== "chat" || price.kind !== "chat") return [];
    const premium = numberOption(context.options, "premiumInputPerMTok", DEFAULT_PREMIUM_INPUT_PER_MTOK);
    if (price.inputPerMTok <= premium) return [];
    const tinyLimit = numberOption(context.options, "maxOutputTokens", DEFAULT_TINY_OUTPUT_TOKENS);
    const tiny = call.outputCap !== null && call.outputCap <= tinyLimit;
    if (!tiny && !isClassificationPrompt(call)) return [];
    const reason = tiny ? `for at most ${formatTokens(call.outputCap ?? 0)} output token${call.outputCap === 1 ? "" : "s"}` : "for a classification-style prompt";
    // Without a cheaper tier of the same provider in the table there is nothing to suggest.
    const cheaper = cheaperTier(price, context.prices, premium, todayOf(context.settings));
    if (!cheaper) return [];
    const perRequest = perRequestOn(priced, cheaper);
    const saving = perRequest !== null && priced.cost.perRequest !== null ? (priced.cost.perRequest - perRequest) * monthlyRequests(priced) : null;
    const fix = replaceModelFix(context.file, call, cheaper.id, `Use ${cheaper.id}`);
    const premiumUse = `${call.model} is a premium model (${perMTokLabel(price)}) used ${reason}, which a smaller tier usually does as well`;
    const cheaperCost = `${cheaper.id} (${perMTokLabel(cheaper)}) would cost ${formatUsd(perRequest)} per request`;
    return [
      {
        message: saving !== null && saving > 0 ? `${formatUsd(saving)}/month less on ${cheaper.id}: ${premiumUse}; ${cheaperCost}.` : `${premiumUse}; ${cheaperCost}.`,
        offsets: modelOffsets(context.file, call),
        cause: `model ${call.model}`,
        ...(fix ? { fix } : {}),
      },
    ];
  },
};

/** The static instructions read like a classifier's: a task word and an answer-shape word. */
function isClassificationPrompt(call: LlmCall): boolean {
  let text = "";
  for (const message of call.messages) {
    for (const part of message.parts) if (part.kind === "static") text += part.text + "\n";
    if (text.length > 8000) break;
  }
  return TASK.test(text) && SHAPE.test(text);
}
