// Cold start of the built program (dist/), each figure over fresh processes:
//   --version       process start to exit of `node dist/server.cjs --version`
//   first diagnostics  spawn of `node dist/server.cjs --stdio` to the first publishDiagnostics with findings
//                   for a file with LLM calls (initialize, didOpen, analysis, tokenizer and price table load)
//   --lint examples    process start to exit of `node dist/server.cjs --lint examples --format json`
// and, in process, what the first analysis spends loading: the engine bundle, the tokenizer ranks, the
// price table.
//
//   node esbuild.mjs && node --import tsx bench/cold-start.ts [--runs N]
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { LspClient, REPO_ROOT, SERVER, uriOf } from "../test/lsp/lsp-client.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
const RUNS = Number(values.runs);
const EXAMPLE = path.join(REPO_ROOT, "examples", "src", "features", "support-reply.ts");

function timeProcess(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [SERVER, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** Spawn of the server to its initialize result: what the extension waits for before the server is ready. */
async function timeInitialize(): Promise<number> {
  const start = performance.now();
  const client = await LspClient.start({ rootPath: path.join(REPO_ROOT, "examples"), settings: {} });
  const elapsed = performance.now() - start;
  await client.shutdown();
  return elapsed;
}

/** Loading the extension's client bundle (dist/client.cjs) with a stand-in for the `vscode` module. */
function clientLoadMs(): number {
  const script = `
    const Module = require("node:module");
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) { return request === "vscode" ? "vscode" : resolve.call(this, request, ...rest); };
    require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: new Proxy({}, { get: () => new Proxy(function () {}, { get: () => ({}) }) }) };
    const { performance } = require("node:perf_hooks");
    const t0 = performance.now();
    const client = require(${JSON.stringify(path.join(REPO_ROOT, "dist", "client.cjs"))});
    process.stdout.write(JSON.stringify({ ms: performance.now() - t0, activate: typeof client.activate }));
  `;
  const result = JSON.parse(spawnSync(process.execPath, ["-e", script], { encoding: "utf8" }).stdout);
  if (result.activate !== "function") throw new Error("dist/client.cjs exports no activate()");
  return Math.round(result.ms);
}

async function timeFirstDiagnostics(): Promise<number> {
  const start = performance.now();
  const client = await LspClient.start({ rootPath: path.join(REPO_ROOT, "examples"), settings: {} });
  const uri = uriOf(EXAMPLE);
  client.open(uri, fs.readFileSync(EXAMPLE, "utf8"));
  const published = await client.waitForNotification("textDocument/publishDiagnostics", (params: { uri: string; diagnostics: unknown[] }) => params.uri === uri && params.diagnostics.length > 0);
  const elapsed = performance.now() - start;
  if (published.diagnostics.length === 0) throw new Error("no findings");
  await client.shutdown();
  return elapsed;
}

function summary(samples: number[]): { median: number; p95: number; min: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: Math.round(at(0.5)), p95: Math.round(at(0.95)), min: Math.round(sorted[0]!) };
}

/** Load costs, each in a fresh process so nothing is warm. */
function loadBreakdown(): Record<string, number> {
  const script = `
    const { performance } = require("node:perf_hooks");
    const t0 = performance.now();
    const engine = require(${JSON.stringify(path.join(REPO_ROOT, "dist", "engine.cjs"))});
    const t1 = performance.now();
    process.stdout.write(JSON.stringify({ engineRequireMs: t1 - t0, exports: Object.keys(engine).length }));
  `;
  const engine = JSON.parse(spawnSync(process.execPath, ["-e", script], { encoding: "utf8" }).stdout);
  const tokenizer = JSON.parse(
    spawnSync(process.execPath, ["--import", "tsx", "-e", `
      const { performance } = require("node:perf_hooks");
      import(${JSON.stringify(path.join(REPO_ROOT, "server/src/core/tokens/count-text.ts"))}).then((m) => {
        const t0 = performance.now(); m.countTextTokens("hello", "o200k_base"); const t1 = performance.now();
        m.countTextTokens("hello", "cl100k_base"); const t2 = performance.now();
        process.stdout.write(JSON.stringify({ o200k: t1 - t0, cl100k: t2 - t1 }));
      });`], { encoding: "utf8", cwd: REPO_ROOT }).stdout,
  );
  const prices = JSON.parse(
    spawnSync(process.execPath, ["--import", "tsx", "-e", `
      const { performance } = require("node:perf_hooks");
      import(${JSON.stringify(path.join(REPO_ROOT, "server/src/core/pricing/price-table.ts"))}).then((m) => {
        const t0 = performance.now(); m.loadPriceTable(); process.stdout.write(JSON.stringify({ ms: performance.now() - t0 }));
      });`], { encoding: "utf8", cwd: REPO_ROOT }).stdout,
  );
  return { engineRequireMs: Math.round(engine.engineRequireMs), o200kLoadMs: Math.round(tokenizer.o200k), cl100kLoadMs: Math.round(tokenizer.cl100k), priceTableLoadMs: Math.round(prices.ms) };
}

const version = Array.from({ length: RUNS }, () => timeProcess(["--version"]));
const lint = Array.from({ length: Math.max(3, Math.ceil(RUNS / 3)) }, () => timeProcess(["--lint", "examples", "--format", "json"]));
const diagnostics: number[] = [];
for (let run = 0; run < Math.max(3, Math.ceil(RUNS / 2)); run++) diagnostics.push(await timeFirstDiagnostics());

const initialize: number[] = [];
for (let run = 0; run < Math.max(3, Math.ceil(RUNS / 2)); run++) initialize.push(await timeInitialize());
const clientLoad = Array.from({ length: 5 }, () => clientLoadMs());

const sizes = Object.fromEntries(["server.cjs", "engine.cjs", "typescript.cjs", "client.cjs"].map((name) => [name, fs.statSync(path.join(REPO_ROOT, "dist", name)).size]));
const result = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))) },
  versionMs: summary(version),
  firstDiagnosticsMs: summary(diagnostics),
  serverInitializeMs: summary(initialize),
  clientBundleLoadMs: summary(clientLoad),
  lintExamplesMs: summary(lint),
  load: loadBreakdown(),
  bundleBytes: sizes,
};
console.log(JSON.stringify(result, null, 2));
