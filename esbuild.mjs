// Bundles the extension client and the language server / CLI into two CommonJS files in dist/.
// CommonJS because VS Code loads extensions with require(); the sources are ESM, so the one
// ESM-only construct they use, import.meta.url, is mapped to the bundle's own file URL.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

const importMetaUrlShim = {
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { "import.meta.url": "__importMetaUrl" },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: production ? false : "linked",
  minify: production,
  legalComments: "none",
  // Prefer packages' ESM builds: some (jsonc-parser) ship UMD as "main", whose dynamic requires break bundling.
  mainFields: ["module", "main"],
  logLevel: "warning",
  ...importMetaUrlShim,
};

/**
 * The server entry (dist/server.cjs: the `promptcost` bin and what the client starts) stays small; it
 * requires dist/engine.cjs, which holds everything else, only when it has work to do.
 */
const engineApart = {
  name: "engine-apart",
  setup(build) {
    build.onResolve({ filter: /^\.\/engine\.ts$/ }, () => ({ path: "./engine.cjs", external: true }));
  },
};

/**
 * The server uses one thing of ts-morph: the TypeScript compiler it ships (server/src/core/ts.ts). Bundling
 * ts-morph itself would add its wrapper library, the lib .d.ts files and their glob and path helpers
 * (about 4 MB the server never runs), so `ts-morph` resolves to that compiler alone; and the compiler is a
 * bundle of its own, dist/typescript.cjs, which the engine loads when it first uses it
 * (server/src/lazy-compiler.ts): the engine holds what the build reads of the compiler's namespace here.
 */
const COMPILER = createRequire(import.meta.url).resolve("@ts-morph/common/dist/typescript.js");

function compilerShape() {
  const compiler = createRequire(import.meta.url)(COMPILER);
  const shape = { values: {}, functions: [], objects: [] };
  const plainValue = (value) => value === null || ["string", "number", "boolean"].includes(typeof value);
  for (const name of Object.keys(compiler)) {
    const value = compiler[name];
    if (typeof value === "function") shape.functions.push(name);
    else if (plainValue(value)) shape.values[name] = value;
    // Enums: plain objects of names and numbers (and the reverse).
    else if (value && Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(plainValue)) shape.values[name] = value;
    else shape.objects.push(name);
  }
  return shape;
}

const tsMorphCompilerOnly = {
  name: "ts-morph-compiler-only",
  setup(build) {
    build.onResolve({ filter: /^ts-morph$/ }, () => ({ path: "ts-morph", namespace: "ts-morph-compiler-only" }));
    build.onLoad({ filter: /.*/, namespace: "ts-morph-compiler-only" }, () => ({
      contents: [
        `const { lazyCompiler, requireBundledCompiler } = require("./server/src/lazy-compiler.ts");`,
        `const { compiler, load } = lazyCompiler(${JSON.stringify(compilerShape())}, () => requireBundledCompiler(__dirname));`,
        `module.exports = { ts: compiler, loadCompiler: load };`,
      ].join("\n"),
      // Resolved from this file's directory, not the working directory: the e2e test builds in a staging folder.
      resolveDir: path.dirname(fileURLToPath(import.meta.url)),
      loader: "js",
    }));
  },
};

/**
 * The engine's build hash, written into the bundle (server/src/cli/engine-build-hash.ts): every `--cache` run
 * and the editor's stored analyses are keyed by the build, and hashing the 12 MB bundle at each start cost
 * ~100 ms of a warm run. The hash is of the bundle as built, with the placeholder in place; the stamp has
 * the placeholder's length, so the source map stays right.
 */
const ENGINE_HASH_PLACEHOLDER = "@promptcost-unstamped@";
const engineHashStamp = {
  name: "engine-hash-stamp",
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const file = build.initialOptions.outfile;
      const text = fs.readFileSync(file, "latin1");
      const at = text.indexOf(JSON.stringify(ENGINE_HASH_PLACEHOLDER));
      if (at < 0 || text.indexOf(JSON.stringify(ENGINE_HASH_PLACEHOLDER), at + 1) >= 0) throw new Error(`${file}: expected the engine hash placeholder once`);
      const stamp = createHash("sha256").update(text, "latin1").digest("base64url").slice(0, ENGINE_HASH_PLACEHOLDER.length);
      fs.writeFileSync(file, text.slice(0, at + 1) + stamp + text.slice(at + 1 + stamp.length), "latin1");
    });
  },
};

/**
 * The tokenizer's tables for js-tiktoken's rank tables, written beside the engine (dist/ranks/NAME.bin,
 * server/src/core/tokens/compact-bpe-file.ts; rank-data.ts reads them when a text is first counted), not
 * bundled into it: a start reads 3.4 MB less, and a counter is made from them in ~30 ms, where building it
 * from the rank text took ~90 ms. Made by the same code that counts, bundled here for the build.
 */
const RANK_FILES = ["o200k_base", "cl100k_base"];
const rankFiles = {
  name: "rank-files",
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const directory = path.join(path.dirname(build.initialOptions.outfile), "ranks");
      fs.mkdirSync(directory, { recursive: true });
      const { outputFiles } = await esbuild.build({
        stdin: { contents: 'export { CompactBpeCounter } from "./compact-bpe.ts"; export { encodeTables } from "./compact-bpe-file.ts";', resolveDir: "server/src/core/tokens", loader: "ts" },
        bundle: true,
        format: "esm",
        platform: "node",
        write: false,
      });
      const { CompactBpeCounter, encodeTables } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString("base64")}`);
      for (const name of RANK_FILES) {
        const { default: ranks } = await import(`js-tiktoken/ranks/${name}`);
        fs.writeFileSync(path.join(directory, `${name}.bin`), encodeTables(new CompactBpeCounter(ranks).tables()));
        fs.rmSync(path.join(directory, `${name}.json`), { force: true });
      }
    });
  },
};

const builds = [
  { ...common, entryPoints: ["client/src/extension.ts"], outfile: "dist/client.cjs", external: ["vscode"] },
  {
    ...common,
    entryPoints: ["server/src/main.ts"],
    outfile: "dist/server.cjs",
    plugins: [engineApart],
    // `import()` of the engine becomes `require()`: importing a CommonJS file makes Node scan all 12 MB of it
    // for export names first (cjs-module-lexer, ~200 ms).
    supported: { "dynamic-import": false },
    banner: { js: "#!/usr/bin/env node\n" + importMetaUrlShim.banner.js },
  },
  {
    ...common,
    entryPoints: ["server/src/engine.ts"], outfile: "dist/engine.cjs",
    plugins: [tsMorphCompilerOnly, engineHashStamp, rankFiles],
    define: { ...common.define, "globalThis.__ENGINE_BUILD_HASH__": JSON.stringify(ENGINE_HASH_PLACEHOLDER) },
  },
  // The language server's reading thread, started before the engine loads (server/src/text-prefetch-start.ts).
  { ...common, entryPoints: ["server/src/prefetch-worker.ts"], outfile: "dist/prefetch-worker.cjs" },
  // The TypeScript compiler, loaded by the engine when first used (server/src/lazy-compiler.ts).
  { ...common, entryPoints: [COMPILER], outfile: "dist/typescript.cjs", banner: {}, define: {} },
  // The dashboard page's script, run in the webview: a browser bundle, nothing loaded from the network.
  { ...common, entryPoints: ["client/src/dashboard/webview/main.ts"], outfile: "dist/dashboard.js", platform: "browser", format: "iife", target: "es2022", banner: {}, define: {} },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log("esbuild: watching client/src and server/src");
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
