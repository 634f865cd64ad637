import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from "vscode-languageserver";
import type { Finding, Severity } from "../core/types.ts";
import type { DocumentAnalysis } from "./document-analysis-cache.ts";
import { toRange } from "./positions.ts";

export const DIAGNOSTIC_SOURCE = "promptcost";

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a diagnostic carries back to the server in code action requests. */
export interface DiagnosticData {
  /** The analysis the finding came from; a fix is only offered against that same text. */
  resultId: string;
  fixable: boolean;
}

/**
 * The findings shown (ShownFindings: not a wrapper's own repeated at its call sites) as diagnostics: source
 * `promptcost`, code = rule id, codeDescription = the rule's docs page.
 */
export function toDiagnostics(result: DocumentAnalysis, findings: readonly Finding[]): Diagnostic[] {
  return findings.map((finding) => toDiagnostic(finding, result));
}

function toDiagnostic(finding: Finding, result: DocumentAnalysis): Diagnostic {
  return findingDiagnostic(finding, toRange(result.snapshot, finding.offsets), { resultId: result.resultId, fixable: finding.fix !== undefined });
}

/** A finding of a file not open in the editor: its range from the analysis's own line and column (1-based). */
export function closedFileDiagnostic(finding: Finding): Diagnostic {
  const { line, column, endLine, endColumn } = finding.range;
  return findingDiagnostic(finding, { start: { line: line - 1, character: column - 1 }, end: { line: endLine - 1, character: endColumn - 1 } });
}

function findingDiagnostic(finding: Finding, range: Range, data?: DiagnosticData): Diagnostic {
  const diagnostic: Diagnostic = {
    range,
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    codeDescription: { href: finding.docsUrl },
    message: finding.message,
    ...(data ? { data } : {}),
  };
  // Editors strike through deprecated APIs; a deprecated model reads the same way.
  if (finding.rule === "no-deprecated-model") diagnostic.tags = [DiagnosticTag.Deprecated];
  return diagnostic;
}
