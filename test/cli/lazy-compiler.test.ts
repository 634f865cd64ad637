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

function lint(server: string, app: string, cache: string) {
  const result = spawnSync(process.execPath, [server, "--lint", ".", "--format", "json", "--cache", "--cache-location", cache], { cwd: app, encoding: "utf8" });
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
    // Lookalike: a run that must parse (no cache) needs it, and says what is missing.
    const uncached = spawnSync(process.execPath, [server, "--lint", ".", "--format", "json"], { cwd: app, encoding: "utf8" });
    const findings = (JSON.parse(uncached.stdout) as { findings: { rule: string; message: string }[] }).findings;
    assert.deepEqual(findings.map((finding) => finding.rule), ["parse-error"]);
    assert.match(findings[0]!.message, /TypeScript compiler bundled with promptcost could not be loaded.*typescript\.cjs/);
  });
});
