import * as path from "node:path";
import { performance } from "node:perf_hooks";
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CONFIG_FILE_NAME } from "../core/config/config-file.ts";
import { loadCompiler } from "../core/ts.ts";
import { FileCostChangedNotification, FileCostRequest, WorkspaceReportRequest, type FileCost, type InitializationOptions } from "../protocol.ts";
import { TOOL_VERSION } from "../version.ts";
import { CLI_CACHE_FILE } from "./cli-cache.ts";
import { codeActionsFor, OPEN_RULE_DOCS_COMMAND } from "./code-actions.ts";
import { resolveCodeLens, unresolvedCodeLenses, type CodeLensData } from "./code-lens.ts";
import { DiagnosticsDelivery } from "./diagnostics-delivery.ts";
import { CallSiteIndex, fileCostOf } from "./file-cost.ts";
import { ShownFindings } from "./shown-findings.ts";
import { DocumentAnalysisCache, type CancellationLike, type DocumentAnalysis } from "./document-analysis-cache.ts";
import { hoverAt } from "./hover.ts";
import { SettingsStore } from "./settings.ts";
import { folderPath } from "./uris.ts";
import { WorkspaceIndex } from "./workspace-index.ts";
import { WorkspaceDiagnostics } from "./workspace-diagnostics.ts";
import { buildWorkspaceReport, type ReportFolder } from "./workspace-report.ts";
import { TextPrefetch } from "./text-prefetch.ts";
import { usePrebuiltTables } from "../core/tokens/count-text.ts";
import type { PrefetchHandle } from "../text-prefetch-protocol.ts";

/** Saves and file changes this close together start one workspace-wide diagnostics run. */
const WORKSPACE_DIAGNOSTICS_DELAY_MS = 500;

/**
 * Workspace-wide work goes on only this long after a document was last opened, edited or analysed: while the
 * user types, each keystroke's analysis runs at once instead of after whichever workspace file is being
 * analysed, and the editor's requests for lenses after an analysis are answered before the work resumes.
 */
const WORKSPACE_WORK_AFTER_EDIT_MS = 1500;

/** Analyses finishing this close together (a document and its dependents) share one lens refresh. */
const LENS_REFRESH_AFTER_ANALYSIS_MS = 15;

/**
 * Files whose change can change an analysis: sources (imported constants), prompt files, module resolution
 * (package.json, tsconfig) and the repository config.
 */
const WATCHED_GLOB = "**/*.{ts,tsx,js,jsx,mts,cts,mjs,cjs,json,md,mdx,txt,prompt,yaml,yml,hbs,mustache,j2,jinja,xml,html}";

/**
 * Starts the language server on the transport named on the command line (--stdio, --node-ipc, --socket=N).
 * `prefetch`: the thread the server's entry started to read the workspace folders the client named (text-prefetch.ts).
 */
export function startLanguageServer(prefetch?: PrefetchHandle): void {
  // A document is parsed as soon as it opens: the compiler is loaded with the server, not during the first analysis.
  loadCompiler();
  const connection = createConnection(ProposedFeatures.all);
  new PromptcostServer(connection, prefetch).listen();
}

