// Runs a range of fuzz inputs through the core analysis, one message per input, so the parent can tell
// which input a hang or a dead worker belongs to.
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { analyzeFile, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, prices, ROOT } from "../helpers/memory-workspace.ts";
import { generateInput } from "./inputs.ts";

export interface WorkerJob {
  seed: number;
  start: number;
  end: number;
}

export type WorkerMessage =
  | { type: "start"; index: number }
  | { type: "done"; index: number; kind: string; ms: number; bytes: number; calls: number; findings: number; notAnalysed: number; failure?: string };

const job = workerData as WorkerJob;
const priceTable = prices();

for (let index = job.start; index < job.end; index++) {
  parentPort!.postMessage({ type: "start", index } satisfies WorkerMessage);
  const input = generateInput(job.seed, index);
  const workspace = new Workspace([ROOT], memoryFileSystem(input.files));
  const context: AnalysisContext = { workspace, prices: priceTable, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
  let calls = 0;
  let findings = 0;
  let notAnalysed = 0;
  let failure: string | undefined;
  const started = performance.now();
  for (const entry of input.entries) {
    const file = path.join(ROOT, entry);
    try {
      const analysis = analyzeFile(file, context);
      failure ??= checkAnalysis(analysis, input.files[entry]!);
      calls += analysis.calls.length;
      findings += analysis.findings.length;
      notAnalysed += analysis.findings.filter((finding) => finding.rule === "parse-error" && finding.message.startsWith("Not analysed")).length;
    } catch (error) {
      failure ??= `${entry}: ${(error as Error).stack ?? String(error)}`.slice(0, 2000);
    }
  }
  const ms = performance.now() - started;
  const bytes = Object.values(input.files).reduce((sum, text) => sum + text.length, 0);
  parentPort!.postMessage({ type: "done", index, kind: input.kind, ms, bytes, calls, findings, notAnalysed, ...(failure ? { failure } : {}) } satisfies WorkerMessage);
}

/** What must hold of any analysis, whatever the input: ranges inside the text, numbers finite, costs never negative. */
function checkAnalysis(analysis: ReturnType<typeof analyzeFile>, text: string): string | undefined {
  for (const finding of analysis.findings) {
    // A syntax error at the very end of the text is reported on a one-character range just past it.
    if (finding.offsets.start < 0 || finding.offsets.end > text.length + 1 || finding.offsets.start > finding.offsets.end) return `finding ${finding.rule} out of range: ${JSON.stringify(finding.offsets)}`;
    if (finding.range.line < 1 || finding.range.column < 1) return `finding ${finding.rule} has range ${JSON.stringify(finding.range)}`;
  }
  for (const priced of analysis.calls) {
    const { offsets } = priced.call;
    if (offsets.start < 0 || offsets.end > text.length) return `call out of range: ${JSON.stringify(offsets)}`;
    const total = priced.inputTokens.total;
    if (!Number.isFinite(total) || total < 0) return `input tokens ${total}`;
    const perRequest = priced.cost?.perRequest;
    if (perRequest !== undefined && perRequest !== null && (!Number.isFinite(perRequest) || perRequest < 0)) return `cost ${perRequest}`;
  }
  return undefined;
}
