// Loads dist/engine.cjs with V8's code cache. Compiling the 12 MB engine (the TypeScript compiler, the
// tokenizer, the price table) takes most of a start: ~0.8 s before a first analysis can begin, and more as
// the functions the analysis runs are compiled on first call. V8 can hand back what it compiled; given it
// again, it skips the work. The cache is written once per engine build, at the end of the first run that did
// analysis work (so it holds the functions an analysis runs, not only the top level), and read on every
// start after. Node's own module.enableCompileCache does this from Node 22.1; this works from Node 20 on,
// where VS Code's extension host and many CI images still are.
//
// The cache is an optimisation only: a missing, stale, unwritable or rejected cache means the engine is
// compiled as before, with no message. Nothing but the engine file of this build is ever compiled here.
import { isAscii } from "node:buffer";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { createRequire } from "node:module";

/** A compiled module's exports, and a way to keep V8's code for the next start. */
export interface CachedModule<T> {
  exports: T;
  /** Writes the code compiled so far when the process exits, unless a usable cache was read at the start. */
  keepAtExit(): void;
}

/** Where the caches live: one file per engine build and Node version, shared by the CLI and the language server. */
export function codeCacheDirectory(): string {
  return path.join(os.tmpdir(), "promptcost-code-cache");
}

/**
 * The cache file of one build of `file` (dist/engine.cjs, dist/typescript.cjs), named after it: its size and
 * modification time name the build (a rebuild or an upgrade changes them), the Node version and
 * architecture the code V8 made (V8 rejects another's anyway).
 */
export function codeCacheFile(file: string, toolVersion: string, directory = codeCacheDirectory()): string {
  const stat = fs.statSync(file);
  const build = `${toolVersion}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}`;
  return path.join(directory, `${bundleName(file)}-${build.replace(/[^\w.-]/g, "_")}.v8`);
}

function bundleName(file: string): string {
  return path.basename(file).replace(/\.c?js$/, "");
}

/**
 * Requires a CommonJS file through V8's code cache (see the top of this file). Undefined when it cannot
 * (caching turned off with NODE_DISABLE_COMPILE_CACHE, as for Node's own cache): the caller requires it as usual.
 */
export function requireWithCodeCache<T>(file: string, toolVersion: string, directory = codeCacheDirectory()): CachedModule<T> | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const cacheFile = codeCacheFile(file, toolVersion, directory);
  const cachedData = readOrUndefined(cacheFile);
  const bytes = fs.readFileSync(file);
  // esbuild writes ASCII (it escapes the rest): read as Latin-1, ~3 ms for the 12 MB engine where decoding it
  // as UTF-8 takes ~130 ms; the same text either way when every byte is ASCII.
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  // The wrapper Node puts around a CommonJS module, so the file runs as `require` would run it.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  let kept = false;
  return {
    exports: module.exports,
    keepAtExit() {
      if (usable || kept) return;
      kept = true;
      process.once("exit", () => writeCache(cacheFile, script.createCachedData()));
    },
  };
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place, so a start that reads it meanwhile sees the whole file or none. */
function writeCache(cacheFile: string, data: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const partial = `${cacheFile}.${process.pid}.partial`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, cacheFile);
    removeOtherBuilds(cacheFile);
  } catch {
    // A read-only or full temporary directory: the next start compiles as this one did.
  }
}

/** The caches of other builds of the same bundle, a week after they were written (another project may run another version: it writes its own again). */
function removeOtherBuilds(kept: string): void {
  const directory = path.dirname(kept);
  const bundle = path.basename(kept).split("-")[0]!;
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const name of fs.readdirSync(directory)) {
    const file = path.join(directory, name);
    if (file === kept || !name.startsWith(`${bundle}-`)) continue;
    try {
      if (fs.statSync(file).mtimeMs < weekAgo) fs.rmSync(file);
    } catch {
      // Removed by another process meanwhile.
    }
  }
}
