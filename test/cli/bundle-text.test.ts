// V8 keeps a script's source for the whole run (functions are compiled when first called). A bundle with one
// character above U+00FF is held as two bytes per character: the 15 MB engine took 30 MB of every process.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { REPO_ROOT } from "./run-cli.ts";
import { CompactBpeCounter, type BpeRanks } from "../../server/src/core/tokens/compact-bpe.ts";
import { decodeTables } from "../../server/src/core/tokens/compact-bpe-file.ts";

/** The first character outside ASCII in a text, with a little of what surrounds it, or undefined. */
function firstNonAscii(text: string): string | undefined {
  const at = text.search(/[^\x00-\x7f]/);
  return at < 0 ? undefined : JSON.stringify(text.slice(Math.max(0, at - 40), at + 10));
}

describe("the bundles' text", () => {
  it("finds a character outside ASCII where there is one", () => {
    assert.equal(firstNonAscii('if (/[:\\uFF1A]\\s*$/.test(line)) return;'), undefined);
    assert.ok(firstNonAscii("if (/[:\uFF1A]\\s*$/.test(line)) return;")?.includes("\uFF1A"));
  });

  for (const bundle of ["server.cjs", "engine.cjs", "typescript.cjs"]) {
    it(`dist/${bundle} is ASCII, so V8 holds its source one byte per character`, () => {
      const text = fs.readFileSync(path.join(REPO_ROOT, "dist", bundle), "latin1");
      assert.equal(firstNonAscii(text), undefined, `dist/${bundle} has a character outside ASCII (write it as an escape in the source: esbuild leaves those in regular expressions)`);
    });
  }

  it("dist/engine.cjs leaves js-tiktoken's rank tables out, and dist/ranks holds the tables a counter built from them has", () => {
    const engine = fs.readFileSync(path.join(REPO_ROOT, "dist", "engine.cjs"), "latin1");
    for (const encoding of ["o200k_base", "cl100k_base"]) {
      const ranks = createRequire(import.meta.url)(`js-tiktoken/ranks/${encoding}`) as BpeRanks;
      assert.equal(engine.includes(ranks.bpe_ranks.slice(0, 200)), false, `${encoding}'s ranks are bundled into the engine`);
      const built = new CompactBpeCounter(ranks).tables();
      const read = decodeTables(fs.readFileSync(path.join(REPO_ROOT, "dist", "ranks", `${encoding}.bin`)));
      assert.ok(read, `dist/ranks/${encoding}.bin is no table file`);
      assert.deepEqual([read.starts, read.ranks, read.bytes, read.patternSource, read.specialTokens], [built.starts, built.ranks, built.bytes, built.patternSource, built.specialTokens]);
    }
  });
});
