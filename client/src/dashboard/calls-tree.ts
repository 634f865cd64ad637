import * as vscode from "vscode";
import { formatUsd } from "../../../server/src/core/format.ts";
import type { ReportCall, WorkspaceReport } from "../../../server/src/protocol.ts";
import { headlineOf } from "./aggregate.ts";
import { callGroups, type CallGrouping, type CallGroup } from "./call-groups.ts";
import type { ReportSource } from "./report-source.ts";
import { callMoneyText, groupLabel, groupMoneyText } from "./tables.ts";

type Node = { group: CallGroup } | { call: ReportCall };

const GROUPING_KEY = "promptcost.callsGrouping";

/**
 * The side-bar tree of calls: grouped by file or by feature, the dearest group and call first, each call
 * revealing its source. Refreshed with each new workspace report while the view is visible.
 */
export class CallsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  static readonly viewId = "promptcost.calls";
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private grouping: CallGrouping;

  constructor(
    private readonly source: ReportSource,
    private readonly memento: vscode.Memento,
  ) {
    this.grouping = memento.get<CallGrouping>(GROUPING_KEY) === "feature" ? "feature" : "file";
    this.view = vscode.window.createTreeView(CallsTree.viewId, { treeDataProvider: this, showCollapseAll: true });
    void this.setContext();
    this.disposables.push(
      this.view,
      this.changed,
      source.addViewer(() => this.view.visible),
      source.onDidChange(() => this.redraw()),
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible) void source.ensureFresh();
      }),
    );
    if (this.view.visible) void source.ensureFresh();
  }

  async groupBy(grouping: CallGrouping): Promise<void> {
    this.grouping = grouping;
    await this.memento.update(GROUPING_KEY, grouping);
    await this.setContext();
    this.redraw();
  }

  private async setContext(): Promise<void> {
    await vscode.commands.executeCommand("setContext", GROUPING_KEY, this.grouping);
  }

  private redraw(): void {
    const report = this.source.report;
    this.view.message = report && report.calls.length === 0 ? "No LLM API calls found in the workspace." : undefined;
    this.view.description = report ? describeTotal(report) : undefined;
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    const report = this.source.report;
    if (!report) return [];
    if (!node) return callGroups(report, this.grouping).map((group) => ({ group }));
    return "group" in node ? node.group.calls.map((call) => ({ call })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ("group" in node) {
      const { group } = node;
      const item = new vscode.TreeItem(groupLabel(this.grouping, group.key), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${this.grouping}:${group.key ?? ""}`;
      const money = groupMoneyText({ ...group, calls: group.counted });
      item.description = `${money === "no call" ? "not in totals" : money.startsWith("$") || money.startsWith("≥") ? `${money}/mo` : money} · ${group.calls.length} ${group.calls.length === 1 ? "call" : "calls"}`;
      item.contextValue = "group";
      if (this.grouping === "file" && group.calls[0]) item.resourceUri = vscode.Uri.parse(group.calls[0].uri);
      item.iconPath = this.grouping === "file" ? vscode.ThemeIcon.File : new vscode.ThemeIcon("tag");
      return item;
    }
    const { call } = node;
    const item = new vscode.TreeItem(call.model ?? "model not known statically", vscode.TreeItemCollapsibleState.None);
    item.id = `${call.uri}:${call.line}:${call.column}`;
    const money = callMoneyText(call);
    const where = this.grouping === "file" ? `line ${call.line}` : `${call.file}:${call.line}`;
    item.description = `${money.startsWith("$") || money.startsWith("≥") ? `${money}/mo` : money} · ${where}`;
    item.tooltip = `${call.provider} ${call.api}${call.feature ? ` · feature ${call.feature}` : ""}\n${call.file}:${call.line}`;
    item.iconPath = new vscode.ThemeIcon(call.monthlyUsd === null ? "warning" : "symbol-method");
    const position = new vscode.Position(call.line - 1, call.column - 1);
    item.command = { command: "vscode.open", title: "Reveal the call", arguments: [vscode.Uri.parse(call.uri), { selection: new vscode.Range(position, position) }] };
    return item;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The view's title line: the workspace's $/month, with the unpriced calls counted apart. */
function describeTotal(report: WorkspaceReport): string {
  const { monthlyUsd, unpricedCalls } = headlineOf(report);
  const total = monthlyUsd === null ? "unpriced" : `${formatUsd(monthlyUsd)}/mo`;
  return unpricedCalls > 0 ? `${total} +${unpricedCalls} unpriced` : total;
}
