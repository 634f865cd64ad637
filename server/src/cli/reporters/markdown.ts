// A pull-request comment: the monthly total, the gates, with a baseline the cost difference per call,
// the most expensive calls, findings by rule, and cost per feature. Starts with a marker comment so a
// workflow can find and update its earlier comment instead of adding a new one.
import { formatOutput, formatTokens, formatUsd } from "../../core/format.ts";
import type { JsonCall, JsonCallChange, JsonReport } from "../../core/report.ts";
import { docsUrl } from "../../core/rules/rule.ts";
import { signedPct, type GateResult } from "../gates.ts";
import { callMonthlyText, callsByCost, count, countByRule, monthlyText, TOP_CALLS, pricingHint, testFilesHint, toolStepsNote, waysNote } from "./summary-parts.ts";

export const MARKDOWN_MARKER = "<!-- promptcost -->";
const MAX_FINDINGS_LISTED = 50;

export function formatMarkdown(report: JsonReport, gates: readonly GateResult[]): string {
  const out: string[] = [MARKDOWN_MARKER, `### Prompt Cost: ${monthlyText(report.summary)}`, ""];
  out.push(headline(report), "");
  for (const hint of report.changedSince === undefined ? [pricingHint(report.calls), testFilesHint(report.calls)] : []) {
    if (hint) out.push(`<sub>${hint}</sub>`, "");
  }
  if (gates.length > 0) {
    out.push(...gates.map((gate) => `- ${gate.passed ? "✅" : "❌"} **${gate.gate}**: ${escapeText(gate.message)}`), "");
  }
  if (report.comparison) out.push(...costChanges(report), "", ...newFindings(report), "");
  out.push(...expensiveCalls(report.calls), "");
  out.push(...findingsByRule(report), "");
  if (report.features.some((feature) => feature.feature !== null)) out.push(...byFeature(report), "");
  const { assumptions, pricing, tool } = report;
  out.push(
    `<sub>Assumed ${formatTokens(assumptions.requestsPerDay)} requests/day per call, ${formatTokens(assumptions.dynamicTokens)} tokens per run-time part, ${formatTokens(assumptions.outputTokens)} output tokens (or the cap, if lower), ${Math.round((assumptions.cacheHitRate ?? 0) * 100)}% cache hits on a cached prefix; prices checked ${pricing.checked}. promptcost ${tool.version}.</sub>`,
  );
  return out.join("\n") + "\n";
}

function headline(report: JsonReport): string {
  const { summary, comparison } = report;
  const parts = [`${count(summary.calls, "LLM API call")} in ${count(summary.files, "file")}`];
  if (summary.unpricedCalls > 0) parts.push(`${summary.unpricedCalls.toLocaleString("en-US")} unpriced: the total is a lower bound`);
  parts.push(`${count(summary.errors, "error")}, ${count(summary.warnings, "warning")}, ${count(summary.infos, "info")}`);
  let line = parts.join(" · ");
  if (comparison) {
    const { before, after, changePct } = comparison.monthlyUsd;
    const delta = after - before;
    const counts = `${comparison.changed.length} changed, ${comparison.added.length} new, ${comparison.removed.length} removed`;
    line = `**${delta >= 0 ? "+" : "−"}${formatUsd(Math.abs(delta))}/month (${signedPct(changePct)})** against the baseline (${formatUsd(before)} → ${formatUsd(after)}; ${counts}).\n\n${line}`;
  }
  return line;
}

function costChanges(report: JsonReport): string[] {
  const comparison = report.comparison!;
  const rows: JsonCallChange[] = [...comparison.changed, ...comparison.added, ...comparison.removed];
  if (rows.length === 0) return ["#### Cost changes", "", "No call's cost changed."];
  rows.sort((a, b) => Math.abs(b.monthlyChangeUsd ?? 0) - Math.abs(a.monthlyChangeUsd ?? 0) || a.file.localeCompare(b.file) || a.line - b.line);
  const lines = ["#### Cost changes", "", "| Call | Model | $/request | Change | $/month |", "| --- | --- | ---: | ---: | ---: |"];
  for (const entry of rows) {
    const model = entry.previousModel !== undefined ? `${entry.previousModel ?? "unknown"} → ${entry.model ?? "unknown"}` : entry.model ?? "unknown";
    const perRequest = !entry.before ? `new: ${formatUsd(entry.after!.perRequest)}` : !entry.after ? `removed: ${formatUsd(entry.before.perRequest)}` : `${formatUsd(entry.before.perRequest)} → ${formatUsd(entry.after.perRequest)}`;
    const change = !entry.before ? "new" : !entry.after ? "removed" : signedPct(entry.perRequestChangePct) + (entry.overThreshold ? " ❌" : "");
    const monthly = entry.monthlyChangeUsd === null ? "unknown" : `${entry.monthlyChangeUsd >= 0 ? "+" : "−"}${formatUsd(Math.abs(entry.monthlyChangeUsd))}`;
    lines.push(`| ${callLabel(entry.file, entry.line)} | ${escapeText(model)} | ${perRequest} | ${entry.overThreshold ? `**${change}**` : change} | ${monthly} |`);
  }
  lines.push("", `A call fails the drift gate when its cost per request rises more than ${comparison.driftPct}%; so does the monthly total.`);
  return lines;
}