/** Wiring only: each feature lives in its own module and reads the shared per-document analysis cache. */
class PromptcostServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly index = new WorkspaceIndex([process.cwd()]);
  private readonly settings: SettingsStore;
  private readonly cache: DocumentAnalysisCache;
  private delivery!: DiagnosticsDelivery;
  private capabilities: ClientCapabilities = {};
  private options: InitializationOptions = {};
  private folders: ReportFolder[] = [];
  private readonly warned = new Set<string>();
  private readonly sentFileCosts = new Map<string, string>();
  private readonly callSites = new CallSiteIndex();
  private readonly shownFindings = new ShownFindings();
  private codeLensRefreshTimer: NodeJS.Timeout | undefined;
  private readonly workspaceDiagnostics: WorkspaceDiagnostics;
  private workspaceDiagnosticsTimer: NodeJS.Timeout | undefined;
  private workspaceDiagnosticsRun: { cancel(): void } | undefined;
  private readonly loggedConfigs = new Set<string>();
  /** When a document was last opened, edited or analysed (performance.now()). */
  private lastDocumentActivity = -Infinity;

  constructor(
    private readonly connection: Connection,
    private prefetch?: PrefetchHandle,
  ) {
    this.settings = new SettingsStore({
      fetch: async (scopeUri) => {
        if (!this.capabilities.workspace?.configuration) return undefined;
        return this.connection.workspace.getConfiguration(scopeUri === undefined ? { section: "promptcost" } : { scopeUri, section: "promptcost" });
      },
      warn: (message) => this.warn(message),
    });
    this.cache = new DocumentAnalysisCache(this.index, this.settings, this.documents);
    this.cache.onDidDropResult((uri) => this.reanalyse([uri]));
    this.workspaceDiagnostics = new WorkspaceDiagnostics((uri, diagnostics) => void this.connection.sendDiagnostics({ uri, diagnostics }));
    this.cache.onDidAnalyse((result) => {
      this.lastDocumentActivity = performance.now();
      this.logAnalysis(result);
      // Lenses follow each analysis, not the editor's own debounce after the last keystroke.
      this.refreshCodeLenses(LENS_REFRESH_AFTER_ANALYSIS_MS);
      // A new call site of a wrapper changes the total of the open file that holds the wrapper.
      const shownChanged = this.shownFindings.setDocument(result.uri, result.analysis);
      if (this.callSites.setDocument(result.uri, result.analysis) || shownChanged) this.resendFileCosts();
      else this.sendFileCost(result);
      // A wrapper's finding moved to or from its call sites: the other open documents show it differently.
      if (shownChanged) this.delivery.documentsChanged(this.openUris().filter((uri) => uri !== result.uri));
    });
  }

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => {
      this.connection.console.info(`promptcost ${TOOL_VERSION} (Node ${process.version}); workspace: ${this.folders.map((folder) => folder.path).join(", ") || process.cwd()}`);
      this.registerDynamicCapabilities();
      this.scheduleWorkspaceDiagnostics();
    });

    documents.onDidOpen(({ document }) => this.documentChanged(document));
    documents.onDidChangeContent(({ document }) => this.documentChanged(document));
    documents.onDidClose(({ document }) => this.documentClosed(document));

    connection.onDidChangeConfiguration((params) => {
      const settings = (params.settings as { promptcost?: unknown } | null)?.promptcost;
      if (settings !== undefined) this.settings.setFallback(settings);
      this.settings.clear();
      this.reanalyse(this.openUris());
      this.scheduleWorkspaceDiagnostics();
    });
    connection.onDidChangeWatchedFiles(({ changes }) => {
      const affected = new Set<string>();
      for (const change of changes) for (const uri of this.fileChanged(change.uri, change.type)) affected.add(uri);
      this.reanalyse(affected);
      this.scheduleWorkspaceDiagnostics();
    });

    connection.onHover(async (params, token) => {
      const result = await this.cache.get(params.textDocument.uri, token);
      throwIfCancelled(token);
      return result ? hoverAt(result, params.position) : null;
    });
    connection.onCodeLens(async (params, token) => {
      const result = await this.cache.get(params.textDocument.uri, token);
      throwIfCancelled(token);
      return result?.settings.codeLens ? unresolvedCodeLenses(result) : [];
    });
    connection.onCodeLensResolve(async (lens, token) => {
      const data = lens.data as CodeLensData | undefined;
      const result = data ? await this.cache.get(data.uri, token) : undefined;
      throwIfCancelled(token);
      return resolveCodeLens(lens, result, { callCommand: this.options.callLensCommand === true });
    });
    connection.onCodeAction(async (params, token) => {
      const result = await this.cache.get(params.textDocument.uri, token);
      throwIfCancelled(token);
      if (!result) return [];
      const workspaceEdit = this.capabilities.workspace?.workspaceEdit;
      return codeActionsFor(params, result, {
        versionedEdits: workspaceEdit?.documentChanges === true,
        createFiles: workspaceEdit?.documentChanges === true && workspaceEdit.resourceOperations?.includes("create") === true,
        folderPath: this.folderOf(result.filePath),
        findings: this.shownFindings.of(result.analysis),
      });
    });
    connection.onExecuteCommand(async (params) => {
      const url = params.arguments?.[0];
      if (params.command !== OPEN_RULE_DOCS_COMMAND || typeof url !== "string" || !url.startsWith("https://")) return;
      await this.connection.window.showDocument({ uri: url, external: true }).catch(() => undefined);
    });

    connection.onRequest(FileCostRequest.method, async (params: { uri: string }, token): Promise<FileCost | null> => {
      const result = await this.cache.get(params.uri, token);
      throwIfCancelled(token);
      return result ? fileCostOf(result, this.callSites, this.shownFindings.of(result.analysis).length) : null;
    });
    connection.onRequest(WorkspaceReportRequest.method, async (_params: unknown, token) => (await this.workspaceReport(token))?.report);

    documents.listen(connection);
    connection.listen();
  }

  private async workspaceReport(token: CancellationLike): Promise<Awaited<ReturnType<typeof buildWorkspaceReport>>> {
    const started = performance.now();
    const report = await buildWorkspaceReport(
        {
          index: this.index,
          folders: this.folders,
          settingsFor: (folder) => this.settings.get(folder.uri, folder.path),
          openDocument: async (filePath) => {
            const document = this.documents.all().find((candidate) => this.cache.pathOf(candidate) === filePath);
            const result = document ? await this.cache.get(document.uri) : undefined;
            return result ? { uri: result.uri, analysis: result.analysis } : undefined;
          },
          openDocumentsFirst: () => this.analyseWaitingDocuments(),
        },
        token,
      );
    if (report) {
      const { totals } = report.report;
      this.connection.console.info(`workspace: ${totals.files} files indexed, ${totals.calls} calls in ${totals.filesWithCalls} files, in ${Math.round(performance.now() - started)} ms`);
    }
    const shownChanged = report !== undefined && this.shownFindings.setReport(report.analyses);
    if ((report && this.callSites.setReport(report.calledThrough)) || shownChanged) this.resendFileCosts();
    if (shownChanged) this.delivery.documentsChanged(this.openUris());
    return report;
  }

  /**
   * Workspace-wide work (the workspace report, workspace diagnostics) asks this before each file: undefined
   * when it may go on, else a promise that resolves once every open document's current version is analysed
   * and no document was opened, edited or analysed for WORKSPACE_WORK_AFTER_EDIT_MS. A document just opened
   * gets its lenses and diagnostics first, and keystrokes do not wait for the workspace's files.
   */
  private analyseWaitingDocuments(): Promise<void> | undefined {
    if (!this.documentsBusy()) return undefined;
    return (async () => {
      while (this.documentsBusy()) {
        const waiting = this.documents.all().filter((document) => !this.isAnalysed(document));
        await Promise.all(waiting.map((document) => this.cache.get(document.uri)));
        const quietIn = WORKSPACE_WORK_AFTER_EDIT_MS - (performance.now() - this.lastDocumentActivity);
        if (quietIn > 0) await new Promise((resolve) => setTimeout(resolve, quietIn));
      }
    })();
  }

  private documentsBusy(): boolean {
    return performance.now() - this.lastDocumentActivity < WORKSPACE_WORK_AFTER_EDIT_MS || this.documents.all().some((document) => !this.isAnalysed(document));
  }

  private isAnalysed(document: TextDocument): boolean {
    return this.cache.peek(document.uri)?.version === document.version;
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.capabilities = params.capabilities;
    this.options = (params.initializationOptions as InitializationOptions | undefined) ?? {};
    // Helix sends its `config` table both as initializationOptions and as the answer to workspace/configuration.
    const initialSettings = this.options.settings ?? (params.initializationOptions as { promptcost?: unknown } | undefined)?.promptcost;
    if (initialSettings !== undefined) this.settings.setFallback(initialSettings);
    if (typeof this.options.storagePath === "string" && path.isAbsolute(this.options.storagePath)) this.index.useStore(this.options.storagePath);
    this.setFolders(params);
    const pull = params.capabilities.textDocument?.diagnostic !== undefined;
    const canRefresh = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    this.delivery = new DiagnosticsDelivery(this.connection, this.cache, this.shownFindings, pull ? "pull" : "push", canRefresh);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: [OPEN_RULE_DOCS_COMMAND] },
        ...(pull ? { diagnosticProvider: { identifier: "promptcost", interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "promptcost", version: TOOL_VERSION },
    };
  }

  private setFolders(params: Pick<InitializeParams, "workspaceFolders" | "rootUri">): void {
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: "" }] : []);
    this.folders = folders.flatMap((folder) => {
      const folderFile = folderPath(folder.uri);
      return folderFile ? [{ uri: folder.uri, path: folderFile }] : [];
    });
    const prefetch = this.prefetch && new TextPrefetch(this.prefetch);
    this.prefetch = undefined;
    if (prefetch) {
      // The tokenizer's tables too: the first count takes them instead of building its own (~70 ms).
      usePrebuiltTables((encoding) => prefetch.encoderTables(encoding));
      this.index.usePrefetch(prefetch);
    }
    if (this.folders.length > 0) this.index.setRoots(this.folders.map((folder) => folder.path), true);
    else this.index.setRoots([process.cwd()]);
  }

  private registerDynamicCapabilities(): void {
    const workspace = this.capabilities.workspace;
    if (workspace?.didChangeConfiguration?.dynamicRegistration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: "promptcost" });
    }
    if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_GLOB }] });
    }
    if (workspace?.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const current = this.folders.filter((folder) => !event.removed.some((removed) => removed.uri === folder.uri));
        this.setFolders({ workspaceFolders: [...current.map((folder) => ({ uri: folder.uri, name: "" })), ...event.added], rootUri: null });
        this.settings.clearConfigFiles();
        this.reanalyse(this.openUris());
      });
    }
  }

  /**
   * With `promptcost.workspaceDiagnostics` on in a folder, analyses the whole workspace (as the report does)
   * and publishes the findings of files that are not open; runs asked for close together go as one, and a
   * new run cancels one still going.
   */
  private scheduleWorkspaceDiagnostics(): void {
    clearTimeout(this.workspaceDiagnosticsTimer);
    this.workspaceDiagnosticsTimer = setTimeout(() => void this.runWorkspaceDiagnostics(), WORKSPACE_DIAGNOSTICS_DELAY_MS);
  }

  private async runWorkspaceDiagnostics(): Promise<void> {
    this.workspaceDiagnosticsRun?.cancel();
    const wanted = await Promise.all(this.folders.map(async (folder) => (await this.settings.get(folder.uri, folder.path)).workspaceDiagnostics));
    if (!wanted.some(Boolean)) {
      this.workspaceDiagnostics.clear();
      return;
    }
    const run = { isCancellationRequested: false, cancel: () => (run.isCancellationRequested = true) };
    this.workspaceDiagnosticsRun = run;
    try {
      const result = await this.workspaceReport(run);
      if (!result || run.isCancellationRequested) return;
      const open = new Set(this.openUris());
      this.workspaceDiagnostics.update(result.files, (uri) => open.has(uri));
    } catch (error) {
      this.connection.console.error(`workspace diagnostics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      if (this.workspaceDiagnosticsRun === run) this.workspaceDiagnosticsRun = undefined;
    }
  }

  /** Which config file a document's settings came from, once per config; each analysis's time when tracing. */
  private logAnalysis(result: DocumentAnalysis): void {
    const config = result.settings.configPath ?? "";
    if (!this.loggedConfigs.has(config)) {
      this.loggedConfigs.add(config);
      this.connection.console.info(config ? `config: ${config}` : `config: no ${CONFIG_FILE_NAME} above ${result.filePath}; editor settings and defaults apply`);
    }
    const { calls, findings } = result.analysis;
    if (result.fromStore === "session") this.connection.console.info(`${result.filePath}: ${calls.length} lenses from a stored analysis (an earlier session's, or a workspace report's; nothing it was made from changed), until this session's own is done`);
    if (result.fromStore === "cli") this.connection.console.info(`${result.filePath}: ${calls.length} lenses from the CLI's cache (${CLI_CACHE_FILE}; the file, its imports and every other file the CLI read unchanged), until this session's own analysis is done`);
    if (result.differsFrom) this.connection.console.info(`${result.filePath}: this session's analysis (${calls.length} calls, ${findings.length} findings) differs from the ${result.differsFrom === "cli" ? "CLI's cached one" : "stored one"}; it replaces it`);
    this.connection.tracer.log(`${result.fromStore ? "stored analysis of" : "analysed"} ${result.filePath} (version ${result.version}): ${calls.length} calls, ${findings.length} findings in ${result.analysedInMs.toFixed(1)} ms`);
  }

  private documentChanged(document: TextDocument): void {
    this.lastDocumentActivity = performance.now();
    const filePath = this.cache.pathOf(document);
    if (filePath) this.index.setOverlay(filePath, document.getText(), document.version);
    const affected = new Set([document.uri]);
    if (filePath) for (const uri of this.urisOfPaths(this.index.dependentsOf(filePath))) affected.add(uri);
    for (const uri of affected) if (uri !== document.uri) this.cache.invalidate(uri);
    this.workspaceDiagnostics.documentOpened(document.uri);
    this.delivery.documentsChanged(affected, document.uri);
    // The changed document's own lenses are asked for again by the editor; its dependents' are not.
    if (affected.size > 1) this.refreshCodeLenses();
  }

  private documentClosed(document: TextDocument): void {
    const filePath = this.cache.pathOf(document);
    if (filePath) this.index.removeOverlay(filePath);
    this.cache.forget(document.uri);
    this.sentFileCosts.delete(document.uri);
    this.callSites.forget(document.uri);
    this.shownFindings.forget(document.uri);
    this.delivery.documentClosed(document.uri);
    this.workspaceDiagnostics.documentClosed(document.uri);
    // Files that imported the closed document now read it from disk again.
    if (filePath) this.reanalyse(this.urisOfPaths(this.index.dependentsOf(filePath)));
  }

  /** Open documents to analyse again after a file changed on disk. */
  private fileChanged(uri: string, type: FileChangeType): string[] {
    const filePath = folderPath(uri);
    if (!filePath) return [];
    this.index.invalidate(filePath);
    if (path.basename(filePath) === CONFIG_FILE_NAME) {
      this.settings.clearConfigFiles();
      return this.openUris();
    }
    // A file that appears or goes away may change what an import resolves to anywhere.
    if (type !== FileChangeType.Changed) return this.openUris();
    return this.urisOfPaths(this.index.dependentsOf(filePath));
  }

  private reanalyse(uris: Iterable<string>): void {
    const list = [...uris];
    if (list.length === 0) return;
    for (const uri of list) this.cache.invalidate(uri);
    this.delivery.documentsChanged(list);
    this.refreshCodeLenses();
  }

  /** Asks the editor for lenses again; refreshes asked for within `delayMs` of each other go as one. */
  private refreshCodeLenses(delayMs = 100): void {
    if (!this.capabilities.workspace?.codeLens?.refreshSupport) return;
    if (this.codeLensRefreshTimer !== undefined) return;
    this.codeLensRefreshTimer = setTimeout(() => {
      this.codeLensRefreshTimer = undefined;
      void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }, delayMs);
  }

  private sendFileCost(result: DocumentAnalysis): void {
    if (!this.options.fileCostNotifications) return;
    const cost = fileCostOf(result, this.callSites, this.shownFindings.of(result.analysis).length);
    // Each version's figures are sent, unchanged ones too: the status bar says a figure of an older version is updating.
    const key = JSON.stringify(cost);
    if (this.sentFileCosts.get(result.uri) === key) return;
    this.sentFileCosts.set(result.uri, key);
    void this.connection.sendNotification(FileCostChangedNotification.method, cost);
  }

  private resendFileCosts(): void {
    for (const uri of this.openUris()) {
      const result = this.cache.peek(uri);
      if (result) this.sendFileCost(result);
    }
  }

  /** The workspace folder that holds a file (the innermost), else the first. */
  private folderOf(filePath: string): string | undefined {
    const holding = this.folders.filter((folder) => filePath === folder.path || filePath.startsWith(folder.path + path.sep));
    return (holding.sort((a, b) => b.path.length - a.path.length)[0] ?? this.folders[0])?.path;
  }

  private openUris(): string[] {
    return this.documents.keys();
  }

  private urisOfPaths(paths: string[]): string[] {
    if (paths.length === 0) return [];
    const wanted = new Set(paths);
    return this.documents.all().filter((document) => wanted.has(this.cache.pathOf(document) ?? "")).map((document) => document.uri);
  }

  /** Tells the user about a broken config or price override once, not on every keystroke. */
  private warn(message: string): void {
    this.connection.console.warn(message);
    if (this.warned.has(message)) return;
    this.warned.add(message);
    void this.connection.window.showWarningMessage(message);
  }
}

/** A request cancelled while it waited for the analysis answers RequestCancelled, not an empty result. */
function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, "Request cancelled");
}
