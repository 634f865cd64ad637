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
    this.item.text = `$(graph) ${statusText(cost)}`;
    this.item.tooltip = new vscode.MarkdownString(statusTooltip(cost));
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** `$111/mo`, `$111/mo +1 unpriced`, `cost unknown (2 unpriced)`: never $0 for calls that have no price. */
export function statusText(cost: FileCost): string {
  if (cost.monthlyUsd === null) return `cost unknown (${cost.unpricedCalls} unpriced)`;
  return `${formatUsd(cost.monthlyUsd)}/mo${cost.unpricedCalls > 0 ? ` +${cost.unpricedCalls} unpriced` : ""}`;
}

export function statusTooltip(cost: FileCost): string {
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;
  const lines = [`**Prompt Cost** — ${plural(cost.calls, "LLM call")} in this file`];
  lines.push(cost.monthlyUsd === null ? "No call here has a price, so the monthly cost is unknown." : `**${formatUsd(cost.monthlyUsd)} per month** at the assumed traffic.`);
  if (cost.unpricedCalls > 0 && cost.monthlyUsd !== null) {
    lines.push(`${plural(cost.unpricedCalls, "call")} without a price ${cost.unpricedCalls === 1 ? "is" : "are"} not in that figure: the model is not in the price table or not known statically.`);
  }
  if (cost.unpricedCalls > 0) lines.push("Hover an unpriced call for the reason; price a model with `promptcost.pricing.overrides` or `pricing.aliases`.");
  if (cost.countedAtCallSites) lines.push(`${plural(cost.countedAtCallSites, "call")} inside wrappers ${cost.countedAtCallSites === 1 ? "is" : "are"} counted where the wrapper is called.`);
  lines.push("Click for the workspace cost report.");
  return lines.join("\n\n");
}
