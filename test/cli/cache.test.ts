import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, beforeEach, describe, it } from "node:test";
import { REPO_ROOT, runCli, writeProject } from "./run-cli.ts";

/**
 * `--cache`: the report of a warm run is byte-identical to a run without the cache, after edits to the file
 * itself, to a wrapper it imports and to a prompt file; only what an edit can change is analysed again.
 */
const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-cache-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));
const app = path.join(temporary, "app");
const cacheDirectory = path.join(temporary, "cache");

function lint(...extra: string[]): { json: string; stderr: string; status: number | null } {
  const result = runCli(["--lint", ".", "--format", "json", ...extra], { cwd: app });
  return { json: result.stdout, stderr: result.stderr, status: result.status };
}

function lintCached(): { json: string; analysed: string[]; cached: number } {
  const result = lint("--cache", "--cache-location", cacheDirectory, "--debug");
  // Each file's line as it finishes; the slowest files are listed again after the summary line.
  const perFile = result.stderr.split(/\npromptcost: [\d,]+ files \(/)[0]!;
  const lines = perFile.split("\n").filter((line) => /^promptcost: +(cached|[\d.]+ m?s) {2}/.test(line));
  return {
    json: result.json,
    // A file's line may end with the parts of its time spent indexing its imports for the files after it and on the run's setup.
    analysed: lines.filter((line) => !line.includes(" cached  ")).map((line) => line.replace(/^promptcost: +[\d.]+ m?s {2}/, "").replace(/ \([\d.]+ m?s (of it )?(indexing for later files|the run's setup)(, [\d.]+ m?s the run's setup)?\)$/, "")),
    cached: lines.filter((line) => line.includes(" cached  ")).length,
  };
}

/** Past the age a file must have for its metadata to be recorded (project-texts.ts TRUSTED_AGE_MS). */
function waitPastTrustedAge(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_100);
}

function edit(file: string, change: (text: string) => string): void {
  const full = path.join(app, file);
  fs.writeFileSync(full, change(fs.readFileSync(full, "utf8")));
}

