// Edit latency of the language server: time from textDocument/didChange to fresh diagnostics for that
// version, while typing into a prompt in a 2,000-line file with 40 LLM calls.
//
//   node esbuild.mjs && node --import tsx bench/edit-latency.ts [--edits N] [--interval MS] [--profile DIR]
//
// First the analysis alone, in process (core analyzeFile on each keystroke's text, fresh Evaluator as the
// server does), to separate the analysis from the protocol. Then three runs against dist/server.cjs over stdio:
//   push, one edit at a time   didChange, then wait for publishDiagnostics of that version (Neovim, Helix)
//   push, typing               a keystroke every --interval ms (default 60) without waiting; for each
//                              keystroke, the time until diagnostics of it or a later version arrive
//   pull, one edit at a time   didChange, then textDocument/diagnostic (VS Code)
// The generated workspace is written to $TMPDIR/promptcost-bench/edit-latency.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { analyzeFile } from "../server/src/core/analyze.ts";
import { loadPriceTable } from "../server/src/core/pricing/price-table.ts";
import { Evaluator } from "../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../server/src/core/settings.ts";
import { Workspace } from "../server/src/core/workspace/workspace.ts";
import { LspClient, SERVER, uriOf } from "../test/lsp/lsp-client.ts";

const { values } = parseArgs({ options: { edits: { type: "string", default: "200" }, interval: { type: "string", default: "60" }, lines: { type: "string", default: "2000" }, calls: { type: "string", default: "40" }, "workspace-files": { type: "string", default: "2000" }, profile: { type: "string" } } });
/** With --profile DIR, each server writes a V8 CPU profile there (open it in Chrome DevTools). */
const SERVER_FLAGS = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
const EDITS = Number(values.edits);
const INTERVAL_MS = Number(values.interval);
const LINES = Number(values.lines);
const CALLS = Number(values.calls);
/** Other files of the workspace around the edited one: ordinary modules of about 100 lines each. */
const WORKSPACE_FILES = Number(values["workspace-files"]);

// Outside the repository, whose .gitignore would hide it from the workspace walk.
const WORKSPACE = path.join(os.tmpdir(), "promptcost-bench", "edit-latency");
const FILE = path.join(WORKSPACE, "src", "assistant.ts");
/** The edits type into the system prompt of the middle call: each keystroke changes its token count. */
const TYPING_MARK = "TYPE_HERE";

const MODELS = [
  { sdk: "openai", model: "gpt-4.1" },
  { sdk: "openai", model: "gpt-4.1-mini" },
  { sdk: "anthropic", model: "claude-sonnet-4-5" },
  { sdk: "openai", model: "gpt-4o" },
];

function callBlock(index: number): string[] {
  const { sdk, model } = MODELS[index % MODELS.length]!;
  const mark = index === Math.floor(CALLS / 2) ? ` ${TYPING_MARK}` : "";
  if (sdk === "anthropic") {
    return [
      `export async function feature${index}(input: string) {`,
      `  const response = await anthropic.messages.create({`,
      `    model: "${model}",`,
      `    max_tokens: ${200 + index * 10},`,
      `    system: POLICY + "Feature ${index}: answer as the support desk.${mark}",`,
      `    messages: [{ role: "user", content: \`Ticket ${index}: \${input}\` }],`,
      `  });`,
      `  return response.content;`,
      `}`,
      ``,
    ];
  }
  return [
    `export async function feature${index}(input: string, history: string[]) {`,
    `  const completion = await openai.chat.completions.create({`,
    `    model: "${model}",`,
    `    messages: [`,
    `      { role: "system", content: STYLE_GUIDE + "You handle feature ${index} of the assistant.${mark}" },`,
    `      { role: "user", content: \`Context: \${history.slice(-5).join("\\n")}\\n\\nQuestion: \${input}\` },`,
    `    ],`,
    index % 3 === 0 ? `` : `    max_completion_tokens: ${100 + index * 5},`,
    `  });`,
    `  return completion.choices[0]?.message.content ?? "";`,
    `}`,
    ``,
  ];
}

/** Ordinary code between the calls, as in a real module: the parser and the cheap pre-checks see all of it. */
function fillerBlock(index: number): string[] {
  return [
    `/** Normalises record ${index} before it is shown. */`,
    `export function normalise${index}(record: { id: string; name: string; tags: string[] }): string {`,
    `  const tags = record.tags.filter((tag) => tag.length > 0).map((tag) => tag.toLowerCase());`,
    `  if (tags.length === 0) return \`\${record.id}: \${record.name}\`;`,
    `  return \`\${record.id}: \${record.name} [\${tags.join(", ")}]\`;`,
    `}`,
    ``,
  ];
}