/** With a baseline: the findings the change brought or altered, before anything else about findings. */
function newFindings(report: JsonReport): string[] {
  const changed = report.findings.filter((finding) => finding.baselineState === "new" || finding.baselineState === "changed");
  if (changed.length === 0) return ["#### New and changed findings", "", "None: every finding was there before."];
  const lines = ["#### New and changed findings", ""];
  for (const finding of changed.slice(0, MAX_FINDINGS_LISTED)) lines.push(`- ${finding.baselineState} ${callLabel(finding.file, finding.line)} ${finding.severity} **${finding.rule}**: ${escapeText(finding.message)}`);
  if (changed.length > MAX_FINDINGS_LISTED) lines.push(`- … and ${changed.length - MAX_FINDINGS_LISTED} more`);
  return lines;
}

function expensiveCalls(calls: readonly JsonCall[]): string[] {
  if (calls.length === 0) return ["#### Most expensive calls", "", "No LLM API calls found."];
  const sorted = callsByCost(calls);
  const lines = [
    `#### Most expensive calls${calls.length > TOP_CALLS ? ` (top ${TOP_CALLS} of ${calls.length.toLocaleString("en-US")})` : ""}`,
    "",
    "| Call | Model | Input tokens (static + run-time) | Output | $/request | $/month |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const call of sorted.slice(0, TOP_CALLS)) {
    const output = formatOutput(call.kind, call.outputTokens.cap, call.outputTokens.assumed);
    const monthly = callMonthlyText(call);
    lines.push(
      `| ${callLabel(call.file, call.line)} | ${escapeText(call.model ?? "unknown")}${waysNote(call)} | ${formatTokens(call.inputTokens.static)} + ${formatTokens(call.inputTokens.dynamic)} | ${output} | ${formatUsd(call.costUsd.perRequest)}${toolStepsNote(call)} | ${monthly} |`,
    );
  }
  return lines;
}

function findingsByRule(report: JsonReport): string[] {
  if (report.findings.length === 0) return ["#### Findings", "", "No findings."];
  const lines = ["#### Findings by rule", "", "| Rule | Errors | Warnings | Infos |", "| --- | ---: | ---: | ---: |"];
  const number = (value: number): string => value.toLocaleString("en-US");
  for (const entry of countByRule(report.findings)) lines.push(`| [${entry.rule}](${docsUrl(entry.rule)}) | ${number(entry.error)} | ${number(entry.warning)} | ${number(entry.info)} |`);
  const listed = report.findings.slice(0, MAX_FINDINGS_LISTED);
  lines.push("", `<details><summary>${count(report.findings.length, "finding")}</summary>`, "");
  for (const finding of listed) lines.push(`- ${callLabel(finding.file, finding.line)} ${finding.severity} **${finding.rule}**: ${escapeText(finding.message)}`);
  if (report.findings.length > listed.length) lines.push(`- … and ${(report.findings.length - listed.length).toLocaleString("en-US")} more`);
  lines.push("", "</details>");
  return lines;
}

function byFeature(report: JsonReport): string[] {
  const lines = ["#### By feature", "", "| Feature | Calls | $/month |", "| --- | ---: | ---: |"];
  for (const feature of report.features) {
    const unpriced = feature.unpricedCalls > 0 ? ` (${feature.unpricedCalls} unpriced)` : "";
    lines.push(`| ${feature.feature === null ? "_(none)_" : escapeText(feature.feature)} | ${feature.calls} | ${formatUsd(feature.monthlyUsd)}${unpriced} |`);
  }
  return lines;
}

function callLabel(file: string, line: number): string {
  return `\`${file}:${line}\``;
}

/** Table cells break on `|` and a newline; `<` could open HTML. */
function escapeText(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/</g, "&lt;");
}
