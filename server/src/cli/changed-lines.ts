// `--changed-since REF`: a pull request's view. Findings and the call table keep what lies on lines
// changed since REF; the cost totals stay those of the whole code, since the bill is paid for all of it.
// Finding counts follow the findings shown, so --max-warnings and the exit code judge the change.
import type { JsonReport } from "../core/report.ts";
import { touchesChange, type LineRanges } from "./git.ts";

export function keepChangedLines(report: JsonReport, ref: string, changed: Map<string, LineRanges>): void {
  const touched = (item: { file: string; line: number; endLine: number }): boolean => touchesChange(changed.get(item.file), item.line, item.endLine);
  report.calls = report.calls.filter(touched);
  report.findings = report.findings.filter(touched);
  const count = (severity: string): number => report.findings.filter((finding) => finding.severity === severity).length;
  report.summary = { ...report.summary, errors: count("error"), warnings: count("warning"), infos: count("info") };
  report.changedSince = ref;
}
