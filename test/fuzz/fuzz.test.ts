// The CI share of the fuzz run: a fixed seed and a few hundred inputs (mutated examples and fixtures,
// deep nesting, huge inputs, cycles). The long run is `node --import tsx test/fuzz/fuzz.ts --inputs 10000`.
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { it } from "node:test";
import { runFuzz } from "./fuzz.ts";

const INPUTS = Number(process.env.PROMPTCOST_FUZZ_INPUTS ?? 300);

it(`analyses ${INPUTS} fuzzed inputs with no crash, no hang and no broken invariant`, { timeout: 240_000 }, async () => {
  const report = await runFuzz({ inputs: INPUTS, seed: 20261122, hangMs: 60_000, slowMs: 10_000, workers: availableParallelism() });
  assert.deepEqual(report.problems.map((problem) => `#${problem.index} ${problem.kind} ${problem.problem}: ${problem.detail.split("\n")[0]}`), []);
  assert.equal(report.completed, INPUTS);
  // The deep-nesting inputs are reported as not analysed rather than failing.
  assert.ok(report.notAnalysed > 0, "some input was too deeply nested to analyse");
});
