import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeInOrder, describeCalls } from "../helpers/analyze-project.ts";

// Same input, same report: whatever order the files are analysed in (the CLI sorts them, the editor takes the
// open file first, a cached run analyses only the files that changed), each file's calls are the same.

const LLM = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function ask(question: string) {\n  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });\n}\n`;

/** A chain of `length` barrels, each re-exporting the next, the last re-exporting `last`; app.ts calls ask through the first. */
function chain(length: number, last = "./llm"): Record<string, string> {
  const files: Record<string, string> = { "src/app.ts": `import { ask } from "./barrel1";\nexport async function run(input: string) { return ask(input); }\n` };
  for (let index = 1; index <= length; index++) files[`src/barrel${index}.ts`] = `export * from "${index === length ? last : `./barrel${index + 1}`}";\n`;
  files["src/llm.ts"] = LLM;
  files["src/other.ts"] = `export async function ask(question: string) { return question.trim(); }\n`;
  return files;
}

describe("analysis order", () => {
  // Thirteen imports from app.ts down to llm.ts, through barrels. The wrapper index stopped eight imports
  // deep and kept the entries made over that cut: app.ts analysed first found nothing, analysed after the
  // barrels it found the request.
  const files = chain(12);
  const topDown = Object.keys(files);
  const bottomUp = [...topDown].reverse();
  const callsOf = (order: string[], file?: string) => describeCalls(analyzeInOrder(files, order).filter((analysis) => file === undefined || analysis.file.endsWith(file))).sort();

  it("a call through a long chain of imports is found whether its file is analysed first or last", () => {
    const first = callsOf(topDown);
    assert.deepEqual(first, callsOf(bottomUp));
    assert.ok(first.includes("src/app.ts:2 gpt-4o-mini via=ask wrapper=run"), first.join("\n"));
  });

  it("a file analysed alone gets what it gets after the others", () => {
    assert.deepEqual(callsOf(["src/app.ts"]), callsOf(bottomUp, "src/app.ts"));
    assert.deepEqual(callsOf(["src/barrel3.ts", "src/app.ts"]), callsOf(topDown, "src/app.ts"));
  });

  it("lookalike: the same chain re-exporting an ask that makes no request gives nothing in any order", () => {
    const broken = chain(12, "./other");
    for (const order of [topDown, bottomUp]) assert.deepEqual(describeCalls(analyzeInOrder(broken, order)).filter((call) => !call.startsWith("src/llm.ts")), []);
  });
});
