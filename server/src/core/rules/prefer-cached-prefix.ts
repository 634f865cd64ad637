/**
 * prefer-cached-prefix
 *
 * A static prompt prefix at least the model's minimum cacheable length, sent to a provider that caches
 * only where the request says so (Anthropic `cache_control`), with no cache marker.
 *
 * Why it costs money: a cache read costs a tenth of the input price. A 4,000-token system prompt sent
 * uncached 1,000 times a day pays for 4M input tokens instead of 0.4M. Providers that cache on their
 * own (OpenAI, Gemini implicit caching) are not reported.
 *
 * Bad:  anthropic.messages.create({ system: LONG_POLICY, ... })
 * Good: anthropic.messages.create({ system: [{ type: "text", text: LONG_POLICY, cache_control: { type: "ephemeral" } }], ... })
 */
import { formatTokens, formatUsd } from "../format.ts";
import type { Fix, PricedCall } from "../types.ts";
import type { Rule } from "./rule.ts";

/** Anthropic's smallest minimum (Sonnet, Opus 4/4.1) when the model has no price entry. */
const FALLBACK_MIN_CACHEABLE = 1024;

export const preferCachedPrefix: Rule = {
  id: "prefer-cached-prefix",
  description: "Long static prompt prefixes are marked for caching where the provider needs a marker",
  defaultSeverity: "warning",
  fixable: true,
  checkCall(priced, context) {
    const { call, price } = priced;
    const needsMarker = price ? price.caching === "explicit" : call.provider === "anthropic";
    if (!needsMarker || call.kind !== "chat") return [];
    if (call.messages.some((message) => message.cacheMarker)) return [];
    const minimum = price?.minCacheableTokens ?? FALLBACK_MIN_CACHEABLE;
    const prefix = priced.inputTokens.cacheablePrefix;
    if (prefix < minimum) return [];
    const saving = priced.cost.perRequest !== null && priced.cost.perRequestCached !== null ? priced.cost.perRequest - priced.cost.perRequestCached : null;
    const savingText = saving !== null && saving > 0 ? ` A cache hit would save ${formatUsd(saving)} per request (${formatUsd(saving * priced.requestsPerDay * 30 * call.multiplier)}/month).` : "";
    const fix = call.sdk === "anthropic" ? cacheControlFix(priced, context.file.text) : undefined;
    return [
      {
        message: `${formatTokens(prefix)} static prompt tokens are sent uncached (this model caches from ${formatTokens(minimum)}): add cache_control to the last static block.${savingText}`,
        offsets: call.systemParam?.offsets ?? call.offsets,
        ...(fix ? { fix } : {}),
      },
    ];
  },
};

/** `system: X` becomes `system: [{ type: "text", text: X, cache_control: { type: "ephemeral" } }]`. */
function cacheControlFix(priced: PricedCall, text: string): Fix | undefined {
  const system = priced.call.systemParam;
  if (!system || !system.isString) return undefined;
  const value = text.slice(system.valueOffsets.start, system.valueOffsets.end);
  const replacement = `system: [{ type: "text", text: ${value}, cache_control: { type: "ephemeral" } }]`;
  return {
    description: "Cache the system prompt (cache_control: ephemeral)",
    edits: [{ offsets: system.offsets, text: replacement }],
  };
}
