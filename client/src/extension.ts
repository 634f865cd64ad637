import * as path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { FileCostChangedNotification, FileCostRequest, SHOW_CALL_COMMAND, WorkspaceReportRequest, type FileCost, type InitializationOptions, type WorkspaceReport } from "../../server/src/protocol.ts";
import { showCall } from "./call-lens-command.ts";
import { COMMANDS } from "./command-ids.ts";
import { registerDashboard } from "./dashboard/register.ts";
import { configurationMiddleware } from "./settings-middleware.ts";
import { CostStatusBar, showStatusMenu } from "./status-bar.ts";
import { PREFETCH_FOLDERS_VARIABLE } from "../../server/src/text-prefetch-protocol.ts";

/**
 * VS Code language ids of the files promptcost reads: `typescript` covers .ts, .mts and .cts; `javascript`
 * covers .js, .mjs and .cjs; the React variants .tsx and .jsx. Saved files and untitled buffers alike.
 */
export const DOCUMENT_LANGUAGES = ["typescript", "typescriptreact", "javascript", "javascriptreact"] as const;

export const DOCUMENT_SELECTOR = DOCUMENT_LANGUAGES.flatMap((language) => [
  { scheme: "file", language },
  { scheme: "untitled", language },
]);

/**
 * Prompt files open in the editor (.md, .txt): synced to the server so the code that reads them is costed
 * with their unsaved text. They get no diagnostics or lenses of their own.
 */
export const PROMPT_DOCUMENT_SELECTOR = [
  { scheme: "file", language: "markdown" },
  { scheme: "file", language: "plaintext" },
];

let client: LanguageClient | undefined;

/** Starts the bundled language server over IPC; everything the user sees comes from the server. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Prompt Cost", { log: true });
  const serverModule = context.asAbsolutePath(path.join("dist", "server.cjs"));
  // The workspace folders, so the server reads their files on a second thread while it starts (server/src/lsp/text-prefetch.ts).
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === "file").map((folder) => folder.uri.fsPath);
  const env = folders.length > 0 ? { ...process.env, [PREFETCH_FOLDERS_VARIABLE]: JSON.stringify(folders) } : undefined;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ["--nolazy", "--inspect=6011"] } },
  };
  // Analyses of open documents are kept in the workspace's storage, so a file opened in a later session shows its lenses at once.
  const storagePath = (context.storageUri ?? context.globalStorageUri).fsPath;
  const initializationOptions: InitializationOptions = { fileCostNotifications: true, callLensCommand: true, storagePath };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...DOCUMENT_SELECTOR, ...PROMPT_DOCUMENT_SELECTOR],
    outputChannel: output,
    initializationOptions,
    middleware: { workspace: { configuration: configurationMiddleware } },
  };
  const languageClient = new LanguageClient("promptcost", "Prompt Cost", serverOptions, clientOptions);
  client = languageClient;

  const isSupported = (document: vscode.TextDocument): boolean => vscode.languages.match(DOCUMENT_SELECTOR, document) > 0;
  const dashboard = registerDashboard(context, (token) => languageClient.sendRequest<WorkspaceReport | null>(WorkspaceReportRequest.method, {}, token));
  // One workspace report for the dashboard, the tree and the status bar: the status bar asks through the same source.
  const statusBar = new CostStatusBar(
    isSupported,
    (uri) => languageClient.sendRequest<FileCost | null>(FileCostRequest.method, { uri }),
    async () => {
      await dashboard.source.refresh();
      return dashboard.source.report ?? null;
    },
  );

  context.subscriptions.push(
    output,
    statusBar,
    dashboard.source.onDidChange((report) => statusBar.setWorkspace(report)),
    languageClient.onNotification(FileCostChangedNotification.method, (cost: FileCost) => {
      // A new version with the same figures only tells the status bar they are current.
      if (statusBar.setCost(cost)) dashboard.analysisChanged();
    }),
    vscode.commands.registerCommand(SHOW_CALL_COMMAND, showCall),
    vscode.commands.registerCommand(COMMANDS.restartServer.id, async () => {
      statusBar.clear();
      await languageClient.restart();
      await statusBar.update();
      void statusBar.updateWorkspace();
    }),
    vscode.commands.registerCommand(COMMANDS.toggleCodeLens.id, () => toggleCodeLens()),
    vscode.commands.registerCommand(COMMANDS.showOutput.id, () => output.show()),
    vscode.commands.registerCommand(COMMANDS.statusMenu.id, showStatusMenu),
    // Trust granted: the server may now read promptcost.config.json; have it pull settings again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void languageClient.sendNotification("workspace/didChangeConfiguration", { settings: null })),
  );

  await languageClient.start();
  await statusBar.update();
  void statusBar.updateWorkspace();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Flips promptcost.codeLens.enable where it is set (workspace or user); the server refreshes the lenses. */
async function toggleCodeLens(): Promise<void> {
  const config = vscode.workspace.getConfiguration("promptcost");
  const inspected = config.inspect<boolean>("codeLens.enable");
  const enabled = config.get<boolean>("codeLens.enable", true);
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update("codeLens.enable", !enabled, target);
}
