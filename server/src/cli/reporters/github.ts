// GitHub Actions workflow commands (`::warning file=...,line=...::message`): findings and, with a
// baseline, cost changes become annotations on the pull request's diff. GitHub shows at most 10 errors
// and 10 warnings per step, so the ones that matter most come first: failed gates, cost rises over the
// drift threshold, other rises, then findings by severity.
import { formatUsd } from "../../core/format.ts";
import type { JsonCallChange, JsonReport } from "../../core/report.ts";
import type { SourceRange } from "../../core/types.ts";
import { signedPct, type GateResult } from "../gates.ts";
import { count, monthlyText } from "./summary-parts.ts";

type Level = "error" | "warning" | "notice";

interface Annotation {
  level: Level;
  title: string;
  message: string;
  file?: string;
  range?: Pick<SourceRange, "line" | "column" | "endLine" | "endColumn"> | { line: number };
}

const RANK: Record<Level, number> = { error: 0, warning: 1, notice: 2 };

export function formatGithub(report: JsonReport, gates: readonly GateResult[]): string {
  const annotations: Annotation[] = [];
  for (const gate of gates) {
    if (!gate.passed) annotations.push({ level: "error", title: `promptcost ${gate.gate}`, message: gate.message });
  }
  const comparison = report.comparison;
  if (comparison) {
    for (const entry of comparison.changed) annotations.push(changeAnnotation(entry, comparison.driftPct));
    for (const entry of comparison.added) {
      annotations.push({
        level: "notice",
        title: "promptcost: new LLM call",
        message: `${entry.model ?? "unknown model"}: ${formatUsd(entry.after?.perRequest ?? null)} per request, ${formatUsd(entry.after?.monthly ?? null)}/month.`,
        file: entry.file,
        range: { line: entry.line },
      });
    }
    for (const entry of comparison.removed) {
      annotations.push({ level: "notice", title: "promptcost: removed LLM call", message: `${entry.file}:${entry.line} ${entry.model ?? "unknown model"} (${formatUsd(entry.before?.monthly ?? null)}/month) is gone.` });
    }
  }
  for (const finding of report.findings) {
    annotations.push({
      level: finding.severity === "info" ? "notice" : finding.severity,
      title: `promptcost ${finding.rule}`,
      message: `${finding.message} (${finding.docsUrl})`,
      file: finding.file,
      range: finding,
    });
  }
  const ordered = annotations.map((annotation, index) => ({ annotation, index })).sort((a, b) => RANK[a.annotation.level] - RANK[b.annotation.level] || a.index - b.index);
  const lines = ordered.map(({ annotation }) => command(annotation));
  lines.push(command({ level: "notice", title: "promptcost", message: summaryLine(report) }));
  return lines.join("\n") + "\n";
}

function changeAnnotation(entry: JsonCallChange, driftPct: number): Annotation {
  const before = entry.before!;
  const after = entry.after!;
  const rose = (after.perRequest ?? 0) > (before.perRequest ?? 0) || (entry.monthlyChangeUsd ?? 0) > 0;
  const model = entry.previousModel !== undefined ? `${entry.previousModel ?? "unknown model"} -> ${entry.model ?? "unknown model"}` : entry.model ?? "unknown model";
  const monthly = entry.monthlyChangeUsd === null ? "" : `, ${entry.monthlyChangeUsd >= 0 ? "+" : "-"}${formatUsd(Math.abs(entry.monthlyChangeUsd))}/month`;
  const message = `${model}: ${formatUsd(before.perRequest)} -> ${formatUsd(after.perRequest)} per request (${signedPct(entry.perRequestChangePct)})${monthly}.${entry.overThreshold ? ` Over the ${driftPct}% drift threshold.` : ""}`;
  return {
    level: entry.overThreshold ? "error" : rose ? "warning" : "notice",
    title: rose ? "promptcost: cost up" : "promptcost: cost down",
    message,
    file: entry.file,
    range: { line: entry.line },
  };
}

function summaryLine(report: JsonReport): string {
  const { summary, comparison } = report;
  let line = `${count(summary.calls, "LLM API call")} in ${count(summary.files, "file")}: ${monthlyText(summary)}`;
  if (summary.unpricedCalls > 0) line += ` (${summary.unpricedCalls.toLocaleString("en-US")} unpriced)`;
  if (comparison) {
    const delta = comparison.monthlyUsd.after - comparison.monthlyUsd.before;
    line += `, ${delta >= 0 ? "+" : "-"}${formatUsd(Math.abs(delta))} (${signedPct(comparison.monthlyUsd.changePct)}) since the baseline`;
  }
  const features = report.features.filter((feature) => feature.feature !== null);
  if (features.length > 0) line += `; by feature: ${features.map((feature) => `${feature.feature} ${formatUsd(feature.monthlyUsd)}`).join(", ")}`;
  return `${line}. ${count(summary.errors, "error")}, ${count(summary.warnings, "warning")}, ${count(summary.infos, "info")}.`;
}

/** `::level file=F,line=L,col=C,endLine=E,endColumn=D,title=T::message`, escaped as the runner expects. */
function command(annotation: Annotation): string {
  const properties: string[] = [];
  if (annotation.file !== undefined) properties.push(`file=${escapeProperty(annotation.file)}`);
  const range = annotation.range;
  if (range) {
    properties.push(`line=${range.line}`);
    if ("column" in range) {
      if (range.endLine !== range.line) properties.push(`endLine=${range.endLine}`);
      // Columns only mean something on one line; GitHub ignores them across lines.
      else properties.push(`col=${range.column}`, `endColumn=${range.endColumn}`);
    }
  }
  properties.push(`title=${escapeProperty(annotation.title)}`);
  return `::${annotation.level} ${properties.join(",")}::${escapeData(annotation.message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
