// Analyses kept between sessions (initializationOptions.storagePath): a document opened again shows the
// stored analysis at once while nothing it was made from changed, then this session's own analysis.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture, removeFixture } from "./fixture.ts";
import { waitUntil } from "./lens-helpers.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

const STORED = /lenses from a stored analysis/;

interface Session {
  titles: string[];
  fromStore: boolean;
  /** Diagnostics publications of version 1 (a stored analysis, then the session's own). */
  publications: number;
}

const stored = (storage: string): string[] => {
  const directory = path.join(storage, "analyses");
  return fs.existsSync(directory) ? fs.readdirSync(directory).filter((name) => name.endsWith(".json")) : [];
};

/** A server session: opens the file with `text` (the disk's by default), reads its lenses, waits for its own analysis to be stored. */
async function session(root: string, storage: string | undefined, file: string, options: { text?: string; settings?: Record<string, unknown> } = {}): Promise<Session> {
  const client = await LspClient.start({ rootPath: root, settings: options.settings ?? {}, initializationOptions: storage ? { storagePath: storage } : undefined });
  try {
    const uri = uriOf(path.join(root, file));
    client.open(uri, options.text ?? fs.readFileSync(path.join(root, file), "utf8"));
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
    const titles: string[] = [];
    for (const lens of lenses) titles.push((await client.request("codeLens/resolve", lens)).command.title);
    const logs = () => client.notifications.filter((note) => note.method === "window/logMessage").map((note) => note.params.message as string);
    const fromStore = logs().some((message) => STORED.test(message));
    if (fromStore) await waitUntil(() => client.publishReceipts(uri).length >= 2, "the session's own analysis after the stored one", 15_000);
    else await client.diagnostics(uri, 1);
    // The store is written a second after an analysis of the text on disk.
    await new Promise((resolve) => setTimeout(resolve, 1400));
    return { titles, fromStore, publications: client.publishReceipts(uri).length };
  } finally {
    await client.shutdown();
  }
}

/** A copy of the basic fixture and an empty storage directory, made before a suite's tests and removed after them. */
function fixtureWithStorage(): { root: string; storage: string } {
  const dirs = { root: "", storage: "" };
  before(() => {
    dirs.root = copyFixture("basic");
    dirs.storage = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-storage-"));
  });
  after(() => {
    removeFixture(dirs.root);
    fs.rmSync(dirs.storage, { recursive: true, force: true });
  });
  return dirs;
}

