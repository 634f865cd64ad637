import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { collectFiles } from "../core/workspace/collect-files.ts";
import { roundUsd } from "../core/format.ts";
import { monthlyTotal } from "../core/monthly-total.ts";
import { wrappersCalledThrough } from "../core/call-sites.ts";
import { findingsWhereCaused } from "../core/findings-where-caused.ts";
import type { FileAnalysis, PricedCall } from "../core/types.ts";
import type { ReportAssumption, ReportCall, ReportFile, ReportFinding, WorkspaceReport } from "../protocol.ts";
import { storeKeyOf } from "./analysis-store.ts";
import type { CancellationLike } from "./document-analysis-cache.ts";
import type { DocumentSettings } from "./settings.ts";
import { fileUri } from "./uris.ts";
import type { WorkspaceFileFindings } from "./workspace-diagnostics.ts";
import type { WorkspaceIndex } from "./workspace-index.ts";

export interface ReportFolder {
  uri: string;
  path: string;
}

export interface ReportSources {
  index: WorkspaceIndex;
  folders: ReportFolder[];
  settingsFor(folder: ReportFolder): Promise<DocumentSettings>;
  /** The analysis of an open document (cached, with its unsaved text), or undefined when it is not open. */
  openDocument(filePath: string): Promise<{ uri: string; analysis: FileAnalysis } | undefined>;
  /**
   * Analyses the open documents whose current version has no analysis yet (one just opened, one just
   * edited), or undefined when there are none: they go before the report's next file.
   */
  openDocumentsFirst(): Promise<void> | undefined;
}

/**
 * Work between yields to the event loop: an edit or an opened document waits at most this long (or one
 * file's analysis, when that is longer) before its own analysis goes ahead of the report's next file.
 */
const SLICE_MS = 10;

/**
 * Every call in the workspace folders, priced: the files the CLI would lint (same walk, .gitignore and config
 * include/exclude), open documents with their unsaved text. Returns undefined when cancelled.
 */
export async function buildWorkspaceReport(sources: ReportSources, token: CancellationLike): Promise<{ report: WorkspaceReport; calledThrough: Set<string>; files: WorkspaceFileFindings[]; analyses: { uri: string; analysis: FileAnalysis }[] } | undefined> {
  const analysed: AnalysedFile[] = [];
  let pricing = { checked: "", source: "" };
  let assumptions: WorkspaceReport["assumptions"] | undefined;
  let fileCount = 0;
  for (const folder of sources.folders) {
    const settings = await sources.settingsFor(folder);
    // Listing the folder's files takes a while too (about a second for 2,800 files): open documents first.
    await sources.openDocumentsFirst();
    if (token.isCancellationRequested) return undefined;
    pricing = { checked: settings.prices.checked, source: settings.prices.source };
    assumptions ??= assumptionsOf(settings);
    if (!settings.enable) continue;
    const configDirectory = settings.configPath ? path.dirname(settings.configPath) : folder.path;
    let paths: string[];
    try {
      paths = collectFiles([folder.path], { baseDirectory: configDirectory }).filter((file) => settings.accepts(file));
    } catch {
      continue;
    }
    const evaluator = sources.index.newEvaluator();
    const storeKey = storeKeyOf(settings);
    let sliceStart = performance.now();
    for (const filePath of paths) {
      fileCount++;
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) return undefined;
        sliceStart = performance.now();
      }
      const waiting = sources.openDocumentsFirst();
      if (waiting) {
        await waiting;
        if (token.isCancellationRequested) return undefined;
        sliceStart = performance.now();
      }
      const open = await sources.openDocument(filePath);
      const analysis = open?.analysis ?? sources.index.analyze(filePath, { settings: settings.analysis, prices: settings.prices }, evaluator);
      // Stored for the file's first open, in this session or a later one (analysis-store.ts): in this tick, with the texts it was made from.
      if (!open && analysis.calls.length > 0) sources.index.storeReportAnalysis(filePath, storeKey, analysis);
      const relative = path.relative(folder.path, filePath).split(path.sep).join("/");
      analysed.push({ uri: open?.uri ?? fileUri(filePath), relative, analysis });
    }
  }
  sources.index.pruneStore();
  const calledThrough = wrappersCalledThrough(analysed.map((file) => file.analysis));
  // As the CLI: a finding a wrapper's own request reports is not repeated at each of its call sites.
  const shown = findingsWhereCaused(analysed.map((file) => file.analysis));
  const withShown = analysed.map((file, index) => ({ ...file, analysis: { ...file.analysis, findings: shown[index]! } }));
  const report = reportOf(withShown, calledThrough, pricing, fileCount);
  const files = withShown.map(({ uri, analysis }) => ({ uri, findings: analysis.findings }));
  return { report: { ...report, assumptions: assumptions ?? { values: [], configUri: null } }, calledThrough, files, analyses: analysed.map(({ uri, analysis }) => ({ uri, analysis })) };
}

