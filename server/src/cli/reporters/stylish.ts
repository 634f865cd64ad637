import { createColors } from "picocolors";
import { formatOutput, formatTokens, formatUsd } from "../../core/format.ts";
import type { JsonCall, JsonFinding, JsonReport } from "../../core/report.ts";
import { callMonthlyText, callsByCost, count, countByRule, hiddenCallsText, monthlyText, severityCounts, TOP_CALLS, pricingHint, testFilesHint, toolStepsNote, unpricedNote, waysNote } from "./summary-parts.ts";

type Colors = ReturnType<typeof createColors>;

export interface StylishOptions {
  color: boolean;
  quiet: boolean;
  /** Every call in the table, not the costliest TOP_CALLS. */
  verbose: boolean;
  /** Columns to fit: the terminal's, 80 when not a terminal. */
  width: number;
}

/**
 * Human text like ESLint's stylish: findings grouped by file (messages wrapped to the width), the problem
 * count and the count per rule, then the costliest calls, the totals and the cost per feature.
 */
export function formatStylish(report: JsonReport, options: StylishOptions): string {
  const c = createColors(options.color);
  const width = Math.max(options.width, MIN_WIDTH);
  const out: string[] = [];
  const findings = options.quiet ? report.findings.filter((finding) => finding.severity === "error") : report.findings;
  for (const [file, fileFindings] of groupBy(findings, (finding) => finding.file)) {
    out.push(c.underline(file), ...findingRows(fileFindings, width, c), "");
  }
  const { errors, warnings, infos } = report.summary;
  const problems = errors + warnings + infos;
  if (problems > 0 && !options.quiet) {
    const line = `✖ ${count(problems, "problem")} (${count(errors, "error")}, ${count(warnings, "warning")}, ${count(infos, "info")})`;
    out.push((errors > 0 ? c.red : c.yellow)(c.bold(line)));
    const rows = countByRule(report.findings).map((entry) => [entry.rule, severityCounts(entry)]);
    out.push(...table(rows, "  ").map((row) => row.trimEnd()), "");
  }
  if (options.quiet) return out.join("\n");
  out.push(...formatCallTable(report, c, options.verbose, width));
  return out.join("\n") + "\n";
}

/** Narrower than this, the figures of a call no longer fit on one line; lines run over instead. */
const MIN_WIDTH = 72;

/** `  8:10  warning  message…  rule`, the message wrapped under itself to fit the width. */
function findingRows(findings: readonly JsonFinding[], width: number, c: Colors): string[] {
  const positionWidth = Math.max(...findings.map((finding) => `${finding.line}:${finding.column}`.length));
  const severityWidth = Math.max(...findings.map((finding) => finding.severity.length));
  const indent = 2 + positionWidth + 2 + severityWidth + 2;
  const lines: string[] = [];
  for (const finding of findings) {
    const position = `${finding.line}:${finding.column}`.padEnd(positionWidth);
    const severity = severityLabel(finding, c) + " ".repeat(severityWidth - finding.severity.length);
    const wrapped = wrap(finding.message, Math.max(width - indent, 30));
    const last = wrapped[wrapped.length - 1]!;
    if (indent + last.length + 2 + finding.rule.length <= width) wrapped[wrapped.length - 1] = `${last}  ${c.dim(finding.rule)}`;
    else wrapped.push(c.dim(finding.rule));
    lines.push(`  ${c.dim(position)}  ${severity}  ${wrapped[0]}`, ...wrapped.slice(1).map((line) => " ".repeat(indent) + line));
  }
  return lines;
}

/** Words onto lines of at most `width` characters; a word (or code span) longer than that gets a line of its own. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  // A code span (`// promptcost: model=ID`) is kept whole, as one word.
  for (const word of text.match(/[^\s`]*`[^`]*`\S*|\S+/g) ?? []) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

function formatCallTable(report: JsonReport, c: Colors, verbose: boolean, width: number): string[] {
  const out: string[] = [];
  const { summary, assumptions, pricing } = report;
  if (report.calls.length === 0 && report.changedSince !== undefined) {
    out.push(`No LLM API call on lines changed since ${report.changedSince}; all ${count(summary.calls, "call")} in ${count(summary.files, "file")}: ${monthlyText(summary)}${unpricedNote(summary.unpricedCalls)}.`);
    return out;
  }
  if (report.calls.length === 0) {
    out.push(`No LLM API calls found in ${count(summary.files, "file")}.`);
    return out;
  }
  const sorted = callsByCost(report.calls);
  const shown = verbose ? sorted : sorted.slice(0, TOP_CALLS);
  const header = ["call", "model", "input (static+dyn)", "output", "$/request", "$/month"];
  const rows = shown.map((call) => [
    `${call.file}:${call.line}`,
    modelLabel(call),
    `${formatTokens(call.inputTokens.static)} + ${formatTokens(call.inputTokens.dynamic)}`,
    formatOutput(call.kind, call.outputTokens.cap, call.outputTokens.assumed),
    formatUsd(call.costUsd.perRequest) + toolStepsNote(call),
    callMonthlyText(call),
  ]);
  out.push(...placedRows(header, rows, [false, false, true, true, true, true], width, c));
  const hidden = sorted.slice(shown.length);
  if (hidden.length > 0) out.push(c.dim(`  … ${count(hidden.length, "more call")}: ${hiddenCallsText(hidden)} (--verbose lists them)`));
  const unpriced = unpricedNote(summary.unpricedCalls);
  if (report.changedSince !== undefined) out.push("", c.dim(`Calls and findings on lines changed since ${report.changedSince}: ${report.calls.length.toLocaleString("en-US")} of ${count(summary.calls, "call")} shown; the totals are for all of them.`));
  out.push("");
  out.push(c.bold(`Total: ${count(summary.calls, "call")} in ${count(summary.files, "file")}, ${monthlyText(summary)}${unpriced}`));
  // Only when every call is listed: with --changed-since the report holds some of them.
  for (const hint of report.changedSince === undefined ? [pricingHint(report.calls), testFilesHint(report.calls)] : []) {
    if (hint) out.push(...wrap(hint, width).map((line) => c.dim(line)));
  }
  if (report.features.some((feature) => feature.feature !== null)) {
    const rows = report.features.map((feature) => [feature.feature ?? "(no feature)", count(feature.calls, "call"), `${formatUsd(feature.monthlyUsd)}/month`]);
    out.push("", c.bold("By feature:"), ...table(rows, "  ", [false, true, true]).map((line) => line.trimEnd()));
  }
  if (report.comparison) out.push("", ...formatComparison(report, c, verbose, width));
  if (report.comparison || report.features.some((feature) => feature.feature !== null)) out.push("");
  const assumed = `Assumed: ${formatTokens(assumptions.requestsPerDay)} requests/day per call, ${formatTokens(assumptions.dynamicTokens)} tokens per dynamic part, ${formatTokens(assumptions.outputTokens)} output tokens (or the cap, if lower), ${Math.round((assumptions.cacheHitRate ?? 0) * 100)}% cache hits on a cached prefix; $/month counts caching, $/request is uncached; rejected requests are in no total.${report.calls.some((call) => call.toolSteps) ? " A call with tool steps is priced for one step (the model decides how many run)." : ""} Prices checked ${pricing.checked}.`;
  out.push(...wrap(assumed, width).map((line) => c.dim(line)));
  return out;
}

/**
 * One row per entry when the table fits the width; else each entry's place and model (the first two
 * columns) on a line of their own and its figures on the next, indented, as a table of their own.
 */
