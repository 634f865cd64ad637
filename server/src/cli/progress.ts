import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { SetupPart, SharedWork } from "../core/shared-work.ts";

/** Where progress goes: stderr, so a report on stdout (or in a pipe) stays clean. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A run this long before the first progress line: short runs print nothing extra. */
const QUIET_START_MS = 1000;
/** At most this often the line is redrawn. */
const REDRAW_MS = 100;
const SLOWEST_SHOWN = 10;

/**
 * Progress of a lint run. On a terminal, one line on stderr redrawn in place after the first second (files
 * done/total, calls found, current file) and cleared at the end. Not on a terminal (CI), nothing, unless
 * `--debug`: then each file's time as it finishes and the slowest files at the end, each with the part of it
 * spent indexing files that the analyses after it reuse and the part that was the run's setup (shared-work.ts).
 * Times are only shown, never used in the report, which stays the same under any load.
 */
export class LintProgress {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;
  private done = 0;
  private calls = 0;
  private readonly timings: { file: string; ms: number; parts: FileParts }[] = [];

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly options: { cwd: string; debug: boolean; live: boolean; clock?: () => number; shared?: SharedWork },
  ) {
    this.started = this.now();
  }

  private now(): number {
    return this.options.clock ? this.options.clock() : performance.now();
  }

  /** Times one file's analysis; `analyse` says whether the result came from the cache. */
  time<T extends { calls: unknown[] }>(file: string, analyse: () => { analysis: T; cached: boolean }): T {
    const shared = this.options.shared;
    if (shared) shared.analysing = file;
    const sharedBefore = shared?.ms ?? 0;
    const setupBefore = shared?.setupMs ?? 0;
    const start = this.now();
    const { analysis, cached } = analyse();
    this.fileDone(file, this.now() - start, analysis.calls.length, cached, { sharedMs: (shared?.ms ?? 0) - sharedBefore, setupMs: (shared?.setupMs ?? 0) - setupBefore });
    return analysis;
  }

  fileDone(file: string, ms: number, calls: number, cached = false, parts: FileParts = { sharedMs: 0, setupMs: 0 }): void {
    this.done++;
    this.calls += calls;
    if (this.options.debug) {
      if (!cached) this.timings.push({ file, ms, parts });
      this.clearLine();
      this.stream.write(`promptcost: ${(cached ? "cached" : formatMs(ms)).padStart(8)}  ${this.relative(file)}${cached ? "" : partsOf(parts)}\n`);
    }
    if (!this.options.live) return;
    const now = this.now();
    if (now - this.started < QUIET_START_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.draw(file);
  }

  /** Clears the live line; with --debug, prints the slowest files. */
  finish(): void {
    this.clearLine();
    if (!this.options.debug || this.timings.length === 0) return;
    const slowest = [...this.timings].sort((a, b) => b.ms - a.ms || a.file.localeCompare(b.file)).slice(0, SLOWEST_SHOWN);
    const total = this.now() - this.started;
    const shared = this.timings.reduce((sum, { parts }) => sum + parts.sharedMs, 0);
    const work = this.options.shared;
    const said: string[] = [];
    if (shared >= 0.05 && work) said.push(`${formatMs(shared)} of it indexing, each once for every file: imported files ${formatMs(work.byKind.imports)} for ${work.entriesMade.toLocaleString("en-US")} ${work.entriesMade === 1 ? "entry" : "entries"}, the project's classes ${formatMs(work.byKind.classes)}`);
    if (work && work.setupMs >= 0.05) said.push(`${formatMs(work.setupMs)} the run's setup: ${setupParts(work)}`);
    const indexed = said.length > 0 ? ` (${said.join("; ")})` : "";
    this.stream.write(`promptcost: ${this.done.toLocaleString("en-US")} files (${this.timings.length.toLocaleString("en-US")} analysed) in ${formatMs(total)}${indexed}; the ${slowest.length} slowest:\n`);
    for (const { file, ms, parts } of slowest) this.stream.write(`promptcost: ${formatMs(ms).padStart(8)}  ${this.relative(file)}${partsOf(parts)}\n`);
    this.writeSlowestEntries();
  }

  /** With --debug: the index entries that took longest, each its own part (the entries made inside it left out). */
  private writeSlowestEntries(): void {
    const entries = [...(this.options.shared?.entries ?? [])].sort(([a, x], [b, y]) => y.ms - x.ms || a.localeCompare(b)).slice(0, SLOWEST_SHOWN);
    if (entries.length === 0) return;
    this.stream.write(`promptcost: the ${entries.length} slowest index entries, each its own part (the entries made inside it left out):\n`);
    for (const [file, { ms, made }] of entries) this.stream.write(`promptcost: ${formatMs(ms).padStart(8)}  ${this.relative(file)}${made > 1 ? ` (made ${made} times)` : ""}\n`);
  }

  private draw(file: string): void {
    const counts = `${this.done.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} files, ${this.calls.toLocaleString("en-US")} ${this.calls === 1 ? "call" : "calls"}`;
    const width = Math.max(40, (this.stream.columns ?? 80) - 1);
    const room = width - counts.length - "promptcost:  ".length;
    const name = this.relative(file);
    const shown = room <= 3 ? "" : name.length <= room ? name : `…${name.slice(name.length - room + 1)}`;
    this.stream.write(`\r\x1b[2Kpromptcost: ${counts} ${shown}`);
    this.drawn = true;
  }

  private clearLine(): void {
    if (!this.drawn) return;
    this.stream.write("\r\x1b[2K");
    this.drawn = false;
  }

  private relative(file: string): string {
    return path.relative(this.options.cwd, file).split(path.sep).join("/");
  }
}

/** The parts of a file's time that are not its own analysis: indexing for the files after it, the run's setup. */
interface FileParts {
  sharedMs: number;
  setupMs: number;
}

/**
 * ` (1.71 s of it indexing for later files)` when part of a file's time made what the files after it reuse,
 * `, 152.0 ms the run's setup` when the file was the first to need part of it.
 */
function partsOf({ sharedMs, setupMs }: FileParts): string {
  const said: string[] = [];
  if (sharedMs >= 0.05) said.push(`${formatMs(sharedMs)} of it indexing for later files`);
  if (setupMs >= 0.05) said.push(`${formatMs(setupMs)} ${said.length > 0 ? "" : "of it "}the run's setup`);
  return said.length > 0 ? ` (${said.join(", ")})` : "";
}

/** `the compiler's load 150.0 ms, the project's import names 236.0 ms`: the parts of the setup a run made. */
function setupParts(work: SharedWork): string {
  const names: Record<SetupPart, string> = { compiler: "the compiler's load", tokenizer: "the tokenizer's tables", importNames: "the project's import names" };
  return (Object.keys(names) as SetupPart[])
    .filter((part) => work.setupByPart[part] >= 0.05)
    .map((part) => `${names[part]} ${formatMs(work.setupByPart[part])}`)
    .join(", ");
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
