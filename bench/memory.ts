// Memory of the language server: resident set size (RSS, from /proc) after the whole 2,000-file workspace
// of bench/edit-latency.ts is analysed (the workspace report), then over --edits keystrokes into the
// 2,000-line file, sampled every --every edits, with the least-squares slope per 1,000 edits of the lowest
// RSS of each 1,000 edits (garbage collection makes RSS saw up and down between them).
//
//   node esbuild.mjs && node --import tsx bench/edit-latency.ts --edits 1   # writes the workspace once
//   node --import tsx bench/memory.ts [--edits 10000] [--every 100]
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { LspClient, uriOf } from "../test/lsp/lsp-client.ts";

const { values } = parseArgs({ options: { edits: { type: "string", default: "10000" }, every: { type: "string", default: "100" } } });
const EDITS = Number(values.edits);
const EVERY = Number(values.every);
// Outside the repository, whose .gitignore would hide it from the workspace walk.
const WORKSPACE = path.join(os.tmpdir(), "promptcost-bench", "edit-latency");
const FILE = path.join(WORKSPACE, "src", "assistant.ts");
const TYPING_MARK = "TYPE_HERE";

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  const covariance = points.reduce((sum, point) => sum + (point.x - meanX) * (point.y - meanY), 0);
  const variance = points.reduce((sum, point) => sum + (point.x - meanX) ** 2, 0);
  return covariance / variance;
}

if (!fs.existsSync(FILE)) throw new Error(`${FILE} is missing: run bench/edit-latency.ts once to write the workspace`);
const initial = fs.readFileSync(FILE, "utf8");
const client = await LspClient.start({ rootPath: WORKSPACE, settings: {} });
const pid = client.pid!;
const uri = uriOf(FILE);
const afterStart = rssMb(pid);
client.open(uri, initial);
await client.diagnostics(uri, 1);
const afterOpen = rssMb(pid);
const report = await client.request("promptcost/workspaceReport", {});
const afterWorkspace = rssMb(pid);
const files = report?.totals?.files;

// Typing into the prompt: insert characters, and every 50 keystrokes delete them again, so the text stays
// the same size and any growth is the server's.
let text = initial;
const mark = text.indexOf(TYPING_MARK);
let typed = 0;
const samples: { x: number; y: number }[] = [{ x: 0, y: rssMb(pid) }];
for (let version = 2; version <= EDITS + 1; version++) {
  const at = mark + typed;
  const position = (offset: number) => {
    const before = text.slice(0, offset).split("\n");
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };
  let change;
  if (typed < 50) {
    change = { range: { start: position(at), end: position(at) }, text: "x" };
    text = text.slice(0, at) + "x" + text.slice(at);
    typed++;
  } else {
    change = { range: { start: position(mark), end: position(mark + typed) }, text: "" };
    text = text.slice(0, mark) + text.slice(mark + typed);
    typed = 0;
  }
  const since = client.notifications.length;
  client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] });
  await client.diagnostics(uri, version, since);
  // Keep the notification log of the test client from growing with the run.
  client.notifications.length = 0;
  if ((version - 1) % EVERY === 0) samples.push({ x: version - 1, y: rssMb(pid) });
}
await client.shutdown();

// RSS saws up and down with garbage collection; the lowest sample of each 1,000 edits is what stays.
const floors = new Map<number, { x: number; y: number }>();
for (const sample of samples) {
  const window = Math.floor(sample.x / 1000);
  const floor = floors.get(window);
  if (!floor || sample.y < floor.y) floors.set(window, { x: window * 1000, y: sample.y });
}
const perThousand = slope([...floors.values()]) * 1000;
console.log(JSON.stringify({
  machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))) },
  rssMb: { afterStart, afterOpen, afterWorkspaceReport: afterWorkspace, workspaceFiles: files, end: samples[samples.length - 1]!.y, max: Math.max(...samples.map((sample) => sample.y)) },
  edits: EDITS,
  slopeMbPer1000Edits: Number(perThousand.toFixed(2)),
  floorsMb: [...floors.values()].map((floor) => floor.y),
  samples,
}, null, 2));
