// What reading a project file's text asks of the file system (Workspace.getText): a run reads every project
// file, and each call to the system counts (2,700 files on inbox-zero). Also: what it refuses to read.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { diskFileSystem, type FileSystem } from "../../server/src/core/workspace/file-system.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-reads-")));
after(() => fs.rmSync(base, { recursive: true, force: true }));

function counting(): { fileSystem: FileSystem; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const fileSystem = Object.fromEntries(
    Object.entries(diskFileSystem).map(([name, method]) => [name, (...args: unknown[]) => (calls.set(name, (calls.get(name) ?? 0) + 1), (method as (...args: unknown[]) => unknown).apply(diskFileSystem, args))]),
  ) as unknown as FileSystem;
  return { fileSystem, calls };
}

describe("Workspace.getText on disk", () => {
  const root = path.join(base, "app");
  fs.mkdirSync(path.join(root, "src"), { recursive: true });
  fs.writeFileSync(path.join(root, "src", "a.ts"), "export const a = 1;\n");
  fs.writeFileSync(path.join(root, "src", "b.ts"), "export const b = 2;\n");
  fs.writeFileSync(path.join(root, "src", "big.ts"), "x".repeat(2048));
  fs.mkdirSync(path.join(root, "src", "folder.ts"));

  it("reads a file with one open, and looks up its directory's real path once for all its files", () => {
    const { fileSystem, calls } = counting();
    const workspace = new Workspace([root], fileSystem);
    assert.equal(workspace.getText(path.join(root, "src", "a.ts")), "export const a = 1;\n");
    assert.equal(workspace.getText(path.join(root, "src", "b.ts")), "export const b = 2;\n");
    assert.deepEqual(Object.fromEntries(calls), { realpath: 1, readFileUpToUnlessLink: 2 });
  });

  it("follows a link only to a file inside the roots", () => {
    const outside = path.join(base, "outside.ts");
    fs.writeFileSync(outside, "export const secret = 1;\n");
    fs.symlinkSync(outside, path.join(root, "src", "leak.ts"));
    fs.symlinkSync(path.join(root, "src", "a.ts"), path.join(root, "src", "alias.ts"));
    const { fileSystem, calls } = counting();
    const workspace = new Workspace([root], fileSystem);
    assert.equal(workspace.getText(path.join(root, "src", "leak.ts")), undefined);
    assert.equal(workspace.getText(path.join(root, "src", "alias.ts")), "export const a = 1;\n");
    assert.equal(calls.get("isSymbolicLink"), 2);
  });

  it("reads nothing over the size limit, no directory, nothing missing", () => {
    const workspace = new Workspace([root], diskFileSystem, { ...new Workspace([root]).options, maxSourceBytes: 1024 });
    assert.equal(workspace.getText(path.join(root, "src", "big.ts")), undefined);
    assert.equal(workspace.getText(path.join(root, "src", "folder.ts")), undefined);
    assert.equal(workspace.getText(path.join(root, "src", "missing.ts")), undefined);
    assert.equal(workspace.getText(path.join(root, "src", "a.ts")), "export const a = 1;\n");
  });
});
