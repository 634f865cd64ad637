import * as path from "node:path";
import { callAssumptions, type CallAssumption } from "./call-assumptions.ts";
import { wrappersCalledThrough } from "./call-sites.ts";
import { findingsWhereCaused } from "./findings-where-caused.ts";
import { roundUsd } from "./format.ts";
import { HOURS_PER_MONTH } from "./pricing/compute-cost.ts";
import type { PriceTable } from "./pricing/price-table.ts";
import type { AnalysisSettings } from "./settings.ts";
import type { CostUsd, FileAnalysis, Finding, PricedCall, Severity, SourceRange } from "./types.ts";

/** The JSON report, version 1, as CONTRACT.md defines it. Additive fields only. */
export interface JsonReport {
  version: 1;
  tool: { name: "promptcost"; version: string };
  pricing: { checked: string; source: string };
  assumptions: { requestsPerDay: number; dynamicTokens: number; outputTokens: number; cacheHitRate?: number };
  calls: JsonCall[];
  findings: JsonFinding[];
  summary: JsonSummary;
  /** Calls and monthly cost per `feature=` annotation, the dearest first; calls without one under null, last. */
  features: JsonFeature[];
  /** With `--baseline`: what changed since the earlier report. */
  comparison?: JsonComparison;
  /** With `--changed-since REF`: calls and findings are those on lines changed since REF; the summary's cost and call totals stay whole. */
  changedSince?: string;
}

/** With a baseline: whether a call or finding is new, changed or as it was; new and changed come first. */
export type BaselineState = "new" | "changed" | "unchanged";

export interface JsonFeature {
  feature: string | null;
  calls: number;
  monthlyUsd: number;
  unpricedCalls: number;
}

/** The cost of one call in a baseline and now; `before` or `after` is null for a new or removed call. */
export interface JsonCallChange {
  file: string;
  line: number;
  api: string;
  model: string | null;
  /** The model in the baseline when it changed. */
  previousModel?: string | null;
  before: { line: number; perRequest: number | null; monthly: number | null } | null;
  after: { line: number; perRequest: number | null; monthly: number | null } | null;
  /** Percent change of the per-request cost; null when either side is unpriced or the call is new or removed. */
  perRequestChangePct: number | null;
  monthlyChangeUsd: number | null;
  /** True when the per-request rise is over the drift threshold. */
  overThreshold: boolean;
}

export interface JsonComparison {
  baseline: string;
  driftPct: number;
  monthlyUsd: { before: number; after: number; changePct: number | null };
  /** Matched calls whose per-request or monthly cost, or model, differs. */
  changed: JsonCallChange[];
  added: JsonCallChange[];
  removed: JsonCallChange[];
  unchanged: number;
}

export interface JsonCall extends SourceRange {
  file: string;
  baselineState?: BaselineState;
  sdk: string;
  provider: string;
  api: string;
  kind: string;
  model: string | null;
  feature: string | null;
  inputTokens: { static: number; dynamic: number; total: number; exact: boolean; cacheablePrefix: number; range?: { low: number; high: number } };
  /** `capDynamic`: the call sets a cap whose value is only known at run time (`cap` is then null). `expected` and `worstCase` are absent in reports made before they were added (baselines). */
  outputTokens: { cap: number | null; capDynamic?: true; assumed: number; expected?: number; worstCase?: number | null; reasoning?: number; reasoningBasis?: string; completions?: number };
  /** For a call made through project wrapper functions: each wrapper, outermost first, and where it makes the call. */
  via?: { function: string; file: string; line: number }[];
  /** True for the call inside a wrapper whose call sites are reported: left out of the totals. */
  countedAtCallSites?: true;
  /** True for a request that cannot succeed (input over the context window): left out of the totals. */
  rejected?: true;
  rejectedReason?: string;
  /** When a ternary, switch or table picks the model, or a wrapper's exclusive branches do: each candidate's cost per request, cheapest first. */
  modelCandidates?: { model: string; provider?: string; perRequest: number | null }[];
  multiplier: number;
  /** Every assumption the call's figures rest on (traffic, run-time sizes, uncapped output, a model decided at run time). */
  assumptions?: CallAssumption[];
  /** As CostUsd: `lowerBound` when a candidate model has no price, `perRequestExpected` and `cacheHitRate` when prefix caching is counted; storage is in cacheStorageUsd. */
  costUsd: Omit<CostUsd, "cacheStoragePerHour">;
  /** Storage of the cacheable prefix in an explicit cache (Gemini cachedContent): per hour, and kept all month. */
  cacheStorageUsd?: { perHour: number; monthlyKeptWarm: number };
  /** The negotiated discount (pricing.discount) applied to the table's prices for this call, in percent. */
  discountPercent?: number;
  /** The price entry's id when it was matched under another name (snapshot, prefix, alias). */
  pricedAs?: { model: string; match: string };
  /** The loop, `map` or `Promise.all` the call runs once per item of; count null when not known. */
  loop?: { kind: string; count: number | null };
  /** An AI SDK call given tools and a step limit: up to `max` requests per call, the model deciding; one is priced (see `assumptions`). */
  toolSteps?: { max: number; setBy: string };
  /** Retries beyond the SDK default, and the monthly figure they lead to (expected, and every attempt failing). */
  retries?: {
    maxAttempts: number | null;
    source: string;
    expectedAttempts: number;
    failureRate: number;
    monthlyUsdExpected: number | null;
    monthlyUsdWorstCase: number | null;
  };
}

