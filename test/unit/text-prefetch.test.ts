// The reading thread of the language server (prefetch-worker.ts) and what the server takes from it
// (lsp/text-prefetch.ts): the same texts a read from disk gives, each once, never a file the server would
// not read, nothing of a file changed on disk since, and the listing waited for.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { MessageChannel, Worker } from "node:worker_threads";
import { diskFileSystem } from "../../server/src/core/workspace/file-system.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { listSourceFiles } from "../../server/src/lsp/source-files.ts";
import { prefetchingFileSystem, TextPrefetch } from "../../server/src/lsp/text-prefetch.ts";
import type { PrefetchHandle } from "../../server/src/text-prefetch-protocol.ts";
import { CompactBpeCounter } from "../../server/src/core/tokens/compact-bpe.ts";
import { loadEncoding } from "../../server/src/core/tokens/rank-data.ts";

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-prefetch-")));
after(() => fs.rmSync(base, { recursive: true, force: true }));

const root = path.join(base, "app");
fs.mkdirSync(path.join(root, "src", "nested"), { recursive: true });
fs.writeFileSync(path.join(root, "src", "a.ts"), "export const a = 1;\n");
fs.writeFileSync(path.join(root, "src", "nested", "b.ts"), "export const b = 'é';\n");
fs.writeFileSync(path.join(base, "outside.ts"), "export const secret = 1;\n");
fs.symlinkSync(path.join(base, "outside.ts"), path.join(root, "src", "leak.ts"));
fs.symlinkSync(path.join(root, "src", "a.ts"), path.join(root, "src", "alias.ts"));

/** The server's side of a reading thread, given to `body`; the thread is stopped after it. */
function withPrefetch(handle: PrefetchHandle, body: (prefetch: TextPrefetch) => void): void {
  const prefetch = new TextPrefetch(handle);
  try {
    body(prefetch);
  } finally {
    prefetch.close();
  }
}

/** The reading thread on the folders, run from its source as the server's entry starts its bundle. */
function startThread(folders: string[], maxTotalBytes?: number): PrefetchHandle {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  // The source through tsx's loader, registered in the thread (a worker's entry is resolved before `--import` hooks run).
  const source = new URL("../../server/src/prefetch-worker.ts", import.meta.url).href;
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { folders, port: port2, signal, maxTotalBytes }, transferList: [port2] });
  worker.unref();
  return { folders, worker, port: port1, signal };
}

/** A workspace over the disk with the thread's reads given first, and the files it read from disk itself. */
function workspaceOver(prefetch: TextPrefetch): { workspace: Workspace; diskReads: string[] } {
  const diskReads: string[] = [];
  const counting = { ...diskFileSystem, readFileUpToUnlessLink: (file: string, maxBytes: number) => (diskReads.push(file), diskFileSystem.readFileUpToUnlessLink!(file, maxBytes)) };
  return { workspace: new Workspace([root], prefetchingFileSystem(counting, prefetch)), diskReads };
}

describe("the language server's reading thread", () => {
  it("lists the folders as the server does, and gives the texts a read from disk gives, without reading them again", () => {
    withPrefetch(startThread([root]), (prefetch) => {
      const listing = prefetch.listing();
      assert.deepEqual(listing, listSourceFiles([root]));
      const { workspace, diskReads } = workspaceOver(prefetch);
      const plain = new Workspace([root]);
      // Every listed text as a plain read gives it; links (never listed) are the server's to read, the one leading out refused.
      for (const file of listing!) assert.equal(workspace.getText(file), plain.getText(file), file);
      assert.equal(workspace.getText(path.join(root, "src", "leak.ts")), undefined);
      assert.equal(workspace.getText(path.join(root, "src", "alias.ts")), "export const a = 1;\n");
      assert.deepEqual(diskReads.sort(), [path.join(root, "src", "alias.ts"), path.join(root, "src", "leak.ts")].sort());
      // Asked once: the listing is not given again (a second listing is the workspace's own).
      assert.equal(prefetch.listing(), undefined);
    });
  });

  it("stops reading past its limit in all: the server reads the rest, the same texts", () => {
    // 20 bytes: a.ts (20 bytes) is read, nested/b.ts is left to the server.
    withPrefetch(startThread([root], 20), (prefetch) => {
      const listing = prefetch.listing()!;
      const { workspace, diskReads } = workspaceOver(prefetch);
      const plain = new Workspace([root]);
      for (const file of listing) assert.equal(workspace.getText(file), plain.getText(file), file);
      assert.deepEqual(diskReads, [path.join(root, "src", "nested", "b.ts")]);
    });
  });

  it("never gives what it read of a file changed on disk since", () => {
    withPrefetch(startThread([root]), (prefetch) => {
      assert.ok(prefetch.listing());
      const file = path.join(root, "src", "a.ts");
      prefetch.forget(file);
      const { workspace, diskReads } = workspaceOver(prefetch);
      assert.equal(workspace.getText(file), "export const a = 1;\n");
      assert.ok(diskReads.includes(file));
    });
  });

  it("builds the tokenizer's tables the server would build, once", () => {
    withPrefetch(startThread([root]), (prefetch) => {
      assert.ok(prefetch.listing());
      // The tables come after the reads: wait for them as the first count would find them a moment later.
      let tables = prefetch.encoderTables("o200k_base");
      for (const deadline = Date.now() + 20_000; !tables && Date.now() < deadline; tables = prefetch.encoderTables("o200k_base")) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      assert.ok(tables, "no tables from the thread");
      const text = "Summarise the ticket below in one sentence, then classify its urgency: 🚨 «urgent» or routine.\n<|endoftext|>";
      assert.equal(new CompactBpeCounter(tables).count(text), new CompactBpeCounter(loadEncoding("o200k_base")).count(text));
      assert.equal(prefetch.encoderTables("o200k_base"), undefined);
    });
  });

  it("does not wait long for a thread that never posts (a worker file that cannot load)", () => {
    const { port1, port2 } = new MessageChannel();
    const silent = new Worker("setInterval(() => {}, 1000);", { eval: true });
    silent.unref();
    const prefetch = new TextPrefetch({ folders: [root], worker: silent, port: port1, signal: new Int32Array(new SharedArrayBuffer(4)) });
    try {
      const started = Date.now();
      assert.equal(prefetch.listing(), undefined);
      assert.ok(Date.now() - started < 5_000, `waited ${Date.now() - started} ms`);
    } finally {
      prefetch.close();
      port2.close();
    }
  });

  it("is for the folders it was started with only", () => {
    withPrefetch(startThread([root]), (prefetch) => {
      assert.equal(prefetch.readsFolders([root + path.sep]), true);
      assert.equal(prefetch.readsFolders([path.join(root, "src")]), false);
      assert.equal(prefetch.readsFolders([root, base]), false);
    });
  });
});