describe("--cache", () => {
  beforeEach(() => {
    fs.rmSync(app, { recursive: true, force: true });
    fs.rmSync(cacheDirectory, { recursive: true, force: true });
    fs.cpSync(path.join(REPO_ROOT, "test/fixtures/app"), app, { recursive: true });
  });

  it("gives the report of a run without the cache, cold and warm, and analyses nothing on an unchanged warm run", () => {
    const fresh = lint().json;
    const cold = lintCached();
    const warm = lintCached();
    assert.equal(cold.json, fresh);
    assert.equal(warm.json, fresh);
    assert.ok(cold.analysed.length > 0);
    assert.deepEqual(warm.analysed, []);
    assert.equal(warm.cached, cold.analysed.length);
  });

  it("does not write the cache again on a warm run that reused everything, and does after an edit", () => {
    // Files changed less than 2 s before a run get their metadata recorded by a later one, which then writes
    // the cache once more: past that, the fixture's files are recorded by the first run.
    waitPastTrustedAge();
    lintCached();
    const file = path.join(cacheDirectory, "lint-cache.json");
    const written = fs.statSync(file);
    lintCached();
    const unchanged = fs.statSync(file);
    // Written beside and renamed into place: a write gives another inode.
    assert.deepEqual([unchanged.ino, unchanged.mtimeMs], [written.ino, written.mtimeMs]);
    edit("src/llm/complete.ts", (text) => text + "\n// edited\n");
    const warm = lintCached();
    assert.deepEqual(warm.analysed.length > 0, true);
    assert.notEqual(fs.statSync(file).ino, written.ino);
    assert.equal(lintCached().json, lint().json);
  });

  it("re-analyses a file whose imported wrapper changed, and the report matches a fresh run", () => {
    lintCached();
    edit("src/llm/complete.ts", (text) => text.replace("model: string = MODELS.fast", 'model: string = "gpt-4.1"').replace("max_completion_tokens: maxTokens", "max_completion_tokens: 4000"));
    const warm = lintCached();
    const fresh = lint().json;
    assert.equal(warm.json, fresh);
    assert.match(fresh, /"gpt-4\.1"/);
    assert.ok(warm.analysed.includes("src/llm/complete.ts"));
    // What imports the wrapper is analysed again; a file that imports nothing of it is not.
    assert.ok(warm.analysed.some((file) => file.startsWith("src/services/") || file.startsWith("src/routes/")), warm.analysed.join(", "));
    assert.ok(warm.cached > 0);
  });

  it("re-analyses after a prompt file changes, and the report matches a fresh run", () => {
    const before = lintCached();
    edit("src/prompts/support-policy.md", (text) => text + "\n" + "Refunds over $500 need a second approval from the finance team.\n".repeat(40));
    const warm = lintCached();
    const fresh = lint().json;
    assert.equal(warm.json, fresh);
    assert.notEqual(fresh, before.json);
  });

  it("re-analyses after a prompt file changes that a reused result read in an earlier run", () => {
    lintCached();
    // A warm run that analyses the wrapper's file again and reuses the result of the file reading the prompt.
    edit("src/llm/complete.ts", (text) => text.replace("max_completion_tokens: maxTokens", "max_completion_tokens: 4000"));
    assert.ok(!lintCached().analysed.includes("src/prompts/index.ts"));
    edit("src/prompts/support-policy.md", (text) => text + "\n" + "Refunds over $500 need a second approval from the finance team.\n".repeat(40));
    const warm = lintCached();
    assert.ok(warm.analysed.includes("src/prompts/index.ts"), warm.analysed.join(", "));
    assert.equal(warm.json, lint().json);
  });

  it("re-analyses when a committed .env.example appears with a default for the model", () => {
    edit("src/llm/complete.ts", (text) => text.replace("model: string = MODELS.fast", "model: string = process.env.SUPPORT_MODEL ?? MODELS.fast"));
    lintCached();
    fs.writeFileSync(path.join(app, ".env.example"), "SUPPORT_MODEL=gpt-4.1\n");
    const warm = lintCached();
    const fresh = lint().json;
    assert.match(fresh, /"gpt-4\.1"/);
    assert.equal(warm.json, fresh);
  });

  it("says with --debug what it reused, and why it analysed what it did", () => {
    const summary = (): string => /promptcost: (cache.*)/.exec(lint("--cache", "--cache-location", cacheDirectory, "--debug").stderr)?.[1] ?? "no summary line";
    assert.match(summary(), /^cache not used: no cache of this format at .*lint-cache\.json; \d+ files analysed$/);
    const unchanged = summary();
    const files = Number(/^cache: (\d+) of \1 files reused$/.exec(unchanged)?.[1]);
    assert.ok(files > 2, unchanged);
    edit("src/llm/complete.ts", (text) => text.replace("max_completion_tokens: maxTokens", "max_completion_tokens: 4000"));
    assert.match(summary(), /^cache: \d+ of \d+ files reused; analysed: 1 file changed, [1-9]\d* files? importing a changed file$/);
    edit("src/prompts/support-policy.md", (text) => text + "\nOne more rule.\n");
    assert.match(summary(), /^cache not used: \S*support-policy\.md changed; \d+ files analysed$/);
    fs.writeFileSync(path.join(app, "src/extra.ts"), "export const extra = 1;\n");
    assert.equal(summary(), `cache not used: another set of files linted (one added or removed); ${files + 1} files analysed`);
  });

  it("does not read files whose size, inode and times are as recorded, and reads an edited one (the metadata strategy)", () => {
    const readLine = (stderr: string): string => /promptcost: (cache: \d+ of \d+ project files known unchanged.*)/.exec(stderr)?.[1] ?? "no line";
    const debugRun = (...extra: string[]) => lint("--cache", "--cache-location", cacheDirectory, "--debug", ...extra);
    // Files changed less than 2 s before a run are read by the next one too (a later write in the same clock
    // tick would keep their times): wait that out once.
    waitPastTrustedAge();
    const cold = debugRun();
    const known = Number(/ of (\d+) project files/.exec(readLine(cold.stderr))?.[1]);
    assert.ok(known > 2, readLine(cold.stderr));
    assert.equal(readLine(debugRun().stderr), `cache: ${known} of ${known} project files known unchanged by size, inode and times, not read`);
    edit("src/llm/complete.ts", (text) => text.replace("max_completion_tokens: maxTokens", "max_completion_tokens: 4000"));
    const warm = debugRun();
    assert.equal(readLine(warm.stderr), `cache: ${known - 1} of ${known} project files known unchanged by size, inode and times, not read`);
    assert.equal(warm.json, lint().json);
    assert.equal(debugRun("--cache-strategy", "content").json, warm.json);
    assert.doesNotMatch(debugRun("--cache-strategy", "content").stderr, /known unchanged/);
    const unknown = lint("--cache", "--cache-strategy", "mtime");
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--cache-strategy must be one of metadata, content \(got "mtime"\)/);
  });

  it("runs cold past a corrupt cache, and says so once when the cache cannot be written", () => {
    fs.mkdirSync(cacheDirectory, { recursive: true });
    fs.writeFileSync(path.join(cacheDirectory, "lint-cache.json"), "{ not json");
    assert.equal(lintCached().json, lint().json);
    const blocked = path.join(temporary, "blocked");
    fs.writeFileSync(blocked, "a file where the cache directory would be");
    const result = lint("--cache", "--cache-location", path.join(blocked, "cache"));
    assert.equal(result.json, lint().json);
    assert.match(result.stderr, /could not write the cache \(\w+\); results are not cached/);
  });
});

