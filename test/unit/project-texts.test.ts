import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, beforeEach, describe, it } from "node:test";
import { contentHash } from "../../server/src/cli/content-hash.ts";
import { ProjectTexts, type CacheStrategy, type TextRecord } from "../../server/src/cli/project-texts.ts";
import { diskFileSystem, type FileSystem } from "../../server/src/core/workspace/file-system.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";

/**
 * The `metadata` cache strategy: a project file whose lstat (device, inode, size, times) is the one recorded
 * when its text was read is known without reading it; anything else is read and hashed.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-texts-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));
const files = { a: path.join(root, "a.ts"), b: path.join(root, "b.ts") };
const SEARCH = "pattern:openai";
/** Ten seconds on: the files written by the test are then old enough for their metadata to be recorded. */
const later = () => Date.now() + 10_000;

/** Past the file system's clock tick (a jiffy: a write right after another can keep its change time). */
function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
}

/** A workspace over the disk that counts the source texts it reads. */
function countingWorkspace(): { workspace: Workspace; reads: string[] } {
  const reads: string[] = [];
  const fileSystem: FileSystem = {
    ...diskFileSystem,
    readFile: (file) => (reads.push(file), diskFileSystem.readFile(file)),
    readFileUpTo: (file, maxBytes) => (reads.push(file), diskFileSystem.readFileUpTo!(file, maxBytes)),
    readFileUpToUnlessLink: (file, maxBytes) => (reads.push(file), diskFileSystem.readFileUpToUnlessLink!(file, maxBytes)),
  };
  const workspace = new Workspace([root], fileSystem);
  workspace.projectFiles = Object.values(files);
  return { workspace, reads };
}

/** One run: every file hashed, its specifiers and the search asked; returns what it read and its records. */
function run(records: Record<string, TextRecord>, options: { strategy?: CacheStrategy; now?: () => number; before?: (workspace: Workspace) => void } = {}) {
  const { workspace, reads } = countingWorkspace();
  options.before?.(workspace);
  const texts = new ProjectTexts(workspace, options.strategy ?? "metadata", records, [SEARCH], options.now ?? later);
  const matched: string[] = [];
  const seen = Object.values(files).map((file) => ({
    hash: texts.hash(file),
    specifiers: texts.specifiers(file),
    found: texts.finds(file, SEARCH, (text) => (matched.push(file), text.includes("openai"))),
  }));
  return { seen, reads, matched, records: texts.recordsFor([SEARCH]), asRecorded: texts.asRecorded() };
}

describe("ProjectTexts", () => {
  beforeEach(() => {
    fs.writeFileSync(files.a, 'import OpenAI from "openai";\nimport { b } from "./b";\n');
    fs.writeFileSync(files.b, "export const b = 1;\n");
  });

  it("knows an unchanged file by its metadata without reading it, with the hash, imports and search answers read the first time", () => {
    const first = run({});
    const second = run(first.records);
    assert.deepEqual(second.reads, []);
    assert.deepEqual(second.matched, []);
    assert.deepEqual(second.seen, first.seen);
    assert.equal(second.seen[0]!.hash, contentHash(fs.readFileSync(files.a, "utf8")));
    assert.deepEqual(second.seen[0]!.specifiers, ["openai", "./b"]);
    assert.deepEqual(second.seen.map(({ found }) => found), [true, false]);
    assert.ok(second.asRecorded);
  });

  it("reads a file rewritten with its size and modification time kept (its change time moved)", () => {
    // A whole second, which utimes sets exactly (a time read back from stat loses its nanoseconds).
    const written = new Date("2026-01-01T00:00:00Z");
    fs.utimesSync(files.b, written, written);
    const first = run({});
    pause();
    fs.writeFileSync(files.b, "export const c = 1;\n");
    fs.utimesSync(files.b, written, written);
    const second = run(first.records);
    assert.deepEqual(second.reads, [files.b]);
    assert.equal(second.seen[1]!.hash, contentHash("export const c = 1;\n"));
    assert.ok(!second.asRecorded);
  });

  it("asks the search again of a changed text, and keeps the record's answers for a text that is the same", () => {
    const first = run({});
    pause();
    fs.writeFileSync(files.b, "// openai\nexport const b = 1;\n");
    const second = run(first.records);
    assert.deepEqual(second.matched, [files.b]);
    assert.deepEqual(second.seen.map(({ found }) => found), [true, true]);
    // Touched only: read again (its metadata moved), its record still answers.
    pause();
    fs.utimesSync(files.a, new Date(), new Date());
    const third = run(second.records);
    assert.deepEqual(third.reads, [files.a]);
    assert.deepEqual(third.matched, []);
  });

  it("records no metadata for a file changed less than two seconds before it was taken (a write in the same clock tick would not show)", () => {
    const first = run({}, { now: Date.now });
    assert.deepEqual(Object.values(first.records).map((record) => record.stat), [undefined, undefined]);
    const second = run(first.records);
    assert.deepEqual(second.reads, [files.a, files.b]);
  });

  it("records no metadata for a file the workspace read before the metadata was taken (its text may be older)", () => {
    const first = run({}, { before: (workspace) => workspace.getText(files.a) });
    assert.equal(first.records[files.a]!.stat, undefined);
    assert.notEqual(first.records[files.b]!.stat, undefined);
  });

  it("keeps no search answers for a file the search was not asked of (an import outside the project's list)", () => {
    const { workspace } = countingWorkspace();
    const texts = new ProjectTexts(workspace, "metadata", {}, [], later);
    texts.hash(files.a);
    const records = texts.recordsFor([SEARCH]);
    assert.equal(records[files.a]!.found, undefined);
    const second = run(records);
    assert.deepEqual(second.matched, [files.a, files.b]);
    assert.deepEqual(second.seen.map(({ found }) => found), [true, false]);
  });

  it("reads every file with the content strategy", () => {
    const first = run({});
    const second = run(first.records, { strategy: "content" });
    assert.deepEqual(second.reads, [files.a, files.b]);
    assert.deepEqual(second.seen, first.seen);
  });
});
