import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { FileAnalysis } from "../core/types.ts";
import type { DocumentSettings, SettingsStore } from "./settings.ts";
import { documentPath, isPromptDocument } from "./uris.ts";
import type { WorkspaceIndex } from "./workspace-index.ts";

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
}

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

const EMPTY_ANALYSIS = (file: string): FileAnalysis => ({ file, calls: [], findings: [] });

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

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly settings: SettingsStore,
    private readonly documents: { get(uri: string): TextDocument | undefined },
  ) {}

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
    const analysis =
      settings.enable && settings.accepts(filePath) && !isPromptDocument(document.languageId)
        ? this.index.analyze(filePath, { settings: settings.analysis, prices: settings.prices })
        : EMPTY_ANALYSIS(filePath);
    const result: DocumentAnalysis = {
      uri: document.uri,
      version: document.version,
      filePath,
      snapshot: TextDocument.create(document.uri, document.languageId, document.version, text),
      analysis,
      settings,
      resultId: `${document.version}.${++this.sequence}`,
      analysedInMs: performance.now() - started,
    };
    this.results.set(document.uri, result);
    for (const listener of this.listeners) listener(result);
    return result;
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
  }
}
