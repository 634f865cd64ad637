// `--fix` and `--fix-dry-run`: the edits the report's findings already carry (an output cap, a cache
// marker), applied to the files. --fix-dry-run prints them as a diff and writes nothing; --fix writes
// them. Edits that overlap an edit already taken in the same file are left for the next run.
import * as fs from "node:fs";
import * as path from "node:path";
import type { JsonReport } from "../core/report.ts";
import type { SourceRange } from "../core/types.ts";
import { fileErrorReason } from "./fs-errors.ts";
import { UsageError } from "./usage-error.ts";

type Edit = SourceRange & { text: string };

export interface FixedFile {
  file: string;
  before: string;
  after: string;
  /** The changed regions, as lines of the old and the new text, for the diff. */
  hunks: { oldStart: number; oldLines: string[]; newStart: number; newLines: string[] }[];
  fixes: number;
}

/** The fixed text of every file with a fixable finding (paths in the report are relative to `cwd`). */
export function computeFixes(report: JsonReport, cwd: string): FixedFile[] {
  const byFile = new Map<string, Edit[][]>();
  // A fix that needs input (an annotation with its value left to fill in) is the editor's to offer, not --fix's to write.
  for (const finding of report.findings) if (finding.fix && !finding.fix.needsInput) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding.fix.edits]);
  const fixed: FixedFile[] = [];
  for (const [file, fixes] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const raw = readText(path.resolve(cwd, file), file);
    if (raw === undefined) continue;
    const bom = raw.startsWith("\uFEFF") ? "\uFEFF" : "";
    const text = raw.slice(bom.length);
    const lineStarts = lineStartsOf(text);
    const offset = (line: number, column: number): number => (lineStarts[line - 1] ?? text.length) + column - 1;
    const taken: { start: number; end: number; text: string; line: number; endLine: number }[] = [];
    let applied = 0;
    for (const edits of fixes) {
      const spans = edits.map((edit) => ({ start: offset(edit.line, edit.column), end: offset(edit.endLine, edit.endColumn), text: edit.text, line: edit.line, endLine: edit.endLine }));
      if (spans.some((span) => taken.some((other) => span.start < other.end && other.start < span.end) || taken.some((other) => span.start === other.start && span.end === other.end))) continue;
      taken.push(...spans);
      applied++;
    }
    if (applied === 0) continue;
    taken.sort((a, b) => b.start - a.start);
    let after = text;
    for (const span of taken) after = after.slice(0, span.start) + span.text + after.slice(span.end);
    fixed.push({ file, before: bom + text, after: bom + after, hunks: hunksOf(text, taken, lineStarts), fixes: applied });
  }
  return fixed;
}

/** One hunk per run of lines the edits touch, old lines against new. */
function hunksOf(text: string, spans: { start: number; end: number; text: string; line: number; endLine: number }[], lineStarts: readonly number[]): FixedFile["hunks"] {
  const ascending = [...spans].sort((a, b) => a.start - b.start);
  const regions: { first: number; last: number; spans: typeof spans }[] = [];
  for (const span of ascending) {
    const region = regions[regions.length - 1];
    if (region && span.line <= region.last) {
      region.last = Math.max(region.last, span.endLine);
      region.spans.push(span);
    } else regions.push({ first: span.line, last: span.endLine, spans: [span] });
  }
  let shift = 0;
  return regions.map((region) => {
    const start = lineStarts[region.first - 1]!;
    const end = region.last < lineStarts.length ? lineStarts[region.last]! : text.length;
    const old = text.slice(start, end);
    let updated = old;
    for (const span of [...region.spans].reverse()) updated = updated.slice(0, span.start - start) + span.text + updated.slice(span.end - start);
    const oldLines = splitLines(old);
    const newLines = splitLines(updated);
    const hunk = { oldStart: region.first, oldLines, newStart: region.first + shift, newLines };
    shift += newLines.length - oldLines.length;
    return hunk;
  });
}

/** Where each line starts, with the line breaks the TypeScript parser counts (its lines are the report's). */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === "\r" && text[index + 1] === "\n") continue;
    if (char === "\n" || char === "\r" || char === "\u2028" || char === "\u2029") starts.push(index + 1);
  }
  return starts;
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** A unified diff of the fixes, as `git diff` prints one (without context lines). */
export function formatFixDiff(fixed: readonly FixedFile[]): string {
  const out: string[] = [];
  for (const file of fixed) {
    out.push(`--- a/${file.file}`, `+++ b/${file.file}`);
    for (const hunk of file.hunks) {
      out.push(`@@ -${hunk.oldStart},${hunk.oldLines.length} +${hunk.newStart},${hunk.newLines.length} @@`);
      out.push(...hunk.oldLines.map((line) => `-${line}`), ...hunk.newLines.map((line) => `+${line}`));
    }
  }
  return out.length > 0 ? out.join("\n") + "\n" : "";
}

export function writeFixes(fixed: readonly FixedFile[], cwd: string): void {
  for (const file of fixed) {
    try {
      fs.writeFileSync(path.resolve(cwd, file.file), file.after);
    } catch (error) {
      throw new UsageError(`cannot write the fixes to ${file.file}: ${fileErrorReason(error)}`);
    }
  }
}

/** The file as UTF-8 text; a file that is not (UTF-16, Latin-1) is left unfixed rather than rewritten. */
function readText(absolute: string, file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absolute);
  } catch (error) {
    throw new UsageError(`cannot read ${file} to fix it: ${fileErrorReason(error)}`);
  }
  const text = bytes.toString("utf8");
  return text.includes("\uFFFD") || text.includes("\u0000") ? undefined : text;
}
