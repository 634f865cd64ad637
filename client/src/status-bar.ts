import * as vscode from "vscode";
import { formatUsd } from "../../server/src/core/format.ts";
import type { FileCost } from "../../server/src/protocol.ts";
import { COMMANDS } from "./command-ids.ts";

/**
 * The active file's monthly total. The server sends a file's cost after each analysis; a file that has not
 * been analysed since it became active is asked for once.
 */
export class CostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("promptcost.fileCost", vscode.StatusBarAlignment.Right, 100);
  private readonly costs = new Map<string, FileCost>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly isSupported: (document: vscode.TextDocument) => boolean,
    private readonly requestCost: (uri: string) => Promise<FileCost | null>,
  ) {
    this.item.name = "Prompt Cost: this file";
    this.item.command = COMMANDS.showReport.id;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.workspace.onDidCloseTextDocument((document) => this.costs.delete(document.uri.toString())),
    );
  }

  /** A file's figures from the server. */
  setCost(cost: FileCost): void {
    this.costs.set(cost.uri, cost);
    if (vscode.window.activeTextEditor?.document.uri.toString() === cost.uri) this.render(cost);
  }

  clear(): void {
    this.costs.clear();
    this.item.hide();
  }

  async update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.isSupported(document)) {
      this.item.hide();
      return;
    }
    const uri = document.uri.toString();
    const known = this.costs.get(uri);
    if (known) {
      this.render(known);
      return;
    }
    try {
      const cost = await this.requestCost(uri);
      if (cost) this.setCost(cost);
      else this.item.hide();
    } catch {
      this.item.hide();
    }
  }

  private render(cost: FileCost): void {
    if (cost.calls === 0) {
      this.item.hide();
      return;
    }
    const unpriced = cost.unpricedCalls > 0 ? ` +${cost.unpricedCalls}?` : "";
    this.item.text = `$(graph) ${formatUsd(cost.monthlyUsd)}/mo${unpriced}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Prompt Cost** — ${cost.calls} LLM call${cost.calls === 1 ? "" : "s"} in this file: **${formatUsd(cost.monthlyUsd)} per month** at the assumed traffic.`);
    if (cost.unpricedCalls > 0) tooltip.appendMarkdown(`\n\n${cost.unpricedCalls} call${cost.unpricedCalls === 1 ? " has" : "s have"} no price and ${cost.unpricedCalls === 1 ? "is" : "are"} not counted.`);
    tooltip.appendMarkdown("\n\nClick for the workspace cost report.");
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
