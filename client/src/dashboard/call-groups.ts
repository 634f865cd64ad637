// The calls tree's groups: every call of the report under its file or feature, the dearest group and call
// first. Money comes from the dashboard's own totals (counted calls only), so the tree and the page agree. Pure.
import type { ReportCall, WorkspaceReport } from "../../../server/src/protocol.ts";
import { costGroups, isCounted, type CostGroup } from "./aggregate.ts";
import { compareSortValues } from "./table-sort.ts";

export type CallGrouping = "file" | "feature";

export interface CallGroup extends Omit<CostGroup, "calls"> {
  /** Calls of the group in the totals. */
  counted: number;
  /** Every call of the group, counted or not (a wrapper's own call, a rejected request), the dearest first. */
  calls: ReportCall[];
}

export function callGroups(report: WorkspaceReport, grouping: CallGrouping): CallGroup[] {
  const keyOf = (call: ReportCall) => (grouping === "file" ? call.file : call.feature);
  const byKey = new Map<string | null, ReportCall[]>();
  for (const call of report.calls) byKey.set(keyOf(call), [...(byKey.get(keyOf(call)) ?? []), call]);
  const totals = new Map(costGroups(report, grouping).map((group, index) => [group.key, { group, index }]));
  return [...byKey]
    .map(([key, calls]) => {
      const total = totals.get(key);
      const group: CallGroup = total
        ? { ...total.group, counted: total.group.calls, calls: sortCalls(calls) }
        : { key, counted: 0, calls: sortCalls(calls), monthlyUsd: null, unpricedCalls: 0, lowerBound: false, findings: 0, target: undefined };
      return { group, order: total?.index ?? Number.MAX_SAFE_INTEGER };
    })
    .sort((a, b) => a.order - b.order || (a.group.key ?? "").localeCompare(b.group.key ?? ""))
    .map(({ group }) => group);
}

/** The dearest counted call first, unpriced after priced, calls not in the totals last. */
function sortCalls(calls: ReportCall[]): ReportCall[] {
  const money = (call: ReportCall) => (isCounted(call) ? call.monthlyUsd : null);
  return [...calls].sort((a, b) => Number(!isCounted(a)) - Number(!isCounted(b)) || compareSortValues(money(a), money(b), true) || a.file.localeCompare(b.file) || a.line - b.line);
}
