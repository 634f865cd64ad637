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
    if (!result || this.published.get(uri) === result.resultId) return;
    this.published.set(uri, result.resultId);
    await this.connection.sendDiagnostics({ uri, version: result.version, diagnostics: toDiagnostics(result) });
  }

  private async pull(uri: string, previousResultId: string | undefined, token: { isCancellationRequested: boolean }): Promise<DocumentDiagnosticReport> {
    const result = await this.cache.get(uri, token);
    if (!result) {
      if (token.isCancellationRequested) {
        throw new ResponseError<DiagnosticServerCancellationData>(LSPErrorCodes.ServerCancelled, "The document changed; diagnostics will be pulled again.", { retriggerRequest: true });
      }
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
    if (previousResultId === result.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: result.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: toDiagnostics(result) };
  }
}