describe("analyses stored between sessions", () => {
  const dirs = fixtureWithStorage();

  it("shows a stored analysis on the next open, the same figures as the session's own, which follows", async () => {
    const first = await session(dirs.root, dirs.storage, "src/chat.ts");
    assert.equal(first.fromStore, false);
    assert.equal(stored(dirs.storage).length, 1);
    const second = await session(dirs.root, dirs.storage, "src/chat.ts");
    assert.equal(second.fromStore, true);
    assert.deepEqual(second.titles, first.titles);
    assert.ok(second.titles.length >= 2 && second.titles.every((title) => title.includes("$")), second.titles.join("\n"));
    assert.ok(second.publications >= 2);
  });

  it("does not show it once a file the document imports changed on disk", async () => {
    const before = await session(dirs.root, dirs.storage, "src/chat.ts");
    assert.equal(before.fromStore, true);
    const constants = path.join(dirs.root, "src", "prompts", "constants.ts");
    fs.writeFileSync(constants, fs.readFileSync(constants, "utf8").replace("two sentences at most.", "two sentences at most, politely, naming the shop and its opening hours every time."));
    const after = await session(dirs.root, dirs.storage, "src/chat.ts");
    assert.equal(after.fromStore, false);
    assert.notDeepEqual(after.titles, before.titles);
  });

  it("does not show it once a prompt file the analysis read changed", async () => {
    const before = await session(dirs.root, dirs.storage, "src/support.ts");
    const again = await session(dirs.root, dirs.storage, "src/support.ts");
    assert.equal(before.fromStore, false);
    assert.equal(again.fromStore, true);
    const policy = path.join(dirs.root, "src", "prompts", "policy.md");
    fs.appendFileSync(policy, "\nRefunds are given within thirty days of purchase, with the receipt, for unused items only.\n");
    const after = await session(dirs.root, dirs.storage, "src/support.ts");
    assert.equal(after.fromStore, false);
    assert.notDeepEqual(after.titles, again.titles);
  });

  it("does not show it under other settings", async () => {
    const before = await session(dirs.root, dirs.storage, "src/chat.ts");
    assert.equal(before.fromStore, true);
    const after = await session(dirs.root, dirs.storage, "src/chat.ts", { settings: { requestsPerDay: 7 } });
    assert.equal(after.fromStore, false);
    assert.notDeepEqual(after.titles, before.titles);
  });

  it("does not store the analysis of unsaved text", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-storage-"));
    try {
      const text = fs.readFileSync(path.join(dirs.root, "src", "chat.ts"), "utf8").replace('"gpt-4.1"', '"gpt-4o"');
      await session(dirs.root, scratch, "src/chat.ts", { text });
      assert.deepEqual(stored(scratch), []);
      await session(dirs.root, scratch, "src/chat.ts");
      assert.equal(stored(scratch).length, 1);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe("analyses the workspace report stored", () => {
  const dirs = fixtureWithStorage();

  /** A session that makes the workspace report without opening anything, then waits for its entries to be written. */
  async function reportSession(): Promise<void> {
    const client = await LspClient.start({ rootPath: dirs.root, settings: {}, initializationOptions: { storagePath: dirs.storage } });
    try {
      await client.request("promptcost/workspaceReport", {});
      await waitUntil(() => stored(dirs.storage).length >= 2, "an entry for each of the two files with calls", 10_000);
    } finally {
      await client.shutdown();
    }
  }

  it("a file never opened before opens with the report's analysis, the figures of the session's own", async () => {
    await reportSession();
    assert.equal(stored(dirs.storage).length, 2, "src/chat.ts and src/support.ts; not the prompt constants, which make no call");
    const opened = await session(dirs.root, dirs.storage, "src/support.ts");
    assert.equal(opened.fromStore, true);
    const fresh = await session(dirs.root, undefined, "src/support.ts");
    assert.equal(fresh.fromStore, false);
    assert.deepEqual(opened.titles, fresh.titles);
    assert.ok(opened.titles.length >= 1 && opened.titles.every((title) => title.includes("$")), opened.titles.join("\n"));
  });

  it("opens in the same session with the analysis its report just made", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-storage-"));
    const client = await LspClient.start({ rootPath: dirs.root, settings: {}, initializationOptions: { storagePath: scratch } });
    try {
      await client.request("promptcost/workspaceReport", {});
      await waitUntil(() => stored(scratch).length >= 2, "the report's entries", 10_000);
      const uri = uriOf(path.join(dirs.root, "src", "chat.ts"));
      client.open(uri, fs.readFileSync(path.join(dirs.root, "src", "chat.ts"), "utf8"));
      await client.request("textDocument/codeLens", { textDocument: { uri } });
      const logs = client.notifications.filter((note) => note.method === "window/logMessage").map((note) => note.params.message as string);
      assert.ok(logs.some((message) => STORED.test(message)), logs.join("\n"));
    } finally {
      await client.shutdown();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("does not show it once a file the document imports changed on disk", async () => {
    await reportSession();
    const constants = path.join(dirs.root, "src", "prompts", "constants.ts");
    fs.writeFileSync(constants, fs.readFileSync(constants, "utf8").replace("two sentences at most.", "two sentences at most, and always in the customer's own language."));
    const opened = await session(dirs.root, dirs.storage, "src/chat.ts");
    assert.equal(opened.fromStore, false);
  });
});
