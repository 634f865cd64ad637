// With a baseline, what the change did comes first in every format: new and changed calls and findings
// lead, the rest follows in its usual order. A pull request's one new finding must not sit behind
// thousands on unchanged code (GitHub shows 10 annotations of each level per step).
import type { BaselineState, JsonCall, JsonFinding, JsonReport } from "../core/report.ts";

const RANK: Record<BaselineState, number> = { new: 0, changed: 1, unchanged: 2 };

/**
 * Marks each call and finding of `report` (which carries its comparison) new, changed or unchanged
 * against `baseline`, and puts the new, then the changed, first. A finding is new or changed when it lies
 * on a new or changed call; otherwise it is unchanged when the baseline has the same finding (file, rule
 * and message; each baseline finding matched once), changed when the baseline has one of the same rule in
 * the same file, and new when not.
 */
export function putChangesFirst(report: JsonReport, baseline: JsonReport): void {
  const comparison = report.comparison;
  if (!comparison) return;
  const callStates = new Map<string, BaselineState>();
  for (const entry of comparison.added) callStates.set(`${entry.file}:${entry.line}`, "new");
  for (const entry of comparison.changed) callStates.set(`${entry.file}:${entry.line}`, "changed");
  for (const call of report.calls) call.baselineState = callStates.get(`${call.file}:${call.line}`) ?? "unchanged";

  const remaining = countBy(baseline.findings, sameFinding);
  const rulesBefore = new Set(baseline.findings.map((finding) => `${finding.file}\u0000${finding.rule}`));
  const onChangedCall = (finding: JsonFinding): BaselineState | undefined =>
    report.calls.find((call) => call.baselineState !== "unchanged" && call.file === finding.file && call.line <= finding.line && call.endLine >= finding.line)?.baselineState;
  for (const finding of report.findings) {
    const state = onChangedCall(finding);
    if (state) {
      finding.baselineState = state;
      continue;
    }
    const key = sameFinding(finding);
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      finding.baselineState = "unchanged";
    } else finding.baselineState = rulesBefore.has(`${finding.file}\u0000${finding.rule}`) ? "changed" : "new";
  }
  report.calls = stableByState(report.calls);
  report.findings = stableByState(report.findings);
}

function sameFinding(finding: JsonFinding): string {
  return `${finding.file}\u0000${finding.rule}\u0000${finding.message}`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function stableByState<T extends JsonCall | JsonFinding>(items: T[]): T[] {
  return items.map((item, index) => ({ item, index })).sort((a, b) => RANK[a.item.baselineState ?? "unchanged"] - RANK[b.item.baselineState ?? "unchanged"] || a.index - b.index).map(({ item }) => item);
}