function generateFile(): string {
  const lines = [
    `import OpenAI from "openai";`,
    `import Anthropic from "@anthropic-ai/sdk";`,
    `import { POLICY, STYLE_GUIDE } from "./prompts";`,
    ``,
    `const openai = new OpenAI();`,
    `const anthropic = new Anthropic();`,
    ``,
  ];
  const callBlocks = Array.from({ length: CALLS }, (_, index) => callBlock(index));
  const callLines = callBlocks.reduce((sum, block) => sum + block.length, 0);
  const fillers = Math.max(0, Math.round((LINES - lines.length - callLines) / fillerBlock(0).length));
  const fillersPerCall = fillers / CALLS;
  let filler = 0;
  for (let index = 0; index < CALLS; index++) {
    lines.push(...callBlocks[index]!);
    for (; filler < Math.round((index + 1) * fillersPerCall); filler++) lines.push(...fillerBlock(filler));
  }
  while (lines.length < LINES) lines.push(`// padding`);
  return lines.slice(0, Math.max(LINES, lines.length)).join("\n") + "\n";
}

function writeWorkspace(): string {
  fs.rmSync(WORKSPACE, { recursive: true, force: true });
  fs.mkdirSync(path.join(WORKSPACE, "src"), { recursive: true });
  fs.writeFileSync(path.join(WORKSPACE, "package.json"), JSON.stringify({ name: "edit-latency", private: true, type: "module" }));
  const policy = Array.from({ length: 40 }, (_, index) => `Rule ${index + 1}: confirm the order, restate the request, and quote section ${index + 1} of the handbook.`).join("\n");
  fs.writeFileSync(
    path.join(WORKSPACE, "src", "prompts.ts"),
    `export const POLICY = ${JSON.stringify(policy + "\n")};\nexport const STYLE_GUIDE = "Write plainly. Use short sentences. Never invent prices.\\n";\n`,
  );
  fs.mkdirSync(path.join(WORKSPACE, "src", "lib"), { recursive: true });
  for (let index = 0; index < WORKSPACE_FILES; index++) {
    const blocks = Array.from({ length: 8 }, (_, block) => fillerBlock(index * 8 + block).join("\n")).join("\n\n");
    const imports = index > 0 ? `import { normalise${(index - 1) * 8} } from "./module-${index - 1}";\nexport const previous${index} = normalise${(index - 1) * 8};\n\n` : "";
    fs.writeFileSync(path.join(WORKSPACE, "src", "lib", `module-${index}.ts`), imports + blocks + "\n");
  }
  const text = generateFile();
  fs.writeFileSync(FILE, text);
  return text;
}

/** Hover and code lens latency after an edit, from the cached analysis of the current version. */
async function hoverAndLens(client: LspClient, uri: string, text: string, rounds: number): Promise<{ hover: number[]; lens: number[] }> {
  const lines = text.split("\n");
  const callLines = lines.flatMap((line, index) => (line.includes(".create({") ? [index] : []));
  const hover: number[] = [];
  const lens: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const line = callLines[round % callLines.length]!;
    let start = performance.now();
    const answer = await client.request("textDocument/hover", { textDocument: { uri }, position: { line, character: lines[line]!.indexOf("create") } });
    hover.push(performance.now() - start);
    if (!answer) throw new Error(`no hover at line ${line + 1}`);
    start = performance.now();
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
    const resolved = await client.request("codeLens/resolve", lenses[round % lenses.length]);
    lens.push(performance.now() - start);
    if (!resolved?.command) throw new Error("unresolved lens");
  }
  return { hover, lens };
}

interface Typist {
  text: string;
  version: number;
  /** One keystroke: an incremental change inserting one character at the typing mark. */
  next(): { version: number; change: unknown };
}

function typist(initial: string): Typist {
  const state = { text: initial, version: 1 };
  const letters = "the quick brown fox jumps over the lazy dog ";
  let typed = 0;
  return {
    get text() {
      return state.text;
    },
    get version() {
      return state.version;
    },
    next() {
      const offset = state.text.indexOf(TYPING_MARK);
      const before = state.text.slice(0, offset);
      const line = before.split("\n").length - 1;
      const character = offset - (before.lastIndexOf("\n") + 1);
      const letter = letters[typed++ % letters.length]!;
      state.text = before + letter + state.text.slice(offset);
      state.version++;
      const position = { line, character };
      return { version: state.version, change: { range: { start: position, end: position }, text: letter } };
    },
  };
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function summarise(name: string, samples: number[]): { name: string; n: number; p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, n: samples.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]! };
}

/** Parse and analysis of each keystroke's text, in process: the floor under any editor's latency. */
function analysisOnly(initial: string): number[] {
  const workspace = new Workspace([WORKSPACE]);
  const prices = loadPriceTable();
  const typing = typist(initial);
  const samples: number[] = [];
  for (let edit = 0; edit < EDITS; edit++) {
    typing.next();
    const start = performance.now();
    workspace.setOverlay(FILE, typing.text, typing.version);
    analyzeFile(FILE, { workspace, prices, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) });
    samples.push(performance.now() - start);
  }
  return samples;
}

