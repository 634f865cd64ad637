import type { JsonReport } from "../core/report.ts";

/**
 * `--quiet`, as ESLint's: the findings at error severity only, in every format, and the warning and info counts
 * of what is shown set to 0. Gates (`--max-warnings`) still count the whole report, as ESLint's do.
 */
export function errorsOnly(report: JsonReport): JsonReport {
  return {
    ...report,
    findings: report.findings.filter((finding) => finding.severity === "error"),
    summary: { ...report.summary, warnings: 0, infos: 0 },
  };
}
