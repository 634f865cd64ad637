// What the module resolver keeps between questions: an import resolves to the same file however many
// directories ask, a path is looked up on disk once, and clear() forgets what it found (a file created since).
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { FileSystem } from "../../server/src/core/workspace/file-system.ts";
import { ModuleResolver } from "../../server/src/core/workspace/module-resolver.ts";

const ROOT = path.resolve("/project");
const at = (name: string): string => path.join(ROOT, name);

/** Files in memory that a test can add to, counting the stats of each path. */
function countingFileSystem(files: Record<string, string>): { fileSystem: FileSystem; stats: Map<string, number>; add(name: string, text: string): void } {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [at(name), text]));
  const stats = new Map<string, number>();
  const isDirectory = (candidate: string): boolean => [...byPath.keys()].some((file) => file.startsWith(candidate + path.sep));
  const fileSystem: FileSystem = {
    readFile: (file) => byPath.get(file),
    stat: (file) => {
      stats.set(file, (stats.get(file) ?? 0) + 1);
      const text = byPath.get(file);
      if (text !== undefined) return { size: text.length, isFile: true, isDirectory: false };
      return isDirectory(file) ? { size: 0, isFile: false, isDirectory: true } : undefined;
    },
    realpath: (file) => (byPath.has(file) || isDirectory(file) ? file : undefined),
    readFilePrefix: (file, maxBytes) => byPath.get(file)?.slice(0, maxBytes),
  };
  return { fileSystem, stats, add: (name, text) => byPath.set(at(name), text) };
}

const TSCONFIG = JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["./src/*"] } } });

describe("module resolver", () => {
  it("looks an alias's file up on disk once for every directory importing it", () => {
    const { fileSystem, stats } = countingFileSystem({ "tsconfig.json": TSCONFIG, "src/lib/ai.ts": "export {}", "src/app/a/page.ts": "", "src/app/b/page.ts": "" });
    const resolver = new ModuleResolver(fileSystem);
    assert.equal(resolver.resolve(at("src/app/a/page.ts"), "@/lib/ai"), at("src/lib/ai.ts"));
    assert.equal(resolver.resolve(at("src/app/b/page.ts"), "@/lib/ai"), at("src/lib/ai.ts"));
    assert.equal(stats.get(at("src/lib/ai.ts")), 1);
    assert.equal(stats.get(at("src/lib/ai")), 1);
  });

  it("finds a file created after clear(), from a directory that asked before", () => {
    const { fileSystem, add } = countingFileSystem({ "tsconfig.json": TSCONFIG, "src/app/a/page.ts": "", "src/app/b/page.ts": "" });
    const resolver = new ModuleResolver(fileSystem);
    assert.equal(resolver.resolve(at("src/app/a/page.ts"), "@/lib/ai"), undefined);
    add("src/lib/ai.ts", "export {}");
    resolver.clear();
    assert.equal(resolver.resolve(at("src/app/b/page.ts"), "@/lib/ai"), at("src/lib/ai.ts"));
    assert.equal(resolver.resolve(at("src/app/a/page.ts"), "@/lib/ai"), at("src/lib/ai.ts"));
  });

  it("reads `@/` and `~/` as the source folder, `@@/` as the package's root, when the tsconfig extends one the framework generates", () => {
    // WXT's tsconfig.json extends ./.wxt/tsconfig.json, written by `wxt prepare` and absent from a checkout.
    const wxt = JSON.stringify({ extends: "./.wxt/tsconfig.json", compilerOptions: { strict: true } });
    const { fileSystem } = countingFileSystem({ "package.json": "{}", "tsconfig.json": wxt, "src/models/index.ts": "export {}", "src/hooks/chat.ts": "", "src/utils/ai.ts": "", "wxt.config.ts": "" });
    const resolver = new ModuleResolver(fileSystem);
    assert.equal(resolver.resolve(at("src/hooks/chat.ts"), "@/models"), at("src/models/index.ts"));
    assert.equal(resolver.resolve(at("src/hooks/chat.ts"), "~/utils/ai"), at("src/utils/ai.ts"));
    assert.equal(resolver.resolve(at("src/hooks/chat.ts"), "@@/wxt.config"), at("wxt.config.ts"));
    assert.equal(resolver.resolve(at("src/hooks/chat.ts"), "@/missing"), undefined);
  });

  it("keeps to the tsconfig's own `paths` for an alias it maps, and never reads a scoped package as an alias", () => {
    const mapped = JSON.stringify({ compilerOptions: { paths: { "@/*": ["./lib/*"] } } });
    const { fileSystem } = countingFileSystem({ "package.json": "{}", "tsconfig.json": mapped, "src/ai.ts": "", "app/page.ts": "" });
    const resolver = new ModuleResolver(fileSystem);
    assert.equal(resolver.resolve(at("app/page.ts"), "@/ai"), undefined);
    assert.equal(resolver.resolve(at("app/page.ts"), "@scope/ai"), undefined);
  });
});

