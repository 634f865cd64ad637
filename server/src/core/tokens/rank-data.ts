import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { BpeRanks } from "./compact-bpe.ts";

/** The encodings whose rank tables the build writes beside the engine (esbuild.mjs RANK_FILES). */
export type EncodingName = "o200k_base" | "cl100k_base";

/**
 * js-tiktoken's rank table of an encoding, read when a text is first counted in it. Bundled into the engine
 * they were 3.4 of its 15 MB, read, decoded and compiled at every start, also by a `--cache` run that counts
 * nothing and by the server before its first analysis. The build writes them beside the engine
 * (dist/ranks/NAME.json); run from source, they come from the package.
 */
export function loadRanks(encoding: EncodingName): BpeRanks {
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), "ranks", `${encoding}.json`);
  if (fs.existsSync(beside)) return JSON.parse(fs.readFileSync(beside, "utf8")) as BpeRanks;
  return createRequire(import.meta.url)(`js-tiktoken/ranks/${encoding}`) as BpeRanks;
}
