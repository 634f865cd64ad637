import type { Diagnostic } from "vscode-languageserver";
import type { Finding } from "../core/types.ts";
import { closedFileDiagnostic } from "./diagnostics.ts";

export interface WorkspaceFileFindings {
  uri: string;
  findings: readonly Finding[];
}

/**
 * Findings of the workspace's files that are not open, published (textDocument/publishDiagnostics) when the
 * user asks for workspace-wide diagnostics. An open file's diagnostics come from its own analysis of the
 * unsaved text, so what was published here for it is cleared while it is open, and comes back on close.
 */
export class WorkspaceDiagnostics {
  /** The last workspace run's findings by file URI. */
  private latest = new Map<string, readonly Finding[]>();
  private readonly published = new Set<string>();

  constructor(private readonly send: (uri: string, diagnostics: Diagnostic[]) => void) {}

  /** A new run's files: publishes each closed file with findings, and clears files that have none now. */
  update(files: readonly WorkspaceFileFindings[], isOpen: (uri: string) => boolean): void {
    this.latest = new Map(files.filter((file) => file.findings.length > 0).map((file) => [file.uri, file.findings]));
    for (const uri of [...this.published]) if (!this.latest.has(uri) || isOpen(uri)) this.unpublish(uri);
    for (const [uri, findings] of this.latest) if (!isOpen(uri)) this.publish(uri, findings);
  }

  /** The setting was turned off: nothing published stays. */
  clear(): void {
    this.latest.clear();
    for (const uri of [...this.published]) this.unpublish(uri);
  }

  documentOpened(uri: string): void {
    if (this.published.has(uri)) this.unpublish(uri);
  }

  /** The document closed: its findings of the last run show again until the next run replaces them. */
  documentClosed(uri: string): void {
    const findings = this.latest.get(uri);
    if (findings) this.publish(uri, findings);
  }

  private publish(uri: string, findings: readonly Finding[]): void {
    this.published.add(uri);
    this.send(uri, findings.map(closedFileDiagnostic));
  }

  private unpublish(uri: string): void {
    this.published.delete(uri);
    this.send(uri, []);
  }
}
