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

const STORED = /lenses from the analysis an earlier session stored/;

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

describe("analyses stored between sessions", () => {
  let root: string;
  let storage: string;

  before(() => {
    root = copyFixture("basic");
    storage = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-storage-"));
  });
  after(() => {
    removeFixture(root);
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it("shows a stored analysis on the next open, the same figures as the session's own, which follows", async () => {
    const first = await session(root, storage, "src/chat.ts");
    assert.equal(first.fromStore, false);
    assert.equal(stored(storage).length, 1);
    const second = await session(root, storage, "src/chat.ts");
    assert.equal(second.fromStore, true);
    assert.deepEqual(second.titles, first.titles);
    assert.ok(second.titles.length >= 2 && second.titles.every((title) => title.includes("$")), second.titles.join("\n"));
    assert.ok(second.publications >= 2);
  });

  it("does not show it once a file the document imports changed on disk", async () => {
    const before = await session(root, storage, "src/chat.ts");
    assert.equal(before.fromStore, true);
    const constants = path.join(root, "src", "prompts", "constants.ts");
    fs.writeFileSync(constants, fs.readFileSync(constants, "utf8").replace("two sentences at most.", "two sentences at most, politely, naming the shop and its opening hours every time."));
    const after = await session(root, storage, "src/chat.ts");
    assert.equal(after.fromStore, false);
    assert.notDeepEqual(after.titles, before.titles);
  });

  it("does not show it once a prompt file the analysis read changed", async () => {
    const before = await session(root, storage, "src/support.ts");
    const again = await session(root, storage, "src/support.ts");
    assert.equal(before.fromStore, false);
    assert.equal(again.fromStore, true);
    const policy = path.join(root, "src", "prompts", "policy.md");
    fs.appendFileSync(policy, "\nRefunds are given within thirty days of purchase, with the receipt, for unused items only.\n");
    const after = await session(root, storage, "src/support.ts");
    assert.equal(after.fromStore, false);
    assert.notDeepEqual(after.titles, again.titles);
  });

  it("does not show it under other settings", async () => {
    const before = await session(root, storage, "src/chat.ts");
    assert.equal(before.fromStore, true);
    const after = await session(root, storage, "src/chat.ts", { settings: { requestsPerDay: 7 } });
    assert.equal(after.fromStore, false);
    assert.notDeepEqual(after.titles, before.titles);
  });

  it("does not store the analysis of unsaved text", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-storage-"));
    try {
      const text = fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8").replace('"gpt-4.1"', '"gpt-4o"');
      await session(root, scratch, "src/chat.ts", { text });
      assert.deepEqual(stored(scratch), []);
      await session(root, scratch, "src/chat.ts");
      assert.equal(stored(scratch).length, 1);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
