import * as path from "node:path";
import { analyzeFile, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { buildReport } from "../../server/src/core/report.ts";
import type { PriceTable } from "../../server/src/core/pricing/price-table.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS, type AnalysisSettings } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, NO_PRICES, ROOT } from "./memory-workspace.ts";

/** Analyses every file of an in-memory project with one evaluator, as the CLI does. */
export function analyzeProject(files: Record<string, string>, settings: Partial<AnalysisSettings> = {}, prices: PriceTable = NO_PRICES): FileAnalysis[] {
  return analyzeInOrder(files, Object.keys(files), settings, prices);
}

/** Analyses the files named in `order`, in that order, of an in-memory project holding all of `files`. */
export function analyzeInOrder(files: Record<string, string>, order: readonly string[], settings: Partial<AnalysisSettings> = {}, prices: PriceTable = NO_PRICES): FileAnalysis[] {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  workspace.projectFiles = Object.keys(files).map((file) => path.join(ROOT, file)).sort();
  const context: AnalysisContext = { workspace, prices, settings: { ...DEFAULT_SETTINGS, ...settings }, evaluator: new Evaluator(workspace) };
  return order.filter((file) => /\.[jt]sx?$/.test(file)).map((file) => analyzeFile(path.join(ROOT, file), context));
}

/** Each call as `file:line model via=a>b wrapper=c`. */
export function describeCalls(analyses: FileAnalysis[]): string[] {
  return analyses.flatMap((analysis) =>
    analysis.calls.map(({ call }) => {
      const via = call.via ? ` via=${call.via.map((hop) => hop.function).join(">")}` : "";
      const wrapper = call.wrapper ? ` wrapper=${call.wrapper.name}` : "";
      return `${path.relative(ROOT, call.file)}:${call.range.line} ${call.model}${via}${wrapper}`;
    }),
  );
}

/** The calls a report counts in its totals (not counted at their call sites), each as `file:line`, sorted. */
export function countedCalls(analyses: FileAnalysis[]): string[] {
  const report = buildReport(analyses, { cwd: ROOT, toolVersion: "0", settings: DEFAULT_SETTINGS, prices: NO_PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
  return report.calls
    .filter((call) => !call.countedAtCallSites)
    .map((call) => `${call.file}:${call.line}`)
    .sort();
}
