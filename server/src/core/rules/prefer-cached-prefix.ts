/**
 * prefer-cached-prefix
 *
 * A static prompt prefix at least the model's minimum cacheable length, where caching it needs something
 * in the request:
 * - Anthropic (`cache_control`) and Bedrock (`cachePoint`) cache only up to a marker; none is set.
 * - Gemini caches implicitly on a best-effort basis; calls that share a long static head are only
 *   guaranteed the cache price through an explicit cache (`ai.caches.create`, then `config.cachedContent`).
 * - OpenAI caches on its own, routing by the prefix; calls that share a long static head hit the cache
 *   more often with the same `prompt_cache_key`.
 * "Share" means two calls of the same file and model start with the same static text.
 *
 * Why it costs money: a cache read costs a tenth to a quarter of the input price. A 4,000-token system
 * prompt sent uncached 1,000 times a day pays for 4M input tokens instead of 0.4M.
 *
 * Bad:  anthropic.messages.create({ system: LONG_POLICY, ... })
 * Good: anthropic.messages.create({ system: [{ type: "text", text: LONG_POLICY, cache_control: { type: "ephemeral" } }], ... })
 *
 * Fixes: Anthropic `system: X` becomes a text block with `cache_control`; a Bedrock `system: [...]` gets a
 * `cachePoint` block; an OpenAI call gets a `prompt_cache_key`.
 */
import * as path from "node:path";
import { formatTokens, formatUsd } from "../format.ts";
import type { Fix, PricedCall } from "../types.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import { ts } from "../ts.ts";
import { callNode, insertPropertyFix, paramsLiteral, promptOffsets, propertyOf, setsProperty } from "./helpers/call-syntax.ts";
import { monthlySavingWithCachedPrefix } from "./helpers/models.ts";
import { minCacheableTokens, sharedHeadTokens, staticHead, tokenizerOf } from "./helpers/prompt-tokens.ts";
import type { Rule, RuleContext, RuleReport } from "./rule.ts";

const MARKER_PROVIDERS = new Set(["anthropic", "bedrock"]);

export const preferCachedPrefix: Rule = {
  id: "prefer-cached-prefix",
  description: "Long static prompt prefixes are marked for caching where the provider needs a marker",
  defaultSeverity: "warning",
  fixable: true,
  checkCall(priced, context) {
    const { call, price } = priced;
    if (call.kind !== "chat") return [];
    const needsMarker = price ? price.caching === "explicit" : MARKER_PROVIDERS.has(call.provider);
    if (needsMarker) return missingMarker(priced, context);
    if (price?.caching === "none") return [];
    if (call.sdk === "openai" && (call.provider === "openai" || call.provider === "azure")) return sharedHead(priced, context, "openai");
    if (call.sdk === "google-genai" && call.provider === "google") return sharedHead(priced, context, "gemini");
    return [];
  },
};

function missingMarker(priced: PricedCall, context: RuleContext): RuleReport[] {
  const { call } = priced;
  if (call.messages.some((message) => message.cacheMarker)) return [];
  // Markers set where the adapter does not read them (Vercel AI providerOptions) count as set.
  if (/cache_?control|cachePoint/i.test(context.file.text.slice(call.offsets.start, call.offsets.end))) return [];
  const minimum = minCacheableTokens(priced);
  const prefix = priced.inputTokens.cacheablePrefix;
  if (prefix < minimum) return [];
  const fix = call.sdk === "anthropic" ? cacheControlFix(priced, context.file.text) : call.sdk === "bedrock" ? cachePointFix(priced, context.file) : undefined;
  return [
    {
      message: `${savingLead(priced, prefix, context)}${formatTokens(prefix)} static prompt tokens are sent uncached (this model caches from ${formatTokens(minimum)}): ${markerAdvice(priced)}.`,
      offsets: call.systemParam?.offsets ?? promptOffsets(context.file, call),
      cause: "uncached static prefix",
      ...(fix ? { fix } : {}),
    },
  ];
}

function markerAdvice(priced: PricedCall): string {
  const { sdk, provider } = priced.call;
  if (sdk === "bedrock" || (sdk !== "anthropic" && provider === "bedrock")) {
    return sdk === "vercel-ai" ? "mark the last static message with providerOptions: { bedrock: { cachePoint: { type: \"default\" } } }" : "add a cachePoint block after the last static block";
  }
  if (sdk === "vercel-ai") return "mark the last static message with providerOptions: { anthropic: { cacheControl: { type: \"ephemeral\" } } }";
  return "add cache_control to the last static block";
}