function placedRows(header: string[] | undefined, rows: string[][], alignRight: boolean[], width: number, c: Colors): string[] {
  const all = header ? [header, ...rows] : rows;
  const lines = table(all, "  ", alignRight).map((line) => line.trimEnd());
  if (Math.max(...lines.map(visibleLength)) <= width) return header ? [c.bold(lines[0]!), ...lines.slice(1)] : lines;
  const figures = table(all.map((row) => row.slice(2)), "    ", alignRight.slice(2)).map((line) => line.trimEnd());
  const placeLine = (row: string[]): string => {
    const room = width - 4 - visibleLength(row[1]!);
    const place = row[0]!.length <= room || room < 12 ? row[0]! : "…" + row[0]!.slice(row[0]!.length - room + 1);
    return `  ${place}  ${row[1]}`;
  };
  const out = header ? [c.bold(placeLine(header)), c.bold(figures[0]!)] : [];
  rows.forEach((row, index) => out.push(placeLine(row), figures[index + (header ? 1 : 0)]!));
  return out;
}

function formatComparison(report: JsonReport, c: Colors, verbose: boolean, width: number): string[] {
  const comparison = report.comparison!;
  const { before, after, changePct } = comparison.monthlyUsd;
  const pct = changePct === null ? "" : ` (${changePct > 0 ? "+" : ""}${changePct}%)`;
  const heading = `Compared with ${comparison.baseline}: ${formatUsd(before)} -> ${formatUsd(after)}/month${pct}; ${comparison.changed.length.toLocaleString("en-US")} changed, ${comparison.added.length.toLocaleString("en-US")} new, ${comparison.removed.length.toLocaleString("en-US")} removed`;
  const out = wrap(heading, width).map((line) => c.bold(line));
  const entries = [...comparison.changed, ...comparison.added, ...comparison.removed];
  const shown = verbose ? entries : entries.slice(0, TOP_CALLS);
  const rows = shown.map((entry) => {
    const what = !entry.before ? "new" : !entry.after ? "removed" : entry.perRequestChangePct === null ? "changed" : `${entry.perRequestChangePct > 0 ? "+" : ""}${entry.perRequestChangePct}%`;
    const perRequest = `${entry.before ? formatUsd(entry.before.perRequest) : "—"} -> ${entry.after ? formatUsd(entry.after.perRequest) : "—"}`;
    const label = entry.overThreshold ? c.red(what) : what;
    const model = entry.previousModel !== undefined ? `${entry.previousModel ?? "(unknown model)"} -> ${entry.model ?? "(unknown model)"}` : entry.model ?? "(unknown model)";
    return [`${entry.file}:${entry.line}`, model, perRequest, label];
  });
  if (rows.length > 0) out.push(...placedRows(undefined, rows, [false, false, true, true], width, c));
  if (entries.length > shown.length) out.push(c.dim(`  … ${count(entries.length - shown.length, "more change")}; --verbose lists them all`));
  return out;
}

/** The model, with the vendor when the SDK does not already say it (`gpt-4.1-mini (openai)` through the AI SDK). */
function modelLabel(call: JsonCall): string {
  const model = call.model ?? "(unknown model)";
  const sdkNamesProvider = call.sdk.startsWith(call.provider);
  return (sdkNamesProvider || call.provider === "unknown" || model.includes(call.provider) ? model : `${model} (${call.provider})`) + waysNote(call);
}

function severityLabel(finding: JsonFinding, c: Colors): string {
  if (finding.severity === "error") return c.red("error");
  if (finding.severity === "warning") return c.yellow("warning");
  return c.blue("info");
}

/** Pads columns to their widest cell; ANSI codes are not counted in the width. */
function table(rows: string[][], indent: string, alignRight: boolean[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, visibleLength(cell))));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, index) => {
          const padding = " ".repeat((widths[index] ?? 0) - visibleLength(cell));
          return alignRight[index] ? padding + cell : cell + padding;
        })
        .join("  "),
  );
}

function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "").length;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
