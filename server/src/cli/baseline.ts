// Comparing a run with an earlier JSON report (--baseline): which calls are new, removed or changed, and
// by how much. Calls are matched by what they are, not where: lines move with every edit above them.
import * as fs from "node:fs";
import * as path from "node:path";
import type { JsonCall, JsonCallChange, JsonComparison, JsonReport } from "../core/report.ts";
import { fileErrorReason } from "./fs-errors.ts";
import { UsageError } from "./usage-error.ts";

export const DEFAULT_DRIFT_PCT = 20;

/** Reads a baseline written by `--format json` or `--write-baseline`; anything else is a usage error. */
export function readBaseline(file: string, cwd: string): JsonReport {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read baseline ${file}: ${fileErrorReason(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`baseline ${file} is not JSON: ${(error as Error).message}`);
  }
  const report = value as Partial<JsonReport> | null;
  if (!report || typeof report !== "object" || report.version !== 1 || !Array.isArray(report.calls) || typeof report.summary?.monthlyUsd !== "number") {
    throw new UsageError(`baseline ${file} is not a promptcost JSON report (version 1)`);
  }
  return report as JsonReport;
}

/**
 * Pairs the calls of two reports and describes what changed. Calls are matched within a file, first by
 * API and model (aligning the calls that send the same tokens, so a call inserted between two alike
 * ones does not shift the others), then by API alone in order (a model switch), and what is left is new
 * or removed.
 */
export function compareReports(before: JsonReport, after: JsonReport, options: { baseline: string; driftPct: number }): JsonComparison {
  const pairs: [JsonCall, JsonCall][] = [];
  const unmatchedBefore = new Set(before.calls);
  const unmatchedAfter = new Set(after.calls);
  const match = (key: (call: JsonCall) => string, align: boolean): void => {
    const groupsBefore = groupBy([...unmatchedBefore], key);
    const groupsAfter = groupBy([...unmatchedAfter], key);
    for (const [groupKey, olds] of groupsBefore) {
      const news = groupsAfter.get(groupKey);
      if (!news) continue;
      for (const [old, current] of align ? alignCalls(olds, news) : zip(olds, news)) {
        pairs.push([old, current]);
        unmatchedBefore.delete(old);
        unmatchedAfter.delete(current);
      }
    }
  };
  match((call) => `${call.file}\u0000${call.api}\u0000${call.model ?? ""}`, true);
  match((call) => `${call.file}\u0000${call.api}`, false);

  const changed = pairs
    .map(([old, current]) => change(old, current, options.driftPct))
    .filter((entry) => entry.previousModel !== undefined || entry.before!.perRequest !== entry.after!.perRequest || entry.before!.monthly !== entry.after!.monthly);
  const monthlyBefore = before.summary.monthlyUsd;
  const monthlyAfter = after.summary.monthlyUsd;
  return {
    baseline: options.baseline,
    driftPct: options.driftPct,
    monthlyUsd: { before: monthlyBefore, after: monthlyAfter, changePct: percentChange(monthlyBefore, monthlyAfter) },
    changed: sortByFileAndLine(changed),
    added: sortByFileAndLine([...unmatchedAfter].map((call) => change(null, call, options.driftPct))),
    removed: sortByFileAndLine([...unmatchedBefore].map((call) => change(call, null, options.driftPct))),
    unchanged: pairs.length - changed.length,
  };
}

function change(old: JsonCall | null, current: JsonCall | null, driftPct: number): JsonCallChange {
  const subject = (current ?? old)!;
  const side = (call: JsonCall | null) => (call ? { line: call.line, perRequest: call.costUsd.perRequest, monthly: call.costUsd.monthly } : null);
  const perRequestChangePct = old && current ? percentChange(old.costUsd.perRequest, current.costUsd.perRequest) : null;
  const monthlyChangeUsd = roundCents((current?.costUsd.monthly ?? 0) - (old?.costUsd.monthly ?? 0));
  const entry: JsonCallChange = {
    file: subject.file,
    line: subject.line,
    api: subject.api,
    model: subject.model,
    before: side(old),
    after: side(current),
    perRequestChangePct,
    monthlyChangeUsd: (old && old.costUsd.monthly === null) || (current && current.costUsd.monthly === null) ? null : monthlyChangeUsd,
    overThreshold: exceeds(perRequestChangePct, old?.costUsd.perRequest ?? null, current?.costUsd.perRequest ?? null, driftPct),
  };
  if (old && current && old.model !== current.model) entry.previousModel = old.model;
  return entry;
}

/** A rise over the threshold; from $0 to more than $0 is an unbounded rise. */
export function exceeds(changePct: number | null, before: number | null, after: number | null, driftPct: number): boolean {
  if (before === null || after === null) return false;
  if (before === 0) return after > 0;
  return changePct !== null && changePct > driftPct;
}

/** Percent change rounded to 0.1; null when either side is unknown or the base is 0. */
export function percentChange(before: number | null, after: number | null): number | null {
  if (before === null || after === null || before === 0) return null;
  return Math.round(((after - before) / before) * 1000) / 10;
}

/**
 * Pairs two ordered lists of alike calls: the longest common subsequence of calls that send the same
 * tokens first, then the rest in order.
 */
function alignCalls(olds: JsonCall[], news: JsonCall[]): [JsonCall, JsonCall][] {
  const same = (a: JsonCall, b: JsonCall): boolean => fingerprint(a) === fingerprint(b);
  const lengths = Array.from({ length: olds.length + 1 }, () => new Array<number>(news.length + 1).fill(0));
  for (let i = olds.length - 1; i >= 0; i--) {
    for (let j = news.length - 1; j >= 0; j--) {
      lengths[i]![j] = same(olds[i]!, news[j]!) ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const pairs: [JsonCall, JsonCall][] = [];
  const restOld: JsonCall[] = [];
  const restNew: JsonCall[] = [];
  let i = 0;
  let j = 0;
  while (i < olds.length && j < news.length) {
    if (same(olds[i]!, news[j]!)) pairs.push([olds[i++]!, news[j++]!]);
    else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) restOld.push(olds[i++]!);
    else restNew.push(news[j++]!);
  }
  restOld.push(...olds.slice(i));
  restNew.push(...news.slice(j));
  return [...pairs, ...zip(restOld, restNew)];
}

function fingerprint(call: JsonCall): string {
  return [call.kind, call.inputTokens.static, call.inputTokens.dynamic, call.outputTokens.cap, call.feature, call.multiplier].join("|");
}

function zip<T>(a: T[], b: T[]): [T, T][] {
  return a.slice(0, Math.min(a.length, b.length)).map((item, index) => [item, b[index]!]);
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort(byPosition)) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function byPosition(a: unknown, b: unknown): number {
  const x = a as JsonCall;
  const y = b as JsonCall;
  return x.file.localeCompare(y.file) || x.line - y.line || x.column - y.column;
}

function sortByFileAndLine(changes: JsonCallChange[]): JsonCallChange[] {
  return changes.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}
