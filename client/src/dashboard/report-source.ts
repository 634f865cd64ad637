import * as vscode from "vscode";
import type { WorkspaceReport } from "../../../server/src/protocol.ts";

export type FetchReport = (token: vscode.CancellationToken) => Promise<WorkspaceReport | null | undefined>;

/** Analyses landing this close together (a keystroke burst, a save and its dependents) make one new report. */
const REFRESH_DEBOUNCE_MS = 400;

/**
 * The workspace report the dashboard and the calls tree show: asked of the server while someone shows it,
 * again (debounced) after each analysis; a newer request cancels the one under way. With nobody showing it,
 * a change only marks it stale, and the next viewer gets a fresh one.
 */
export class ReportSource implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WorkspaceReport>();
  readonly onDidChange = this.changed.event;
  private readonly failed = new vscode.EventEmitter<string>();
  readonly onDidFail = this.failed.event;
  private latest: WorkspaceReport | undefined;
  private stale = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: vscode.CancellationTokenSource | undefined;
  private readonly viewers = new Set<() => boolean>();

  constructor(private readonly fetchReport: FetchReport) {}

  get report(): WorkspaceReport | undefined {
    return this.latest;
  }

  /** Registers something that shows the report while `isShowing()` is true. */
  addViewer(isShowing: () => boolean): vscode.Disposable {
    this.viewers.add(isShowing);
    return new vscode.Disposable(() => this.viewers.delete(isShowing));
  }

  /** An analysis finished or a file, setting or config changed. */
  analysisChanged(): void {
    this.stale = true;
    if (![...this.viewers].some((isShowing) => isShowing())) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  /** The report, fetched now when it is stale (a viewer became visible, the user asked). */
  async ensureFresh(): Promise<void> {
    if (this.stale || !this.latest) await this.refresh();
  }

  async refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.inFlight?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.inFlight = source;
    this.stale = false;
    try {
      const report = await this.fetchReport(source.token);
      if (source.token.isCancellationRequested || !report) return;
      this.latest = report;
      this.changed.fire(report);
    } catch (error) {
      if (!source.token.isCancellationRequested) {
        this.stale = true;
        this.failed.fire(error instanceof Error ? error.message : String(error));
      }
    } finally {
      if (this.inFlight === source) this.inFlight = undefined;
      source.dispose();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.inFlight?.cancel();
    this.changed.dispose();
    this.failed.dispose();
  }
}
