// Fuzz driver: deterministic inputs (seeded, see inputs.ts) through the core analysis in a worker thread,
// watched from here so a hang or a dead worker is recorded against its input and the run moves on.
//
//   node --import tsx test/fuzz/fuzz.ts --inputs 10000 [--seed 1] [--workers N] [--hang-ms 60000] [--slow-ms 2000] [--json]
//
// Exit code 1 when any input crashed, hung or broke an invariant of the analysis.
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { WorkerJob, WorkerMessage } from "./fuzz-worker.ts";

export interface FuzzOptions {
  inputs: number;
  seed: number;
  /** An input still running after this long is a hang: its worker is stopped and the run resumes after it. */
  hangMs: number;
  /** Inputs slower than this are listed (not failures). */
  slowMs: number;
  /** Worker threads run side by side, each on a contiguous share of the inputs. */
  workers: number;
  onProgress?: (done: number) => void;
}

export interface FuzzProblem {
  index: number;
  kind: string;
  problem: "crash" | "hang" | "invariant" | "worker-died";
  detail: string;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  completed: number;
  wallMs: number;
  bytes: number;
  calls: number;
  findings: number;
  /** Files reported as "Not analysed" (too deeply nested, over a limit) instead of failing. */
  notAnalysed: number;
  byKind: Record<string, number>;
  maxMs: { index: number; kind: string; ms: number };
  slow: { index: number; kind: string; ms: number }[];
  problems: FuzzProblem[];
}

const WORKER_URL = new URL("./fuzz-worker.ts", import.meta.url).href;
/** Node 20 does not carry `--import tsx` into worker threads; the worker registers tsx itself, then loads the .ts module. */
const WORKER_BOOTSTRAP = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); })`;
/** Stop after this many workers in a row die before finishing one input: the harness, not an input, is broken. */
const MAX_CONSECUTIVE_DEATHS = 3;

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = {
    seed: options.seed,
    inputs: options.inputs,
    completed: 0,
    wallMs: 0,
    bytes: 0,
    calls: 0,
    findings: 0,
    notAnalysed: 0,
    byKind: {},
    maxMs: { index: -1, kind: "", ms: 0 },
    slow: [],
    problems: [],
  };
  const started = performance.now();
  const shares = Math.max(1, Math.min(options.workers, options.inputs));
  await Promise.all(
    Array.from({ length: shares }, async (_, share) => {
      const end = Math.floor(((share + 1) * options.inputs) / shares);
      let next = Math.floor((share * options.inputs) / shares);
      let deaths = 0;
      while (next < end) {
        const completedBefore = report.completed;
        next = await runRange(next, end, options, report);
        deaths = report.completed === completedBefore ? deaths + 1 : 0;
        if (deaths >= MAX_CONSECUTIVE_DEATHS) throw new Error(`fuzz: ${deaths} workers in a row failed before finishing an input: ${report.problems.at(-1)?.detail}`);
      }
    }),
  );
  report.wallMs = Math.round(performance.now() - started);
  report.slow.sort((a, b) => b.ms - a.ms);
  return report;
}

/** Runs inputs from `start` in one worker until the end or until it hangs or dies; returns where to resume. */
function runRange(start: number, end: number, options: FuzzOptions, report: FuzzReport): Promise<number> {
  return new Promise((resolve) => {
    const job: WorkerJob = { seed: options.seed, start, end };
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: job, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    let current = start;
    let watchdog: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (resumeAt: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      void worker.terminate().then(() => resolve(resumeAt));
    };
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        report.problems.push({ index: current, kind: "?", problem: "hang", detail: `still running after ${options.hangMs} ms` });
        finish(current + 1);
      }, options.hangMs);
    };
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "start") {
        current = message.index;
        arm();
        return;
      }
      report.completed++;
      report.bytes += message.bytes;
      report.calls += message.calls;
      report.findings += message.findings;
      report.notAnalysed += message.notAnalysed;
      const family = message.kind.replace(/:\d+$/, "");
      report.byKind[family] = (report.byKind[family] ?? 0) + 1;
      const ms = Math.round(message.ms);
      if (ms > report.maxMs.ms) report.maxMs = { index: message.index, kind: message.kind, ms };
      if (ms > options.slowMs) report.slow.push({ index: message.index, kind: message.kind, ms });
      if (message.failure) {
        const problem = message.failure.includes("\n    at ") ? "crash" : "invariant";
        report.problems.push({ index: message.index, kind: message.kind, problem, detail: message.failure });
      }
      options.onProgress?.(report.completed);
      if (message.index + 1 >= end) finish(end);
    });
    worker.on("error", (error) => {
      report.problems.push({ index: current, kind: "?", problem: "worker-died", detail: String(error.stack ?? error) });
      finish(current + 1);
    });
    worker.on("exit", (code) => {
      if (settled) return;
      report.problems.push({ index: current, kind: "?", problem: "worker-died", detail: `worker exited with code ${code}` });
      finish(current + 1);
    });
  });
}

function flag(argv: string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value)) throw new Error(`${name} needs a number`);
  return value;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const options: FuzzOptions = {
    inputs: flag(argv, "--inputs", 1000),
    seed: flag(argv, "--seed", 1),
    hangMs: flag(argv, "--hang-ms", 60_000),
    slowMs: flag(argv, "--slow-ms", 2000),
    workers: flag(argv, "--workers", availableParallelism()),
    onProgress: (done) => {
      if (done % 500 === 0) process.stderr.write(`fuzz: ${done} inputs\n`);
    },
  };
  const report = await runFuzz(options);
  if (argv.includes("--json")) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else {
    const { slow, ...summary } = report;
    process.stdout.write(JSON.stringify({ ...summary, slow: slow.slice(0, 15) }, null, 2) + "\n");
  }
  process.exitCode = report.problems.length > 0 ? 1 : 0;
}