/** Calls of the file on the same model whose static heads share at least the cacheable minimum. */
function sharedHead(priced: PricedCall, context: RuleContext, kind: "openai" | "gemini"): RuleReport[] {
  const { call } = priced;
  // Through a wrapper, the parameters are written in the wrapper, not at this call site.
  if (call.via) return [];
  const params = paramsLiteral(context.file, call);
  if (!params) return [];
  const alreadySet = kind === "openai" ? setsProperty(params, ["prompt_cache_key"]) : setsProperty(params, ["config", "cachedContent"]);
  if (alreadySet !== false) return [];
  const minimum = minCacheableTokens(priced);
  const tokenizer = tokenizerOf(priced);
  const head = staticHead(call);
  let shared = 0;
  let others = 0;
  for (const other of context.calls) {
    if (other === priced || other.call.model !== call.model || other.call.sdk !== call.sdk) continue;
    const tokens = sharedHeadTokens(head, staticHead(other.call), tokenizer, minimum);
    if (tokens < minimum) continue;
    shared = Math.max(shared, tokens);
    others++;
  }
  if (shared === 0) return [];
  const callsText = `${others + 1} calls in this file start with the same ${formatTokens(shared)} static tokens`;
  const lead = savingLead(priced, shared, context);
  if (kind === "gemini") {
    return [
      {
        message: `${lead}${callsText}, and Gemini's implicit cache is best effort; an explicit cache (ai.caches.create, then config.cachedContent) guarantees the cache price on them, plus storage per hour.`,
        offsets: promptOffsets(context.file, call),
      },
    ];
  }
  const fix = promptCacheKeyFix(priced, context.file);
  return [
    {
      message: `${lead}${callsText}; set the same prompt_cache_key on them so OpenAI routes them to the same prompt cache.`,
      offsets: promptOffsets(context.file, call),
      ...(fix ? { fix } : {}),
    },
  ];
}

/** `$57/month less at 50% cache hits: `, the estimate's own drop once the prefix is cached; empty when it would not drop. */
function savingLead(priced: PricedCall, tokens: number, context: RuleContext): string {
  const hitRate = context.settings.cacheHitRate;
  const saving = monthlySavingWithCachedPrefix(priced, tokens, hitRate);
  return saving === null ? "" : `${formatUsd(saving)}/month less at ${Math.round(hitRate * 100)}% cache hits: `;
}

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

/** Bedrock Converse `system: [{ text: X }]` gets `{ cachePoint: { type: "default" } }` as its last block. */
function cachePointFix(priced: PricedCall, file: ParsedFile): Fix | undefined {
  const text = file.text;
  const system = priced.call.systemParam ?? (priced.call.via ? undefined : converseSystem(file, priced));
  if (!system || system.isString) return undefined;
  const value = text.slice(system.valueOffsets.start, system.valueOffsets.end);
  const close = value.lastIndexOf("]");
  if (!value.startsWith("[") || close !== value.length - 1 || value.slice(1, close).trim() === "") return undefined;
  const inner = value.slice(1, close).trimEnd();
  const at = system.valueOffsets.start + 1 + inner.length;
  const comma = inner.endsWith(",") ? " " : ", ";
  return {
    description: "Cache the system prompt (cachePoint block)",
    edits: [{ offsets: { start: at, end: at }, text: `${comma}{ cachePoint: { type: "default" } }` }],
  };
}

/** `client.send(new ConverseCommand({ system: [...] }))`: the system array as written in the command's input. */
function converseSystem(file: ParsedFile, priced: PricedCall): PricedCall["call"]["systemParam"] {
  let argument: ts.Expression | undefined = callNode(file, priced.call)?.arguments[0];
  if (argument && ts.isNewExpression(argument)) argument = argument.arguments?.[0];
  const property = argument && ts.isObjectLiteralExpression(argument) ? propertyOf(argument, "system") : undefined;
  if (!property || !ts.isPropertyAssignment(property) || !ts.isArrayLiteralExpression(property.initializer)) return undefined;
  const value = property.initializer;
  return { offsets: { start: property.getStart(file.sourceFile), end: property.getEnd() }, valueOffsets: { start: value.getStart(file.sourceFile), end: value.getEnd() }, isString: false };
}

function promptCacheKeyFix(priced: PricedCall, file: ParsedFile): Fix | undefined {
  const params = paramsLiteral(file, priced.call);
  if (!params || propertyOf(params, "prompt_cache_key")) return undefined;
  const key = priced.feature ?? path.basename(file.path).replace(/\.[^.]+$/, "");
  return insertPropertyFix(priced.call, `prompt_cache_key: ${JSON.stringify(key)}`, `Add prompt_cache_key: ${JSON.stringify(key)}`);
}
