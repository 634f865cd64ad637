import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Tiktoken } from "js-tiktoken/lite";
import cl100kBase from "js-tiktoken/ranks/cl100k_base";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { CompactBpeCounter } from "../../server/src/core/tokens/compact-bpe.ts";
import { prng } from "../fuzz/inputs.ts";

// The compact counter against js-tiktoken's own encoder on the same rank data: every count must be equal.
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ENCODINGS = { o200k_base: o200kBase, cl100k_base: cl100kBase };

/** Every text file under the fixtures and the examples: real prompts, code and prompt files. */
function repositoryTexts(): string[] {
  const texts: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") walk(full);
      else if (entry.isFile() && /\.(ts|tsx|js|mjs|md|txt|json|prompt)$/.test(entry.name)) texts.push(fs.readFileSync(full, "utf8"));
    }
  };
  walk(path.join(REPO, "test/fixtures"));
  walk(path.join(REPO, "examples"));
  return texts;
}

const ALPHABET = [
  "a", "Z", "é", "ß", "ı", "İ", "中", "文", "日本", "한", "ع", "א", "я", "Ж", "👍", "👩‍💻", "🇫🇷", "\u0301", "\u200d",
  " ", "  ", "\t", "\n", "\r\n", "0", "7", "12345", "'s", "'LL", "don't", "...", "—", "/", "//", "{", "}", "==", "<|", "|>",
  "\ud800", "\udfff", "\u0000", "\ufeff", "<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "hello", " world", "Tokens",
];

/** Seeded random texts over scripts, emoji, combining marks, lone surrogates, digits and special tokens. */
function randomTexts(count: number, seed: number): string[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    const parts: string[] = [];
    const length = 1 + Math.floor(random() * 60);
    for (let index = 0; index < length; index++) parts.push(ALPHABET[Math.floor(random() * ALPHABET.length)]!);
    return parts.join("");
  });
}

/** Random code units: byte sequences the pattern and the merges rarely see otherwise. */
function randomCodeUnits(count: number, seed: number): string[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    const units: number[] = [];
    const length = 1 + Math.floor(random() * 40);
    for (let index = 0; index < length; index++) units.push(random() < 0.7 ? Math.floor(random() * 0x250) : Math.floor(random() * 0x10000));
    return String.fromCharCode(...units);
  });
}

for (const [name, ranks] of Object.entries(ENCODINGS)) {
  describe(`compact BPE counter (${name})`, () => {
    const reference = new Tiktoken(ranks);
    const counter = new CompactBpeCounter(ranks);
    const expectSame = (texts: string[]): void => {
      for (const text of texts) {
        const expected = reference.encode(text, "all").length;
        assert.equal(counter.count(text), expected, `count of ${JSON.stringify(text.slice(0, 80))}`);
      }
    };

    it("counts every fixture and example file as js-tiktoken does", () => {
      const texts = repositoryTexts();
      assert.ok(texts.length > 20, `only ${texts.length} files found`);
      expectSame(texts);
      // And every line alone: many short pieces, prompt-sized texts.
      expectSame(texts.flatMap((text) => text.split("\n")));
    });

    it("counts random mixed-script, emoji and special-token texts as js-tiktoken does", () => {
      expectSame(randomTexts(3000, 7));
      expectSame(randomCodeUnits(3000, 11));
    });

    it("counts long single pieces (merged through the heap) as js-tiktoken does", () => {
      expectSame([
        "=".repeat(1500),
        " ".repeat(1200),
        "\n".repeat(900),
        "ab".repeat(700),
        "x".repeat(1000),
        "😀".repeat(300),
        "1234567890".repeat(100),
        "Supercalifragilisticexpialidocious".repeat(30),
        "é".repeat(800),
      ]);
    });

    it("counts the empty text and lone special tokens", () => {
      expectSame(["", "<|endoftext|>", "<|endoftext|><|endoftext|>", "a<|endoftext|>b"]);
    });
  });
}
