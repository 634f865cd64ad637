import * as path from "node:path";
import { MarkupKind, type Hover, type Position } from "vscode-languageserver";
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from "../core/pricing/compute-cost.ts";
import { formatTokens, formatUsd } from "../core/format.ts";
import type { PricedCall } from "../core/types.ts";
import { findCheaperModel } from "./cheaper-model.ts";
import type { DocumentAnalysis } from "./document-analysis-cache.ts";
import { toRange } from "./positions.ts";

/** The full breakdown of the innermost call under the cursor. */
export function hoverAt(result: DocumentAnalysis, position: Position): Hover | null {
  const offset = result.snapshot.offsetAt(position);
  const containing = result.analysis.calls.filter(({ call }) => call.offsets.start <= offset && offset <= call.offsets.end);
  const innermost = containing.sort((a, b) => a.call.offsets.end - a.call.offsets.start - (b.call.offsets.end - b.call.offsets.start))[0];
  if (!innermost) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(innermost, result) },
    range: toRange(result.snapshot, innermost.call.offsets),
  };
}

export function hoverMarkdown(priced: PricedCall, result: DocumentAnalysis): string {
  const { call, inputTokens, outputTokens, cost, price } = priced;
  const lines: string[] = [];
  lines.push(`**${call.model ?? "model unknown"}** · ${call.provider} · \`${call.api}\` (${call.sdk} SDK)${call.modelNote ? ` — ${escape(call.modelNote)}` : ""}`);
  lines.push("");
  const ways = waysLines(priced);
  if (ways.length > 0) lines.push(...ways, "");

  lines.push(`**Input** ${formatTokens(inputTokens.total)} tokens`);
  const sources = staticSources(priced, result.filePath);
  lines.push(`- static: ${formatTokens(inputTokens.static)} (${inputTokens.exact ? "exact, " : ""}${inputTokens.method})${sources ? `, from ${sources}` : ""}`);
  if (inputTokens.assumptions.length === 0) {
    lines.push("- dynamic: none");
  } else {
    const assumed = inputTokens.assumptions.map((assumption) => `\`${code(assumption.label)}\` ${formatTokens(assumption.tokens)}`).join(", ");
    lines.push(`- dynamic: ${formatTokens(inputTokens.dynamic)} assumed (${assumed})`);
  }
  if (call.kind !== "embedding" && call.kind !== "count") {
    // A blank line ends the bullet list; without it Markdown glues the next line onto the last bullet.
    const expected = formatTokens(outputTokens.expected ?? outputTokens.assumed);
    const capParam = call.outputCapSetBy ?? call.outputCapParam;
    lines.push(
      "",
      outputTokens.cap !== null
        ? `**Output** ~${expected} tokens expected, at most ${formatTokens(outputTokens.cap)}${outputTokens.completions ? " each" : ""} (\`${capParam}\`)`
        : call.hasOutputCap
          ? `**Output** ~${expected} tokens expected; capped by \`${capParam}\` (value not known statically)`
          : `**Output** ~${expected} tokens expected; no cap — set \`${call.outputCapParam}\``,
    );
    const worst = worstCaseLine(priced);
    if (worst) lines.push(worst);
    if (outputTokens.reasoning) lines.push(`- includes ${formatTokens(outputTokens.reasoning)} hidden reasoning tokens (${escape(outputTokens.reasoningBasis ?? "assumed")})`);
    if (outputTokens.completions) lines.push(`- ${outputTokens.completions} completions of the prompt (\`n: ${outputTokens.completions}\`), each billed as output; the input once`);
    else if (call.completionsAtRunTime !== undefined) lines.push(`- one completion assumed: \`n: ${code(call.completionsAtRunTime)}\` is set at run time, and each completion is billed as output`);
  }
  lines.push("");

  if (priced.rejected) {
    lines.push(`**Rejected**: ${escape(priced.rejected.reason)}; the provider refuses such a request, so it is in no total.`);
    return lines.join("\n");
  }
  if (!price || cost.perRequest === null) {
    lines.push(`**Cost** unknown: ${unknownCostReason(priced)}.`);
    return lines.join("\n");
  }
  lines.push("**Per request**");
  lines.push(`- uncached: ${formatUsd(cost.perRequest)}`);
  if (cost.perRequestCached !== null && cost.perRequestCached !== cost.perRequest) {
    lines.push(`- cache hit on the ${formatTokens(inputTokens.cacheablePrefix)}-token prefix: ${formatUsd(cost.perRequestCached)}`);
  } else if (call.kind !== "embedding") {
    lines.push(`- cache hit: no saving (prefix ${formatTokens(inputTokens.cacheablePrefix)} tokens${price.minCacheableTokens ? `, minimum ${formatTokens(price.minCacheableTokens)}` : ""}${price.cacheReadPerMTok === null ? ", no cache price" : ""})`);
  }
  if (cost.perRequestExpected !== undefined && cost.cacheHitRate !== undefined) {
    lines.push(`- expected at ${Math.round(cost.cacheHitRate * 100)}% cache hits (\`defaults.cacheHitRate\`): ${formatUsd(cost.perRequestExpected)}`);
  }
  lines.push(`- batch API: ${cost.perRequestBatch === null ? "not offered" : formatUsd(cost.perRequestBatch)}`);
  if (cost.cacheStoragePerHour !== undefined) {
    lines.push(`- explicit cache storage: ${formatUsd(cost.cacheStoragePerHour)}/hour, ${formatUsd(cost.cacheStoragePerHour * HOURS_PER_MONTH)}/mo kept all month`);
  }
  const multiplier = call.multiplier > 1 ? ` × ${call.multiplier} requests per run` : "";
  lines.push("", `**Per month** ${formatUsd(cost.monthly)} at ${formatTokens(priced.requestsPerDay)} requests/day${multiplier} × ${DAYS_PER_MONTH} days`);
  if (call.toolSteps) lines.push(`- one tool step priced: the model decides how many steps a call runs, up to ${call.toolSteps.max} (\`${call.toolSteps.setBy}\`), each a request re-sending the conversation so far`);
  if (priced.longContextTier) lines.push("", "Billed at the long-context tier.");
  lines.push("");

  const otherProvider = priced.priceFromProvider !== undefined ? ` at ${priced.priceFromProvider}'s list price (an assumption: ${call.provider} has no price of its own for it)` : "";
  const pricedAs = priced.priceMatch || otherProvider ? ` (priced as ${price.id}${otherProvider}${priced.priceMatch ? `, ${priced.priceMatch} match` : ""})` : "";
  const discount = price.discountPercent ? ` · ${price.discountPercent}% negotiated discount applied` : "";
  lines.push(`Price${pricedAs} checked ${price.checked || "—"}${price.source ? ` · ${sourceLink(price.source)}` : ""}${discount}`);
  const cheaper = findCheaperModel(priced, result.settings.prices);
  if (cheaper) {
    lines.push("", `Cheaper at ${price.provider}: **${cheaper.price.id}** ${formatUsd(cheaper.cost.perRequest)}/req, ${formatUsd(cheaper.cost.monthly)}/mo`);
  }
  return lines.join("\n");
}