/** The defaults the figures rest on, each with the place that sets it: the config file wins over the editor settings. */
function assumptionsOf(settings: DocumentSettings): WorkspaceReport["assumptions"] {
  const { analysis } = settings;
  const source = (key: ReportAssumption["key"], editorSetting: boolean): ReportAssumption["source"] =>
    settings.configDefaults.includes(key) ? "config" : editorSetting ? "setting" : "default";
  return {
    values: [
      { key: "requestsPerDay", value: analysis.requestsPerDay, source: source("requestsPerDay", true) },
      { key: "dynamicTokens", value: analysis.dynamicTokens, source: source("dynamicTokens", true) },
      { key: "outputTokens", value: analysis.outputTokens, source: source("outputTokens", false) },
      { key: "cacheHitRate", value: analysis.cacheHitRate, source: source("cacheHitRate", false) },
    ],
    configUri: settings.configPath ? fileUri(settings.configPath) : null,
  };
}

interface AnalysedFile {
  uri: string;
  relative: string;
  analysis: FileAnalysis;
}

/**
 * Totals as the CLI makes them: a call inside a wrapper whose call sites are found is counted at those call
 * sites only, and a file or total with nothing priced is unknown (null), never $0.
 */
function reportOf(analysed: AnalysedFile[], calledThrough: Set<string>, pricing: WorkspaceReport["pricing"], fileCount: number): Omit<WorkspaceReport, "assumptions"> {
  const calls: ReportCall[] = [];
  const files: ReportFile[] = [];
  const findings: ReportFinding[] = [];
  for (const { uri, relative, analysis } of analysed) {
    for (const finding of analysis.findings) {
      const { rule, severity, message, docsUrl } = finding;
      findings.push({ uri, file: relative, ...finding.range, rule, severity, message, docsUrl });
    }
    if (analysis.calls.length === 0 && analysis.findings.length === 0) continue;
    const counted: PricedCall[] = [];
    for (const priced of analysis.calls) {
      const countedAtCallSites = priced.call.wrapper !== undefined && calledThrough.has(priced.call.wrapper.id);
      if (!countedAtCallSites) counted.push(priced);
      calls.push({
        uri,
        file: relative,
        ...priced.call.range,
        provider: priced.call.provider,
        api: priced.call.api,
        kind: priced.call.kind,
        model: priced.call.model,
        feature: priced.feature,
        inputTokens: priced.inputTokens.total,
        outputTokens: { cap: priced.outputTokens.cap, assumed: priced.outputTokens.assumed, worstCase: priced.outputTokens.worstCase ?? null },
        requestsPerDay: priced.requestsPerDay,
        multiplier: priced.call.multiplier,
        perRequestUsd: roundUsd(priced.cost.perRequest, 8),
        monthlyUsd: roundUsd(priced.cost.monthly, 2),
        ...(countedAtCallSites ? { countedAtCallSites: true as const } : {}),
        ...(priced.rejected ? { rejected: priced.rejected.reason } : {}),
        ...(priced.cost.lowerBound ? { lowerBound: true as const } : {}),
      });
    }
    const total = monthlyTotal(counted);
    files.push({ uri, file: relative, calls: analysis.calls.length, monthlyUsd: roundUsd(total.monthlyUsd, 2), unpricedCalls: total.unpricedCalls, findings: analysis.findings.length });
  }
  const counted = calls.filter((call) => !call.countedAtCallSites && call.rejected === undefined);
  const pricedTotal = counted.reduce((sum, call) => sum + (call.monthlyUsd ?? 0), 0);
  // As the CLI's summary: a figure that is only a lower bound (a candidate model without a price) is unpriced too.
  const unpricedCalls = counted.filter((call) => call.monthlyUsd === null || call.lowerBound === true).length;
  calls.sort((a, b) => (b.monthlyUsd ?? -1) - (a.monthlyUsd ?? -1));
  files.sort((a, b) => (b.monthlyUsd ?? -1) - (a.monthlyUsd ?? -1));
  return {
    generated: new Date().toISOString(),
    pricing,
    calls,
    files,
    findings,
    totals: {
      files: fileCount,
      filesWithCalls: files.filter((file) => file.calls > 0).length,
      calls: calls.length,
      monthlyUsd: counted.length > 0 && counted.every((call) => call.monthlyUsd === null) ? null : roundUsd(pricedTotal, 2) ?? 0,
      unpricedCalls,
      findings: findings.length,
    },
  };
}