export interface JsonFinding extends SourceRange {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  docsUrl: string;
  fix?: { description: string; edits: (SourceRange & { text: string })[]; needsInput?: true };
  baselineState?: BaselineState;
}

export interface JsonSummary {
  files: number;
  calls: number;
  errors: number;
  warnings: number;
  infos: number;
  monthlyUsd: number;
  unpricedCalls: number;
}

export interface ReportOptions {
  cwd: string;
  toolVersion: string;
  settings: AnalysisSettings;
  prices: PriceTable;
  /** Maps a fix edit's offsets to lines and columns (needs the file text). */
  rangeOf: (file: string, offsets: { start: number; end: number }) => SourceRange;
}

export function buildReport(analyses: FileAnalysis[], options: ReportOptions): JsonReport {
  const relative = (file: string): string => path.relative(options.cwd, file).split(path.sep).join("/") || path.basename(file);
  const calledThrough = wrappersCalledThrough(analyses);
  const calls = analyses.flatMap((analysis) =>
    analysis.calls.map((call) => withWrapperFields(toJsonCall(call, relative(analysis.file)), call, relative, calledThrough)),
  );
  const shown = findingsWhereCaused(analyses);
  const findings = analyses.flatMap((analysis, index) => shown[index]!.map((finding) => toJsonFinding(finding, relative(analysis.file), options)));
  const count = (severity: Severity): number => findings.filter((finding) => finding.severity === severity).length;
  const monthly = monthlyOf(calls.filter(isInTotals));
  return {
    version: 1,
    tool: { name: "promptcost", version: options.toolVersion },
    pricing: { checked: options.prices.checked, source: options.prices.source },
    assumptions: {
      requestsPerDay: options.settings.requestsPerDay,
      dynamicTokens: options.settings.dynamicTokens,
      outputTokens: options.settings.outputTokens,
      cacheHitRate: options.settings.cacheHitRate,
    },
    calls,
    findings,
    summary: {
      files: analyses.length,
      calls: calls.length,
      errors: count("error"),
      warnings: count("warning"),
      infos: count("info"),
      monthlyUsd: roundUsd(monthly, 2) ?? 0,
      unpricedCalls: calls.filter((call) => isInTotals(call) && isUnpriced(call)).length,
    },
    features: featureRollup(calls.filter(isInTotals)),
  };
}

/** What calls add up to a month, those without a price counting nothing (say so beside it: isUnpriced). */
export function monthlyOf(calls: readonly Pick<JsonCall, "costUsd">[]): number {
  return calls.reduce((sum, call) => sum + (call.costUsd.monthly ?? 0), 0);
}

/** A wrapper's own call (counted at its call sites) and a request that cannot succeed are in no total. */
export function isInTotals(call: Pick<JsonCall, "countedAtCallSites" | "rejected">): boolean {
  return !call.countedAtCallSites && !call.rejected;
}

/** Monthly cost per feature annotation: the dearest first, calls without a feature last. */
export function featureRollup(calls: readonly JsonCall[]): JsonFeature[] {
  const byFeature = new Map<string | null, JsonFeature>();
  for (const call of calls) {
    const entry = byFeature.get(call.feature) ?? { feature: call.feature, calls: 0, monthlyUsd: 0, unpricedCalls: 0 };
    entry.calls++;
    entry.monthlyUsd += call.costUsd.monthly ?? 0;
    if (isUnpriced(call)) entry.unpricedCalls++;
    byFeature.set(call.feature, entry);
  }
  return [...byFeature.values()]
    .map((entry) => ({ ...entry, monthlyUsd: roundUsd(entry.monthlyUsd, 2) ?? 0 }))
    .sort((a, b) => Number(a.feature === null) - Number(b.feature === null) || b.monthlyUsd - a.monthlyUsd || (a.feature ?? "").localeCompare(b.feature ?? ""));
}

/**
 * Additive fields for calls through wrappers and with several candidate models: the wrappers a call
 * site goes through, whether a wrapper's own call is counted at its call sites, the candidates' costs,
 * hidden reasoning tokens and the range of an estimated count.
 */
