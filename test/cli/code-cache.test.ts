// The engine's compiled code kept for the next start (server/src/code-cache.ts), as the CLI uses it: written
// by a run that analyses, read by the next one, replaced when unusable, never written when turned off, and
// never a different report.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { runCli, writeProject } from "./run-cli.ts";

const CALL = `import OpenAI from "openai";
const client = new OpenAI();
export async function ask(question: string) {
  return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: "Answer briefly: " + question }] });
}
`;

describe("the engine's code cache", () => {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-code-cache-test-"));
  after(() => fs.rmSync(temporary, { recursive: true, force: true }));
  const project = writeProject(path.join(temporary, "project"), { "src/ask.ts": CALL });

  /** A run with its own temporary directory, so the cache it reads and writes is this test's alone. */
  const lint = (tmp: string, env: Record<string, string> = {}) => runCli(["--lint", "src", "--format", "json"], { cwd: project, env: { TMPDIR: tmp, ...env } });
  const cacheFiles = (tmp: string) => {
    const directory = path.join(tmp, "promptcost-code-cache");
    return fs.existsSync(directory) ? fs.readdirSync(directory).map((name) => path.join(directory, name)) : [];
  };
  const freshTmp = (name: string) => {
    const tmp = path.join(temporary, name);
    fs.mkdirSync(tmp);
    return tmp;
  };

  it("is written by a lint run and read by the next, with the same report", () => {
    const tmp = freshTmp("tmp-read");
    const first = lint(tmp);
    assert.equal(first.status, 0, first.stderr);
    // One per bundle the run compiled: the engine, and the TypeScript compiler it loaded to parse.
    const caches = cacheFiles(tmp);
    assert.deepEqual(caches.map((cache) => path.basename(cache).split("-")[0]).sort(), ["engine", "typescript"]);
    for (const cache of caches) assert.match(path.basename(cache), new RegExp(`${process.version.replace(/\./g, "\\.")}-${process.arch}\\.v8$`));
    const written = caches.map((cache) => fs.statSync(cache).mtimeMs);
    const second = lint(tmp);
    assert.equal(second.stdout, first.stdout);
    // A usable cache is read, not written again.
    assert.deepEqual(caches.map((cache) => fs.statSync(cache).mtimeMs), written);
  });

  it("is replaced when V8 cannot use it, and the report is the same", () => {
    const tmp = freshTmp("tmp-rejected");
    const first = lint(tmp);
    const [cache] = cacheFiles(tmp);
    assert.ok(cache);
    fs.writeFileSync(cache, "not code V8 made");
    const second = lint(tmp);
    assert.equal(second.stdout, first.stdout);
    assert.notEqual(fs.readFileSync(cache, "utf8"), "not code V8 made");
  });

  it("is not written when turned off, or by a run that analyses nothing", () => {
    const off = freshTmp("tmp-off");
    assert.equal(lint(off, { NODE_DISABLE_COMPILE_CACHE: "1" }).status, 0);
    assert.deepEqual(cacheFiles(off), []);
    const help = freshTmp("tmp-help");
    assert.equal(runCli(["--help"], { cwd: project, env: { TMPDIR: help } }).status, 0);
    assert.deepEqual(cacheFiles(help), []);
  });
});
