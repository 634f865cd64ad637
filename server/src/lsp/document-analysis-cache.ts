import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { FileAnalysis } from "../core/types.ts";
import type { DocumentSettings, SettingsStore } from "./settings.ts";
import { documentPath, isPromptDocument } from "./uris.ts";
import { storeKeyOf } from "./analysis-store.ts";
import type { EarlierAnalysis, WorkspaceIndex } from "./workspace-index.ts";

/** One document's analysis, and the exact text it was made from (offsets convert against this, not the live document). */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  filePath: string;
  /** A frozen copy of the document at `version`. */
  snapshot: TextDocument;
  analysis: FileAnalysis;
  settings: DocumentSettings;
  /** Changes whenever the result may differ: for pull diagnostics' resultId. */
  resultId: string;
  /** How long the analysis took, for the output channel's trace. */
  analysedInMs: number;
  /**
   * Made before this session's own analysis, which follows: stored by an earlier session or a workspace report (analysis-store.ts)
   * or cached by `promptcost --lint --cache` (cli-cache.ts).
   */
  fromStore?: EarlierAnalysis["source"];
  /**
   * This session's own analysis of the version an earlier analysis was shown for, when the two differ (the
   * CLI's analysis of a file may, where the CLI knows the project's files and the editor does not): where the
   * shown one came from.
   */
  differsFrom?: EarlierAnalysis["source"];
}

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

const EMPTY_ANALYSIS = (file: string): FileAnalysis => ({ file, calls: [], findings: [] });

/**
 * After showing a stored analysis, how long the document's own analysis waits: the editor asks for the
 * lenses' titles right after their ranges, and an analysis (synchronous, ~2 s on a heavy file opened
 * first) would hold those answers back.
 */
const ANALYSE_AFTER_STORED_MS = 300;

/** How long after an analysis of a document whose text is the one on disk it is stored for later sessions (typing in between postpones it). */
const STORE_AFTER_MS = 1000;

/**
 * Per-document results keyed by version and settings, shared by diagnostics, code lenses, hovers and code
 * actions: an edit is analysed once however many features ask. Work for a version that is already stale by
 * the time it would start is skipped, and cancelled requests give up before analysing.
 */
