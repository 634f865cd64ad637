/**
 * max-context-tokens
 *
 * A call whose input is over the configured budget (`maxInputTokens`, default 16,000), or whose static
 * input alone is over the model's context window (an error: the request cannot succeed).
 *
 * Why it costs money: input is billed per token on every request, and long-context tiers bill the whole
 * request at a higher rate once over their threshold. Prompts that grow unnoticed are the most common
 * reason an LLM bill multiplies between pilot and production.
 *
 * Options: `{ "maxInputTokens": 8000 }`.
 */
import { promptOffsets } from "./helpers/call-syntax.ts";
import { formatTokens, formatUsd } from "../format.ts";
import { numberOption, type Rule } from "./rule.ts";

export const maxContextTokens: Rule = {
  id: "max-context-tokens",
  description: "Input stays within the token budget and the model's context window",
  defaultSeverity: "warning",
  fixable: false,
  checkCall(priced, context) {
    const { call, inputTokens, price } = priced;
    const window = price?.contextWindow;
    if (window && inputTokens.static > window) {
      return [
        {
          message: `Rejected on every request, so not in the totals: the static input alone is ${formatTokens(inputTokens.static)} tokens, over ${call.model}'s context window of ${formatTokens(window)}.`,
          offsets: promptOffsets(context.file, call),
          severity: "error",
        },
      ];
    }
    const limit = numberOption(context.options, "maxInputTokens", context.settings.maxInputTokens);
    if (inputTokens.total <= limit) return [];
    const tier = priced.longContextTier ? ", billed at the long-context tier" : "";
    const input = `input is ${formatTokens(inputTokens.total)} tokens (${formatTokens(inputTokens.static)} static + ${formatTokens(inputTokens.dynamic)} assumed), over the budget of ${formatTokens(limit)}${tier}`;
    const { perRequest, monthly } = priced.cost;
    return [
      {
        message: perRequest !== null ? `${formatUsd(perRequest)} per request (${formatUsd(monthly)}/month): ${input}.` : `Cost unknown: ${input}.`,
        offsets: promptOffsets(context.file, call),
      },
    ];
  },
};
