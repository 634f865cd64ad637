// The workspace cost report as a page: totals, then calls and files in tables sortable by any column.
// Pure (no vscode import) so it can be checked without an editor.
import { formatOutput, formatTokens, formatUsd } from "../../server/src/core/format.ts";
import type { ReportCall, WorkspaceReport } from "../../server/src/protocol.ts";

interface Cell {
  /** What is shown. */
  text: string;
  /** What the column sorts by; numbers sort numerically, unknown costs last. */
  sort: string | number | null;
}

interface Row {
  cells: Cell[];
  /** Where a click on the row goes. */
  target: { uri: string; line: number; column: number };
}

interface Table {
  id: string;
  caption: string;
  columns: { title: string; numeric: boolean }[];
  rows: Row[];
}

export function reportHtml(report: WorkspaceReport, options: { nonce: string; cspSource: string }): string {
  const tables: Table[] = [callsTable(report), filesTable(report)];
  const { totals } = report;
  const unpriced = totals.unpricedCalls > 0 ? ` (${totals.unpricedCalls} without a price, not counted)` : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${options.cspSource} 'nonce-${options.nonce}'; script-src 'nonce-${options.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prompt Cost: workspace report</title>
<style nonce="${options.nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1.5em 2em; }
  .totals { display: flex; gap: 2.5em; flex-wrap: wrap; margin: 1em 0 1.5em; }
  .totals div { display: flex; flex-direction: column; }
  .totals strong { font-size: 1.6em; }
  .muted { color: var(--vscode-descriptionForeground); }
  table { border-collapse: collapse; width: 100%; margin-bottom: 2em; }
  caption { text-align: left; font-weight: bold; font-size: 1.15em; padding: 0.4em 0; }
  th, td { padding: 0.3em 0.7em; border-bottom: 1px solid var(--vscode-panel-border, #8884); text-align: left; white-space: nowrap; }
  th { cursor: pointer; user-select: none; position: sticky; top: 0; background: var(--vscode-editor-background); }
  th[aria-sort="ascending"]::after { content: " ▲"; }
  th[aria-sort="descending"]::after { content: " ▼"; }
  td.numeric, th.numeric { text-align: right; font-variant-numeric: tabular-nums; }
  tbody tr { cursor: pointer; }
  tbody tr:hover { background: var(--vscode-list-hoverBackground); }
  button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 0.35em 0.9em; cursor: pointer; }
</style>
</head>
<body>
<h1>Prompt Cost</h1>
<div class="totals">
  <div><span class="muted">Per month</span><strong>${escapeHtml(formatUsd(totals.monthlyUsd))}</strong><span class="muted">${escapeHtml(unpriced)}</span></div>
  <div><span class="muted">Calls</span><strong>${totals.calls}</strong></div>
  <div><span class="muted">Files with calls</span><strong>${totals.filesWithCalls}</strong><span class="muted">of ${totals.files} analysed</span></div>
  <div><span class="muted">Findings</span><strong>${totals.findings}</strong></div>
</div>
<p class="muted">Prices checked ${escapeHtml(report.pricing.checked || "—")}. Generated ${escapeHtml(report.generated.replace("T", " ").slice(0, 19))} UTC. <button id="refresh">Refresh</button></p>
${tables.map(tableHtml).join("\n")}
<script nonce="${options.nonce}">
${CLIENT_SCRIPT}
</script>
</body>
</html>`;
}

function callsTable(report: WorkspaceReport): Table {
  return {
    id: "calls",
    caption: `Calls (${report.calls.length})`,
    columns: [
      { title: "Call", numeric: false },
      { title: "Model", numeric: false },
      { title: "Provider", numeric: false },
      { title: "Input tokens", numeric: true },
      { title: "Output", numeric: true },
      { title: "Requests/day", numeric: true },
      { title: "$/request", numeric: true },
      { title: "$/month", numeric: true },
    ],
    rows: report.calls.map((call) => ({
      target: { uri: call.uri, line: call.line, column: call.column },
      cells: [
        { text: `${call.file}:${call.line}`, sort: `${call.file}:${String(call.line).padStart(7, "0")}` },
        { text: call.model ?? "unknown", sort: call.model ?? "" },
        { text: `${call.provider} ${call.api}`, sort: call.provider },
        { text: formatTokens(call.inputTokens), sort: call.inputTokens },
        outputCell(call),
        { text: formatTokens(call.requestsPerDay * call.multiplier), sort: call.requestsPerDay * call.multiplier },
        { text: formatUsd(call.perRequestUsd), sort: call.perRequestUsd },
        call.countedAtCallSites
          ? { text: "at its call sites", sort: null }
          : call.rejected
            ? { text: "rejected (over the context window)", sort: null }
            : { text: formatUsd(call.monthlyUsd), sort: call.monthlyUsd },
      ],
    })),
  };
}

/** Embeddings and token counts produce no output tokens: nothing to cap, nothing assumed. */
function outputCell(call: ReportCall): { text: string; sort: number | null } {
  if (call.kind === "embedding" || call.kind === "count") return { text: "none", sort: null };
  return { text: formatOutput(call.kind, call.outputTokens.cap, call.outputTokens.assumed), sort: call.outputTokens.assumed };
}

function filesTable(report: WorkspaceReport): Table {
  return {
    id: "files",
    caption: `Files (${report.files.length})`,
    columns: [
      { title: "File", numeric: false },
      { title: "Calls", numeric: true },
      { title: "Without price", numeric: true },
      { title: "Findings", numeric: true },
      { title: "$/month", numeric: true },
    ],
    rows: report.files.map((file) => ({
      target: { uri: file.uri, line: 1, column: 1 },
      cells: [
        { text: file.file, sort: file.file },
        { text: String(file.calls), sort: file.calls },
        { text: String(file.unpricedCalls), sort: file.unpricedCalls },
        { text: String(file.findings), sort: file.findings },
        { text: formatUsd(file.monthlyUsd), sort: file.monthlyUsd },
      ],
    })),
  };
}

function tableHtml(table: Table): string {
  const head = table.columns
    .map((column, index) => `<th class="${column.numeric ? "numeric" : ""}" data-column="${index}" data-numeric="${column.numeric}"${index === table.columns.length - 1 ? ' aria-sort="descending"' : ""}>${escapeHtml(column.title)}</th>`)
    .join("");
  const body = table.rows
    .map((row) => {
      const cells = row.cells
        .map((cell, index) => `<td class="${table.columns[index]?.numeric ? "numeric" : ""}" data-sort="${escapeHtml(cell.sort === null ? "" : String(cell.sort))}">${escapeHtml(cell.text)}</td>`)
        .join("");
      return `<tr data-uri="${escapeHtml(row.target.uri)}" data-line="${row.target.line}" data-column="${row.target.column}">${cells}</tr>`;
    })
    .join("\n");
  return `<table id="${table.id}"><caption>${escapeHtml(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Runs in the webview: sorting by header click, opening a row's location, refresh. */
const CLIENT_SCRIPT = `
const vscode = acquireVsCodeApi();
for (const table of document.querySelectorAll("table")) {
  table.querySelector("thead").addEventListener("click", (event) => {
    const th = event.target.closest("th");
    if (!th) return;
    const column = Number(th.dataset.column);
    const numeric = th.dataset.numeric === "true";
    // Numbers first sort dearest first; text A to Z first; a second click reverses.
    const current = th.getAttribute("aria-sort");
    const descending = numeric ? current !== "descending" : current === "ascending";
    for (const other of table.querySelectorAll("th")) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    const body = table.tBodies[0];
    const rows = [...body.rows];
    const key = (row) => row.cells[column].dataset.sort;
    rows.sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
      const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return descending ? -order : order;
    });
    body.append(...rows);
  });
  table.tBodies[0].addEventListener("click", (event) => {
    const row = event.target.closest("tr");
    if (row) vscode.postMessage({ type: "open", uri: row.dataset.uri, line: Number(row.dataset.line), column: Number(row.dataset.column) });
  });
}
document.getElementById("refresh").addEventListener("click", () => vscode.postMessage({ type: "refresh" }));
`;
