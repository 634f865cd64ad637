import * as path from "node:path";
import { collectFiles } from "../core/workspace/collect-files.ts";
import { roundUsd } from "../core/format.ts";
import type { FileAnalysis } from "../core/types.ts";
import type { ReportCall, ReportFile, WorkspaceReport } from "../protocol.ts";
import type { CancellationLike } from "./document-analysis-cache.ts";
import type { DocumentSettings } from "./settings.ts";
import { fileUri } from "./uris.ts";
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
}

/** Files analysed between yields to the event loop, so edits and cancellations are not held up by a big report. */
const FILES_PER_SLICE = 20;

/**
 * Every call in the workspace folders, priced: the files the CLI would lint (same walk, .gitignore and config
 * include/exclude), open documents with their unsaved text. Returns undefined when cancelled.
 */
export async function buildWorkspaceReport(sources: ReportSources, token: CancellationLike): Promise<WorkspaceReport | undefined> {
  const calls: ReportCall[] = [];
  const files: ReportFile[] = [];
  let pricing = { checked: "", source: "" };
  let findings = 0;
  let analysed = 0;
  let total = 0;
  for (const folder of sources.folders) {
    const settings = await sources.settingsFor(folder);
    pricing = { checked: settings.prices.checked, source: settings.prices.source };
    if (!settings.enable) continue;
    const configDirectory = settings.configPath ? path.dirname(settings.configPath) : folder.path;
    let paths: string[];
    try {
      paths = collectFiles([folder.path], { baseDirectory: configDirectory }).filter((file) => settings.accepts(file));
    } catch {
      continue;
    }
    const evaluator = sources.index.newEvaluator();
    for (const filePath of paths) {
      if (++analysed % FILES_PER_SLICE === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) return undefined;
      }
      const open = await sources.openDocument(filePath);
      const analysis = open?.analysis ?? sources.index.analyze(filePath, { settings: settings.analysis, prices: settings.prices }, evaluator);
      const uri = open?.uri ?? fileUri(filePath);
      const relative = path.relative(folder.path, filePath).split(path.sep).join("/");
      findings += analysis.findings.length;
      if (analysis.calls.length === 0 && analysis.findings.length === 0) continue;
      let monthly = 0;
      let unpriced = 0;
      for (const priced of analysis.calls) {
        if (priced.cost.monthly === null) unpriced++;
        else monthly += priced.cost.monthly;
        calls.push({
          uri,
          file: relative,
          line: priced.call.range.line,
          column: priced.call.range.column,
          provider: priced.call.provider,
          api: priced.call.api,
          model: priced.call.model,
          inputTokens: priced.inputTokens.total,
          outputTokens: { cap: priced.outputTokens.cap, assumed: priced.outputTokens.assumed },
          requestsPerDay: priced.requestsPerDay,
          multiplier: priced.call.multiplier,
          perRequestUsd: roundUsd(priced.cost.perRequest, 8),
          monthlyUsd: roundUsd(priced.cost.monthly, 2),
        });
      }
      total += monthly;
      files.push({ uri, file: relative, calls: analysis.calls.length, monthlyUsd: roundUsd(monthly, 2) ?? 0, unpricedCalls: unpriced, findings: analysis.findings.length });
    }
  }
  calls.sort((a, b) => (b.monthlyUsd ?? -1) - (a.monthlyUsd ?? -1));
  files.sort((a, b) => b.monthlyUsd - a.monthlyUsd);
  return {
    generated: new Date().toISOString(),
    pricing,
    calls,
    files,
    totals: {
      files: analysed,
      filesWithCalls: files.filter((file) => file.calls > 0).length,
      calls: calls.length,
      monthlyUsd: roundUsd(total, 2) ?? 0,
      unpricedCalls: calls.filter((call) => call.monthlyUsd === null).length,
      findings,
    },
  };
}
