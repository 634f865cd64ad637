// The language server keeps the engine's compiled code for its next start (server/src/code-cache.ts): written
// when a session ends, read by the next session, whose diagnostics are the same.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture, removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

describe("the engine's code cache in the language server", () => {
  let root: string;
  let tmp: string;
  before(() => {
    root = copyFixture("basic");
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-lsp-code-cache-"));
  });
  after(() => {
    removeFixture(root);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const cacheFiles = () => {
    const directory = path.join(tmp, "promptcost-code-cache");
    return fs.existsSync(directory) ? fs.readdirSync(directory).map((name) => path.join(directory, name)) : [];
  };

  /** One session: opens the fixture's first source file, returns its diagnostics' messages. */
  async function session(): Promise<string[]> {
    const client = await LspClient.start({ rootPath: root, env: { TMPDIR: tmp } });
    try {
      const file = path.join(root, "src", fs.readdirSync(path.join(root, "src")).sort()[0]!);
      const uri = uriOf(file);
      client.open(uri, fs.readFileSync(file, "utf8"));
      return (await client.diagnostics(uri, 1)).diagnostics.map((diagnostic) => `${diagnostic.range.start.line}: ${diagnostic.message}`);
    } finally {
      await client.shutdown();
    }
  }

  it("is written when a session ends and read by the next, with the same diagnostics", async () => {
    const first = await session();
    assert.ok(first.length > 0, "the fixture file has diagnostics to compare");
    // One per bundle the session compiled: the engine, and the TypeScript compiler it loaded to parse.
    const caches = cacheFiles();
    assert.deepEqual(caches.map((cache) => path.basename(cache).split("-")[0]).sort(), ["engine", "typescript"], "the session that ended wrote the caches");
    const written = caches.map((cache) => fs.statSync(cache).mtimeMs);
    assert.deepEqual(await session(), first);
    assert.deepEqual(caches.map((cache) => fs.statSync(cache).mtimeMs), written, "a usable cache is read, not written again");
  });
});
