/**
 * require-max-tokens
 *
 * A generation call with no output cap in the provider's own parameter (`max_completion_tokens`,
 * `max_output_tokens`, `maxOutputTokens`, `config.maxOutputTokens`, ...).
 *
 * Why it costs money: output tokens are priced 4-8x input tokens, and without a cap a model may write
 * up to its maximum output on every request (16k-128k tokens). A cap turns a runaway answer into a
 * bounded cost. Never reported for Anthropic's Messages API, where `max_tokens` is mandatory.
 *
 * Bad:  client.chat.completions.create({ model: "gpt-4.1", messages })
 * Good: client.chat.completions.create({ model: "gpt-4.1", messages, max_completion_tokens: 800 })
 */
import { calleeOffsets } from "./helpers/call-syntax.ts";
import { formatTokens, formatUsd } from "../format.ts";
import type { Fix, PricedCall } from "../types.ts";
import { numberOption, type Rule, type RuleContext } from "./rule.ts";

const DEFAULT_CAP = 1024;

export const requireMaxTokens: Rule = {
  id: "require-max-tokens",
  description: "Generation calls set an output cap",
  defaultSeverity: "warning",
  fixable: true,
  checkCall(priced, context) {
    const { call } = priced;
    if (call.kind !== "chat" && call.kind !== "batch") return [];
    if (call.hasOutputCap || call.outputCapRequired) return [];
    const worstCase = priced.outputTokens.worstCase ?? priced.price?.maxOutputTokens ?? null;
    const expected = priced.outputTokens.expected ?? priced.outputTokens.assumed;
    const worstCost = worstCase !== null && priced.price && priced.cost.perRequest !== null ? priced.cost.perRequest + ((worstCase - expected) * priced.price.outputPerMTok) / 1_000_000 : null;
    const fix = capFix(priced, numberOption(context.options, "defaultMaxTokens", DEFAULT_CAP));
    // The estimate assumes the typical output either way: the cap bounds the worst case, it does not raise the estimate.
    const message =
      worstCost !== null
        ? `Up to ${formatUsd(worstCost)} per request: no output cap, and ${call.model} can write ${formatTokens(worstCase!)} tokens; set ${call.outputCapParam} to bound it.`
        : `No output cap: set ${call.outputCapParam} to bound what each request can cost.`;
    return [
      {
        message,
        offsets: calleeOffsets(context.file, call),
        cause: "no output cap",
        ...(fix ? { fix } : {}),
      },
    ];
  },
};

/** Inserts the cap property at the end of the parameter object literal, matching its layout. */
function capFix(priced: PricedCall, cap: number): Fix | undefined {
  const { paramsObject, capTemplate } = priced.call;
  if (!paramsObject || !capTemplate) return undefined;
  const property = capTemplate.replace("$N", String(cap));
  const description = `Add ${property}`;
  if (paramsObject.lastPropertyEnd === null) {
    return { description, edits: [{ offsets: { start: paramsObject.offsets.start + 1, end: paramsObject.offsets.end - 1 }, text: ` ${property} ` }] };
  }
  const at = paramsObject.lastPropertyEnd;
  const text = paramsObject.multiline ? `,\n${paramsObject.indent}${property}` : `, ${property}`;
  return { description, edits: [{ offsets: { start: at, end: at }, text }] };
}
