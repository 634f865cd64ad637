import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { WorkspaceReport } from "../../server/src/protocol.ts";
import { reportHtml } from "./report-html.ts";

type FetchReport = (token: vscode.CancellationToken) => Promise<WorkspaceReport | null | undefined>;

/** The workspace cost report in a webview: one panel, brought forward and refreshed when asked again. */
export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly fetchReport: FetchReport) {}

  async show(): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel("promptcost.report", "Prompt Cost", vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((message: { type: string; uri?: string; line?: number; column?: number }) => {
        if (message.type === "refresh") void this.refresh();
        else if (message.type === "open" && message.uri) void openAt(message.uri, message.line ?? 1, message.column ?? 1);
      });
    } else {
      this.panel.reveal();
    }
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Prompt Cost: analysing the workspace", cancellable: true },
      (_progress, token) => this.fetchReport(token),
    );
    if (!report || !this.panel) return;
    this.panel.webview.html = reportHtml(report, { nonce: randomBytes(16).toString("base64"), cspSource: this.panel.webview.cspSource });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

async function openAt(uri: string, line: number, column: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
}
