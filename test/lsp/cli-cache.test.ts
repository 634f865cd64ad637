// The CLI's `--cache` read on opening (server/src/lsp/cli-cache.ts): a document `promptcost --lint . --cache`
// analysed shows that analysis at once while nothing it was made from changed, then the session's own; a
// changed import, prompt file or setting makes the entry unused; the server never writes the cache. The
// status bar's file figure (promptcost/fileCostChanged) says it is provisional meanwhile.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture, removeFixture } from "./fixture.ts";
import { waitUntil } from "./lens-helpers.ts";
import { LspClient, SERVER, uriOf } from "./lsp-client.ts";

const FROM_CLI_CACHE = /lenses from the CLI's cache/;
const CACHE_FILE = path.join("node_modules", ".cache", "promptcost", "lint-cache.json");

interface Session {
  titles: string[];
  /** Whether the first diagnostics published came from the CLI's cache (the log line said so before them). */
  firstFromCache: boolean;
  /** Diagnostics of version 1 as published, in order. */
  published: unknown[][];
}

/** Diagnostics as shown: the result id in their data names the analysis they came from, not what they say. */
function withoutResultIds(diagnostics: unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(diagnostics, (key, value) => (key === "resultId" ? undefined : value)));
}

/** `promptcost --lint . --cache` in the workspace, dated today as the server is. */
function lintWithCache(root: string): void {
  const result = spawnSync(process.execPath, [SERVER, "--lint", ".", "--cache", "--format", "json"], { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  assert.ok(fs.existsSync(path.join(root, CACHE_FILE)), result.stderr);
}

async function session(root: string, file: string, settings: Record<string, unknown> = {}): Promise<Session> {
  const client = await LspClient.start({ rootPath: root, settings });
  try {
    const uri = uriOf(path.join(root, file));
    client.open(uri, fs.readFileSync(path.join(root, file), "utf8"));
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
    const titles: string[] = [];
    for (const lens of lenses) titles.push((await client.request("codeLens/resolve", lens)).command.title);
    await client.diagnostics(uri, 1);
    const notes = client.notifications;
    const firstPublished = notes.findIndex((note) => note.method === "textDocument/publishDiagnostics" && note.params.uri === uri);
    const cacheLine = notes.findIndex((note) => note.method === "window/logMessage" && FROM_CLI_CACHE.test(note.params.message));
    const firstFromCache = cacheLine >= 0 && cacheLine < firstPublished;
    if (cacheLine >= 0) await waitUntil(() => client.publishReceipts(uri).length >= 2, "the session's own analysis after the cached one", 15_000);
    const published = client.notifications.filter((note) => note.method === "textDocument/publishDiagnostics" && note.params.uri === uri).map((note) => withoutResultIds(note.params.diagnostics as unknown[]));
    return { titles, firstFromCache, published };
  } finally {
    await client.shutdown();
  }
}

describe("the CLI's cache on opening", () => {
  let root: string;
  let uncached: Session;

  before(async () => {
    root = copyFixture("basic");
    uncached = await session(root, "src/chat.ts");
    lintWithCache(root);
  });
  after(() => removeFixture(root));

  it("publishes the cached analysis first, the same as the session's own that follows, and leaves the cache as it was", async () => {
    const cache = fs.readFileSync(path.join(root, CACHE_FILE), "utf8");
    const modified = fs.statSync(path.join(root, CACHE_FILE)).mtimeMs;
    const cached = await session(root, "src/chat.ts");
    assert.equal(uncached.firstFromCache, false);
    assert.equal(cached.firstFromCache, true);
    assert.deepEqual(cached.titles, uncached.titles);
    assert.ok(cached.titles.length >= 2 && cached.titles.every((title) => title.includes("$")), cached.titles.join("\n"));
    assert.ok(cached.published.length >= 2);
    assert.deepEqual(cached.published[0], cached.published.at(-1));
    assert.deepEqual(cached.published[0], uncached.published[0]);
    assert.equal(fs.readFileSync(path.join(root, CACHE_FILE), "utf8"), cache);
    assert.equal(fs.statSync(path.join(root, CACHE_FILE)).mtimeMs, modified);
  });

  it("says the status bar's figures are the cache's until the session's own come, and sends each version's", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {}, initializationOptions: { fileCostNotifications: true } });
    try {
      const uri = uriOf(path.join(root, "src", "chat.ts"));
      const text = fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8");
      client.open(uri, text);
      const costs = () => client.notifications.filter((note) => note.method === "promptcost/fileCostChanged" && note.params.uri === uri).map((note) => note.params);
      await waitUntil(() => costs().length >= 2, "the cached figures, then the session's own", 15_000);
      const [cached, own] = costs();
      assert.equal(cached.provisional, "cli-cache");
      assert.equal(own.provisional, undefined);
      assert.deepEqual({ ...cached, provisional: undefined }, { ...own, provisional: undefined });
      // An edit that changes no figure: its version's figures are sent all the same (the status bar's figure is current again).
      client.replaceText(uri, 2, text, `${text}\n`);
      await waitUntil(() => costs().some((cost) => cost.version === 2), "the figures of version 2", 15_000);
      assert.equal(costs().at(-1).monthlyUsd, own.monthlyUsd);
    } finally {
      await client.shutdown();
    }
  });

  it("does not use an entry under other settings", async () => {
    const other = await session(root, "src/chat.ts", { requestsPerDay: 7 });
    assert.equal(other.firstFromCache, false);
    assert.notDeepEqual(other.titles, uncached.titles);
  });

  it("does not use an entry once a prompt file the CLI read changed", async () => {
    const before = await session(root, "src/support.ts");
    assert.equal(before.firstFromCache, true);
    fs.appendFileSync(path.join(root, "src", "prompts", "policy.md"), "\nRefunds are given within thirty days of purchase, with the receipt, for unused items only.\n");
    const after = await session(root, "src/support.ts");
    assert.equal(after.firstFromCache, false);
    assert.notDeepEqual(after.titles, before.titles);
  });

  it("does not use an entry once a file the document imports changed", async () => {
    // A run after the prompt file's change above, whose entries are all in use again.
    lintWithCache(root);
    assert.equal((await session(root, "src/chat.ts")).firstFromCache, true);
    const constants = path.join(root, "src", "prompts", "constants.ts");
    fs.writeFileSync(constants, fs.readFileSync(constants, "utf8").replace("two sentences at most.", "two sentences at most, politely, naming the shop and its opening hours every time."));
    const changed = await session(root, "src/chat.ts");
    assert.equal(changed.firstFromCache, false);
    assert.notDeepEqual(changed.titles, uncached.titles);
  });
});
