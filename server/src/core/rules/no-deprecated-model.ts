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
 * A request that can go several ways is checked on each: the costliest, which stands for it, as above; the
 * other deprecated ways in one more report, with no fix.
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
import { numberOption, type Rule, type RuleContext, type RuleReport } from "./rule.ts";

export const DEFAULT_WARN_DAYS = 90;

/** How many of a request's deprecated ways one message names; the rest are counted. */
const MAX_WAYS_NAMED = 3;

export const noDeprecatedModel: Rule = {
  id: "no-deprecated-model",
  description: "Models are not past or near their deprecation date",
  defaultSeverity: "warning",
  fixable: true,
  checkCall(priced, context) {
    const { call, price } = priced;
    if (call.model === null) return [];
    const today = todayOf(context.settings);
    const warnDays = numberOption(context.options, "warnDays", DEFAULT_WARN_DAYS);
    const reports: RuleReport[] = [];
    const when = price ? whenDeprecated(price, today, warnDays) : undefined;
    if (price && when) {
      const fix = price.replacement ? replaceModelFix(context.file, call, price.replacement, `Use ${price.replacement}`) : undefined;
      reports.push({ message: deprecationMessage(priced, `${modelNamed(priced)} ${when}`, price, priced.cost.perRequest, context), offsets: modelOffsets(context.file, call), cause: `model ${call.model}`, ...(fix ? { fix } : {}) });
    }
    const others = otherDeprecatedWays(priced, context, today, warnDays);
    if (others) reports.push(others);
    return reports;
  },
};

/**
 * The request's other ways (a ternary, a switch, a subclass per vendor, a fallback): the deprecated ones said in
 * one report, with no fix, as their ids may be written anywhere along the way.
 */
function otherDeprecatedWays(priced: PricedCall, context: RuleContext, today: string, warnDays: number): RuleReport | undefined {
  const { call } = priced;
  const ways = priced.candidateCosts ?? [];
  const seen = new Set([`${call.provider} ${call.model}`]);
  const deprecated: { model: string; price: ModelPrice; when: string; perRequest: number | null }[] = [];
  for (const way of ways) {
    const provider = way.provider ?? call.provider;
    if (seen.has(`${provider} ${way.model}`)) continue;
    seen.add(`${provider} ${way.model}`);
    const price = context.prices.lookup(provider, way.model)?.price;
    const when = price ? whenDeprecated(price, today, warnDays) : undefined;
    if (price && when) deprecated.push({ model: way.model, price, when, perRequest: way.perRequest });
  }
  const [only] = deprecated;
  if (!only) return undefined;
  const offsets = modelOffsets(context.file, call);
  if (deprecated.length === 1) return { message: deprecationMessage(priced, `${only.model} (one of the ${ways.length} ways this request can go) ${only.when}`, only.price, only.perRequest, context), offsets, cause: `model ${only.model}` };
  const named = deprecated.slice(0, MAX_WAYS_NAMED).map((way) => `${way.model} (${way.when.replace(/^(?:was|is) /, "")}${way.price.replacement ? `, replaced by ${way.price.replacement}` : ""})`);
  const more = deprecated.length - named.length;
  const list = more > 0 ? `${named.join(", ")} and ${more} more` : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
  return { message: `${deprecated.length} of the ${ways.length} ways this request can go use deprecated models: ${list}; a retired model stops answering.`, offsets, cause: `models ${deprecated.map((way) => way.model).join(",")}` };
}

/** When a model is, or will be within `warnDays`, past its deprecation date, as the message says it; undefined otherwise. */
function whenDeprecated(price: ModelPrice, today: string, warnDays: number): string | undefined {
  const date = price.deprecationDate;
  const days = date ? daysUntil(date, today) : null;
  if (!date || days === null || days > warnDays) return undefined;
  // Past dates carry no day count, so a report of old code reads the same tomorrow.
  return days < 0 ? `was deprecated on ${date}` : days === 0 ? `is deprecated today (${date})` : `is deprecated on ${date}, in ${days} day${days === 1 ? "" : "s"}`;
}

/** The monthly difference on the replacement first, when both models have a price; else the date and the advice. */
function deprecationMessage(priced: PricedCall, deprecated: string, price: ModelPrice, current: number | null, context: RuleContext): string {
  const replacementId = price.replacement;
  if (!replacementId) return `${deprecated}: the provider may stop serving it; move to a current model.`;
  const replacement = context.prices.lookup(price.provider, replacementId)?.price;
  const next = replacement ? perRequestOn(priced, replacement) : null;
  if (!replacement || current === null || next === null) return `${deprecated}: move to ${replacementId}.`;
  const difference = (next - current) * monthlyRequests(priced);
  const lead = difference === 0 ? `The same cost on ${replacement.id}` : `${formatUsd(Math.abs(difference))}/month ${difference < 0 ? "less" : "more"} on ${replacement.id}`;
  return `${lead} (${perMTokLabel(replacement)}, ${formatUsd(next)} per request instead of ${formatUsd(current)}), its replacement: ${deprecated}.`;
}
