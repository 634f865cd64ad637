import * as vscode from "vscode";
import type { FileCost } from "../../server/src/protocol.ts";
import { COMMANDS } from "./command-ids.ts";
import { liveWorkspaceTotals, type WorkspaceFigures } from "./live-workspace-totals.ts";
import { fileFigureState, statusText, statusTooltip, UPDATING_AFTER_MS } from "./status-text.ts";

/**
 * The active file's monthly total and the workspace's. The server sends a file's cost after each analysis;
 * a file that has not been analysed since it became active is asked for once. The workspace report is
 * asked for at start and after each save (a whole-workspace analysis is not redone on every keystroke);
 * between two reports, the workspace figure takes each open file's latest figure in place of its report's.
 * A file figure that is not yet the analysis of the text in the editor says so (status-text.ts).
 */
export class CostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("promptcost.cost", vscode.StatusBarAlignment.Right, 100);
  private readonly costs = new Map<string, FileCost>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private workspace: WorkspaceFigures | undefined;
  private workspaceRequest: vscode.CancellationTokenSource | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  /** When each open document last changed (its figure is of an older version until its analysis comes). */
  private readonly changedAt = new Map<string, number>();
  /** Documents whose figure was asked for and has not come yet. */
  private readonly requested = new Set<string>();
  private updatingTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly isSupported: (document: vscode.TextDocument) => boolean,
    private readonly requestCost: (uri: string) => Promise<FileCost | null>,
    private readonly requestWorkspace: (token: vscode.CancellationToken) => Promise<WorkspaceFigures | null>,
  ) {
    this.item.name = "Prompt Cost";
    this.item.command = COMMANDS.statusMenu.id;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.costs.delete(document.uri.toString());
        this.changedAt.delete(document.uri.toString());
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || !this.isSupported(event.document)) return;
        this.changedAt.set(event.document.uri.toString(), Date.now());
        // Said to be updating only if its analysis has not come by then.
        clearTimeout(this.updatingTimer);
        this.updatingTimer = setTimeout(() => this.render(), UPDATING_AFTER_MS);
      }),
      vscode.workspace.onDidSaveTextDocument(() => {
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => void this.updateWorkspace(), 500);
      }),
    );
  }

  /** A file's figures from the server; whether they differ from the figures it had (its version aside). */
  setCost(cost: FileCost): boolean {
    const previous = this.costs.get(cost.uri);
    this.costs.set(cost.uri, cost);
    this.render();
    return !previous || JSON.stringify({ ...previous, version: 0 }) !== JSON.stringify({ ...cost, version: 0 });
  }

  clear(): void {
    this.costs.clear();
    this.workspace = undefined;
    this.item.hide();
  }

  /** The workspace's figures, from whichever request brought the latest report. */
  setWorkspace(report: WorkspaceFigures): void {
    this.workspace = report;
    this.render();
  }

  /** Asks the server for the workspace totals again; an older request still running is cancelled. */
  async updateWorkspace(): Promise<void> {
    this.workspaceRequest?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.workspaceRequest = source;
    try {
      const report = await this.requestWorkspace(source.token);
      if (source.token.isCancellationRequested || !report) return;
      this.setWorkspace(report);
    } catch {
      // Cancelled or the server restarting: the next save asks again.
    } finally {
      if (this.workspaceRequest === source) this.workspaceRequest = undefined;
      source.dispose();
    }
  }

  async update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const uri = document?.uri.toString();
    if (document && uri && this.isSupported(document) && !this.costs.has(uri)) {
      this.requested.add(uri);
      this.render();
      try {
        const cost = await this.requestCost(uri);
        if (cost) this.costs.set(cost.uri, cost);
      } catch {
        // The server is restarting: the file's figure comes with its next analysis.
      } finally {
        this.requested.delete(uri);
      }
    }
    this.render();
  }

  /** The active file's figure (none for a file without calls) and whether it is the analysis of the text in the editor. */
  private activeFile(): { cost: FileCost | undefined; state: ReturnType<typeof fileFigureState> } {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.isSupported(document)) return { cost: undefined, state: undefined };
    const uri = document.uri.toString();
    const cost = this.costs.get(uri);
    const state = fileFigureState(cost, { version: document.version, msSinceChange: Date.now() - (this.changedAt.get(uri) ?? 0) }, this.requested.has(uri));
    if (cost && cost.calls === 0) return { cost: undefined, state: undefined };
    return { cost, state };
  }

  private render(): void {
    const { cost: file, state } = this.activeFile();
    const totals = this.workspace && liveWorkspaceTotals(this.workspace, this.costs.values());
    const workspace = totals && totals.calls > 0 ? totals : undefined;
    if (!file && !workspace && state !== "analysing") {
      this.item.hide();
      return;
    }
    this.item.text = `$(graph) ${statusText(file, workspace, state)}`;
    this.item.tooltip = new vscode.MarkdownString(statusTooltip(file, workspace, state));
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.saveTimer);
    clearTimeout(this.updatingTimer);
    this.workspaceRequest?.cancel();
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

interface MenuItem extends vscode.QuickPickItem {
  run: () => Thenable<unknown>;
}

/** The status bar's menu: the everyday commands in one place. */
export async function showStatusMenu(): Promise<void> {
  const lensesOn = vscode.workspace.getConfiguration("promptcost").get<boolean>("codeLens.enable", true);
  const items: MenuItem[] = [
    { label: "$(graph) Open the cost dashboard", run: () => vscode.commands.executeCommand(COMMANDS.showReport.id) },
    { label: lensesOn ? "$(eye-closed) Hide code lenses" : "$(eye) Show code lenses", run: () => vscode.commands.executeCommand(COMMANDS.toggleCodeLens.id) },
    { label: "$(settings-gear) Settings", run: () => vscode.commands.executeCommand("workbench.action.openSettings", "@ext:promptcost.promptcost") },
    { label: "$(output) Show output", run: () => vscode.commands.executeCommand(COMMANDS.showOutput.id) },
    { label: "$(book) Getting started", run: () => vscode.commands.executeCommand("workbench.action.openWalkthrough", WALKTHROUGH_ID, false) },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: "Prompt Cost", placeHolder: "Prompt Cost" });
  await picked?.run();
}

/** `publisher.name#walkthrough id`, as workbench.action.openWalkthrough takes it. */
export const WALKTHROUGH_ID = "promptcost.promptcost#promptcost.gettingStarted";
