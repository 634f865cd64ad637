// The server keeps, from one keystroke to the next, the requests of the calls an edit inside a string
// literal cannot have changed (server/src/lsp/call-reuse.ts). Each analysis must equal a cold analysis of
// the same text: keystrokes inside strings (read by a call or not), in identifiers and declarations (a
// shadowing `const model = ...` typed before a call), in example files and in a file shaped like a real
// application's (local wrappers over imported wrappers over a factory), from a seeded random sequence.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { WorkspaceIndex } from "../../server/src/lsp/workspace-index.ts";
import { prng } from "../fuzz/inputs.ts";
import { HEAVY_WRAPPER, prices } from "../helpers/memory-workspace.ts";

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-call-reuse-")));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
const EXAMPLES = path.resolve(import.meta.dirname, "../../examples");
const PRICES = prices();
const inputs = () => ({ settings: DEFAULT_SETTINGS, prices: PRICES });

function project(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** A project on disk and a server over it with `document` open at version 1 (its text as on disk). */
function opened(name: string, files: Record<string, string>, document: string): { root: string; file: string; index: WorkspaceIndex; text: string } {
  const root = project(name, files);
  const file = path.join(root, document);
  const index = new WorkspaceIndex([root]);
  const text = files[document]!;
  index.setOverlay(file, text, 1);
  return { root, file, index, text };
}

/** The whole analysis as JSON: every call's fields (offsets, ranges, via, wrapper ids), tokens, costs, findings and fixes. */
const shown = (analysis: FileAnalysis): string => JSON.stringify(analysis);

/** A server that has never seen the project, analysing the text as the CLI does (one shared evaluator, no reuse). */
function cold(root: string, file: string, text: string): string {
  const index = new WorkspaceIndex([root]);
  index.setOverlay(file, text, 1);
  return shown(index.analyze(file, inputs(), index.newEvaluator()));
}

/** Opens `document`, analyses it, then types `to` in place of `from`: the second analysis must equal a cold one. Returns what it kept. */
function typedOnce(name: string, files: Record<string, string>, document: string, from: string, to: string): WorkspaceIndex["lastReuse"] {
  const { root, file, index, text } = opened(name, files, document);
  index.analyze(file, inputs());
  const typed = text.replace(from, to);
  index.setOverlay(file, typed, 2);
  assert.equal(shown(index.analyze(file, inputs())), cold(root, file, typed));
  return index.lastReuse;
}

// A real application's shape (inbox-zero's reply drafting): a factory of model-calling closures, feature
// functions built on it in other files, and a file whose local functions call them and each other.
const APP_SHAPED: Record<string, string> = {
  "package.json": `{ "name": "app", "dependencies": { "ai": "^5.0.0", "@ai-sdk/openai": "^2.0.0" } }`,
  "llms/index.ts": `import { generateText, generateObject } from "ai";
import { openai } from "@ai-sdk/openai";

export function createGenerateText({ label, modelName }: { label: string; modelName?: string }) {
  return async (options: { system?: string; prompt: string }) => {
    const model = openai(modelName ?? "gpt-4o-mini");
    return generateText({ model, maxOutputTokens: 800, ...options });
  };
}

export function createGenerateObject({ label }: { label: string }) {
  return async (options: { system: string; prompt: string; schema: unknown }) => generateObject({ model: openai("gpt-4.1"), ...options });
}
`,
  "ai/draft.ts": `import { createGenerateText } from "../llms/index";

const SYSTEM = "You write short, friendly replies to customer emails.";

export async function aiDraftReply({ email, instructions }: { email: string; instructions: string }) {
  const generate = createGenerateText({ label: "draft", modelName: "gpt-4o" });
  return generate({ system: SYSTEM, prompt: \`Instructions: \${instructions}\\n\\nEmail:\\n\${email}\` });
}
`,
  "ai/knowledge.ts": `import { createGenerateObject } from "../llms/index";

export async function aiExtractKnowledge({ knowledge, email }: { knowledge: string; email: string }) {
  const generate = createGenerateObject({ label: "knowledge" });
  return generate({ system: "Extract the facts relevant to the email.", prompt: knowledge + "\\n---\\n" + email, schema: {} });
}
`,
  "reply/generate-draft.ts": `import { aiDraftReply } from "../ai/draft";
import { aiExtractKnowledge } from "../ai/knowledge";

const TONE = "Keep it under five sentences.";

export async function fetchAndDraft(threadId: string, email: string) {
  const result = await draftWithThreshold(threadId, email, "medium");
  if (!result) {
    throw new Error("Draft generation did not return content");
  }
  return result;
}

async function draftWithThreshold(threadId: string, email: string, confidence: string) {
  console.log("drafting", threadId, confidence);
  return generateDraftContent(email, "Reply as the support team.");
}

async function generateDraftContent(email: string, instructions: string) {
  const knowledge = await aiExtractKnowledge({ knowledge: "Opening hours: 9-17. Returns within 30 days.", email });
  const [first, second] = await Promise.all([
    aiDraftReply({ email, instructions: instructions + " " + TONE }),
    aiDraftReply({ email, instructions: "Summarise the thread in one line." }),
  ]);
  const label = "unused label";
  // promptcost: multiplier=2
  for (const note of ["first", "second"]) {
    await aiDraftReply({ email: note, instructions: \`Follow up on the thread.
Quote the customer's words.
\${instructions}\` });
  }
  // promptcost: requestsPerDay=200
  await aiDraftReply({ email, instructions: \`A second prompt,
over two lines.\` });
  return aiDraftReply({ email: email + String(knowledge), instructions: \`\${instructions} Mention: \${first}\` }) ?? second ?? label;
}
`,
};

// Two files whose wrapper entries read each other's (an import cycle the index makes whole): a.ts's wrapper
// is called by b.ts's, whose wrappers a.ts calls; b.ts posts to a URL a.ts exports.
const ENTRY_CYCLE: Record<string, string> = {
  "package.json": `{ "name": "cycle", "dependencies": { "openai": "^4.0.0" } }`,
  "a.ts": `import OpenAI from "openai";
import { post, summarise } from "./b";

const client = new OpenAI();
export const ENDPOINT = "https://api.openai.com/v1/chat/completions";
export const NOTE = "unrelated text";

export async function ask(prompt: string) {
  return client.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: prompt }] });
}

export async function run() {
  return summarise("the ticket");
}

export async function direct() {
  await post("Say hi.");
  return ask(NOTE.length > 3 ? "Answer briefly." : "Answer.");
}
`,
  "b.ts": `import { ask, ENDPOINT } from "./a";

export async function summarise(text: string) {
  return ask("Summarise: " + text);
}

export async function post(prompt: string) {
  const response = await fetch(ENDPOINT, { method: "POST", body: JSON.stringify({ model: "gpt-4o-mini", max_tokens: 50, messages: [{ role: "user", content: prompt }] }) });
  return response.json();
}
`,
};

const TYPED = ["a", "x", " ", "e", "7", "-", "o", "gpt", "\\n", "\n", "\n\n"];
/** Declarations typed before a call: a shadowing model, a shadowing prompt, a constant nobody reads. */
const DECLARATIONS = [`const model = "gpt-4.1-nano";\n`, `const SYSTEM = "Answer in French.";\n`, `const TONE = "Be terse.";\n`, `let instructions = "none";\n`, `const unused = "x";\n`];

/**
 * One random keystroke: half the time the next character of a run typed at the last place; else a
 * character typed or deleted inside a string literal's content, anywhere at all (identifiers, code), or a
 * declaration typed at the start of a line.
 */
function keystroke(text: string, next: () => number, run: { at?: number }): string {
  const pick = (count: number) => Math.floor(next() * count);
  if (run.at !== undefined && run.at <= text.length && next() < 0.5) {
    const at = run.at;
    run.at++;
    return text.slice(0, at) + "abcdefgh "[pick(9)]! + text.slice(at);
  }
  run.at = undefined;
  const roll = next();
  if (roll < 0.08) {
    const lines = [...text.matchAll(/\n(?=[ \t]*(?:const|let|return|await|export|async|if)\b)/g)];
    const at = lines.length > 0 ? lines[pick(lines.length)]!.index! + 1 : 0;
    return text.slice(0, at) + DECLARATIONS[pick(DECLARATIONS.length)]! + text.slice(at);
  }
  let at: number;
  if (roll < 0.75) {
    const strings = [...text.matchAll(/"[^"\n]*"|`[^`]*`/g)];
    const literal = strings[pick(strings.length)]!;
    at = literal.index! + 1 + pick(Math.max(1, literal[0].length - 1));
  } else {
    at = pick(text.length + 1);
  }
  if (next() < 0.3 && at < text.length) return text.slice(0, at) + text.slice(at + 1);
  run.at = at + 1;
  return text.slice(0, at) + TYPED[pick(TYPED.length)]! + text.slice(at);
}

/** Types `count` random keystrokes into `file`, comparing the server's analysis with a cold one after each; the calls kept. */
function typeRandomly(root: string, file: string, seed: number, count: number): { kept: number; keptEntries: number } {
  const index = new WorkspaceIndex([root]);
  let text = fs.readFileSync(file, "utf8");
  index.setOverlay(file, text, 1);
  assert.equal(shown(index.analyze(file, inputs())), cold(root, file, text), "on opening");
  const next = prng(seed);
  const run: { at?: number } = {};
  let kept = 0;
  let keptEntries = 0;
  for (let version = 2; version <= count + 1; version++) {
    text = keystroke(text, next, run);
    index.setOverlay(file, text, version);
    const analysis = shown(index.analyze(file, inputs()));
    kept += index.lastReuse.calls;
    if (index.lastReuse.entry) keptEntries++;
    assert.equal(analysis, cold(root, file, text), `${path.basename(file)}, keystroke ${version - 1} (seed ${seed}):\n${text}`);
  }
  return { kept, keptEntries };
}

describe("calls kept across keystrokes equal a cold analysis of the same text", () => {
  it("a keystroke in a string no call reads keeps every call, moved, and equals a cold analysis", () => {
    const { root, file, index, text: opening } = opened("unread", APP_SHAPED, "reply/generate-draft.ts");
    let text = opening;
    const calls = index.analyze(file, inputs()).calls.length;
    assert.ok(calls >= 4, `the app-shaped file has its calls (${calls})`);
    const at = text.indexOf("Draft generation") + 5;
    text = text.slice(0, at) + "xyz" + text.slice(at);
    index.setOverlay(file, text, 2);
    const analysis = index.analyze(file, inputs());
    assert.equal(shown(analysis), cold(root, file, text));
    assert.ok(index.lastReuse.candidates >= 4 && index.lastReuse.calls >= index.lastReuse.candidates - 1, `calls kept: ${index.lastReuse.calls} of ${index.lastReuse.candidates}`);
    assert.ok(index.lastReuse.entry, "the file's wrapper entry is kept");
  });

  it("line breaks typed in a multi-line template move the calls after it by lines, as a cold analysis says", () => {
    const { root, file, index, text: opening } = opened("line-breaks", APP_SHAPED, "reply/generate-draft.ts");
    let text = opening;
    const before = index.analyze(file, inputs());
    let version = 2;
    for (const typed of ["\n", "Be warm.\n", "\n\n"]) {
      const at = text.indexOf("over two lines.");
      text = text.slice(0, at) + typed + text.slice(at);
      index.setOverlay(file, text, version++);
      const analysis = index.analyze(file, inputs());
      assert.equal(shown(analysis), cold(root, file, text), JSON.stringify(typed));
      assert.ok(index.lastReuse.calls >= index.lastReuse.candidates - 1, `calls kept: ${index.lastReuse.calls} of ${index.lastReuse.candidates}`);
    }
    const moved = index.analyze(file, inputs()).calls.at(-1)!;
    assert.equal(moved.call.range.line, before.calls.at(-1)!.call.range.line + 4, "the last call is four lines further down");
  });

  it("a line break typed in a parameter object's unread string makes it span lines: its call's fix follows", () => {
    const text = `import OpenAI from "openai";
const client = new OpenAI();
const params = { model: "gpt-4o", messages: [{ role: "user" as const, content: "Say hi." }], metadata: { note: \`draft\` } };

export async function ask() {
  return client.chat.completions.create(params);
}
`;
    const { root, file, index } = opened("params-lines", { "ask.ts": text }, "ask.ts");
    const before = index.analyze(file, inputs());
    const typed = text.replace("`draft`", "`dr\naft`");
    index.setOverlay(file, typed, 2);
    const analysis = index.analyze(file, inputs());
    assert.equal(shown(analysis), cold(root, file, typed));
    assert.notEqual(JSON.stringify(analysis.findings.map((finding) => finding.fix)), JSON.stringify(before.findings.map((finding) => finding.fix)));
  });

  it("a call through a local wrapper that loops, kept across a keystroke before the loop, has the loop moved", () => {
    const text = `import OpenAI from "openai";
const client = new OpenAI();
const NOTE = "unrelated";

export async function each(items: string[]) {
  for (const item of items) {
    await client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: item }] });
  }
}

export async function run(list: string[]) {
  return each(list);
}
`;
    // typedOnce checks the kept analysis equals a cold one; the cold one's loops are where the text has them.
    assert.equal(typedOnce("wrapper-loop", { "each.ts": text }, "each.ts", "unrelated", "unrelated text").calls, 2, "both calls kept");
    const typed = text.replace("unrelated", "unrelated text");
    const analysis = JSON.parse(cold(path.join(scratch, "wrapper-loop"), path.join(scratch, "wrapper-loop", "each.ts"), typed)) as FileAnalysis;
    assert.ok(analysis.calls.every((call) => call.call.loop?.offsets.start === typed.indexOf("for (const item")), "the loop of each call is where the text has it");
  });

  it("a keystroke in a constant two calls read re-analyses both: their prompts grow", () => {
    const { root, file, index, text: opening } = opened("shared-constant", APP_SHAPED, "reply/generate-draft.ts");
    let text = opening;
    const before = index.analyze(file, inputs());
    const at = text.indexOf("Keep it under") + 4;
    text = text.slice(0, at) + "a much longer instruction about tone and length " + text.slice(at);
    index.setOverlay(file, text, 2);
    const analysis = index.analyze(file, inputs());
    assert.equal(shown(analysis), cold(root, file, text));
    assert.notEqual(JSON.stringify(analysis.calls.map((call) => call.inputTokens)), JSON.stringify(before.calls.map((call) => call.inputTokens)), "the constant's text is counted");
  });

  it("a shadowing `const model` typed before a call changes it as a cold analysis does", () => {
    const text = `import OpenAI from "openai";
const client = new OpenAI();
const model = "gpt-4o";

export async function ask(question: string) {
  return client.chat.completions.create({ model, max_tokens: 10, messages: [{ role: "user", content: question }] });
}

export async function other() {
  return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 10, messages: [{ role: "user", content: "Say hi." }] });
}
`;
    const { root, file, index } = opened("shadowing", { "ask.ts": text }, "ask.ts");
    index.analyze(file, inputs());
    const shadowed = text.replace("  return client.chat.completions.create({ model, ", '  const model = "gpt-4.1";\n  return client.chat.completions.create({ model, ');
    index.setOverlay(file, shadowed, 2);
    const analysis = index.analyze(file, inputs());
    assert.equal(shown(analysis), cold(root, file, shadowed));
    assert.equal(analysis.calls[0]?.call.model, "gpt-4.1");
    // Then typing in the new declaration's string (after a declaration typed, the file is analysed whole;
    // from the first keystroke in a string on, call by call): the call that reads it follows, the other is kept.
    let version = 3;
    for (const model of ["gpt-4.1-", "gpt-4.1-mini"]) {
      const typed = shadowed.replace('"gpt-4.1"', `"${model}"`);
      index.setOverlay(file, typed, version++);
      const next = index.analyze(file, inputs());
      assert.equal(shown(next), cold(root, file, typed));
      assert.equal(next.calls[0]?.call.model, model);
    }
    // `ask` forwards its parameter into the request (a wrapper): its entry read the string, and is made again.
    assert.deepEqual(index.lastReuse, { candidates: 2, calls: 1, entry: false }, "the call that does not read the declaration is kept");
  });

  it("a keystroke in a URL a local function posts to makes its entry again: it stops being a wrapper, as a cold analysis says", () => {
    const text = `export async function callModel(prompt: string) {
  const response = await fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: prompt }] }) });
  return response.json();
}

export async function greet() {
  return callModel("Say hello to the new customer.");
}
`;
    const { root, file, index } = opened("endpoint", { "model.ts": text }, "model.ts");
    const before = index.analyze(file, inputs());
    assert.ok(before.calls.some((call) => call.call.via), "greet's call goes through the wrapper");
    const typed = text.replace("chat/completions", "chat/complete");
    index.setOverlay(file, typed, 2);
    const analysis = index.analyze(file, inputs());
    assert.equal(shown(analysis), cold(root, file, typed));
    assert.equal(analysis.calls.length, 0, "no request to an unknown host");
    assert.equal(index.lastReuse.entry, false);
  });

  it("a keystroke in a string an imported wrapper reads back from the document (an import cycle) equals a cold analysis", () => {
    const files = {
      "a.ts": `import { ask } from "./b";
export const ENDPOINT = "https://api.openai.com/v1/chat/completions";
export const NOTE = "unrelated text";

export async function run() {
  return ask("Summarise the ticket.");
}
`,
      "b.ts": `import { ENDPOINT } from "./a";

export async function ask(prompt: string) {
  const response = await fetch(ENDPOINT, { method: "POST", body: JSON.stringify({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: prompt }] }) });
  return response.json();
}
`,
    };
    const root = project("cycle", files);
    const file = path.join(root, "a.ts");
    const index = new WorkspaceIndex([root]);
    let version = 1;
    for (const text of [files["a.ts"], files["a.ts"].replace("unrelated", "unrelatedx"), files["a.ts"].replace("chat/completions", "chat/complete"), files["a.ts"]]) {
      index.setOverlay(file, text, version++);
      assert.equal(shown(index.analyze(file, inputs())), cold(root, file, text), `version ${version - 1}`);
      if (version === 3) assert.equal(index.lastReuse.calls, 0, "b.ts imports the document: nothing is kept");
    }
  });

  it("in an import cycle of wrapper entries, a keystroke no member read keeps the entries and the calls; one a member read makes them again", () => {
    const root = project("entry-cycle", ENTRY_CYCLE);
    const file = path.join(root, "a.ts");
    const index = new WorkspaceIndex([root]);
    const steps: [string, string, { calls: number; entry: boolean }][] = [
      ["unrelated", "unrelated x", { calls: 4, entry: true }],
      ["the ticket", "the long ticket", { calls: 3, entry: true }],
      ["chat/completions", "chat/complete", { calls: 0, entry: false }],
      ["chat/complete", "chat/completions", { calls: 0, entry: false }],
      ["Say hi.", "Say hello.", { calls: 3, entry: true }],
    ];
    let text = ENTRY_CYCLE["a.ts"]!;
    index.setOverlay(file, text, 1);
    assert.equal(shown(index.analyze(file, inputs())), cold(root, file, text), "on opening");
    let version = 2;
    for (const [from, to, kept] of steps) {
      text = text.replace(from, to);
      index.setOverlay(file, text, version++);
      const got = shown(index.analyze(file, inputs()));
      assert.equal(got, cold(root, file, text), `${from} -> ${to}`);
      assert.deepEqual({ calls: index.lastReuse.calls, entry: index.lastReuse.entry }, kept, `${from} -> ${to}`);
    }
  });

  it("seeded random keystrokes in a file of an import cycle of wrapper entries, each analysis equal to a cold one", () => {
    const root = project("random-cycle", ENTRY_CYCLE);
    const { kept, keptEntries } = typeRandomly(root, path.join(root, "a.ts"), 31, 80);
    assert.ok(kept > 0 && keptEntries > 0, `some keystrokes kept calls (${kept}) and the entries (${keptEntries})`);
  });

  it("a file read for a value that names the document (no wrapper entry, nothing shared between calls) does not stop reuse", () => {
    const files = {
      "draft.ts": `import OpenAI from "openai";
import { TONE } from "./tone";
const client = new OpenAI();

export async function draft(email: string) {
  return client.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "system", content: TONE }, { role: "user", content: email }] });
}

// After the call: its messages' offsets (which could point into tone.ts) do not move.
export const NOTE = "not read by any call";
`,
      "tone.ts": `// The tone of every reply draft.ts writes.
export const TONE = "Be brief and warm.";
`,
    };
    assert.deepEqual(typedOnce("named-back", files, "draft.ts", "not read", "not ever read"), { candidates: 1, calls: 1, entry: true });
  });

  // anything-llm's server/endpoints/api/openai/index.js: every file it reaches mentions `openai`.
  const INDEX_NAMED = {
    "package.json": `{ "name": "server", "dependencies": { "openai": "^4.0.0" } }`,
    "utils/chat.js": `const { OpenAI } = require("openai");
const client = new OpenAI();

async function chatSync(prompt) {
  return client.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "user", content: prompt }] });
}

module.exports = { chatSync };
`,
    "endpoints/openai/index.js": `const { chatSync } = require("../../utils/chat");

async function handle(request) {
  const reply = await chatSync(request.body.prompt);
  console.log("sent_chat");
  return reply;
}

module.exports = { handle };
`,
  };

  it("an index file whose directory the files it reaches name (`require(\"openai\")`) keeps its calls when none of them loads it", () => {
    assert.deepEqual(typedOnce("index-named", INDEX_NAMED, "endpoints/openai/index.js", "sent_chat", "sent_chatx"), { candidates: 1, calls: 1, entry: true });
  });

  it("a file it reaches that loads a module by a computed name and names the index file's directory stops reuse", () => {
    const files = { ...INDEX_NAMED, "utils/chat.js": INDEX_NAMED["utils/chat.js"].replace("module.exports", "const routes = (name) => require(`../endpoints/${name}`);\nmodule.exports") };
    assert.equal(typedOnce("index-computed", files, "endpoints/openai/index.js", "sent_chat", "sent_chatx").calls, 0);
  });

  it("a keystroke in a comment or in whitespace between tokens keeps every call and the entry, moved, as a cold analysis says", () => {
    const files = { ...APP_SHAPED, "reply/generate-draft.ts": APP_SHAPED["reply/generate-draft.ts"]!.replace("async function draftWithThreshold", "// Drafts with the confidence the caller asks for.\nasync function draftWithThreshold") };
    const { root, file, index, text: opening } = opened("comment", files, "reply/generate-draft.ts");
    let text = opening;
    const before = index.analyze(file, inputs());
    let version = 2;
    const edits: [string, (text: string) => string][] = [
      ["a word typed in a line comment", (text) => text.replace("Drafts with", "Drafts quickly with")],
      ["a block comment typed between tokens", (text) => text.replace("const TONE =", "const TONE /* the house style */ =")],
      ["spaces typed before a call", (text) => text.replace("  const knowledge = await", "      const knowledge = await")],
      ["a character deleted from the comment", (text) => text.replace("quickly", "quickl")],
    ];
    for (const [what, edit] of edits) {
      text = edit(text);
      index.setOverlay(file, text, version++);
      const analysis = index.analyze(file, inputs());
      assert.equal(shown(analysis), cold(root, file, text), what);
      assert.deepEqual(index.lastReuse, { candidates: index.lastReuse.candidates, calls: index.lastReuse.candidates, entry: true }, what);
      assert.ok(index.lastReuse.candidates >= 4, what);
    }
    assert.notEqual(shown(index.analyze(file, inputs())), shown(before), "the calls moved");
  });

  it("a line break typed between tokens moves the calls after it a line down, in a file with no annotation", () => {
    const files = { ...APP_SHAPED, "reply/generate-draft.ts": APP_SHAPED["reply/generate-draft.ts"]!.replace(/ *\/\/ promptcost: [^\n]*\n/g, "") };
    const { root, file, index, text } = opened("comment-lines", files, "reply/generate-draft.ts");
    const before = index.analyze(file, inputs());
    const typed = text.replace("const TONE =", "\n\nconst TONE =");
    index.setOverlay(file, typed, 2);
    const analysis = index.analyze(file, inputs());
    assert.equal(shown(analysis), cold(root, file, typed));
    assert.equal(index.lastReuse.calls, index.lastReuse.candidates);
    assert.equal(analysis.calls.at(-1)!.call.range.line, before.calls.at(-1)!.call.range.line + 2);
  });

  it("an edit of a `// promptcost:` annotation comment analyses again: the call's requests a day change", () => {
    const { root, file, index, text } = opened("annotation", APP_SHAPED, "reply/generate-draft.ts");
    const before = index.analyze(file, inputs());
    const typed = text.replace("requestsPerDay=200", "requestsPerDay=2000");
    index.setOverlay(file, typed, 2);
    const analysis = index.analyze(file, inputs());
    assert.equal(shown(analysis), cold(root, file, typed));
    assert.equal(index.lastReuse.calls, 0);
    assert.notEqual(JSON.stringify(analysis.calls.map((call) => call.cost.monthly)), JSON.stringify(before.calls.map((call) => call.cost.monthly)));
  });

  it("edits in comments or whitespace that change tokens analyse again, as a cold analysis says", () => {
    const files = { ...APP_SHAPED, "reply/generate-draft.ts": APP_SHAPED["reply/generate-draft.ts"]!.replace("const TONE =", "/* the tone */ const TONE =").replace("return result;\n}", "return result; // done\n}") };
    const lookalikes: [string, (text: string) => string][] = [
      ["a block comment closed early: its rest becomes code", (text) => text.replace("/* the tone */", "/* the */ tone */")],
      ["a line comment ended by a line break: its rest becomes code", (text) => text.replace("// done", "// \ndone")],
      ["the space between two tokens deleted", (text) => text.replace("const TONE", "constTONE")],
      ["a comment opened over code", (text) => text.replace("const TONE =", "// const TONE =")],
    ];
    for (const [what, edit] of lookalikes) {
      const { root, file, index, text } = opened(`tokens-${lookalikes.findIndex(([name]) => name === what)}`, files, "reply/generate-draft.ts");
      index.analyze(file, inputs());
      const typed = edit(text);
      index.setOverlay(file, typed, 2);
      assert.equal(shown(index.analyze(file, inputs())), cold(root, file, typed), what);
      assert.equal(index.lastReuse.calls, 0, what);
    }
  });

  it("seeded random keystrokes in comments and whitespace, each analysis equal to a cold one", () => {
    const files = { ...APP_SHAPED, "reply/generate-draft.ts": APP_SHAPED["reply/generate-draft.ts"]!.replace("async function draftWithThreshold", "/* Drafts with the confidence\n   the caller asks for. */\nasync function draftWithThreshold").replace("return result;\n}", "return result; // the draft\n}") };
    const { root, file, index, text: opening } = opened("random-trivia", files, "reply/generate-draft.ts");
    let text = opening;
    assert.equal(shown(index.analyze(file, inputs())), cold(root, file, text));
    const next = prng(23);
    let kept = 0;
    for (let version = 2; version <= 60; version++) {
      const places = [...text.matchAll(/\/\*[^]*?\*\/|\/\/[^\n]*|[ \t]+/g)];
      const place = places[Math.floor(next() * places.length)]!;
      const at = place.index! + Math.floor(next() * (place[0].length + 1));
      text = next() < 0.25 && at < text.length ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + " x*/\n"[Math.floor(next() * 5)]! + text.slice(at);
      index.setOverlay(file, text, version);
      assert.equal(shown(index.analyze(file, inputs())), cold(root, file, text), `keystroke ${version - 1}:\n${text}`);
      kept += index.lastReuse.calls;
    }
    assert.ok(kept > 0, `some keystrokes kept calls (${kept})`);
  });

  it("an opened document equals a cold analysis at every step budget: each call's share is counted alike", () => {
    // The CLI reads a file's calls with one evaluator, the editor each call with one of its own: an exported
    // prompt the CLI had found while indexing the wrapper must cost the call the same steps in both, or a
    // budget exists under which one reads the call with its arguments and the other without.
    const files = {
      "src/prompts.ts": `function twice(text: string) { return text + " " + text; }\nexport const SYSTEM = twice(twice(twice("Answer in one short sentence.")));\n`,
      "src/llm.ts": `import OpenAI from "openai";\nimport { SYSTEM } from "./prompts";\nconst client = new OpenAI();\nexport async function ask(model: string, question: string) {\n  return client.chat.completions.create({ model, messages: [{ role: "system", content: SYSTEM }, { role: "user", content: question }] });\n}\n`,
      "src/app.ts": `import { ask } from "./llm";\nexport const run = () => ask("gpt-4o", "hi");\nexport const other = () => ask("gpt-4o-mini", "hello");\n`,
    };
    const root = project("budgets", files);
    const file = path.join(root, "src/app.ts");
    const models = new Set<string>();
    for (let fileStepBudget = 100; fileStepBudget <= 3000; fileStepBudget += 20) {
      const settings = { ...DEFAULT_SETTINGS, fileStepBudget };
      const index = new WorkspaceIndex([root]);
      index.setOverlay(file, files["src/app.ts"], 1);
      const opened = shown(index.analyze(file, { settings, prices: PRICES }));
      const cli = new WorkspaceIndex([root]);
      assert.equal(opened, shown(cli.analyze(file, { settings, prices: PRICES }, cli.newEvaluator())), `fileStepBudget ${fileStepBudget}`);
      for (const call of JSON.parse(opened).calls) models.add(String(call.call.model));
    }
    // Both ways of reading the calls were reached: the model the argument names, and none without it.
    assert.ok(models.has("gpt-4o") && models.has("null"), [...models].join(", "));
  });

  it("a document whose wrapper index entry an importer found over the step budget says it was not analysed, as the CLI does", () => {
    // heavy.ts needs some 5,700 steps to index; caller.ts, analysed first, made its entry (which offers nothing).
    const heavy = HEAVY_WRAPPER;
    const files = { "src/heavy.ts": heavy, "src/caller.ts": `import { askAll } from "./heavy";\nexport const run = () => askAll("x");\n` };
    const root = project("entry-over-budget", files);
    const settings = { ...DEFAULT_SETTINGS, fileStepBudget: 3000 };
    const index = new WorkspaceIndex([root]);
    const caller = path.join(root, "src/caller.ts");
    const file = path.join(root, "src/heavy.ts");
    index.setOverlay(caller, files["src/caller.ts"], 1);
    index.analyze(caller, { settings, prices: PRICES });
    index.setOverlay(file, heavy, 1);
    const opened = index.analyze(file, { settings, prices: PRICES });
    assert.deepEqual(opened.calls, []);
    assert.match(opened.findings[0]?.message ?? "", /^Not analysed: needs more than 3,000 evaluation steps/);
    const cli = new WorkspaceIndex([root]);
    assert.equal(shown(opened), shown(cli.analyze(file, { settings, prices: PRICES }, cli.newEvaluator())));
  });

  it("seeded random keystrokes in the app-shaped file, each analysis equal to a cold one", () => {
    const root = project("random-app", APP_SHAPED);
    for (const seed of [16, 17]) {
      const { kept, keptEntries } = typeRandomly(root, path.join(root, "reply/generate-draft.ts"), seed, 100);
      assert.ok(kept > 0 && keptEntries > 0, `some keystrokes kept calls (${kept}) and the wrapper entry (${keptEntries})`);
    }
  });

  it("seeded random keystrokes in the example application's files, each analysis equal to a cold one", () => {
    // Few calls each, reading most of their files' strings: mostly analysed again, and always exact.
    for (const [file, seed] of [["src/queue/messages.ts", 1], ["src/features/assistant-chat.ts", 2], ["src/llm/ask.ts", 3], ["src/features/classify.ts", 4]] as const) {
      typeRandomly(EXAMPLES, path.join(EXAMPLES, file), seed, 25);
    }
  });
});
