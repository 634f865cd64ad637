// Token counting: promptcost's first count of a text (countTextTokens: memo miss, then encode) against
// js-tiktoken's raw `encode` of the same texts, in one process with both encoders loaded beforehand; then
// the second count of the same texts (memo hits), and how many texts reached the tokenizer.
//
//   node --import tsx bench/tokens.ts [--texts 3000] [--rounds 5]
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { countTextTokens, memoStats } from "../server/src/core/tokens/count-text.ts";
import { prng } from "../test/fuzz/inputs.ts";

const { values } = parseArgs({ options: { texts: { type: "string", default: "3000" }, rounds: { type: "string", default: "5" } } });
const TEXTS = Number(values.texts);
const ROUNDS = Number(values.rounds);
const WORDS = ["order", "refund", "customer", "policy", "You", "are", "a", "helpful", "assistant.", "Answer", "in", "JSON", "{", "}", "—", "naïve", "résumé", "1,024", "tokens", "\n", "  ", "https://acme.example/help"];

/** Prompt-like texts of 20 to 4,000 words, distinct in every round (a round's texts are new to the memo). */
function texts(round: number): string[] {
  const random = prng(1000 + round);
  return Array.from({ length: TEXTS }, (_, index) => {
    const length = 20 + Math.floor(random() ** 3 * 4000);
    const words: string[] = [`#${round}.${index}`];
    for (let word = 0; word < length; word++) words.push(WORDS[Math.floor(random() * WORDS.length)]!);
    return words.join(" ");
  });
}

const raw = new Tiktoken(o200kBase);
raw.encode("warm up");
countTextTokens("warm up", "o200k_base");

const rawMs: number[] = [];
const firstMs: number[] = [];
const secondMs: number[] = [];
let checked = 0;
for (let round = 0; round < ROUNDS; round++) {
  const batch = texts(round);
  let start = performance.now();
  const rawCounts = batch.map((text) => raw.encode(text, "all").length);
  rawMs.push(performance.now() - start);
  start = performance.now();
  const firstCounts = batch.map((text) => countTextTokens(text, "o200k_base").tokens);
  firstMs.push(performance.now() - start);
  start = performance.now();
  for (const text of batch) countTextTokens(text, "o200k_base");
  secondMs.push(performance.now() - start);
  for (let index = 0; index < batch.length; index++) {
    if (rawCounts[index] !== firstCounts[index]) throw new Error(`text ${index} of round ${round}: ${firstCounts[index]} tokens, raw encode ${rawCounts[index]}`);
    checked++;
  }
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
const stats = memoStats();
console.log(
  JSON.stringify(
    {
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))) },
      textsPerRound: TEXTS,
      rounds: ROUNDS,
      countsChecked: checked,
      medianMs: { rawEncode: Math.round(median(rawMs)), firstCount: Math.round(median(firstMs)), secondCount: Number(median(secondMs).toFixed(2)) },
      firstCountOverRaw: Number((median(firstMs) / median(rawMs)).toFixed(3)),
      // Distinct texts counted in this process, and how many times the tokenizer ran: equal means none twice.
      distinctTexts: TEXTS * ROUNDS + 1,
      tokenizerRuns: stats.encodeCalls,
    },
    null,
    2,
  ),
);
