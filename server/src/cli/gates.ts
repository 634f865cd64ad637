// The CI gates of `--lint`: --max-warnings, --budget and --baseline/--drift. Each gate that fails makes the
// exit code 1 and says why in one line; reporters show the same results.
import { formatUsd } from "../core/format.ts";
import type { JsonReport } from "../core/report.ts";
import { exceeds } from "./baseline.ts";
import { count } from "./reporters/summary-parts.ts";

export type GateName = "max-warnings" | "budget" | "drift";

export interface GateResult {
  gate: GateName;
  passed: boolean;
  /** One line: what was measured against what. */
  message: string;
}

export interface GateOptions {
  maxWarnings: number | undefined;
  budget: number | undefined;
}

/** The gates that were asked for, in a fixed order; drift only when the report carries a comparison. */
export function evaluateGates(report: JsonReport, options: GateOptions): GateResult[] {
  const results: GateResult[] = [];
  const { summary } = report;
  if (options.maxWarnings !== undefined) {
    const passed = summary.warnings <= options.maxWarnings;
    results.push({
      gate: "max-warnings",
      passed,
      message: `${count(summary.warnings, "warning")}, ${passed ? "within" : "more than"} --max-warnings ${options.maxWarnings}`,
    });
  }
  if (options.budget !== undefined) {
    const passed = summary.monthlyUsd <= options.budget;
    const unpriced = summary.unpricedCalls > 0 ? ` (${count(summary.unpricedCalls, "unpriced call")}: the total is a lower bound)` : "";
    results.push({
      gate: "budget",
      passed,
      message: `projected monthly total ${formatUsd(summary.monthlyUsd)} is ${passed ? "within" : "over"} the budget of ${formatUsd(options.budget)}${unpriced}`,
    });
  }
  const comparison = report.comparison;
  if (comparison) {
    const { before, after, changePct } = comparison.monthlyUsd;
    const totalRose = exceeds(changePct, before, after, comparison.driftPct);
    const drifted = comparison.changed.filter((entry) => entry.overThreshold);
    const reasons: string[] = [];
    if (drifted.length > 0) {
      const first = drifted[0]!;
      const more = drifted.length > 1 ? ` and ${drifted.length - 1} more` : "";
      reasons.push(`${first.file}:${first.line} costs ${formatUsd(first.before?.perRequest ?? null)} -> ${formatUsd(first.after?.perRequest ?? null)} per request (${signedPct(first.perRequestChangePct)})${more}`);
    }
    if (totalRose) reasons.push(`the monthly total rose ${formatUsd(before)} -> ${formatUsd(after)} (${changePct === null ? "from $0" : signedPct(changePct)})`);
    const passed = reasons.length === 0;
    results.push({
      gate: "drift",
      passed,
      message: passed
        ? `no call's cost per request, nor the monthly total, rose more than ${comparison.driftPct}% since ${comparison.baseline}`
        : `cost rose more than ${comparison.driftPct}% since ${comparison.baseline}: ${reasons.join("; ")}`,
    });
  }
  return results;
}

export function signedPct(value: number | null): string {
  if (value === null) return "new";
  return `${value > 0 ? "+" : ""}${value}%`;
}
