// The dashboard exported: CSV (one row per call, figures as plain numbers for a spreadsheet) and Markdown
// (the whole page: headline, assumptions, every table as shown). Pure.
import { formatUsd } from "../../../server/src/core/format.ts";
import type { ReportCall, WorkspaceReport } from "../../../server/src/protocol.ts";
import { headlineOf, isCounted } from "./aggregate.ts";
import { assumptionPlace, describeAssumption } from "./assumptions.ts";
import { dashboardTables, type Table } from "./tables.ts";
import { sortRows, type SortState } from "./table-sort.ts";

const CSV_COLUMNS = ["file", "line", "column", "feature", "provider", "api", "model", "input_tokens", "output_tokens", "requests_per_day", "usd_per_request", "usd_per_month", "status"] as const;

/** Why a call's $/month is empty or partial in the CSV: never a silent 0. */
function csvStatus(call: ReportCall): string {
  if (call.countedAtCallSites) return "counted at its call sites";
  if (call.rejected !== undefined) return `rejected: ${call.rejected}`;
  if (call.monthlyUsd === null) return "unpriced";
  if (call.lowerBound) return "lower bound";
  return "";
}

export function callsCsv(report: WorkspaceReport): string {
  const rows = report.calls.map((call) => [
    call.file,
    call.line,
    call.column,
    call.feature ?? "",
    call.provider,
    call.api,
    call.model ?? "",
    call.inputTokens,
    call.kind === "embedding" || call.kind === "count" ? "" : call.outputTokens.assumed,
    call.requestsPerDay * call.multiplier,
    call.perRequestUsd ?? "",
    isCounted(call) ? (call.monthlyUsd ?? "") : "",
    csvStatus(call),
  ]);
  return [CSV_COLUMNS, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** RFC 4180 quoting; text a spreadsheet would run as a formula (= + - @ first) is quoted as text. */
export function csvField(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function dashboardMarkdown(report: WorkspaceReport, sorts: Readonly<Record<string, SortState>> = {}): string {
  const headline = headlineOf(report);
  const apart = [
    headline.unpricedCalls > 0 ? `${headline.unpricedCalls} unpriced (not in the total)` : "",
    headline.lowerBoundCalls > 0 ? `${headline.lowerBoundCalls} priced as a lower bound` : "",
    headline.atCallSites > 0 ? `${headline.atCallSites} inside wrappers, counted at their call sites` : "",
    headline.rejected > 0 ? `${headline.rejected} rejected (cannot succeed, not in the total)` : "",
  ].filter(Boolean);
  const lines = [
    "# Prompt Cost: workspace dashboard",
    "",
    `**${headline.monthlyUsd === null ? "unpriced" : `${formatUsd(headline.monthlyUsd)}/month`}** for ${headline.countedCalls} calls${apart.length ? ` (${apart.join("; ")})` : ""}, ${headline.findings} findings.`,
    "",
    "## Assumptions",
    "",
    ...report.assumptions.values.map((assumption) => `- ${describeAssumption(assumption)} (${assumptionPlace(assumption)})`),
    `- Prices checked ${report.pricing.checked || "unknown"}${report.pricing.source ? ` (${report.pricing.source})` : ""}`,
    "",
  ];
  for (const table of dashboardTables(report)) lines.push(...markdownTable(table, sorts[table.id] ?? table.defaultSort), "");
  return lines.join("\n");
}

function markdownTable(table: Table, sort: SortState): string[] {
  const escape = (text: string) => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const rows = sortRows(table.rows, (row, column) => row.cells[column]?.sort ?? null, sort);
  return [
    `## ${table.caption}`,
    "",
    `| ${table.columns.map((column) => escape(column.title)).join(" | ")} |`,
    `| ${table.columns.map((column) => (column.numeric ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.cells.map((cell) => escape(cell.text)).join(" | ")} |`),
  ];
}
