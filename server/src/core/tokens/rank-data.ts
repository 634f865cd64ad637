import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { decodeTables } from "./compact-bpe-file.ts";
import type { BpeRanks, CompactBpeTables } from "./compact-bpe.ts";

/** The encodings whose tables the build writes beside the engine (esbuild.mjs RANK_FILES). */
export type EncodingName = "o200k_base" | "cl100k_base";

/**
 * What a counter of an encoding is made from, read when a text is first counted in it: the tables the build
 * wrote beside the engine (dist/ranks/NAME.bin, compact-bpe-file.ts), else js-tiktoken's rank table. Bundled
 * into the engine, the rank tables were 3.4 of its 15 MB, read, decoded and compiled at every start, also by
 * a `--cache` run that counts nothing and by the server before its first analysis; read as rank text, they
 * took ~90 ms to make a counter from. Run from source, they come from the package.
 */
export function loadEncoding(encoding: EncodingName): BpeRanks | CompactBpeTables {
  return tablesBeside(encoding) ?? (createRequire(import.meta.url)(`js-tiktoken/ranks/${encoding}`) as BpeRanks);
}

function tablesBeside(encoding: EncodingName): CompactBpeTables | undefined {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "ranks", `${encoding}.bin`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  return decodeTables(bytes);
}
