// A loop inside a wrapper (wrapper-loops.ts): the entry counted where the wrapper is called takes the loop and,
// when the loop's items are known, their number as its multiplier; the no-unbatched-loop finding stays at the
// wrapper's request site, once.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../helpers/memory-workspace.ts";
import { analyzeProject } from "../helpers/analyze-project.ts";

const ONE = [
  `import OpenAI from "openai";`,
  `const client = new OpenAI();`,
  `export async function one(text: string, lang: string) {`,
  `  return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: lang + ": " + text }] });`,
  `}`,
].join("\n");

function entries(files: Record<string, string>) {
  const analyses = analyzeProject(files);
  const calls = analyses.flatMap((analysis) => analysis.calls.map(({ call }) => ({ at: `${path.relative(ROOT, call.file)}:${call.range.line}`, hops: call.via?.length ?? 0, loop: call.loop ? `${call.loop.kind} ${call.loop.count}` : undefined, multiplier: call.multiplier })));
  const loopFindings = analyses.flatMap((analysis) => analysis.findings.filter((finding) => finding.rule === "no-unbatched-loop").map((finding) => `${path.relative(ROOT, finding.file)}:${finding.range.line}`));
  return { calls, loopFindings };
}

describe("loops inside wrappers", () => {
  it("a literal loop in the wrapper multiplies the requests counted at its callers, and is reported once, where the wrapper calls", () => {
    const { calls, loopFindings } = entries({
      "src/one.ts": ONE,
      "src/translate.ts": `import { one } from "./one";\nexport async function translateAll(text: string) {\n  for (const lang of ["fr", "de", "es"]) await one(text, lang);\n}\n`,
      "src/handler.ts": `import { translateAll } from "./translate";\nexport async function handler(text: string) {\n  return translateAll(text);\n}\n`,
    });
    assert.deepEqual(calls.find((call) => call.at === "src/handler.ts:3"), { at: "src/handler.ts:3", hops: 2, loop: "for-of 3", multiplier: 3 });
    assert.deepEqual(calls.find((call) => call.at === "src/translate.ts:3"), { at: "src/translate.ts:3", hops: 1, loop: "for-of 3", multiplier: 3 });
    assert.deepEqual(loopFindings, ["src/translate.ts:3"]);
  });

  it("a map over a parameter gives the loop with no count; a loop around the call itself stays the entry's loop and is reported there", () => {
    const { calls, loopFindings } = entries({
      "src/one.ts": ONE,
      "src/many.ts": `import { one } from "./one";\nexport async function many(texts: string[]) {\n  return Promise.all(texts.map((text) => one(text, "fr")));\n}\n`,
      "src/jobs.ts": `import { many } from "./many";\nexport async function nightly(batches: string[][]) {\n  for (const batch of batches) await many(batch);\n}\nexport async function once(texts: string[]) {\n  return many(texts);\n}\n`,
    });
    assert.deepEqual(calls.find((call) => call.at === "src/jobs.ts:6"), { at: "src/jobs.ts:6", hops: 2, loop: "Promise.all null", multiplier: 1 });
    assert.deepEqual(calls.find((call) => call.at === "src/jobs.ts:3"), { at: "src/jobs.ts:3", hops: 2, loop: "for-of null", multiplier: 1 });
    assert.deepEqual(loopFindings.sort(), ["src/jobs.ts:3", "src/many.ts:3"]);
  });
});
