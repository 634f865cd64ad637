// The dashboard page's content as HTML: headline, assumptions, bar charts of $/month by feature, model, file
// and rule, the calls and the findings. Pure (no DOM, no vscode): the webview script calls it with the report
// and the sort the user chose, and the tests read what it draws.
import { formatUsd } from "../../../server/src/core/format.ts";
import type { WorkspaceReport } from "../../../server/src/protocol.ts";
import { headlineOf } from "./aggregate.ts";
import { assumptionPlace, describeAssumption } from "./assumptions.ts";
import { dashboardTables, type Table } from "./tables.ts";
import { sortRows, type SortState } from "./table-sort.ts";

export type Sorts = Readonly<Record<string, SortState>>;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function renderDashboard(report: WorkspaceReport, sorts: Sorts): string {
  const tables = dashboardTables(report);
  const charts = tables.filter((table) => table.barColumn !== undefined);
  const lists = tables.filter((table) => table.barColumn === undefined);
  return [
    headlineHtml(report),
    assumptionsHtml(report),
    `<div class="charts">${charts.map((table) => tableHtml(table, sorts[table.id] ?? table.defaultSort)).join("\n")}</div>`,
    ...lists.map((table) => tableHtml(table, sorts[table.id] ?? table.defaultSort)),
  ].join("\n");
}

function headlineHtml(report: WorkspaceReport): string {
  const headline = headlineOf(report);
  const apart = [
    headline.unpricedCalls > 0 ? `<span class="warn" data-apart="unpriced">${headline.unpricedCalls} unpriced, not in the total</span>` : "",
    headline.lowerBoundCalls > 0 ? `<span data-apart="lower-bound">${headline.lowerBoundCalls} priced as a lower bound</span>` : "",
    headline.atCallSites > 0 ? `<span data-apart="at-call-sites">${headline.atCallSites} inside wrappers, counted at their call sites</span>` : "",
    headline.rejected > 0 ? `<span data-apart="rejected">${headline.rejected} rejected (cannot succeed), not in the total</span>` : "",
  ].filter(Boolean);
  const total = headline.monthlyUsd === null ? "unpriced" : `${formatUsd(headline.monthlyUsd)}`;
  return `<header>
<div class="figure"><span class="muted">Per month</span><strong id="total">${escapeHtml(total)}</strong></div>
<div class="figure"><span class="muted">Calls counted</span><strong id="calls-counted">${headline.countedCalls}</strong></div>
<div class="figure"><span class="muted">Findings</span><strong id="findings-count">${headline.findings}</strong></div>
<div class="actions"><button data-action="refresh">Refresh</button><button data-action="export-csv">Export CSV</button><button data-action="export-markdown">Export Markdown</button></div>
</header>
${apart.length ? `<p class="apart">${apart.join(" · ")}</p>` : ""}`;
}

function assumptionsHtml(report: WorkspaceReport): string {
  const items = report.assumptions.values.map(
    (assumption) =>
      `<li data-assumption="${assumption.key}">${escapeHtml(describeAssumption(assumption))} <span class="muted">(${escapeHtml(assumptionPlace(assumption))})</span> <button class="link" data-action="change-assumption" data-key="${assumption.key}">Change</button></li>`,
  );
  const prices = `Prices checked ${report.pricing.checked || "unknown"}`;
  return `<section class="assumptions"><h2>Assumptions</h2><ul>${items.join("")}<li title="${escapeHtml(report.pricing.source)}">${escapeHtml(prices)}</li></ul></section>`;
}

