// The dashboard's figures: the workspace report's calls summed by feature, model, file and rule.
// Pure (no vscode, no DOM): the extension, the webview and the exports all read the same groups.
import { roundUsd } from "../../../server/src/core/format.ts";
import type { ReportCall, ReportFinding, WorkspaceReport } from "../../../server/src/protocol.ts";

export type Dimension = "feature" | "model" | "file" | "rule";

export const DIMENSIONS: readonly Dimension[] = ["feature", "model", "file", "rule"];

/** Where a click on a row goes (1-based, as in the report). */
export interface Target {
  uri: string;
  line: number;
  column: number;
}

export interface CostGroup {
  /** The feature, model id, file path or rule id; null for calls without a feature or a statically known model. */
  key: string | null;
  /** Counted calls in the group (a wrapper's own call and a rejected request are counted apart). */
  calls: number;
  /** Sum of the priced calls' $/month; null when no call of the group has a price: unknown, never $0. */
  monthlyUsd: number | null;
  /** Calls of the group without a price: not in monthlyUsd. */
  unpricedCalls: number;
  /** Some call's figure is a lower bound (a candidate model has no price). */
  lowerBound: boolean;
  findings: number;
  /** The group's dearest call, or its first finding when it has no call. */
  target: Target | undefined;
}

/** A call that is in the totals: not a wrapper's own call (counted at its call sites), not a request that cannot succeed. */
export function isCounted(call: ReportCall): boolean {
  return call.countedAtCallSites !== true && call.rejected === undefined;
}

/** The call a finding sits in: the innermost call of the same file whose range holds the finding's start. */
export function callOfFinding(finding: ReportFinding, calls: readonly ReportCall[]): ReportCall | undefined {
  let best: ReportCall | undefined;
  for (const call of calls) {
    if (call.uri !== finding.uri || !holds(call, finding.line, finding.column)) continue;
    if (!best || holds(best, call.line, call.column)) best = call;
  }
  return best;
}

function holds(range: { line: number; column: number; endLine: number; endColumn: number }, line: number, column: number): boolean {
  const afterStart = line > range.line || (line === range.line && column >= range.column);
  const beforeEnd = line < range.endLine || (line === range.endLine && column <= range.endColumn);
  return afterStart && beforeEnd;
}

/** The report's counted calls summed by one dimension, the dearest first, unknown costs last, then by name A-Z. */
export function costGroups(report: WorkspaceReport, dimension: Dimension): CostGroup[] {
  const groups = new Map<string | null, { calls: ReportCall[]; findings: ReportFinding[] }>();
  const entry = (key: string | null) => {
    let found = groups.get(key);
    if (!found) groups.set(key, (found = { calls: [], findings: [] }));
    return found;
  };
  if (dimension === "rule") {
    for (const finding of report.findings) {
      const group = entry(finding.rule);
      group.findings.push(finding);
      const call = callOfFinding(finding, report.calls);
      if (call && isCounted(call) && !group.calls.includes(call)) group.calls.push(call);
    }
  } else {
    const keyOf = (call: ReportCall): string | null => (dimension === "feature" ? call.feature : dimension === "model" ? call.model : call.file);
    for (const call of report.calls) if (isCounted(call)) entry(keyOf(call)).calls.push(call);
    for (const finding of report.findings) {
      if (dimension === "file") {
        entry(finding.file).findings.push(finding);
        continue;
      }
      const call = callOfFinding(finding, report.calls);
      if (call && isCounted(call)) entry(keyOf(call)).findings.push(finding);
    }
  }
  return sortGroups([...groups].map(([key, { calls, findings }]) => groupOf(key, calls, findings)));
}

function groupOf(key: string | null, calls: ReportCall[], findings: ReportFinding[]): CostGroup {
  const priced = calls.filter((call) => call.monthlyUsd !== null);
  const dearest = [...priced].sort((a, b) => b.monthlyUsd! - a.monthlyUsd!)[0] ?? calls[0];
  const first = dearest ?? findings[0];
  return {
    key,
    calls: calls.length,
    monthlyUsd: priced.length === 0 ? null : roundUsd(priced.reduce((sum, call) => sum + call.monthlyUsd!, 0), 2),
    unpricedCalls: calls.length - priced.length,
    lowerBound: calls.some((call) => call.lowerBound === true),
    findings: findings.length,
    target: first && { uri: first.uri, line: first.line, column: first.column },
  };
}

function sortGroups(groups: CostGroup[]): CostGroup[] {
  return groups.sort((a, b) => {
    if ((a.monthlyUsd === null) !== (b.monthlyUsd === null)) return a.monthlyUsd === null ? 1 : -1;
    const byCost = (b.monthlyUsd ?? 0) - (a.monthlyUsd ?? 0);
    if (byCost !== 0) return byCost;
    if ((a.key === null) !== (b.key === null)) return a.key === null ? 1 : -1;
    return (a.key ?? "").localeCompare(b.key ?? "");
  });
}

/** What the dashboard's headline says: the money of the counted calls, and every call left out of it, by reason. */
export interface Headline {
  monthlyUsd: number | null;
  countedCalls: number;
  unpricedCalls: number;
  lowerBoundCalls: number;
  atCallSites: number;
  rejected: number;
  findings: number;
}

export function headlineOf(report: WorkspaceReport): Headline {
  const counted = report.calls.filter(isCounted);
  const priced = counted.filter((call) => call.monthlyUsd !== null);
  return {
    monthlyUsd: priced.length === 0 ? null : roundUsd(priced.reduce((sum, call) => sum + call.monthlyUsd!, 0), 2),
    countedCalls: counted.length,
    unpricedCalls: counted.length - priced.length,
    lowerBoundCalls: counted.filter((call) => call.lowerBound === true).length,
    atCallSites: report.calls.filter((call) => call.countedAtCallSites === true).length,
    rejected: report.calls.filter((call) => call.rejected !== undefined && call.countedAtCallSites !== true).length,
    findings: report.findings.length,
  };
}