async function pushOneAtATime(initial: string): Promise<number[]> {
  const client = await LspClient.start({ rootPath: WORKSPACE, settings: {}, execArgv: SERVER_FLAGS });
  const uri = uriOf(FILE);
  try {
    client.open(uri, initial);
    const first = await client.diagnostics(uri, 1);
    const typing = typist(initial);
    const samples: number[] = [];
    console.error(`  opened: ${first.diagnostics.length} diagnostics`);
    for (let edit = 0; edit < EDITS; edit++) {
      const { version, change } = typing.next();
      const since = client.notifications.length;
      const start = performance.now();
      client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] });
      await client.diagnostics(uri, version, since);
      samples.push(performance.now() - start);
    }
    served = await hoverAndLens(client, uri, typing.text, 100);
    return samples;
  } finally {
    await client.shutdown();
  }
}

/** Filled by pushOneAtATime after its edits: hover and lens latency on the edited document. */
let served: { hover: number[]; lens: number[] } = { hover: [], lens: [] };

async function pushTyping(initial: string): Promise<{ samples: number[]; published: number }> {
  const client = await LspClient.start({ rootPath: WORKSPACE, settings: {}, execArgv: SERVER_FLAGS });
  const uri = uriOf(FILE);
  try {
    client.open(uri, initial);
    await client.diagnostics(uri, 1);
    const typing = typist(initial);
    const sentAt = new Map<number, number>();
    const freshAt = new Map<number, number>();
    let published = 0;
    const since = client.notifications.length;
    for (let edit = 0; edit < EDITS; edit++) {
      const { version, change } = typing.next();
      sentAt.set(version, performance.now());
      client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] });
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
    await client.diagnostics(uri, typing.version, since);
    // Each keystroke is served by the first publish of its version or a later one.
    const receipts = client.publishReceipts(uri).filter((receipt) => receipt.version > 1);
    published = receipts.length;
    for (const [version, sent] of sentAt) {
      const receipt = receipts.find((entry) => entry.version >= version && entry.at >= sent);
      if (receipt) freshAt.set(version, receipt.at - sent);
    }
    return { samples: [...freshAt.values()], published };
  } finally {
    await client.shutdown();
  }
}

async function pullOneAtATime(initial: string): Promise<number[]> {
  const client = await LspClient.start({ rootPath: WORKSPACE, settings: {}, pullDiagnostics: true, execArgv: SERVER_FLAGS });
  const uri = uriOf(FILE);
  try {
    client.open(uri, initial);
    await client.request("textDocument/diagnostic", { textDocument: { uri } });
    const typing = typist(initial);
    const samples: number[] = [];
    for (let edit = 0; edit < EDITS; edit++) {
      const { version, change } = typing.next();
      const start = performance.now();
      client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] });
      const report = await client.request("textDocument/diagnostic", { textDocument: { uri } });
      if (report.kind !== "full") throw new Error("expected a full report after an edit");
      samples.push(performance.now() - start);
    }
    return samples;
  } finally {
    await client.shutdown();
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(SERVER)) throw new Error(`${path.relative(process.cwd(), SERVER)} is missing: run node esbuild.mjs first`);
  const text = writeWorkspace();
  const lineCount = text.split("\n").length - 1;
  const callCount = (text.match(/\.create\(\{/g) ?? []).length;
  console.error(`workspace: ${path.relative(process.cwd(), FILE)}, ${lineCount} lines, ${callCount} calls, ${WORKSPACE_FILES} other files; ${EDITS} edits per run`);

  const results = [];
  console.error("analysis only, in process");
  analysisOnly(text); // warm up: tokenizer ranks, parser, memo
  results.push(summarise("analysis only (in process, no LSP)", analysisOnly(text)));
  console.error("push, one edit at a time");
  results.push(summarise("push, one edit at a time", await pushOneAtATime(text)));
  results.push(summarise("hover after edits (cached analysis)", served.hover));
  results.push(summarise("code lens + resolve after edits", served.lens));
  console.error(`push, typing every ${INTERVAL_MS} ms`);
  const typing = await pushTyping(text);
  results.push({ ...summarise(`push, typing every ${INTERVAL_MS} ms`, typing.samples), note: `${typing.published} publishes for ${EDITS} keystrokes` });
  console.error("pull, one edit at a time");
  results.push(summarise("pull, one edit at a time", await pullOneAtATime(text)));

  const load = os.loadavg().map((value) => value.toFixed(1)).join(" ");
  console.log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), Node ${process.version}, load average at the end ${load}\n`);
  console.log(`| run | edits | p50 ms | p95 ms | max ms |`);
  console.log(`| --- | ---: | ---: | ---: | ---: |`);
  for (const result of results) console.log(`| ${result.name} | ${result.n} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} | ${result.max.toFixed(1)} |`);
  const note = results.find((result) => "note" in result) as { note?: string } | undefined;
  if (note?.note) console.log(`\n(typing: ${note.note})`);
}

await main();
