// Pure (no vscode): the status bar's workspace figure while files are edited between two workspace reports.
import type { FileCost, ReportFile, WorkspaceReport } from "../../server/src/protocol.ts";

export type WorkspaceTotals = Pick<WorkspaceReport["totals"], "calls" | "monthlyUsd" | "unpricedCalls">;

/** What one file adds to the workspace figure. */
type FileFigure = Pick<ReportFile, "calls" | "monthlyUsd" | "unpricedCalls">;

/** The part of a workspace report the status bar keeps. */
export interface WorkspaceFigures {
  totals: WorkspaceTotals;
  files: readonly (FileFigure & { uri: string })[];
}

/**
 * The last workspace report's totals with each open file's figure replaced by its latest analysis, so the
 * workspace figure follows typing without a whole-workspace analysis per keystroke. A file's own figure
 * already leaves out calls counted at a wrapper's call sites, as the report's does; an edit to a wrapper
 * that changes what other files' call sites cost shows at the next report (after a save).
 */
export function liveWorkspaceTotals(report: WorkspaceFigures, openFiles: Iterable<FileCost>): WorkspaceTotals {
  const inReport = new Map(report.files.map((file) => [file.uri, file]));
  let calls = report.totals.calls;
  let unpricedCalls = report.totals.unpricedCalls;
  let monthlyUsd = report.totals.monthlyUsd ?? 0;
  // Which files have a priced call: the total is unknown (null), never $0, when none has.
  const priced = new Set(report.files.filter((file) => file.monthlyUsd !== null).map((file) => file.uri));
  for (const open of openFiles) {
    const before: FileFigure = inReport.get(open.uri) ?? { calls: 0, monthlyUsd: null, unpricedCalls: 0 };
    calls += open.calls - before.calls;
    unpricedCalls += open.unpricedCalls - before.unpricedCalls;
    monthlyUsd += (open.monthlyUsd ?? 0) - (before.monthlyUsd ?? 0);
    if (open.monthlyUsd === null) priced.delete(open.uri);
    else priced.add(open.uri);
  }
  return {
    calls,
    unpricedCalls: Math.max(0, unpricedCalls),
    // Cents, as the report rounds them, and no -0.00 from subtracting what was added.
    monthlyUsd: priced.size === 0 ? null : Math.max(0, Math.round(monthlyUsd * 100) / 100),
  };
}
