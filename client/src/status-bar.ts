import * as vscode from "vscode";
import { formatUsd } from "../../server/src/core/format.ts";
import type { FileCost } from "../../server/src/protocol.ts";
import { COMMANDS } from "./command-ids.ts";
import { liveWorkspaceTotals, type WorkspaceFigures, type WorkspaceTotals } from "./live-workspace-totals.ts";

/**
 * The active file's monthly total and the workspace's. The server sends a file's cost after each analysis;
 * a file that has not been analysed since it became active is asked for once. The workspace report is
 * asked for at start and after each save (a whole-workspace analysis is not redone on every keystroke);
 * between two reports, the workspace figure takes each open file's latest figure in place of its report's.
 */
export class CostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("promptcost.cost", vscode.StatusBarAlignment.Right, 100);
  private readonly costs = new Map<string, FileCost>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private workspace: WorkspaceFigures | undefined;
  private workspaceRequest: vscode.CancellationTokenSource | undefined;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly isSupported: (document: vscode.TextDocument) => boolean,
    private readonly requestCost: (uri: string) => Promise<FileCost | null>,
    private readonly requestWorkspace: (token: vscode.CancellationToken) => Promise<WorkspaceFigures | null>,
  ) {
    this.item.name = "Prompt Cost";
    this.item.command = COMMANDS.statusMenu.id;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.workspace.onDidCloseTextDocument((document) => this.costs.delete(document.uri.toString())),
      vscode.workspace.onDidSaveTextDocument(() => {
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => void this.updateWorkspace(), 500);
      }),
    );
  }

  /** A file's figures from the server. */
  setCost(cost: FileCost): void {
    this.costs.set(cost.uri, cost);
    this.render();
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
    if (document && this.isSupported(document) && !this.costs.has(document.uri.toString())) {
      try {
        const cost = await this.requestCost(document.uri.toString());
        if (cost) this.costs.set(cost.uri, cost);
      } catch {
        // The server is restarting: the file's figure comes with its next analysis.
      }
    }
    this.render();
  }

  private activeCost(): FileCost | undefined {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.isSupported(document)) return undefined;
    const cost = this.costs.get(document.uri.toString());
    return cost && cost.calls > 0 ? cost : undefined;
  }

  private render(): void {
    const file = this.activeCost();
    const totals = this.workspace && liveWorkspaceTotals(this.workspace, this.costs.values());
    const workspace = totals && totals.calls > 0 ? totals : undefined;
    if (!file && !workspace) {
      this.item.hide();
      return;
    }
    this.item.text = `$(graph) ${statusText(file, workspace)}`;
    this.item.tooltip = new vscode.MarkdownString(statusTooltip(file, workspace));
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.saveTimer);
    this.workspaceRequest?.cancel();
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** `$111/mo`, `$111/mo +1 unpriced`, `cost unknown (2 unpriced)`: never $0 for calls that have no price. */
export function costText(cost: { monthlyUsd: number | null; unpricedCalls: number }): string {
  if (cost.monthlyUsd === null) return `cost unknown (${cost.unpricedCalls} unpriced)`;
  return `${formatUsd(cost.monthlyUsd)}/mo${cost.unpricedCalls > 0 ? ` +${cost.unpricedCalls} unpriced` : ""}`;
}

/** `File $111/mo · Workspace $4,210/mo +3 unpriced`; one side alone when the other is not known. */
export function statusText(file: FileCost | undefined, workspace: WorkspaceTotals | undefined): string {
  const parts: string[] = [];
  if (file) parts.push(`File ${costText(file)}`);
  if (workspace) parts.push(`Workspace ${costText(workspace)}`);
  return parts.join(" · ");
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

export function statusTooltip(file: FileCost | undefined, workspace: WorkspaceTotals | undefined): string {
  const lines = ["**Prompt Cost**"];
  if (file) {
    lines.push(
      file.monthlyUsd === null
        ? `This file: ${plural(file.calls, "LLM call")}, none with a price, so its monthly cost is unknown.`
        : `This file: **${formatUsd(file.monthlyUsd)} per month** from ${plural(file.calls, "LLM call")} at the assumed traffic.`,
    );
    if (file.countedAtCallSites) lines.push(`${plural(file.countedAtCallSites, "call")} inside wrappers ${file.countedAtCallSites === 1 ? "is" : "are"} counted where the wrapper is called.`);
  }
  if (workspace) {
    lines.push(
      workspace.monthlyUsd === null
        ? `Workspace: ${plural(workspace.calls, "LLM call")}, none with a price (open files as you type, the others as of the last save).`
        : `Workspace: **${formatUsd(workspace.monthlyUsd)} per month** from ${plural(workspace.calls, "LLM call")} (open files as you type, the others as of the last save).`,
    );
  }
  const unpriced = (file?.unpricedCalls ?? 0) > 0 || (workspace?.unpricedCalls ?? 0) > 0;
  if (unpriced) {
    lines.push(
      "**+N unpriced**: calls whose model is not in the price table or not known statically. They are not in the figure, which is a lower bound, never a silent $0. Hover such a call for the reason; price its model with `promptcost.pricing.overrides` or `pricing.aliases`, or say which model runs with `// promptcost: model=ID`.",
    );
  }
  lines.push("Click for the menu: dashboard, lenses, settings, output.");
  return lines.join("\n\n");
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
