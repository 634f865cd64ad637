// The o200k_base tokenizer's load time and memory: js-tiktoken's `Tiktoken` against promptcost's compact
// counter (server/src/core/tokens/compact-bpe.ts) over the same rank data, each in a fresh process so
// neither sees the other's garbage. Memory is what stays reachable after a full GC, and the RSS growth.
//
//   node --import tsx bench/tokenizer-table.ts [--runs 5]
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { CompactBpeCounter } from "../server/src/core/tokens/compact-bpe.ts";

interface Sample {
  loadMs: number;
  retainedMb: number;
  rssGrowthMb: number;
}

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, measure: { type: "string" } } });

function measure(kind: string): Sample {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  gc();
  const before = process.memoryUsage();
  const start = performance.now();
  const encoder = kind === "js-tiktoken" ? new Tiktoken(o200kBase) : new CompactBpeCounter(o200kBase);
  const loadMs = performance.now() - start;
  gc();
  const after = process.memoryUsage();
  // Keep the encoder reachable through the second measurement.
  if (!encoder) throw new Error("no encoder");
  const reachable = (usage: NodeJS.MemoryUsage) => usage.heapUsed + usage.arrayBuffers;
  return { loadMs, retainedMb: (reachable(after) - reachable(before)) / 1e6, rssGrowthMb: (after.rss - before.rss) / 1e6 };
}

if (values.measure) {
  process.stdout.write(JSON.stringify(measure(values.measure)));
} else {
  const self = fileURLToPath(import.meta.url);
  const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  const result: Record<string, Sample> = {};
  for (const kind of ["js-tiktoken", "compact"]) {
    const samples: Sample[] = [];
    for (let run = 0; run < Number(values.runs); run++) {
      const output = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", self, "--measure", kind], { encoding: "utf8" });
      samples.push(JSON.parse(output) as Sample);
    }
    result[kind] = {
      loadMs: Math.round(median(samples.map((sample) => sample.loadMs))),
      retainedMb: Number(median(samples.map((sample) => sample.retainedMb)).toFixed(1)),
      rssGrowthMb: Number(median(samples.map((sample) => sample.rssGrowthMb)).toFixed(1)),
    };
  }
  const machine = { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))) };
  console.log(JSON.stringify({ machine, encoding: "o200k_base", runs: Number(values.runs), median: result }, null, 2));
}
