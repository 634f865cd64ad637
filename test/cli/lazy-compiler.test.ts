// The engine loads the TypeScript compiler (dist/typescript.cjs) when it first parses a file: a `--cache`
// run with nothing to analyse never reads it. Checked on a copy of the bundles whose compiler file is removed
// after a first run filled the cache.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { REPO_ROOT, writeProject } from "./run-cli.ts";

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-lazy-compiler-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

function lint(server: string, app: string, cache: string, ...extra: string[]) {
  const result = spawnSync(process.execPath, [server, "--lint", ".", "--format", "json", "--cache", "--cache-location", cache, ...extra], { cwd: app, encoding: "utf8" });
  return { json: result.stdout, status: result.status, stderr: result.stderr };
}

describe("the compiler, loaded when a file is parsed", () => {
  it("is not read by a --cache run that analyses nothing", () => {
    // The bundles as installed: dist beside pricing.
    const installed = path.join(temporary, "installed");
    fs.cpSync(path.join(REPO_ROOT, "dist"), path.join(installed, "dist"), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, "pricing"), path.join(installed, "pricing"), { recursive: true });
    const server = path.join(installed, "dist", "server.cjs");
    const app = writeProject(path.join(temporary, "app"), {
      "src/ask.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "user", content: q }] });\n`,
    });
    const cache = path.join(temporary, "cache");
    const cold = lint(server, app, cache);
    assert.equal(cold.status, 0, cold.stderr);
    assert.ok(JSON.parse(cold.json).calls.length === 1);
    fs.rmSync(path.join(installed, "dist", "typescript.cjs"));
    const warm = lint(server, app, cache);
    assert.equal(warm.status, 0, warm.stderr);
    assert.equal(warm.json, cold.json);
    // Nor with --debug, which times the compiler's load as the run's setup when a file is analysed.
    const warmDebug = lint(server, app, cache, "--debug");
    assert.equal(warmDebug.status, 0, warmDebug.stderr);
    assert.equal(warmDebug.json, cold.json);
    // Lookalike: a run that must parse (no cache) needs it, and says what is missing.
    const uncached = spawnSync(process.execPath, [server, "--lint", ".", "--format", "json"], { cwd: app, encoding: "utf8" });
    const findings = (JSON.parse(uncached.stdout) as { findings: { rule: string; message: string }[] }).findings;
    assert.deepEqual(findings.map((finding) => finding.rule), ["parse-error"]);
    assert.match(findings[0]!.message, /TypeScript compiler bundled with promptcost could not be loaded.*typescript\.cjs/);
  });

  it("is timed with --debug as the run's setup, on the first file analysed", () => {
    const app = writeProject(path.join(temporary, "debug-app"), {
      "src/a.ts": `export const greeting = "hello";\n`,
      "src/b.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "user", content: q }] });\n`,
    });
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "server.cjs"), "--lint", ".", "--format", "json", "--debug"], { cwd: app, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    const load = /the run's setup: the compiler's load ([\d.]+) ms/.exec(result.stderr);
    assert.ok(load && Number(load[1]) > 0, result.stderr);
    // a.ts, first, loads the compiler; b.ts, the first to count a text, builds the tokenizer's tables.
    assert.match(result.stderr, /promptcost: +[\d.]+ m?s {2}src\/a\.ts \(([\d.]+ ms of it indexing for later files, )?[\d.]+ ms (of it )?the run's setup\)\n/);
    assert.match(result.stderr, /promptcost: +[\d.]+ m?s {2}src\/b\.ts \([\d.]+ ms of it the run's setup\)\n/);
    assert.match(result.stderr, /the run's setup: the compiler's load [\d.]+ ms, the tokenizer's tables [\d.]+ ms\)/);
  });
});