/**
 * Answers from files the analysed file does not import: the classes implementing an interface it calls
 * through, the callers that pass a function its client. A warm run after one of those files changed gives a
 * fresh run's report.
 */
describe("--cache with answers from files no import reaches", () => {
  const INTERFACE = {
    "package.json": `{"dependencies":{"openai":"4.0.0"}}`,
    "src/summariser.ts": `export interface Summariser {\n  summarise(text: string): Promise<string>;\n}\n`,
    "src/openai-summariser.ts": `import OpenAI from "openai";\nimport type { Summariser } from "./summariser";\nconst client = new OpenAI();\nexport class OpenAISummariser implements Summariser {\n  async summarise(text: string): Promise<string> {\n    const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });\n    return completion.choices[0]?.message.content ?? "";\n  }\n}\n`,
    "src/digest.ts": `import type { Summariser } from "./summariser";\nexport async function digest(summariser: Summariser, tickets: string[]) {\n  return summariser.summarise(tickets.join("\\n"));\n}\n`,
  };
  // A polling loop given its client by its callers (the Assistants shape of supplied-clients.test.ts).
  const CALLERS = {
    "package.json": `{"dependencies":{"openai":"4.0.0"}}`,
    "poller.js": `const { APIError } = require("openai");\nasync function runAssistant({ openai, run_id, thread_id }) {\n  const run = await poll(openai, run_id);\n  if (run.status !== "requires_action") return run;\n  const toolRun = await openai.beta.threads.runs.submitToolOutputs(thread_id, run.id, { tool_outputs: [] });\n  return await runAssistant({ openai, run_id: toolRun.id, thread_id });\n}\nasync function poll(openai, run_id) {\n  return { status: "requires_action", id: run_id };\n}\nmodule.exports = { runAssistant };\n`,
    "caller.js": `const OpenAI = require("openai");\nconst { runAssistant } = require("./poller.js");\nasync function handle(req) {\n  const openai = new OpenAI();\n  return runAssistant({ openai, run_id: req.run, thread_id: req.thread });\n}\nmodule.exports = { handle };\n`,
  };

  // A bot class posting with the model it was built with, built in a file nothing it imports reaches (constructed-models.test.ts).
  const CONSTRUCTIONS = {
    "src/bot.ts": `export class Bot {\n  constructor(public apiKey: string, public model: string) {}\n  async send(prompt: string) {\n    return fetch("https://api.perplexity.ai/chat/completions", { method: "POST", body: JSON.stringify({ model: this.model, messages: [{ role: "user", content: prompt }] }) });\n  }\n}\n`,
    "src/use.ts": `import { Bot } from "./bot";\nexport const bot = new Bot("key", "sonar");\n`,
  };

  function project(name: string, files: Record<string, string>): { lint: (cached: boolean) => string; edit: (file: string, from: string, to: string) => void } {
    const root = writeProject(path.join(temporary, name), files);
    const cache = path.join(temporary, `${name}-cache`);
    return {
      lint: (cached) => runCli(["--lint", ".", "--format", "json", ...(cached ? ["--cache", "--cache-location", cache] : [])], { cwd: root }).stdout,
      edit: (file, from, to) => {
        const full = path.join(root, file);
        const text = fs.readFileSync(full, "utf8");
        assert.ok(text.includes(from));
        fs.writeFileSync(full, text.replace(from, to));
      },
    };
  }

  function callLines(json: string): string[] {
    return (JSON.parse(json) as { calls: { file: string; line: number; model: string | null }[] }).calls.map((call) => `${call.file}:${call.line} ${call.model}`);
  }

  it("a call through an interface follows an edit of the class implementing it", () => {
    const app = project("interface", INTERFACE);
    assert.deepEqual(callLines(app.lint(true)), ["src/digest.ts:3 gpt-4o", "src/openai-summariser.ts:6 gpt-4o"]);
    app.edit("src/openai-summariser.ts", `model: "gpt-4o"`, `model: "gpt-4.1"`);
    const warm = app.lint(true);
    assert.deepEqual(callLines(warm), ["src/digest.ts:3 gpt-4.1", "src/openai-summariser.ts:6 gpt-4.1"]);
    assert.equal(warm, app.lint(false));
  });

  it("says with --debug which search made it analyse every file again", () => {
    const app = project("interface-debug", INTERFACE);
    app.lint(true);
    app.edit("src/openai-summariser.ts", `model: "gpt-4o"`, `model: "gpt-4.1"`);
    const stderr = runCli(["--lint", ".", "--format", "json", "--cache", "--cache-location", path.join(temporary, "interface-debug-cache"), "--debug"], { cwd: path.join(temporary, "interface-debug") }).stderr;
    assert.match(stderr, /promptcost: cache not used: what a project search finds changed: the classes that extend or implement a type \(.*\); 3 files analysed/);
  });

  it("a request's model read from the `new`s of its class follows an edit of the file building it", () => {
    const app = project("constructions", CONSTRUCTIONS);
    assert.deepEqual(callLines(app.lint(true)), ["src/bot.ts:4 sonar"]);
    app.edit("src/use.ts", `"sonar"`, `"sonar-pro"`);
    const warm = app.lint(true);
    assert.deepEqual(callLines(warm), ["src/bot.ts:4 sonar-pro"]);
    assert.equal(warm, app.lint(false));
  });

  it("a request through a client the callers pass goes when the only caller stops passing one", () => {
    const app = project("callers", CALLERS);
    assert.deepEqual(callLines(app.lint(true)), ["poller.js:5 null"]);
    app.edit("caller.js", "const openai = new OpenAI();", "const openai = { beta: {} };");
    const warm = app.lint(true);
    assert.deepEqual(callLines(warm), []);
    assert.equal(warm, app.lint(false));
  });
});