/** A table sorted as asked; a chart table draws its $/month column as a bar (SVG: no inline style under the CSP). */
export function tableHtml(table: Table, sort: SortState): string {
  const max = Math.max(0, ...table.rows.map((row) => (table.barColumn === undefined ? 0 : Number(row.cells[table.barColumn]?.sort ?? 0))));
  const head = table.columns
    .map((column, index) => {
      const sorted = sort.column === index ? ` aria-sort="${sort.descending ? "descending" : "ascending"}"` : "";
      return `<th class="${column.numeric ? "numeric" : ""}" data-table="${table.id}" data-column="${index}" data-numeric="${column.numeric}" tabindex="0"${sorted}>${escapeHtml(column.title)}</th>`;
    })
    .join("");
  const rows = sortRows(table.rows, (row, column) => row.cells[column]?.sort ?? null, sort).map((row) => {
    const cells = row.cells.map((cell, index) => {
      const column = table.columns[index];
      const style = column?.numeric ? "numeric" : column?.wrap ? "wrap" : "";
      if (index !== table.barColumn) return `<td class="${style}">${escapeHtml(cell.text)}</td>`;
      const value = typeof cell.sort === "number" ? cell.sort : null;
      const bar = value !== null && max > 0 ? `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect width="${((value / max) * 100).toFixed(2)}" height="10"></rect></svg>` : `<svg class="bar" viewBox="0 0 100 10" aria-hidden="true"></svg>`;
      return `<td class="money">${bar}<span class="${value === null ? "unpriced" : ""}">${escapeHtml(cell.text)}</span></td>`;
    });
    const target = row.target ? ` data-uri="${escapeHtml(row.target.uri)}" data-line="${row.target.line}" data-col="${row.target.column}" tabindex="0"` : "";
    return `<tr${target}>${cells.join("")}</tr>`;
  });
  const empty = table.rows.length === 0 ? `<tr><td class="muted" colspan="${table.columns.length}">none</td></tr>` : "";
  const html = `<table id="${table.id}" class="${table.barColumn === undefined ? "list" : "chart"}"><caption>${escapeHtml(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows.join("")}${empty}</tbody></table>`;
  // Long lists scroll sideways in a narrow pane rather than squeezing every column.
  return table.barColumn === undefined ? `<div class="scroll">${html}</div>` : html;
}

/** The page's styles: the editor's theme colours only, so it follows light, dark and high-contrast themes. */
export const DASHBOARD_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 1.5em 2em; }
header { display: flex; gap: 2.5em; flex-wrap: wrap; align-items: flex-end; margin: 1em 0 0.5em; }
.figure { display: flex; flex-direction: column; }
.figure strong { font-size: 1.8em; font-weight: 600; }
.actions { margin-left: auto; display: flex; gap: 0.5em; }
.muted { color: var(--vscode-descriptionForeground); }
.warn, .unpriced { color: var(--vscode-editorWarning-foreground); }
.apart { margin: 0 0 1em; color: var(--vscode-descriptionForeground); }
h2 { font-size: 1.1em; margin: 1em 0 0.3em; }
.assumptions ul { margin: 0; padding-left: 1.2em; }
.assumptions li { margin: 0.15em 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(24em, 1fr)); gap: 0 2em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
caption { text-align: left; font-weight: 600; font-size: 1.1em; padding: 0.5em 0 0.3em; }
th, td { padding: 0.25em 0.6em; border-bottom: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); text-align: left; }
table.chart td:first-child { max-width: 16em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table.list td { vertical-align: top; white-space: nowrap; }
table.list td.wrap { white-space: normal; min-width: 20em; }
.scroll { overflow-x: auto; margin-bottom: 1.5em; }
.scroll table { margin-bottom: 0; }
th { cursor: pointer; user-select: none; white-space: nowrap; background: var(--vscode-editor-background); color: var(--vscode-foreground); }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
.numeric { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.money { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; }
td.money span { display: inline-block; min-width: 5.5em; }
svg.bar { width: 6em; height: 0.8em; margin-right: 0.6em; vertical-align: middle; background: var(--vscode-editorWidget-background, rgba(128, 128, 128, 0.12)); }
svg.bar rect { fill: var(--vscode-charts-blue, var(--vscode-button-background)); }
tbody tr[data-uri] { cursor: pointer; }
tbody tr[data-uri]:hover, tbody tr[data-uri]:focus { background: var(--vscode-list-hoverBackground); outline: none; }
button { font-family: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 0.35em 0.9em; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.link { color: var(--vscode-textLink-foreground); background: none; padding: 0 0.3em; }
button.link:hover { text-decoration: underline; }
#status { color: var(--vscode-descriptionForeground); min-height: 1.2em; }
`;
