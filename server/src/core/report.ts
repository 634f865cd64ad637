import * as path from "node:path";
import { roundUsd } from "./format.ts";
import type { PriceTable } from "./pricing/price-table.ts";
import type { AnalysisSettings } from "./settings.ts";
import type { FileAnalysis, Finding, PricedCall, Severity, SourceRange } from "./types.ts";

/** The JSON report, version 1, as CONTRACT.md defines it. Additive fields only. */
export interface JsonReport {
  version: 1;
  tool: { name: "promptcost"; version: string };
  pricing: { checked: string; source: string };
  assumptions: { requestsPerDay: number; dynamicTokens: number; outputTokens: number };
  calls: JsonCall[];
  findings: JsonFinding[];
  summary: JsonSummary;
}

export interface JsonCall extends SourceRange {
  file: string;
  sdk: string;
  provider: string;
  api: string;
  kind: string;
  model: string | null;
  feature: string | null;
  inputTokens: { static: number; dynamic: number; total: number; exact: boolean; cacheablePrefix: number };
  outputTokens: { cap: number | null; assumed: number };
  multiplier: number;
  costUsd: { perRequest: number | null; perRequestCached: number | null; perRequestBatch: number | null; monthly: number | null };
  /** The price entry's id when it was matched under another name (snapshot, prefix, alias). */
  pricedAs?: { model: string; match: string };
}

export interface JsonFinding extends SourceRange {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  docsUrl: string;
  fix?: { description: string; edits: (SourceRange & { text: string })[] };
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
  const calls = analyses.flatMap((analysis) => analysis.calls.map((call) => toJsonCall(call, relative(analysis.file))));
  const findings = analyses.flatMap((analysis) => analysis.findings.map((finding) => toJsonFinding(finding, relative(analysis.file), options)));
  const count = (severity: Severity): number => findings.filter((finding) => finding.severity === severity).length;
  const monthly = calls.reduce((sum, call) => sum + (call.costUsd.monthly ?? 0), 0);
  return {
    version: 1,
    tool: { name: "promptcost", version: options.toolVersion },
    pricing: { checked: options.prices.checked, source: options.prices.source },
    assumptions: { requestsPerDay: options.settings.requestsPerDay, dynamicTokens: options.settings.dynamicTokens, outputTokens: options.settings.outputTokens },
    calls,
    findings,
    summary: {
      files: analyses.length,
      calls: calls.length,
      errors: count("error"),
      warnings: count("warning"),
      infos: count("info"),
      monthlyUsd: roundUsd(monthly, 2) ?? 0,
      unpricedCalls: calls.filter((call) => call.costUsd.perRequest === null).length,
    },
  };
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
    outputTokens: { cap: outputTokens.cap, assumed: outputTokens.assumed },
    multiplier: call.multiplier,
    costUsd: {
      perRequest: roundUsd(cost.perRequest, 8),
      perRequestCached: roundUsd(cost.perRequestCached, 8),
      perRequestBatch: roundUsd(cost.perRequestBatch, 8),
      monthly: roundUsd(cost.monthly, 2),
    },
  };
  if (priced.priceMatch && priced.price) json.pricedAs = { model: priced.price.id, match: priced.priceMatch };
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
  }
  return json;
}