/** The counting file system, listing directories too: `links` are listed as neither file nor directory, `unlistable` directories cannot be listed. */
function listingFileSystem(files: Record<string, string>, options: { links?: string[]; unlistable?: string[] } = {}) {
  const counting = countingFileSystem(files);
  const listings = new Map<string, number>();
  const listDirectory = (directory: string): ReadonlyMap<string, "file" | "directory" | "other"> | null | undefined => {
    listings.set(directory, (listings.get(directory) ?? 0) + 1);
    if (options.unlistable?.map(at).includes(directory)) return undefined;
    const entries = new Map<string, "file" | "directory" | "other">();
    for (const name of Object.keys(files)) {
      const file = at(name);
      if (!file.startsWith(directory + path.sep)) continue;
      const [first, ...rest] = file.slice(directory.length + 1).split(path.sep);
      entries.set(first!, rest.length > 0 ? "directory" : options.links?.includes(name) ? "other" : "file");
    }
    return entries.size > 0 ? entries : null;
  };
  return { ...counting, listings, fileSystem: { ...counting.fileSystem, listDirectory } satisfies FileSystem };
}

describe("module resolver, where the file system lists directories", () => {
  it("answers each name from one listing of its directory, with no stat", () => {
    const { fileSystem, stats, listings } = listingFileSystem({ "tsconfig.json": TSCONFIG, "src/lib/ai.ts": "", "src/lib/index.ts": "", "src/app/page.ts": "", "src/app/form.tsx": "" });
    const resolver = new ModuleResolver(fileSystem);
    assert.equal(resolver.resolve(at("src/app/page.ts"), "@/lib/ai"), at("src/lib/ai.ts"));
    assert.equal(resolver.resolve(at("src/app/page.ts"), "./form"), at("src/app/form.tsx"));
    assert.equal(resolver.resolve(at("src/app/page.ts"), "../lib"), at("src/lib/index.ts"));
    assert.equal(resolver.resolve(at("src/app/page.ts"), "./missing"), undefined);
    assert.equal(resolver.resolve(at("src/app/page.ts"), "../nowhere/ai"), undefined);
    assert.deepEqual([...stats.keys()], []);
    assert.ok([...listings.values()].every((count) => count === 1), JSON.stringify([...listings]));
  });

  it("stats a name listed as a link, one listed only in another case, and the names of a directory it cannot list", () => {
    const { fileSystem, stats } = listingFileSystem({ "src/app/page.ts": "", "src/app/linked.ts": "", "src/app/Form.ts": "", "src/locked/ai.ts": "" }, { links: ["src/app/linked.ts"], unlistable: ["src/locked"] });
    const resolver = new ModuleResolver(fileSystem);
    assert.equal(resolver.resolve(at("src/app/page.ts"), "./linked"), at("src/app/linked.ts"));
    assert.equal(stats.get(at("src/app/linked.ts")), 1);
    // Where the file system ignores case, the stat would find Form.ts; here (as on Linux) it does not.
    assert.equal(resolver.resolve(at("src/app/page.ts"), "./form"), undefined);
    assert.equal(stats.get(at("src/app/form.ts")), 1);
    assert.equal(resolver.resolve(at("src/app/page.ts"), "../locked/ai"), at("src/locked/ai.ts"));
    assert.equal(stats.get(at("src/locked/ai.ts")), 1);
  });

  it("lists a directory again after clear(), and finds a file created since", () => {
    const files: Record<string, string> = { "src/app/page.ts": "" };
    const { fileSystem } = listingFileSystem(files);
    const resolver = new ModuleResolver(fileSystem);
    assert.equal(resolver.resolve(at("src/app/page.ts"), "./ai"), undefined);
    files["src/app/ai.ts"] = "";
    assert.equal(resolver.resolve(at("src/app/page.ts"), "./ai"), undefined, "still the listing made before");
    resolver.clear();
    assert.equal(resolver.resolve(at("src/app/page.ts"), "./ai"), at("src/app/ai.ts"));
  });
});