/**
 * The date: a result is kept across days unless it counts days to a model's deprecation date
 * (no-deprecated-model's "in N days"); a deprecation date passing makes every result stale.
 */
describe("--cache across days", () => {
  const FILES = {
    "package.json": `{"dependencies":{"openai":"4.0.0","@anthropic-ai/sdk":"0.30.0"}}`,
    "src/current.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: q }] });\n`,
    "src/retiring.ts": `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nexport const ask = (q: string) => client.messages.create({ model: "claude-3-opus", max_tokens: 100, messages: [{ role: "user", content: q }] });\n`,
  };
  const root = writeProject(path.join(temporary, "days"), FILES);
  const cache = path.join(temporary, "days-cache");
  const run = (today: string, cached: boolean) => runCli(["--lint", ".", "--format", "json", ...(cached ? ["--cache", "--cache-location", cache, "--debug"] : [])], { cwd: root, env: { PROMPTCOST_TODAY: today } });
  const summary = (stderr: string): string => /promptcost: (cache.*)/.exec(stderr)?.[1] ?? "no summary line";

  it("keeps a result across days unless it counts days to a deprecation, and starts over when a date passes", () => {
    run("2026-03-01", true);
    const nextDay = run("2026-03-02", true);
    assert.equal(summary(nextDay.stderr), "cache: 1 of 2 files reused; analysed: 1 file counting days to a deprecation date (again each day)");
    assert.equal(nextDay.stdout, run("2026-03-02", false).stdout);
    assert.match(nextDay.stdout, /claude-3-opus is deprecated on 2026-05-01, in 60 days/);
    const sameDay = run("2026-03-02", true);
    assert.equal(summary(sameDay.stderr), "cache: 2 of 2 files reused");
    const afterDate = run("2026-05-02", true);
    assert.match(summary(afterDate.stderr), /^cache not used: a model's deprecation date passed; 2 files analysed$/);
    assert.equal(afterDate.stdout, run("2026-05-02", false).stdout);
    assert.match(afterDate.stdout, /claude-3-opus was deprecated on 2026-05-01/);
  });
});
