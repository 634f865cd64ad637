import * as vscode from "vscode";
import { COMMANDS } from "../command-ids.ts";
import { CallsTree } from "./calls-tree.ts";
import { DashboardPanel } from "./dashboard-panel.ts";
import { ReportSource, type FetchReport } from "./report-source.ts";

/** Files whose change can change the report without an open document being analysed (saved elsewhere, generated). */
const SOURCE_GLOB = "**/*.{ts,tsx,js,jsx,mts,cts,mjs,cjs,md,txt}";

/**
 * The cost dashboard and the calls tree, sharing one workspace report. Returns the hook to call after each
 * analysis the server reports (both refresh, debounced, while shown) and the report's source, for others
 * that show its figures (the status bar) to ask through it instead of building a second report.
 */
export function registerDashboard(context: vscode.ExtensionContext, fetchReport: FetchReport): { analysisChanged(): void; source: ReportSource } {
  const source = new ReportSource(fetchReport);
  const dashboard = new DashboardPanel(context.extensionUri, source);
  const tree = new CallsTree(source, context.workspaceState);
  const watcher = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
  const changed = () => source.analysisChanged();
  context.subscriptions.push(
    source,
    dashboard,
    tree,
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidChange(changed),
    watcher.onDidDelete(changed),
    // Typing moves calls and findings even when no cost changes (and so no file cost is sent).
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && (event.document.uri.scheme === "file" || event.document.uri.scheme === "untitled")) changed();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("promptcost")) changed();
    }),
    vscode.commands.registerCommand(COMMANDS.showReport.id, () => dashboard.show()),
    vscode.commands.registerCommand(COMMANDS.groupCallsByFile.id, () => tree.groupBy("file")),
    vscode.commands.registerCommand(COMMANDS.groupCallsByFeature.id, () => tree.groupBy("feature")),
    vscode.commands.registerCommand(COMMANDS.refreshCalls.id, () => source.refresh()),
  );
  return { analysisChanged: changed, source };
}
