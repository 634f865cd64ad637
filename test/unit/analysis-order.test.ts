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
  // A file of an import cycle asked "may it define wrappers?" while its own answer is being worked out said
  // "no" for now, and what was worked out on that was kept. summary.ts, asked through first.ts, reads notes.ts,
  // which reads summary.ts back: notes.ts was kept as defining none, so main.ts, analysed after first.ts, found
  // nothing; analysed first, it did.
  const cycle = {
    "src/first.ts": `import { summarise } from "./summary";\nexport async function start(input: string) { return summarise(input); }\n`,
    "src/summary.ts": `import { label } from "./notes";\nimport { ask } from "./llm";\nexport async function summarise(text: string) { return ask(label + text); }\n`,
    "src/notes.ts": `import { summarise } from "./summary";\nexport const label = "Note: ";\nexport async function digest(text: string) { return summarise(text); }\n`,
    "src/main.ts": `import { digest } from "./notes";\nexport async function run(input: string) { return digest(input); }\n`,
    "src/llm.ts": LLM,
  };
  const mainCalls = (order: string[]) => describeCalls(analyzeInOrder(cycle, order).filter((analysis) => analysis.file.endsWith("main.ts")));

  it("a file of an import cycle defines the wrappers it does whichever file of the cycle was asked about first", () => {
    const after = mainCalls(["src/first.ts", "src/main.ts"]);
    assert.deepEqual(after, mainCalls(["src/main.ts", "src/first.ts"]));
    assert.deepEqual(after, ["src/main.ts:2 gpt-4o-mini via=digest>summarise>ask wrapper=run"]);
  });
  // Three files in a cycle, none asked about first the same way: drafts.ts analysed first asked about
  // refine.ts, which asked about llm.ts, which asked about drafts.ts back and was told "no" for now; that was
  // kept, so llm.ts's summarise and refine.ts's redo (through drafts.ts's wrappers) were missed.
  const ring = {
    "src/llm.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nimport { draft } from "./drafts";\nexport async function requestModel(p: string) { return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }); }\nexport async function summarise(p: string) { return draft("Summarise: " + p); }\n`,
    "src/drafts.ts": `import { refine } from "./refine";\nexport async function draft(p: string) { return polish("Draft: " + p); }\nexport async function polish(p: string) { return refine("Polish: " + p); }\n`,
    "src/refine.ts": `import { requestModel } from "./llm";\nimport { draft } from "./drafts";\nexport async function refine(p: string) { return requestModel("Refine: " + p); }\nexport async function redo(p: string) { return draft("Again: " + p); }\n`,
  };
  const ringCalls = (order: string[]) => describeCalls(analyzeInOrder(ring, order)).sort();

  it("each file of a cycle of three gets the same calls whichever of them is analysed first", () => {
    const files = Object.keys(ring);
    const first = ringCalls(files);
    for (const start of files) assert.deepEqual(ringCalls([start, ...files.filter((file) => file !== start)]), first, start);
    assert.ok(first.includes("src/llm.ts:5 gpt-4o-mini via=draft>polish>refine>requestModel wrapper=summarise"), first.join("\n"));
    assert.ok(first.includes("src/refine.ts:4 gpt-4o-mini via=draft>polish>refine>requestModel wrapper=redo"), first.join("\n"));
  });
  it("lookalike: the same cycle where refine makes no request gives no call through it in any order", () => {
    const broken = { ...ring, "src/refine.ts": ring["src/refine.ts"].replace(`return requestModel("Refine: " + p)`, `return "Refine: " + p`) };
    const files = Object.keys(broken);
    for (const start of files) assert.deepEqual(describeCalls(analyzeInOrder(broken, [start, ...files.filter((file) => file !== start)])), ["src/llm.ts:4 gpt-4o-mini wrapper=requestModel"], start);
  });
});
