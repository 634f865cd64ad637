import { createColors } from "picocolors";
import { formatOutput, formatTokens, formatUsd } from "../../core/format.ts";
import type { JsonCall, JsonFinding, JsonReport } from "../../core/report.ts";

type Colors = ReturnType<typeof createColors>;

/** Human text like ESLint's stylish: findings grouped by file, then a table of calls and the totals. */
export function formatStylish(report: JsonReport, options: { color: boolean; quiet: boolean }): string {
  const c = createColors(options.color);
  const out: string[] = [];
  const findings = options.quiet ? report.findings.filter((finding) => finding.severity === "error") : report.findings;
  for (const [file, fileFindings] of groupBy(findings, (finding) => finding.file)) {
    out.push(c.underline(file));
    // Messages are long, so only position and severity are aligned; the rule id follows the message.
    const rows = fileFindings.map((finding) => [c.dim(`${finding.line}:${finding.column}`), severityLabel(finding, c), `${finding.message}  ${c.dim(finding.rule)}`]);
    out.push(...table(rows, "  ").map((line) => line.trimEnd()));
    out.push("");
  }
  const { errors, warnings, infos } = report.summary;
  const problems = errors + warnings + infos;
  if (problems > 0 && !options.quiet) {
    const line = `✖ ${problems} problem${problems === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}, ${infos} info${infos === 1 ? "" : "s"})`;
    out.push((errors > 0 ? c.red : c.yellow)(c.bold(line)), "");
  }
  if (options.quiet) return out.join("\n");
  out.push(...formatCallTable(report, c));
  return out.join("\n") + "\n";
}

function formatCallTable(report: JsonReport, c: Colors): string[] {
  const out: string[] = [];
  if (report.calls.length === 0 && report.changedSince !== undefined) {
    out.push(`No LLM API call on lines changed since ${report.changedSince}; all ${report.summary.calls} call${report.summary.calls === 1 ? "" : "s"} in ${report.summary.files} file${report.summary.files === 1 ? "" : "s"} cost ${formatUsd(report.summary.monthlyUsd)}/month.`);
    return out;
  }
  if (report.calls.length === 0) {
    out.push(`No LLM API calls found in ${report.summary.files} file${report.summary.files === 1 ? "" : "s"}.`);
    return out;
  }
  const header = ["call", "model", "input (static + dynamic)", "output", "$/request", "$/month"];
  const rows = report.calls.map((call) => [
    `${call.file}:${call.line}`,
    modelLabel(call),
    `${formatTokens(call.inputTokens.static)} + ${formatTokens(call.inputTokens.dynamic)}`,
    formatOutput(call.kind, call.outputTokens.cap, call.outputTokens.assumed),
    formatUsd(call.costUsd.perRequest),
    call.rejected ? "rejected" : formatUsd(call.costUsd.monthly) + (call.multiplier > 1 ? ` (×${call.multiplier})` : ""),
  ]);
  const lines = table([header, ...rows], "  ", [false, false, true, true, true, true]);
  out.push(c.bold(lines[0]!.trimEnd()), ...lines.slice(1).map((line) => line.trimEnd()));
  const { summary, assumptions, pricing } = report;
  const unpriced = summary.unpricedCalls > 0 ? `, ${summary.unpricedCalls} unpriced` : "";
  if (report.changedSince !== undefined) out.push("", c.dim(`Calls and findings on lines changed since ${report.changedSince}: ${report.calls.length} of ${summary.calls} calls shown; the totals are for all of them.`));
  out.push("");
  out.push(c.bold(`Total: ${summary.calls} call${summary.calls === 1 ? "" : "s"} in ${summary.files} file${summary.files === 1 ? "" : "s"}, ${formatUsd(summary.monthlyUsd)}/month${unpriced}`));
  if (report.features.some((feature) => feature.feature !== null)) {
    const rows = report.features.map((feature) => [feature.feature ?? "(no feature)", `${feature.calls} call${feature.calls === 1 ? "" : "s"}`, `${formatUsd(feature.monthlyUsd)}/month`]);
    out.push("", c.bold("By feature:"), ...table(rows, "  ", [false, true, true]).map((line) => line.trimEnd()));
  }
  if (report.comparison) out.push("", ...formatComparison(report, c));
  if (report.comparison || report.features.some((feature) => feature.feature !== null)) out.push("");
  out.push(
    c.dim(
      `Assumed: ${formatTokens(assumptions.requestsPerDay)} requests/day per call, ${formatTokens(assumptions.dynamicTokens)} tokens per dynamic part, ${formatTokens(assumptions.outputTokens)} output tokens (or the cap, if lower), ${Math.round((assumptions.cacheHitRate ?? 0) * 100)}% cache hits on a cached prefix; $/month counts caching, $/request is uncached; rejected requests are in no total. Prices checked ${pricing.checked}.`,
    ),
  );
  return out;
}

function formatComparison(report: JsonReport, c: Colors): string[] {
  const comparison = report.comparison!;
  const { before, after, changePct } = comparison.monthlyUsd;
  const pct = changePct === null ? "" : ` (${changePct > 0 ? "+" : ""}${changePct}%)`;
  const out = [
    c.bold(`Compared with ${comparison.baseline}: ${formatUsd(before)} -> ${formatUsd(after)}/month${pct}; ${comparison.changed.length} changed, ${comparison.added.length} new, ${comparison.removed.length} removed`),
  ];
  const rows = [...comparison.changed, ...comparison.added, ...comparison.removed].map((entry) => {
    const what = !entry.before ? "new" : !entry.after ? "removed" : entry.perRequestChangePct === null ? "changed" : `${entry.perRequestChangePct > 0 ? "+" : ""}${entry.perRequestChangePct}%`;
    const perRequest = `${entry.before ? formatUsd(entry.before.perRequest) : "—"} -> ${entry.after ? formatUsd(entry.after.perRequest) : "—"}`;
    const label = entry.overThreshold ? c.red(what) : what;
    const model = entry.previousModel !== undefined ? `${entry.previousModel ?? "(unknown model)"} -> ${entry.model ?? "(unknown model)"}` : entry.model ?? "(unknown model)";
    return [`${entry.file}:${entry.line}`, model, perRequest, label];
  });
  if (rows.length > 0) out.push(...table(rows, "  ", [false, false, true, true]).map((line) => line.trimEnd()));
  return out;
}

/** The model, with the vendor when the SDK does not already say it (`gpt-4.1-mini (openai)` through the AI SDK). */
function modelLabel(call: JsonCall): string {
  const model = call.model ?? "(unknown model)";
  const sdkNamesProvider = call.sdk.startsWith(call.provider);
  return sdkNamesProvider || call.provider === "unknown" || model.includes(call.provider) ? model : `${model} (${call.provider})`;
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
