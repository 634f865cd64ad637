// Lens latency in the editor's terms, against dist/server.cjs over stdio, on one file of a workspace:
//   open -> first lens        didOpen, then textDocument/codeLens + codeLens/resolve until a lens has a title
//   keystroke -> lens         a keystroke every --interval ms; for each, the time until the server asks for
//                             lenses again (workspace/codeLens/refresh) after analysing it or a later version
//   keystroke -> diagnostics  the same keystrokes, until publishDiagnostics of that or a later version
// Then the analysis alone, in process (the server's WorkspaceIndex, default settings), in CPU time, which a
// shared machine's load inflates far less than wall time: the first analysis of the file, then the same
// keystrokes one at a time.
//
//   node esbuild.mjs && node --import tsx bench/lens-latency.ts --root DIR --file DIR/path/to/file.ts [--edits 60] [--interval 60] [--profile DIR] [--opens N] [--storage DIR [--report-first]] [--place string|comment] [--cpu-edits N]
//
// --cpu-edits N types N keystrokes in the in-process part (default: --edits), for a p95 of more samples.
// --profile DIR writes the server's CPU profile there (build unminified: `node esbuild.mjs`).
// --opens N first opens the file in N fresh servers one after the other (open -> first lens, and -> the
// session's own analysis when the first lens came from the store; the server's start, spawn -> initialized,
// beside it), then measures keystrokes in one more.
// --no-prefetch starts the servers without the workspace folder in PROMPTCOST_PREFETCH_FOLDERS (the VS Code
// client names it, so the server reads the folder's files on a second thread as it starts).
// --report-first (with --storage) makes the workspace report in a server session before the opens, storing
// the analysis of each file with calls, as a user's earlier session with the status bar did.
// --storage DIR is the `storagePath` given to each server (as VS Code gives its workspace storage): the
// opens after the first then show the analysis the previous server stored. Without it, none is stored.
// A CLI cache in the root (`promptcost --lint . --cache` run there first: node_modules/.cache/promptcost) is
// shown on every open whose file and dependencies are unchanged, when no stored analysis is; "(CLI cache)".
//
// The keystrokes type into the first string literal from the file's first lens on (its first LLM call), or
// with --place comment at the end of the first line comment from there on.
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { loadPriceTable } from "../server/src/core/pricing/price-table.ts";
import { DEFAULT_SETTINGS } from "../server/src/core/settings.ts";
import { WorkspaceIndex } from "../server/src/lsp/workspace-index.ts";
import { LspClient, uriOf } from "../test/lsp/lsp-client.ts";

const { values } = parseArgs({ options: { root: { type: "string" }, file: { type: "string" }, edits: { type: "string", default: "60" }, interval: { type: "string", default: "60" }, profile: { type: "string" }, opens: { type: "string", default: "0" }, storage: { type: "string" }, place: { type: "string", default: "string" }, "cpu-edits": { type: "string" }, "workspace-diagnostics": { type: "boolean", default: false }, "workspace-report": { type: "boolean", default: false }, "report-first": { type: "boolean", default: false }, "no-prefetch": { type: "boolean", default: false } } });
if (!values.root || !values.file) throw new Error("--root DIR --file FILE are required");
const ROOT = path.resolve(values.root);
const FILE = path.resolve(values.file);
const EDITS = Number(values.edits);
const INTERVAL_MS = Number(values.interval);
const CPU_EDITS = Number(values["cpu-edits"] ?? values.edits);

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
}
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? NaN;
const ms = (value: number) => `${Math.round(value)} ms`;

const OPENS = Number(values.opens);
const initializationOptions = values.storage ? { storagePath: path.resolve(values.storage) } : undefined;
/** --workspace-diagnostics: the workspace-wide analysis (`promptcost.workspaceDiagnostics`) runs from the start, as it does for a user who turned it on. */
const SETTINGS = values["workspace-diagnostics"] ? { workspaceDiagnostics: true } : {};

/**
 * --workspace-report: asks for the workspace report (every file of the workspace analysed) right before the
 * file is opened, as the VS Code status bar does when the extension starts; the file's open and keystrokes
 * then run while it is being made. Resolves to when it was answered.
 */
function startWorkspaceReport(client: LspClient): Promise<number> | undefined {
  if (!values["workspace-report"]) return undefined;
  return client.request("promptcost/workspaceReport", {}).then(() => performance.now());
}

