/**
 * no-deprecated-model
 *
 * The model is past its provider's deprecation date, or within `warnDays` (default 90) of it. The date
 * and the replacement come from the price table.
 *
 * Why it costs money: a retired model stops answering, and the scramble to switch happens in production.
 * Deprecated models are also often dearer than their replacements (gpt-4-turbo at $10 per million input
 * tokens, gpt-4.1 at $2), so moving early usually lowers the bill as well.
 *
 * Bad:  model: "gpt-4.5-preview"
 * Good: model: "gpt-4.1"
 *
 * Options: `{ "warnDays": 90 }`.
 * Fix: replaces the model id with the replacement when it is written as a literal at the call.
 */
import { formatUsd } from "../format.ts";
import type { ModelPrice } from "../pricing/price-types.ts";
import type { PricedCall } from "../types.ts";
import { monthlyRequests } from "./helpers/prompt-tokens.ts";
import { modelOffsets, replaceModelFix } from "./helpers/call-syntax.ts";
import { daysUntil, modelNamed, perMTokLabel, perRequestOn, todayOf } from "./helpers/models.ts";
import { numberOption, type Rule } from "./rule.ts";

export const DEFAULT_WARN_DAYS = 90;

export const noDeprecatedModel: Rule = {
  id: "no-deprecated-model",
  description: "Models are not past or near their deprecation date",
  defaultSeverity: "warning",
  fixable: true,
  checkCall(priced, context) {
    const { call, price } = priced;
    const date = price?.deprecationDate;
    if (!price || !date || call.model === null) return [];
    const days = daysUntil(date, todayOf(context.settings));
    if (days === null || days > numberOption(context.options, "warnDays", DEFAULT_WARN_DAYS)) return [];
    // Past dates carry no day count, so a report of old code reads the same tomorrow.
    const when = days < 0 ? `was deprecated on ${date}` : days === 0 ? `is deprecated today (${date})` : `is deprecated on ${date}, in ${days} day${days === 1 ? "" : "s"}`;
    const replacement = price.replacement ? context.prices.lookup(price.provider, price.replacement)?.price : undefined;
    const fix = price.replacement ? replaceModelFix(context.file, call, price.replacement, `Use ${price.replacement}`) : undefined;
    return [{ message: deprecationMessage(priced, `${modelNamed(priced)} ${when}`, replacement), offsets: modelOffsets(context.file, call), cause: `model ${call.model}`, ...(fix ? { fix } : {}) }];
  },
};

/** The monthly difference on the replacement first, when both models have a price; else the date and the advice. */
function deprecationMessage(priced: PricedCall, deprecated: string, replacement: ModelPrice | undefined): string {
  const replacementId = priced.price?.replacement;
  if (!replacementId) return `${deprecated}: the provider may stop serving it; move to a current model.`;
  const current = priced.cost.perRequest;
  const next = replacement ? perRequestOn(priced, replacement) : null;
  if (!replacement || current === null || next === null) return `${deprecated}: move to ${replacementId}.`;
  const difference = (next - current) * monthlyRequests(priced);
  const lead = difference === 0 ? `The same cost on ${replacement.id}` : `${formatUsd(Math.abs(difference))}/month ${difference < 0 ? "less" : "more"} on ${replacement.id}`;
  return `${lead} (${perMTokLabel(replacement)}, ${formatUsd(next)} per request instead of ${formatUsd(current)}), its replacement: ${deprecated}.`;
}
