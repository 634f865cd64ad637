/// <reference lib="dom" />
// Runs inside the dashboard webview (bundled to dist/dashboard.js): draws the report the extension sends,
// keeps the user's sort across refreshes and across hide/show (webview state), and sends clicks back.
import type { FromPage, ToPage } from "../messages.ts";
import { renderDashboard } from "../render.ts";
import { nextSort, type SortState } from "../table-sort.ts";
import type { WorkspaceReport } from "../../../../server/src/protocol.ts";

interface PageState {
  sorts: Record<string, SortState>;
}

declare function acquireVsCodeApi(): { postMessage(message: FromPage): void; getState(): PageState | undefined; setState(state: PageState): void };

const vscode = acquireVsCodeApi();
const state: PageState = { sorts: vscode.getState()?.sorts ?? {} };
let report: WorkspaceReport | undefined;
/** The page as last drawn: a report that draws the same is not drawn again, so a click in progress is not lost. */
let drawn = "";

const root = document.getElementById("dashboard")!;
const status = document.getElementById("status")!;

function draw(): void {
  if (!report) return;
  const html = renderDashboard(report, state.sorts);
  // Replacing the rows between a press and its release would send the click to the page, not the row.
  if (html === drawn) return;
  root.innerHTML = html;
  drawn = html;
}

window.addEventListener("message", (event: MessageEvent<ToPage>) => {
  const message = event.data;
  if (message.type === "report") {
    report = message.report;
    status.textContent = `Updated ${new Date(report.generated).toLocaleTimeString()}`;
    draw();
  } else if (message.type === "status") {
    status.textContent = message.text;
  }
});

root.addEventListener("click", (event) => {
  const target = event.target as Element;
  if (sortBy(target)) return;
  const button = target.closest("button");
  if (button instanceof HTMLElement) {
    const action = button.dataset.action;
    if (action === "refresh") vscode.postMessage({ type: "refresh" });
    else if (action === "export-csv" || action === "export-markdown") vscode.postMessage({ type: "export", format: action === "export-csv" ? "csv" : "markdown", sorts: state.sorts });
    else if (action === "change-assumption" && button.dataset.key) vscode.postMessage({ type: "changeAssumption", key: button.dataset.key as never });
    return;
  }
  openRow(target);
});

root.addEventListener("keydown", (event) => {
  if (event.key !== "Enter") return;
  const target = event.target as Element;
  if (!sortBy(target)) openRow(target);
});

/** Sorts by the column whose header is `target` (a click or Enter on it); false when it is no header. */
function sortBy(target: Element): boolean {
  const header = target.closest("th");
  if (!(header instanceof HTMLElement) || !header.dataset.table) return false;
  const table = header.dataset.table;
  const column = header.dataset.column;
  const current = state.sorts[table] ?? currentSortOf(header);
  state.sorts = { ...state.sorts, [table]: nextSort(current, Number(column), header.dataset.numeric === "true") };
  vscode.setState(state);
  draw();
  // The table was drawn anew: keep the keyboard on the same header.
  root.querySelector<HTMLElement>(`th[data-table="${table}"][data-column="${column}"]`)?.focus();
  return true;
}

function openRow(target: Element): void {
  const row = target.closest("tr");
  if (row instanceof HTMLElement && row.dataset.uri) vscode.postMessage({ type: "open", uri: row.dataset.uri, line: Number(row.dataset.line), column: Number(row.dataset.col) });
}

/** The sort a table shows before the user chose one (its default, drawn as aria-sort). */
function currentSortOf(header: HTMLElement): SortState | undefined {
  const sorted = header.closest("tr")?.querySelector("th[aria-sort]");
  if (!(sorted instanceof HTMLElement)) return undefined;
  return { column: Number(sorted.dataset.column), descending: sorted.getAttribute("aria-sort") === "descending" };
}

vscode.postMessage({ type: "ready" });
