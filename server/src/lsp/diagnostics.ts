import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from "vscode-languageserver";
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

/** Findings as diagnostics: source `promptcost`, code = rule id, codeDescription = the rule's docs page. */
export function toDiagnostics(result: DocumentAnalysis): Diagnostic[] {
  return result.analysis.findings.map((finding) => toDiagnostic(finding, result));
}

function toDiagnostic(finding: Finding, result: DocumentAnalysis): Diagnostic {
  const data: DiagnosticData = { resultId: result.resultId, fixable: finding.fix !== undefined };
  const diagnostic: Diagnostic = {
    range: toRange(result.snapshot, finding.offsets),
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    codeDescription: { href: finding.docsUrl },
    message: finding.message,
    data,
  };
  // Editors strike through deprecated APIs; a deprecated model reads the same way.
  if (finding.rule === "no-deprecated-model") diagnostic.tags = [DiagnosticTag.Deprecated];
  return diagnostic;
}