function withWrapperFields(json: JsonCall, priced: PricedCall, relative: (file: string) => string, calledThrough: Set<string>): JsonCall {
  const { call } = priced;
  if (call.via) json.via = call.via.map((hop) => ({ function: hop.function, file: relative(hop.file), line: hop.line }));
  if (call.wrapper && calledThrough.has(call.wrapper.id)) json.countedAtCallSites = true;
  // The provider tells apart one model run two ways (gpt-4o-mini on OpenAI, and on a local Ollama with no price).
  if (priced.candidateCosts) json.modelCandidates = priced.candidateCosts.map((candidate) => ({ model: candidate.model, ...(candidate.provider ? { provider: candidate.provider } : {}), perRequest: roundUsd(candidate.perRequest, 8) }));
  if (priced.outputTokens.reasoning) json.outputTokens.reasoning = priced.outputTokens.reasoning;
  if (priced.outputTokens.reasoningBasis) json.outputTokens.reasoningBasis = priced.outputTokens.reasoningBasis;
  if (priced.outputTokens.completions) json.outputTokens.completions = priced.outputTokens.completions;
  if (priced.inputTokens.range) json.inputTokens.range = priced.inputTokens.range;
  json.assumptions = callAssumptions(priced, relative);
  return json;
}

function toJsonCall(priced: PricedCall, file: string): JsonCall {
  const { call, inputTokens, outputTokens, cost } = priced;
  const json: JsonCall = {
    file,
    ...call.range,
    sdk: call.sdk,
    provider: call.provider,
    api: call.api,
    kind: call.kind,
    model: call.model,
    feature: priced.feature,
    inputTokens: {
      static: inputTokens.static,
      dynamic: inputTokens.dynamic,
      total: inputTokens.total,
      exact: inputTokens.exact,
      cacheablePrefix: inputTokens.cacheablePrefix,
    },
    outputTokens: {
      cap: outputTokens.cap,
      ...(outputTokens.capDynamic ? { capDynamic: true as const } : {}),
      assumed: outputTokens.assumed,
      expected: outputTokens.expected ?? outputTokens.assumed,
      worstCase: outputTokens.worstCase ?? null,
    },
    multiplier: call.multiplier,
    costUsd: {
      perRequest: roundUsd(cost.perRequest, 8),
      perRequestCached: roundUsd(cost.perRequestCached, 8),
      perRequestBatch: roundUsd(cost.perRequestBatch, 8),
      monthly: roundUsd(cost.monthly, 2),
      ...(cost.lowerBound ? { lowerBound: true as const } : {}),
    },
  };
  if (cost.perRequestExpected !== undefined) json.costUsd.perRequestExpected = roundUsd(cost.perRequestExpected, 8)!;
  if (cost.cacheHitRate !== undefined) json.costUsd.cacheHitRate = cost.cacheHitRate;
  if (priced.rejected) {
    json.rejected = true;
    json.rejectedReason = priced.rejected.reason;
  }
  if (priced.priceMatch && priced.price) json.pricedAs = { model: priced.price.id, match: priced.priceMatch };
  if (cost.cacheStoragePerHour !== undefined) {
    json.cacheStorageUsd = { perHour: roundUsd(cost.cacheStoragePerHour, 8)!, monthlyKeptWarm: roundUsd(cost.cacheStoragePerHour * HOURS_PER_MONTH, 2)! };
  }
  if (priced.price?.discountPercent) json.discountPercent = priced.price.discountPercent;
  if (call.loop) json.loop = { kind: call.loop.kind, count: call.loop.count };
  if (call.toolSteps) json.toolSteps = { max: call.toolSteps.max, setBy: call.toolSteps.setBy };
  if (call.retry) {
    const { maxAttempts, source, expectedAttempts, failureRate } = call.retry;
    json.retries = {
      maxAttempts,
      source,
      expectedAttempts,
      failureRate,
      monthlyUsdExpected: cost.monthly === null ? null : roundUsd(cost.monthly * expectedAttempts, 2),
      monthlyUsdWorstCase: cost.monthly === null || maxAttempts === null ? null : roundUsd(cost.monthly * maxAttempts, 2),
    };
  }
  return json;
}

function toJsonFinding(finding: Finding, file: string, options: ReportOptions): JsonFinding {
  const json: JsonFinding = {
    file,
    ...finding.range,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    docsUrl: finding.docsUrl,
  };
  if (finding.fix) {
    json.fix = {
      description: finding.fix.description,
      edits: finding.fix.edits.map((edit) => ({ ...options.rangeOf(finding.file, edit.offsets), text: edit.text })),
    };
    if (finding.fix.needsInput) json.fix.needsInput = true;
  }
  return json;
}

/** A call with no price, or whose figure is only a lower bound because a candidate model has none. */
export function isUnpriced(call: Pick<JsonCall, "costUsd">): boolean {
  return call.costUsd.perRequest === null || call.costUsd.lowerBound === true;
}
