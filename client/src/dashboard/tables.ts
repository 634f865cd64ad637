// The dashboard's tables as data: what each cell shows and sorts by, where a row leads. The page (render.ts)
// and the Markdown export draw the same tables, so both say the same thing. Pure.
import { formatOutput, formatTokens, formatUsd } from "../../../server/src/core/format.ts";
import type { ReportCall, ReportFinding, WorkspaceReport } from "../../../server/src/protocol.ts";
import { callOfFinding, costGroups, type CostGroup, type Dimension, type Target } from "./aggregate.ts";
import type { SortState, SortValue } from "./table-sort.ts";

export interface Column {
  title: string;
  numeric: boolean;
  /** Long text (a message) that wraps; other columns keep to one line. */
  wrap?: boolean;
}

export interface Cell {
  text: string;
  sort: SortValue;
}

export interface Row {
  cells: Cell[];
  target?: Target;
}

export interface Table {
  id: string;
  caption: string;
  columns: Column[];
  rows: Row[];
  defaultSort: SortState;
  /** The column drawn as a bar of $/month (its sort value is the length). */
  barColumn?: number;
}

const GROUP_TITLES: Record<Dimension, { caption: string; key: string; none: string }> = {
  feature: { caption: "By feature", key: "Feature", none: "(no feature)" },
  model: { caption: "By model", key: "Model", none: "(not known statically)" },
  file: { caption: "By file", key: "File", none: "(none)" },
  rule: { caption: "By rule", key: "Rule", none: "(none)" },
};

/** A sum of $/month as shown: unknown when nothing in it has a price (never $0), `≥` when a figure is a lower bound. */
export function groupMoneyText(group: Pick<CostGroup, "calls" | "monthlyUsd" | "lowerBound">): string {
  if (group.calls === 0) return "no call";
  if (group.monthlyUsd === null) return "unpriced";
  return `${group.lowerBound ? "≥ " : ""}${formatUsd(group.monthlyUsd)}`;
}

export function groupLabel(dimension: Dimension, key: string | null): string {
  return key ?? GROUP_TITLES[dimension].none;
}

export function groupTable(report: WorkspaceReport, dimension: Dimension): Table {
  const groups = costGroups(report, dimension);
  const titles = GROUP_TITLES[dimension];
  const ruleTable = dimension === "rule";
  const columns: Column[] = [
    { title: titles.key, numeric: false },
    { title: ruleTable ? "Findings" : "Calls", numeric: true },
    { title: ruleTable ? "Calls flagged" : "Findings", numeric: true },
    { title: "Unpriced", numeric: true },
    { title: ruleTable ? "$/month of flagged calls" : "$/month", numeric: true },
  ];
  return {
    id: `by-${dimension}`,
    caption: titles.caption,
    columns,
    barColumn: 4,
    defaultSort: { column: 4, descending: true },
    rows: groups.map((group) => {
      const label = groupLabel(dimension, group.key);
      const counts = ruleTable ? [group.findings, group.calls] : [group.calls, group.findings];
      return {
        ...(group.target ? { target: group.target } : {}),
        cells: [
          // Named groups first, the catch-all last, when sorted by name.
          { text: label, sort: group.key === null ? null : label },
          ...counts.map((count) => ({ text: String(count), sort: count })),
          { text: String(group.unpricedCalls), sort: group.unpricedCalls },
          { text: groupMoneyText(group), sort: group.monthlyUsd },
        ],
      };
    }),
  };
}

/** A call's $/month as shown: why it is not in the totals when it is not, unpriced when it has no price. */
export function callMoneyText(call: ReportCall): string {
  if (call.countedAtCallSites) return "at its call sites";
  if (call.rejected !== undefined) return "rejected: not in totals";
  if (call.monthlyUsd === null) return "unpriced";
  return `${call.lowerBound ? "≥ " : ""}${formatUsd(call.monthlyUsd)}`;
}

export function callsTable(report: WorkspaceReport): Table {
  return {
    id: "calls",
    caption: `Calls (${report.calls.length})`,
    columns: [
      { title: "Call", numeric: false },
      { title: "Feature", numeric: false },
      { title: "Model", numeric: false },
      { title: "Input tokens", numeric: true },
      { title: "Output", numeric: true },
      { title: "Requests/day", numeric: true },
      { title: "$/request", numeric: true },
      { title: "$/month", numeric: true },
    ],
    defaultSort: { column: 7, descending: true },
    rows: report.calls.map((call) => ({
      target: { uri: call.uri, line: call.line, column: call.column },
      cells: [
        { text: `${call.file}:${call.line}`, sort: `${call.file}:${String(call.line).padStart(7, "0")}` },
        { text: call.feature ?? "", sort: call.feature },
        { text: call.model ?? "not known statically", sort: call.model },
        { text: formatTokens(call.inputTokens), sort: call.inputTokens },
        call.kind === "embedding" || call.kind === "count" ? { text: "none", sort: null } : { text: formatOutput(call.kind, call.outputTokens.cap, call.outputTokens.assumed), sort: call.outputTokens.assumed },
        { text: formatTokens(call.requestsPerDay * call.multiplier), sort: call.requestsPerDay * call.multiplier },
        { text: call.perRequestUsd === null ? "unpriced" : formatUsd(call.perRequestUsd), sort: call.perRequestUsd },
        { text: callMoneyText(call), sort: call.countedAtCallSites || call.rejected !== undefined ? null : call.monthlyUsd },
      ],
    })),
  };
}

const SEVERITY_RANK: Record<ReportFinding["severity"], number> = { error: 3, warning: 2, info: 1 };

export function findingsTable(report: WorkspaceReport): Table {
  return {
    id: "findings",
    caption: `Findings (${report.findings.length})`,
    columns: [
      { title: "Severity", numeric: true },
      { title: "Rule", numeric: false },
      { title: "Where", numeric: false },
      { title: "$/month of the call", numeric: true },
      { title: "Message", numeric: false, wrap: true },
    ],
    defaultSort: { column: 0, descending: true },
    rows: report.findings.map((finding) => {
      const call = callOfFinding(finding, report.calls);
      return {
        target: { uri: finding.uri, line: finding.line, column: finding.column },
        cells: [
          { text: finding.severity, sort: SEVERITY_RANK[finding.severity] },
          { text: finding.rule, sort: finding.rule },
          { text: `${finding.file}:${finding.line}`, sort: `${finding.file}:${String(finding.line).padStart(7, "0")}` },
          call ? { text: callMoneyText(call), sort: call.countedAtCallSites || call.rejected !== undefined ? null : call.monthlyUsd } : { text: "no call", sort: null },
          { text: finding.message, sort: finding.message },
        ],
      };
    }),
  };
}

/** Every table of the dashboard, in page order. */
export function dashboardTables(report: WorkspaceReport): Table[] {
  return [groupTable(report, "feature"), groupTable(report, "model"), groupTable(report, "file"), groupTable(report, "rule"), callsTable(report), findingsTable(report)];
}
