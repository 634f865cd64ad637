import * as vscode from "vscode";
import type { CallLensArguments } from "../../server/src/protocol.ts";
import { parseRequestsPerDay, requestsPerDayEdit } from "./call-annotation.ts";
import { COMMANDS } from "./command-ids.ts";

interface CallAction extends vscode.QuickPickItem {
  run?: () => Thenable<unknown>;
}

/**
 * What a click on a call's lens shows: the hover's breakdown line by line, and the actions on that call
 * (set its requests/day, open the report).
 */
export async function showCall(call: CallLensArguments): Promise<void> {
  const actions: CallAction[] = [
    {
      label: "$(edit) Set requests/day for this call…",
      description: `now ${call.requestsPerDay.toLocaleString("en-US")}/day`,
      detail: "Writes a // promptcost: requestsPerDay=N comment above the call",
      run: () => setRequestsPerDay(call),
    },
    { label: "$(graph) Open the cost dashboard", run: () => vscode.commands.executeCommand(COMMANDS.showReport.id) },
    { label: "Breakdown", kind: vscode.QuickPickItemKind.Separator },
    ...breakdownLines(call.breakdown).map((line) => ({ label: line })),
  ];
  const picked = await vscode.window.showQuickPick(actions, { title: call.title, placeHolder: "Prompt Cost: this call", matchOnDescription: true });
  await picked?.run?.();
}

async function setRequestsPerDay(call: CallLensArguments): Promise<void> {
  const input = await vscode.window.showInputBox({
    title: "Requests per day for this call",
    prompt: "Written above the call as // promptcost: requestsPerDay=N; the monthly figures follow it",
    value: String(call.requestsPerDay),
    validateInput: (value) => {
      const parsed = parseRequestsPerDay(value);
      return typeof parsed === "string" ? parsed : undefined;
    },
  });
  if (input === undefined) return;
  const value = parseRequestsPerDay(input);
  if (typeof value === "string") return;
  const uri = vscode.Uri.parse(call.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const lines = Array.from({ length: document.lineCount }, (_, line) => document.lineAt(line).text);
  const edit = requestsPerDayEdit(lines, call.line, value, document.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n");
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.replace(uri, new vscode.Range(edit.line, edit.start, edit.line, edit.end), edit.text);
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) void vscode.window.showWarningMessage("Prompt Cost: the file changed; click the lens again.");
}

/** The Markdown breakdown as plain lines: a quick pick shows no Markdown. */
export function breakdownLines(markdown: string): string[] {
  return markdown
    .split(/\r?\n/)
    .map((line) => line.replace(/\*\*|`/g, "").replace(/^-\s+/, "  ").replace(/\\([\\`*_{}[\]()#+\-.!|])/g, "$1").trimEnd())
    .filter((line) => line.trim() !== "" && !/^-{3,}$/.test(line.trim()));
}