/** A fresh server opens the file: ms to the first titled lens, and to the session's own analysis (publishDiagnostics after a stored one). */
async function openOnce(text: string): Promise<{ firstLens: number; firstDiagnostics: number; ownAnalysis: number; fromStore: "stored" | "CLI cache" | undefined; differs: boolean; title: string; reportDone: number; startup: number }> {
  const spawned = performance.now();
  const client = await LspClient.start({ rootPath: ROOT, settings: SETTINGS, initializationOptions, prefetch: !values["no-prefetch"] });
  const uri = uriOf(FILE);
  const report = startWorkspaceReport(client);
  const opened = performance.now();
  // Spawn -> initialized: what a server's start costs before the editor sends the open document.
  const startup = opened - spawned;
  client.open(uri, text);
  let firstLens = NaN;
  let title = "";
  for (let attempt = 0; ; attempt++) {
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
    if (lenses.length === 0 && attempt > 3000) throw new Error(`no lens in ${FILE} after 30 s`);
    const resolved = lenses.length > 0 ? await client.request("codeLens/resolve", lenses[0]) : undefined;
    if (resolved?.command?.title && !resolved.command.title.endsWith("…")) {
      firstLens = performance.now() - opened;
      title = resolved.command.title;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // A stored analysis is published, then the session's own: two publications of version 1.
  await client.diagnostics(uri, 1);
  const logged = (pattern: RegExp) => client.notifications.some((message) => message.method === "window/logMessage" && pattern.test(message.params?.message ?? ""));
  const fromStore = logged(/from a stored analysis|from the CLI's cache/) ? (logged(/from the CLI's cache/) ? "CLI cache" : "stored") : undefined;
  // The session's own analysis after a stored or cached one: seconds, tens at a high load on a heavy file.
  const deadline = performance.now() + 120_000;
  while (fromStore && client.publishReceipts(uri).length < 2 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const receipts = client.publishReceipts(uri);
  const ownAnalysis = (fromStore ? receipts[1]!.at : receipts[0]!.at) - opened;
  const firstDiagnostics = receipts[0]!.at - opened;
  const differs = logged(/this session's analysis .* differs from/);
  // Time for the server to store this analysis (a second after it) before it is shut down.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const reportDone = report ? (await report) - opened : NaN;
  await client.shutdown();
  return { firstLens, firstDiagnostics, ownAnalysis, fromStore, differs, title, reportDone, startup };
}

/**
 * --report-first (with --storage): before the opens, a server with that storage makes the workspace report
 * (every file analysed, each one with calls stored) without opening the file, as a user's earlier session did.
 */
async function reportFirst(): Promise<void> {
  const client = await LspClient.start({ rootPath: ROOT, settings: SETTINGS, initializationOptions, prefetch: !values["no-prefetch"] });
  const started = performance.now();
  await client.request("promptcost/workspaceReport", {});
  console.log(`workspace report in a session before: ${ms(performance.now() - started)}`);
  await client.shutdown();
}

async function main(): Promise<void> {
  const text = fs.readFileSync(FILE, "utf8");
  const lines = text.split("\n");
  if (values["report-first"]) {
    if (!values.storage) throw new Error("--report-first needs --storage DIR");
    await reportFirst();
  }
  if (OPENS > 0) {
    const opens = [];
    for (let index = 0; index < OPENS; index++) {
      const open = await openOnce(text);
      opens.push(open);
      console.log(`open ${index + 1}: start ${ms(open.startup)}, first lens ${ms(open.firstLens)} (${ms(open.startup + open.firstLens)} from the spawn), first diagnostics ${ms(open.firstDiagnostics)}${open.fromStore ? ` (${open.fromStore}), own analysis ${ms(open.ownAnalysis)}${open.differs ? ", which differs" : ""}` : ""}${Number.isNaN(open.reportDone) ? "" : `, workspace report ${ms(open.reportDone)}`}; ${open.title}`);
    }
    const stored = opens.filter((open) => open.fromStore);
    const fresh = opens.filter((open) => !open.fromStore);
    if (fresh.length > 0) console.log(`open -> first lens, analysed:  median ${ms(median(fresh.map((open) => open.firstLens)))}, p95 ${ms(p95(fresh.map((open) => open.firstLens)))} (${fresh.length} opens); spawn -> first lens median ${ms(median(fresh.map((open) => open.startup + open.firstLens)))}`);
    if (stored.length > 0) console.log(`open -> first lens, ${stored[0]!.fromStore}: median ${ms(median(stored.map((open) => open.firstLens)))}, p95 ${ms(p95(stored.map((open) => open.firstLens)))}; first diagnostics median ${ms(median(stored.map((open) => open.firstDiagnostics)))}, p95 ${ms(p95(stored.map((open) => open.firstDiagnostics)))} (${stored.length} opens; own analysis median ${ms(median(stored.map((open) => open.ownAnalysis)))})`);
  }
  const client = await LspClient.start({ rootPath: ROOT, settings: SETTINGS, execArgv: values.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values.profile)}`] : [], prefetch: !values["no-prefetch"] });
  const uri = uriOf(FILE);
  const refreshTimes: number[] = [];
  const serverRequests = client.serverRequests;
  const originalPush = serverRequests.push.bind(serverRequests);
  serverRequests.push = (...items) => {
    for (const item of items) if (item.method === "workspace/codeLens/refresh") refreshTimes.push(performance.now());
    return originalPush(...items);
  };

  const report = startWorkspaceReport(client);
  const opened = performance.now();
  client.open(uri, text);
  let firstLens = NaN;
  let callLine = -1;
  let lensCount = 0;
  for (let attempt = 0; ; attempt++) {
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
    if (lenses.length === 0 && attempt > 3000) throw new Error(`no lens in ${FILE} after 30 s`);
    if (lenses.length > 0) {
      callLine = lenses[0].range.start.line;
      lensCount = lenses.length;
      const resolved = await client.request("codeLens/resolve", lenses[0]);
      if (resolved?.command?.title && !resolved.command.title.endsWith("…")) {
        firstLens = performance.now() - opened;
        break;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await client.diagnostics(uri, 1);
  // Shown from a stored or cached analysis: the keystrokes start once the session's own analysis is done (a
  // keystroke typed during it waits for it, as one typed during a first analysis without a cache does).
  const shownEarlier = client.notifications.some((message) => message.method === "window/logMessage" && /from a stored analysis|from the CLI's cache/.test(message.params?.message ?? ""));
  if (shownEarlier) {
    const deadline = performance.now() + 120_000;
    while (client.publishReceipts(uri).length < 2 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // --place string: the first line from the call on that holds a string, typed inside it; --place comment:
  // the first line comment from the call on, typed at its end.
  const placePattern = values.place === "comment" ? /\/\/.*$/ : /["'`]/;
  let typeLine = callLine;
  while (typeLine < lines.length && !placePattern.test(lines[typeLine]!)) typeLine++;
  // The keystrokes go at quote + 1 + index.
  const quote = values.place === "comment" ? lines[typeLine]!.length - 1 : lines[typeLine]!.search(/["'`]/);
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
  const reportDone = report ? (await report) - opened : NaN;
  const receipts = client.publishReceipts(uri);
  const toDiagnostics = sent.map(({ version, at }) => (receipts.find((receipt) => receipt.version >= version && receipt.at >= at)?.at ?? NaN) - at);
  const toLens = sent.map(({ version, at }) => {
    const analysed = receipts.find((receipt) => receipt.version >= version && receipt.at >= at)?.at;
    const refresh = analysed === undefined ? undefined : refreshTimes.find((time) => time >= analysed - 20 && time >= at);
    return (refresh ?? NaN) - at;
  });
  await client.shutdown();
  const valid = (samples: number[]) => samples.filter(Number.isFinite);
  console.log(`file: ${path.relative(ROOT, FILE)} (${lines.length} lines, ${lensCount} lenses), ${EDITS} keystrokes every ${INTERVAL_MS} ms in the ${values.place} on line ${typeLine + 1}`);
  console.log(`open -> first lens:        ${ms(firstLens)}${shownEarlier ? " (a stored or cached analysis; the keystrokes began after the session's own)" : ""}${Number.isNaN(reportDone) ? "" : `; open -> workspace report answered ${ms(reportDone)}`}`);
  console.log(`keystroke -> lens refresh: median ${ms(median(valid(toLens)))}, p95 ${ms(p95(valid(toLens)))} (${valid(toLens).length}/${EDITS} measured)`);
  console.log(`keystroke -> diagnostics:  median ${ms(median(valid(toDiagnostics)))}, p95 ${ms(p95(valid(toDiagnostics)))} (${valid(toDiagnostics).length}/${EDITS} measured)`);
  const cpu = analysisCpu(text, typeLine, quote);
  console.log(`analysis CPU, in process:  open ${ms(cpu.open)} (${cpu.calls} calls); keystroke median ${ms(median(cpu.keystrokes))}, p95 ${ms(p95(cpu.keystrokes))}; calls or entry kept on ${cpu.kept} of ${CPU_EDITS} keystrokes`);
}

/** CPU milliseconds (user + system) of the first analysis of the file and of each keystroke's, as the server runs them. */
function analysisCpu(text: string, typeLine: number, quote: number): { open: number; calls: number; keystrokes: number[]; kept: number } {
  const index = new WorkspaceIndex([ROOT]);
  index.setRoots([ROOT], true);
  const inputs = { settings: DEFAULT_SETTINGS, prices: loadPriceTable() };
  const cpuMs = (run: () => void): number => {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  let calls = 0;
  index.setOverlay(FILE, text, 1);
  const open = cpuMs(() => (calls = index.analyze(FILE, inputs).calls.length));
  const lineStart = text.split("\n").slice(0, typeLine).reduce((offset, line) => offset + line.length + 1, 0);
  const keystrokes: number[] = [];
  let kept = 0;
  let current = text;
  for (let index_ = 0; index_ < CPU_EDITS; index_++) {
    const at = lineStart + quote + 1 + index_;
    current = current.slice(0, at) + "x" + current.slice(at);
    index.setOverlay(FILE, current, index_ + 2);
    keystrokes.push(cpuMs(() => index.analyze(FILE, inputs)));
    if (index.lastReuse.calls > 0 || index.lastReuse.entry) kept++;
  }
  return { open, calls, keystrokes, kept };
}

await main();
