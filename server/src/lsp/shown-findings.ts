import { SiteCauses } from "../core/findings-where-caused.ts";
import type { FileAnalysis, Finding } from "../core/types.ts";

/**
 * Which findings of a document the editor shows, as the CLI decides it (findingsWhereCaused): a finding a
 * wrapper's own request reports is not repeated at its call sites. Known from the analyses the server has:
 * the last workspace report and the open documents (their unsaved text wins over the report's).
 */
export class ShownFindings {
  private readonly documents = new Map<string, FileAnalysis>();
  private report = new Map<string, FileAnalysis>();
  private causes: SiteCauses | undefined;
  private signature = "";
  /** Changes whenever what is shown may have changed, for pull diagnostics' result ids. */
  generation = 0;

  /** Records a document's analysis; true when what other documents show may have changed. */
  setDocument(uri: string, analysis: FileAnalysis): boolean {
    const before = this.documents.get(uri);
    this.documents.set(uri, analysis);
    // Most keystrokes change nothing a wrapper or call site reports: the whole set is not rebuilt for them.
    if (before && this.causes && contribution(before) === contribution(analysis)) return false;
    return this.changed();
  }

  forget(uri: string): void {
    this.documents.delete(uri);
    this.changed();
  }

  /** Replaces what the workspace report analysed; true when what documents show may have changed. */
  setReport(analyses: readonly { uri: string; analysis: FileAnalysis }[]): boolean {
    this.report = new Map(analyses.map(({ uri, analysis }) => [uri, analysis]));
    return this.changed();
  }

  of(analysis: FileAnalysis): Finding[] {
    const causes = this.current();
    return causes.shown(analysis.findings);
  }

  private current(): SiteCauses {
    this.causes ??= new SiteCauses([...[...this.report].filter(([uri]) => !this.documents.has(uri)).map(([, analysis]) => analysis), ...this.documents.values()]);
    return this.causes;
  }

  private changed(): boolean {
    this.causes = undefined;
    const signature = this.current().signature();
    if (signature === this.signature) return false;
    this.signature = signature;
    this.generation++;
    return true;
  }
}

/** What a document adds to SiteCauses: its wrappers' causes, its call sites' inherited causes and the wrappers they call. */
function contribution(analysis: FileAnalysis): string {
  return JSON.stringify([analysis.file, analysis.siteCauses ?? [], analysis.findings.map((finding) => finding.inherits ?? null), analysis.calls.map(({ call }) => [call.via?.map((hop) => hop.id), call.reachedWrappers])]);
}