export class DocumentAnalysisCache {
  private readonly results = new Map<string, DocumentAnalysis>();
  private readonly pending = new Map<string, { version: number; settings: DocumentSettings; promise: Promise<DocumentAnalysis | undefined> }>();
  private sequence = 0;
  private readonly listeners: ((result: DocumentAnalysis) => void)[] = [];
  private readonly staleListeners: ((uri: string) => void)[] = [];
  /** Open documents analysed at least once since they were opened: only a first analysis may come from the store. */
  private readonly analysedSinceOpen = new Set<string>();
  private readonly storeTimers = new Map<string, NodeJS.Timeout>();
  /** An earlier analysis shown for a document, until this session's own analysis of that version is compared with it. */
  private readonly shownEarlier = new Map<string, { version: number; json: string; source: EarlierAnalysis["source"] }>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly settings: SettingsStore,
    private readonly documents: { get(uri: string): TextDocument | undefined },
  ) {}

  /**
   * Called when a document's result was dropped for the cache's own reasons (a stored analysis to be
   * followed by this session's): diagnostics and lenses should be asked for again.
   */
  onDidDropResult(listener: (uri: string) => void): void {
    this.staleListeners.push(listener);
  }

  /** Called after each fresh analysis of an open document (the status bar total, pushed diagnostics). */
  onDidAnalyse(listener: (result: DocumentAnalysis) => void): void {
    this.listeners.push(listener);
  }

  /** The cached result, whatever its version. */
  peek(uri: string): DocumentAnalysis | undefined {
    return this.results.get(uri);
  }

  settingsFor(document: TextDocument): Promise<DocumentSettings> {
    const filePath = this.pathOf(document);
    const start = filePath ? path.dirname(filePath) : this.index.workspaceRoots[0] ?? process.cwd();
    return this.settings.get(document.uri, start);
  }

  pathOf(document: TextDocument): string | undefined {
    return documentPath(document.uri, document.languageId, this.index.workspaceRoots);
  }

  /**
   * The analysis of the document's current version; undefined when the document closed or the request was
   * cancelled meanwhile. Concurrent callers for the same version share one analysis.
   */
  async get(uri: string, token?: CancellationLike): Promise<DocumentAnalysis | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const settings = await this.settingsFor(document);
    const current = this.documents.get(uri);
    if (!current || token?.isCancellationRequested) return undefined;
    const cached = this.results.get(uri);
    if (cached && cached.version === current.version && cached.settings === settings) return cached;
    const pending = this.pending.get(uri);
    if (pending && pending.version === current.version && pending.settings === settings) return pending.promise;
    const promise = this.analyseWhenCurrent(uri, current.version, settings, token);
    this.pending.set(uri, { version: current.version, settings, promise });
    try {
      return await promise;
    } finally {
      if (this.pending.get(uri)?.promise === promise) this.pending.delete(uri);
    }
  }

  /**
   * Yields once before analysing, so edits and cancellations already queued behind this request arrive first;
   * then analyses whatever version is current (a request never waits on, or gets, a result older than the text).
   */
  private async analyseWhenCurrent(uri: string, version: number, settings: DocumentSettings, token?: CancellationLike): Promise<DocumentAnalysis | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    const document = this.documents.get(uri);
    if (!document || token?.isCancellationRequested) return undefined;
    if (document.version !== version) return this.get(uri, token);
    const cached = this.results.get(uri);
    if (cached && cached.version === version && cached.settings === settings) return cached;
    return this.analyseNow(document, settings);
  }

  private analyseNow(document: TextDocument, settings: DocumentSettings): DocumentAnalysis {
    const started = performance.now();
    const filePath = this.pathOf(document) ?? document.uri;
    const text = document.getText();
    const analysed = settings.enable && settings.accepts(filePath) && !isPromptDocument(document.languageId);
    const firstSinceOpen = !this.analysedSinceOpen.has(document.uri);
    this.analysedSinceOpen.add(document.uri);
    const stored = analysed && firstSinceOpen ? this.index.earlierAnalysis(filePath, storeKeyOf(settings)) : undefined;
    const analysis = stored?.analysis ?? (analysed ? this.index.analyze(filePath, { settings: settings.analysis, prices: settings.prices }) : EMPTY_ANALYSIS(filePath));
    const result: DocumentAnalysis = {
      uri: document.uri,
      version: document.version,
      filePath,
      snapshot: TextDocument.create(document.uri, document.languageId, document.version, text),
      analysis,
      settings,
      resultId: `${document.version}.${++this.sequence}`,
      analysedInMs: performance.now() - started,
      ...(stored ? { fromStore: stored.source } : {}),
      ...(!stored ? this.comparedWithEarlier(document, analysis) : {}),
    };
    if (stored) this.shownEarlier.set(document.uri, { version: document.version, json: JSON.stringify(stored.analysis), source: stored.source });
    this.results.set(document.uri, result);
    for (const listener of this.listeners) listener(result);
    if (stored) setTimeout(() => this.analyseAfterStored(result), ANALYSE_AFTER_STORED_MS);
    else if (analysed) this.scheduleStore(result, text);
    return result;
  }

  /** Whether this session's own analysis of a version shown from an earlier one differs from it. */
  private comparedWithEarlier(document: TextDocument, analysis: FileAnalysis): Pick<DocumentAnalysis, "differsFrom"> {
    const shown = this.shownEarlier.get(document.uri);
    this.shownEarlier.delete(document.uri);
    return shown && shown.version === document.version && shown.json !== JSON.stringify(analysis) ? { differsFrom: shown.source } : {};
  }

  /** This session's own analysis of a document shown from the store, unless an edit already brought one. */
  private analyseAfterStored(shown: DocumentAnalysis): void {
    const document = this.documents.get(shown.uri);
    if (!document || document.version !== shown.version || this.results.get(shown.uri) !== shown) return;
    this.results.delete(shown.uri);
    for (const listener of this.staleListeners) listener(shown.uri);
  }

  /** Stores the analysis for later sessions once typing pauses, when the text is the file's on disk (what a later session opens). */
  private scheduleStore(result: DocumentAnalysis, text: string): void {
    clearTimeout(this.storeTimers.get(result.uri));
    this.storeTimers.set(
      result.uri,
      setTimeout(() => {
        this.storeTimers.delete(result.uri);
        if (this.results.get(result.uri) === result) this.storeIfSaved(result, text);
      }, STORE_AFTER_MS),
    );
  }

  private storeIfSaved(result: DocumentAnalysis, text: string): void {
    let onDisk: string | undefined;
    try {
      onDisk = fs.readFileSync(result.filePath, "utf8");
    } catch {
      return;
    }
    if (onDisk === text) this.index.storeAnalysis(result.filePath, storeKeyOf(result.settings), result.analysis);
  }

  /** Drops a document's result, e.g. when a file it imports changed. */
  invalidate(uri: string): void {
    this.results.delete(uri);
  }

  invalidateAll(): void {
    this.results.clear();
  }

  /** The document closed. */
  forget(uri: string): void {
    this.results.delete(uri);
    this.pending.delete(uri);
    this.analysedSinceOpen.delete(uri);
    this.shownEarlier.delete(uri);
    clearTimeout(this.storeTimers.get(uri));
    this.storeTimers.delete(uri);
  }
}
