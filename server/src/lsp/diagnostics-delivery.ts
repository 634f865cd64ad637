import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type Connection,
  type DiagnosticServerCancellationData,
  type DocumentDiagnosticReport,
} from "vscode-languageserver";
import type { DocumentAnalysisCache } from "./document-analysis-cache.ts";
import { toDiagnostics } from "./diagnostics.ts";
import type { ShownFindings } from "./shown-findings.ts";

/** How often the client is asked to pull again at most, when many files change at once (a branch switch). */
const REFRESH_DELAY_MS = 100;

/**
 * Gets diagnostics to the client the way it supports: answered on request (pull, LSP 3.17) where it can, else
 * published after each analysis (textDocument/publishDiagnostics), so every LSP client sees them.
 */
export class DiagnosticsDelivery {
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly published = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly cache: DocumentAnalysisCache,
    private readonly shown: ShownFindings,
    readonly mode: "pull" | "push",
    private readonly canRefresh: boolean,
  ) {
    if (mode === "pull") this.connection.languages.diagnostics.on((params, token) => this.pull(params.textDocument.uri, params.previousResultId, token));
  }

  /**
   * Diagnostics of these documents may have changed (an edit, a dependency, a setting): get them to the client.
   * `edited` is the document the user just changed: a pulling client asks for its diagnostics by itself, so
   * only the others are worth a refresh (which makes the client pull every open document again).
   */
  documentsChanged(uris: Iterable<string>, edited?: string): void {
    if (this.mode === "push") {
      for (const uri of uris) void this.publish(uri);
      return;
    }
    if (!this.canRefresh || [...uris].every((uri) => uri === edited)) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.connection.languages.diagnostics.refresh().catch(() => undefined), REFRESH_DELAY_MS);
  }

  /** The document closed: clear what was published for it. */
  documentClosed(uri: string): void {
    if (this.mode !== "push") return;
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async publish(uri: string): Promise<void> {
    const result = await this.cache.get(uri);
    // Undefined: closed meanwhile, or a newer edit took over and publishes itself.
    const resultId = result && this.resultIdOf(result.resultId);
    if (!result || this.published.get(uri) === resultId) return;
    this.published.set(uri, resultId!);
    await this.connection.sendDiagnostics({ uri, version: result.version, diagnostics: toDiagnostics(result, this.shown.of(result.analysis)) });
  }

  private async pull(uri: string, previousResultId: string | undefined, token: { isCancellationRequested: boolean }): Promise<DocumentDiagnosticReport> {
    const result = await this.cache.get(uri, token);
    if (!result) {
      if (token.isCancellationRequested) {
        throw new ResponseError<DiagnosticServerCancellationData>(LSPErrorCodes.ServerCancelled, "The document changed; diagnostics will be pulled again.", { retriggerRequest: true });
      }
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
    const resultId = this.resultIdOf(result.resultId);
    if (previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: toDiagnostics(result, this.shown.of(result.analysis)) };
  }

  /** The analysis's id and what decides which of its findings show: either changing changes the diagnostics. */
  private resultIdOf(analysisId: string): string {
    return `${analysisId}.${this.shown.generation}`;
  }
}
