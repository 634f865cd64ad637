// `promptcost --lint` throughput, side by side in one run, against
//   parse-only  every file the linter visits read and parsed by the same TypeScript compiler, one thread
//   ESLint      `eslint` with @typescript-eslint/parser and no rules (when installed in --eslint DIR)
// on the synthetic workspace (bench/throughput/generate.ts) and on any real repositories given. Each
// figure is process start to exit, the median of --runs runs.
//
//   node esbuild.mjs && node --import tsx bench/throughput/run.ts [--runs 3] [--repo DIR ...] [--eslint /tmp/eslint-bench]
//
// ESLint is installed outside the project, never as a dependency of it:
//   mkdir /tmp/eslint-bench && cd /tmp/eslint-bench && npm init -y && npm i eslint@9 @typescript-eslint/parser@8
// with an eslint.config.mjs there that sets the parser for **/*.{ts,tsx,js,...} and no rules.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { collectFiles } from "../../server/src/core/workspace/collect-files.ts";
import { REPO_ROOT, SERVER } from "../../test/lsp/lsp-client.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    repo: { type: "string", multiple: true, default: [] },
    eslint: { type: "string", default: "/tmp/eslint-bench" },
    synthetic: { type: "string", default: "/tmp/promptcost-bench/synthetic" },
  },
});
const RUNS = Number(values.runs);
const PARSE_ONLY = path.join(REPO_ROOT, "bench", "throughput", "parse-only.cjs");
const ESLINT_BIN = path.join(values.eslint, "node_modules", "eslint", "bin", "eslint.js");
const ESLINT_CONFIG = path.join(values.eslint, "eslint.config.mjs");

interface Timed {
  medianMs: number;
  runsMs: number[];
  detail: string;
}

function timed(command: string[], cwd: string, describe: (stdout: string) => string): Timed {
  const runsMs: number[] = [];
  let detail = "";
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, command, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
    runsMs.push(Math.round(performance.now() - start));
    if (result.status !== 0 && result.status !== 1) throw new Error(`${command.join(" ")} exited ${result.status}: ${result.stderr}`);
    detail = describe(result.stdout);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, runsMs, detail };
}

if (!fs.existsSync(values.synthetic)) {
  spawnSync(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "bench", "throughput", "generate.ts"), "--out", values.synthetic], { stdio: "inherit", cwd: REPO_ROOT });
}

const results = [];
for (const directory of [values.synthetic, ...values.repo].map((entry) => path.resolve(entry))) {
  const files = collectFiles([directory], { baseDirectory: directory });
  const lines = files.reduce((sum, file) => sum + fs.readFileSync(file, "utf8").split("\n").length, 0);
  const listFile = path.join(os.tmpdir(), `promptcost-throughput-${path.basename(directory)}.json`);
  fs.writeFileSync(listFile, JSON.stringify(files));
  const promptcost = timed([SERVER, "--lint", ".", "--format", "json"], directory, (stdout) => {
    const summary = JSON.parse(stdout).summary;
    return `${summary.files} files, ${summary.calls} calls`;
  });
  const parseOnly = timed([PARSE_ONLY, listFile], directory, (stdout) => `${JSON.parse(stdout).files} files`);
  const eslint = fs.existsSync(ESLINT_BIN)
    ? timed([ESLINT_BIN, "-c", ESLINT_CONFIG, "--no-warn-ignored", "-f", "json", "."], directory, (stdout) => `${JSON.parse(stdout).length} files`)
    : null;
  results.push({ workspace: directory, files: files.length, lines, promptcost, parseOnly, eslint, ratioToParseOnly: Number((promptcost.medianMs / parseOnly.medianMs).toFixed(2)) });
}

const report = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))) },
  runs: RUNS,
  results,
};
const out = path.join(REPO_ROOT, "bench", "out", "throughput");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "results.json"), JSON.stringify(report, null, 2) + "\n");
console.log("| workspace | files | lines | promptcost --lint | parse-only | ratio | ESLint (parser only) |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const result of results) {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `| ${path.basename(result.workspace)} | ${result.files.toLocaleString("en-US")} | ${result.lines.toLocaleString("en-US")} | ${seconds(result.promptcost.medianMs)} (${result.promptcost.detail}) | ${seconds(result.parseOnly.medianMs)} | ${result.ratioToParseOnly}× | ${result.eslint ? seconds(result.eslint.medianMs) : "not installed"} |`,
  );
}
console.log(`machine: ${report.machine.cpus} × ${report.machine.model}, Node ${report.machine.node}, load ${report.machine.loadAverage.join(" ")}`);
