// The tokenizer's tables as the build writes them (compact-bpe-file.ts): read back, a counter counts exactly
// as one built from js-tiktoken's rank text; a file that is not whole is refused, never half read.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { CompactBpeCounter, type BpeRanks } from "../../server/src/core/tokens/compact-bpe.ts";
import { decodeTables, encodeTables } from "../../server/src/core/tokens/compact-bpe-file.ts";

const TEXTS = ["Summarise the following support ticket in one sentence.", "naïve café — 日本語のテキスト 👩‍💻", "<|endoftext|> {\"role\": \"user\"}\n\n\t  x = 12345;", "=".repeat(5000)];

/** A tiny rank table in js-tiktoken's format whose ranks are not the tokens' places (a gap after "b"). */
const GAPPED: BpeRanks = { pat_str: "\\S+|\\s+", special_tokens: { "<|end|>": 100 }, bpe_ranks: "! 0 YQ== Yg==\n! 5 Yw== YWI= YmM=" };

describe("the tokenizer's table file", () => {
  it("reads back o200k_base's tables: the same arrays, and the same count for every text", () => {
    const built = new CompactBpeCounter(o200kBase as BpeRanks);
    const file = encodeTables(built.tables());
    // Neither the ranks (each token's place), nor where each token starts, nor the hash slots are in the file: one byte per token's length.
    const { bytes, starts, ranks } = built.tables();
    assert.ok(file.length < bytes.length + starts.byteLength + ranks.byteLength / 2, `${file.length} bytes`);
    const read = decodeTables(file)!;
    assert.ok(read);
    assert.deepEqual(read.starts, built.tables().starts);
    assert.deepEqual(read.ranks, built.tables().ranks);
    assert.deepEqual(read.bytes, built.tables().bytes);
    const counter = new CompactBpeCounter(read);
    for (const text of TEXTS) assert.equal(counter.count(text), built.count(text), text.slice(0, 30));
  });

  it("keeps ranks that are not the tokens' places", () => {
    const built = new CompactBpeCounter(GAPPED);
    assert.deepEqual([...built.tables().ranks], [0, 1, 5, 6, 7]);
    const read = decodeTables(encodeTables(built.tables()))!;
    assert.deepEqual([...read.ranks], [0, 1, 5, 6, 7]);
    for (const text of ["abc", "ab bc <|end|> cab"]) assert.equal(new CompactBpeCounter(read).count(text), built.count(text));
  });

  it("reads from a buffer at any offset (a read may give one not aligned to 4 bytes)", () => {
    const file = encodeTables(new CompactBpeCounter(GAPPED).tables());
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    const read = decodeTables(shifted.subarray(1))!;
    assert.deepEqual([...read.ranks], [0, 1, 5, 6, 7]);
  });

  it("refuses to write a token longer than a byte's length holds, saying so", () => {
    const long: BpeRanks = { pat_str: "\\S+", special_tokens: {}, bpe_ranks: `! 0 ${Buffer.from("x".repeat(256)).toString("base64")}` };
    assert.throws(() => encodeTables(new CompactBpeCounter(long).tables()), /token 0 is 256 bytes long/);
  });

  it("refuses a file cut short, one with more bytes than it says, or not such a file", () => {
    const file = encodeTables(new CompactBpeCounter(GAPPED).tables());
    assert.equal(decodeTables(file.subarray(0, file.length - 1)), undefined);
    const longer = new Uint8Array(file.length + 4);
    longer.set(file);
    assert.equal(decodeTables(longer), undefined);
    assert.equal(decodeTables(new TextEncoder().encode('{"pat_str": "x"}')), undefined);
    assert.equal(decodeTables(new Uint8Array(0)), undefined);
  });
});
