import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { ReportAssumption } from "../../../server/src/protocol.ts";
import { callsCsv, dashboardMarkdown } from "./export.ts";
import type { FromPage, ToPage } from "./messages.ts";
import { DASHBOARD_CSS } from "./render.ts";
import type { ReportSource } from "./report-source.ts";
import type { SortState } from "./table-sort.ts";

/**
 * The cost dashboard: one webview beside the editor, drawn by dist/dashboard.js from the workspace report,
 * redrawn when a new report arrives. Its context is kept while hidden, and the sort is also in the page's
 * state, so neither a tab switch nor a reload loses it.
 */
export class DashboardPanel implements vscode.Disposable {
  static readonly viewType = "promptcost.dashboard";
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: ReportSource,
  ) {
    this.disposables.push(
      source.addViewer(() => this.panel?.visible === true),
      source.onDidChange((report) => this.post({ type: "report", report })),
      source.onDidFail((message) => this.post({ type: "status", text: `The report could not be made: ${message}` })),
    );
  }

  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      this.panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, "Prompt Cost Dashboard", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, "dist")],
      });
      this.panel.webview.html = this.shell(this.panel.webview);
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible) void this.source.ensureFresh();
      });
      this.panel.webview.onDidReceiveMessage((message: FromPage) => void this.received(message));
    }
    await this.source.refresh();
  }

  private async received(message: FromPage): Promise<void> {
    if (message.type === "ready") {
      if (this.source.report) this.post({ type: "report", report: this.source.report });
    } else if (message.type === "refresh") {
      this.post({ type: "status", text: "Analysing the workspace…" });
      await this.source.refresh();
    } else if (message.type === "open") {
      await this.openAt(vscode.Uri.parse(message.uri), message.line, message.column);
    } else if (message.type === "export") {
      await this.export(message.format, message.sorts);
    } else if (message.type === "changeAssumption") {
      await this.changeAssumption(message.key);
    }
  }

  private post(message: ToPage): void {
    void this.panel?.webview.postMessage(message);
  }

  /** Opens a location in the editor group that is not the dashboard's. */
  private async openAt(uri: vscode.Uri, line: number, column: number): Promise<void> {
    const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    const viewColumn = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn });
  }

  private async export(format: "csv" | "markdown", sorts: Record<string, SortState>): Promise<void> {
    const report = this.source.report;
    if (!report) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = format === "csv" ? "promptcost-calls.csv" : "promptcost-dashboard.md";
    const target = await vscode.window.showSaveDialog({
      title: format === "csv" ? "Export the calls as CSV" : "Export the dashboard as Markdown",
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: format === "csv" ? { CSV: ["csv"] } : { Markdown: ["md"] },
    });
    if (!target) return;
    const text = format === "csv" ? callsCsv(report) : dashboardMarkdown(report, sorts);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Prompt Cost: exported to ${vscode.workspace.asRelativePath(target)}`);
  }

  /** Opens the place that sets an assumption: its line in promptcost.config.json, or the editor setting. */
  private async changeAssumption(key: ReportAssumption["key"]): Promise<void> {
    const assumptions = this.source.report?.assumptions;
    const assumption = assumptions?.values.find((candidate) => candidate.key === key);
    if (assumption?.source === "setting") {
      await vscode.commands.executeCommand("workbench.action.openSettings", `promptcost.${key}`);
      return;
    }
    if (assumptions?.configUri) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(assumptions.configUri));
      const text = document.getText();
      const at = [`"${key}"`, `"defaults"`].map((needle) => text.indexOf(needle)).find((offset) => offset >= 0) ?? 0;
      const position = document.positionAt(at);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
      return;
    }
    // No config file yet: an unsaved one in the first folder, with the key and its current value to edit.
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!folder) return;
    const untitled = vscode.Uri.joinPath(folder, "promptcost.config.json").with({ scheme: "untitled" });
    const document = await vscode.workspace.openTextDocument(untitled);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
    if (document.getText().trim() === "") {
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), `{\n  "defaults": { "${key}": ${assumption?.value ?? 0} }\n}\n`));
    }
  }

  private shell(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString("base64");
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "dist", "dashboard.js"));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${webview.cspSource} data:;">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prompt Cost Dashboard</title>
<style nonce="${nonce}">${DASHBOARD_CSS}</style>
</head>
<body>
<div id="status" role="status">Analysing the workspace…</div>
<main id="dashboard"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