/** Ways listed in a hover before the rest are counted: the hover stays shorter than a screen. */
const MAX_WAYS_SHOWN = 6;

/**
 * A request that can go several ways (a ternary, switch or table picks the model; a wrapper's exclusive
 * branches): the costliest stands for it, as the title says; each way's cost, cheapest first, and whether
 * the figure is only a lower bound because a way has no price.
 */
function waysLines(priced: PricedCall): string[] {
  const ways = priced.candidateCosts;
  if (!ways || ways.length < 2) return [];
  const shown = ways.slice(0, MAX_WAYS_SHOWN).map((way) => `- ${escape(way.model)}${way.provider ? ` (${way.provider})` : ""}: ${way.perRequest === null ? "no price" : `${formatUsd(way.perRequest)}/req`}`);
  if (ways.length > MAX_WAYS_SHOWN) shown.push(`- … ${ways.length - MAX_WAYS_SHOWN} more`);
  if (priced.cost.perRequest === null) return [`One request, ${ways.length} ways it can go, none with a price:`, ...shown];
  const lowerBound = ways.some((way) => way.perRequest === null) ? "; a way with no price may cost more, so the cost below is a lower bound" : "";
  return [`One request, ${ways.length} ways it can go: the costliest stands for it${lowerBound}.`, ...shown];
}

/** The most one request can write and cost: the cap, else the model's maximum output. */
function worstCaseLine(priced: PricedCall): string | undefined {
  const { outputTokens, price } = priced;
  const worst = outputTokens.worstCase;
  if (worst === undefined || worst === null || worst === (outputTokens.expected ?? outputTokens.assumed)) return undefined;
  const source = outputTokens.cap !== null ? "the cap" : "the model's maximum output";
  const dollars = price && priced.cost.perRequest !== null ? `, ${formatUsd(priced.cost.perRequest + ((worst - (outputTokens.expected ?? outputTokens.assumed)) * price.outputPerMTok) / 1_000_000)}/req` : "";
  return `- worst case ${formatTokens(worst)} tokens (${source}${dollars})`;
}

/** Why a call has no price, said once: the title line already carries the model note. */
function unknownCostReason({ call }: PricedCall): string {
  if (call.model) return `"${escape(call.model)}" is not in the price table`;
  return call.modelNote ? "no model to price" : "the model is not known statically";
}

/** Where the static text came from when not written at the call: constants and prompt files. */
function staticSources(priced: PricedCall, filePath: string): string {
  const names = new Set<string>();
  for (const message of priced.call.messages) {
    for (const part of message.parts) {
      if (part.kind !== "static" || !part.origin) continue;
      const origin = part.origin;
      if (origin.via === "file" || origin.via === "import") names.add(`\`${code(path.relative(path.dirname(filePath), origin.file) || path.basename(origin.file))}\``);
      else if (origin.name) names.add(`\`${code(origin.name)}\``);
    }
  }
  return [...names].join(", ");
}

/** The price's provenance, first part only: the full trail (every merged source) is too long for a hover. */
function sourceLink(source: string): string {
  if (/^https?:\/\//.test(source)) return `[source](${source})`;
  const first = source.split(";")[0]!.trim();
  return escape(first.length > 80 ? first.slice(0, 79) + "…" : first);
}

/** Text inside backticks: a backtick would end the span early. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/\s+/g, " ");
}

function escape(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|])/g, "\\$1");
}
