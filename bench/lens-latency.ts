// Lens latency in the editor's terms, against dist/server.cjs over stdio, on one file of a workspace:
//   open -> first lens        didOpen, then textDocument/codeLens + codeLens/resolve until a lens has a title
//   keystroke -> lens         a keystroke every --interval ms; for each, the time until the server asks for
//                             lenses again (workspace/codeLens/refresh) after analysing it or a later version
//   keystroke -> diagnostics  the same keystrokes, until publishDiagnostics of that or a later version
//
//   node esbuild.mjs && node --import tsx bench/lens-latency.ts --root DIR --file DIR/path/to/file.ts [--edits 60] [--interval 60]
//
// The keystrokes type into the first string literal of the file's first LLM call (found with the CLI).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { LspClient, SERVER, uriOf } from "../test/lsp/lsp-client.ts";

const { values } = parseArgs({ options: { root: { type: "string" }, file: { type: "string" }, edits: { type: "string", default: "60" }, interval: { type: "string", default: "60" } } });
if (!values.root || !values.file) throw new Error("--root DIR --file FILE are required");
const ROOT = path.resolve(values.root);
const FILE = path.resolve(values.file);
const EDITS = Number(values.edits);
const INTERVAL_MS = Number(values.interval);

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
}
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? NaN;
const ms = (value: number) => `${Math.round(value)} ms`;

async function main(): Promise<void> {
  const text = fs.readFileSync(FILE, "utf8");
  const report = JSON.parse(execFileSync(process.execPath, [SERVER, "--lint", FILE, "--format", "json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).toString()) as { calls: { line: number }[] };
  if (report.calls.length === 0) throw new Error(`no LLM call in ${FILE}`);
  const lines = text.split("\n");
  const callLine = report.calls[0]!.line - 1;
  // The first line from the call on that holds a string: type inside it.
  let typeLine = callLine;
  while (typeLine < lines.length && !/["'`]/.test(lines[typeLine]!)) typeLine++;
  const quote = lines[typeLine]!.search(/["'`]/);

  const client = await LspClient.start({ rootPath: ROOT, settings: {} });
  const uri = uriOf(FILE);
  const refreshTimes: number[] = [];
  const serverRequests = client.serverRequests;
  const originalPush = serverRequests.push.bind(serverRequests);
  serverRequests.push = (...items) => {
    for (const item of items) if (item.method === "workspace/codeLens/refresh") refreshTimes.push(performance.now());
    return originalPush(...items);
  };

  const opened = performance.now();
  client.open(uri, text);
  let firstLens = NaN;
  for (;;) {
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
    if (lenses.length > 0) {
      const resolved = await client.request("codeLens/resolve", lenses[0]);
      if (resolved?.command?.title && !resolved.command.title.endsWith("…")) {
        firstLens = performance.now() - opened;
        break;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await client.diagnostics(uri, 1);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const sent: { version: number; at: number }[] = [];
  for (let index = 0; index < EDITS; index++) {
    const version = index + 2;
    const character = quote + 1 + index;
    client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: typeLine, character }, end: { line: typeLine, character } }, text: "x" }] });
    sent.push({ version, at: performance.now() });
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const receipts = client.publishReceipts(uri);
  const toDiagnostics = sent.map(({ version, at }) => (receipts.find((receipt) => receipt.version >= version && receipt.at >= at)?.at ?? NaN) - at);
  const toLens = sent.map(({ version, at }) => {
    const analysed = receipts.find((receipt) => receipt.version >= version && receipt.at >= at)?.at;
    const refresh = analysed === undefined ? undefined : refreshTimes.find((time) => time >= analysed - 20 && time >= at);
    return (refresh ?? NaN) - at;
  });
  await client.shutdown();
  const valid = (samples: number[]) => samples.filter(Number.isFinite);
  console.log(`file: ${path.relative(ROOT, FILE)} (${lines.length} lines, ${report.calls.length} calls), ${EDITS} keystrokes every ${INTERVAL_MS} ms`);
  console.log(`open -> first lens:        ${ms(firstLens)}`);
  console.log(`keystroke -> lens refresh: median ${ms(median(valid(toLens)))}, p95 ${ms(p95(valid(toLens)))} (${valid(toLens).length}/${EDITS} measured)`);
  console.log(`keystroke -> diagnostics:  median ${ms(median(valid(toDiagnostics)))}, p95 ${ms(p95(valid(toDiagnostics)))} (${valid(toDiagnostics).length}/${EDITS} measured)`);
}

await main();
