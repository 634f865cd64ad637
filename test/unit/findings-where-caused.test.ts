// A finding is reported where it is caused: a wrapper's missing cap, unbounded list or run-time model once at
// the wrapper's request, not again at each call site; what a call site passes itself stays at the call site.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { findingsWhereCaused } from "../../server/src/core/findings-where-caused.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { analyzeProject } from "../helpers/analyze-project.ts";
import { prices, ROOT } from "../helpers/memory-workspace.ts";

/** The shown findings as `file:line rule`, sorted. */
function shown(files: Record<string, string>): string[] {
  const analyses = analyzeProject(files, {}, prices());
  return shownLines(analyses, findingsWhereCaused(analyses));
}

function shownLines(analyses: FileAnalysis[], findings: FileAnalysis["findings"][]): string[] {
  return analyses.flatMap((analysis, index) => findings[index]!.map((finding) => `${path.relative(ROOT, analysis.file)}:${finding.range.line} ${finding.rule}`)).sort();
}

const package_ = JSON.stringify({ dependencies: { openai: "*" } });

const WRAPPER = `import OpenAI from "openai";
const client = new OpenAI();
export async function summarise(notes: string[]) {
  return client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "user", content: notes.map((note) => note).join("\\n") }],
  });
}
export async function ask(prompt: string, model: string) {
  return client.chat.completions.create({ model, max_completion_tokens: 200, messages: [{ role: "user", content: prompt }] });
}
`;

describe("findings where they are caused", () => {
  it("reports a wrapper's missing cap and unbounded list once, at the wrapper, not at its two call sites", () => {
    const app = `import { summarise } from "./llm";
export const a = (notes: string[]) => summarise(notes);
export const b = (notes: string[]) => summarise(notes);
`;
    const result = shown({ "package.json": package_, "llm.ts": WRAPPER, "app.ts": app });
    assert.deepEqual(result.filter((line) => line.startsWith("app.ts")), []);
    assert.ok(result.includes("llm.ts:4 require-max-tokens"), result.join("\n"));
    // At the wrapper's prompt property (line 6), where the list is joined in.
    assert.ok(result.includes("llm.ts:6 no-unbounded-context"), result.join("\n"));
  });

  it("keeps at the call site what the call site causes: its own unbounded argument", () => {
    const app = `import { ask } from "./llm";
export const a = (docs: string[]) => ask(docs.map((doc) => doc).join("\\n"), "gpt-4o");
`;
    const result = shown({ "package.json": package_, "llm.ts": WRAPPER, "app.ts": app });
    assert.ok(result.includes("app.ts:2 no-unbounded-context"), result.join("\n"));
  });

  it("leaves a run-time model to the call sites when each passes its own, and says nothing at the wrapper", () => {
    const app = `import { ask } from "./llm";
export const a = (chosen: string) => ask("hi", chosen);
export const b = () => ask("hi", "gpt-4o");
`;
    const result = shown({ "package.json": package_, "llm.ts": WRAPPER, "app.ts": app });
    assert.ok(result.includes("app.ts:2 no-unknown-model"), result.join("\n"));
    assert.ok(!result.some((line) => line.startsWith("llm.ts") && line.endsWith("no-unknown-model")), result.join("\n"));
  });

  it("keeps the wrapper's run-time model finding when its callers leave the model to the wrapper", () => {
    const wrapper = `import OpenAI from "openai";
const client = new OpenAI();
export async function ask(prompt: string) {
  return client.chat.completions.create({ model: process.env.CHAT_MODEL!, max_completion_tokens: 200, messages: [{ role: "user", content: prompt }] });
}
`;
    const app = `import { ask } from "./llm";
export const a = () => ask("hi");
export const b = () => ask("bye");
`;
    const result = shown({ "package.json": package_, "llm.ts": wrapper, "app.ts": app });
    assert.deepEqual(result, ["llm.ts:4 no-unknown-model"]);
  });

  it("says nothing at the call sites when the cause is disabled by a comment at the wrapper", () => {
    const wrapper = WRAPPER.replace("  return client.chat.completions.create({\n    model: \"gpt-4o\",", "  // promptcost-disable-next-line require-max-tokens\n  return client.chat.completions.create({\n    model: \"gpt-4o\",");
    const app = `import { summarise } from "./llm";
export const a = (notes: string[]) => summarise(notes);
`;
    const result = shown({ "package.json": package_, "llm.ts": wrapper, "app.ts": app });
    assert.ok(!result.some((line) => line.endsWith("require-max-tokens")), result.join("\n"));
  });

  it("repeats nothing when the wrapper's file is not among the analyses (a lint of one file)", () => {
    const app = `import { summarise } from "./llm";
export const a = (notes: string[]) => summarise(notes);
`;
    const analyses = analyzeProject({ "package.json": package_, "llm.ts": WRAPPER, "app.ts": app }, {}, prices());
    const appOnly = analyses.filter((analysis) => analysis.file.endsWith("app.ts"));
    assert.ok(shownLines(appOnly, findingsWhereCaused(appOnly)).includes("app.ts:2 require-max-tokens"));
  });
});

describe("each problem once", () => {
  it("reports a loop once where a wrapper making two requests per item is called, when both say the same", () => {
    const source = [
      `import OpenAI from "openai";`,
      `const client = new OpenAI();`,
      `async function each(url: string, model: string) {`,
      `  const outline = await client.chat.completions.create({ model, max_tokens: 100, messages: [{ role: "user", content: "Outline: " + url }] });`,
      `  return client.chat.completions.create({ model, max_tokens: 100, messages: [{ role: "user", content: url + String(outline) }] });`,
      `}`,
      `async function processUrls(urls: string[], model: string) {`,
      `  return Promise.all(urls.map((url) => each(url, model)));`,
      `}`,
      `export async function step(urls: string[], model: string) {`,
      `  return processUrls(urls, model);`,
      `}`,
    ].join("\n");
    const analyses = analyzeProject({ "package.json": package_, "src/step.ts": source }, {}, prices());
    // Two requests of a model decided at run time reach the loop, each through its own wrapper site, with the same message.
    assert.equal(analyses[0]!.findings.filter((finding) => finding.rule === "no-unbatched-loop").length, 2);
    assert.deepEqual(
      shownLines(analyses, findingsWhereCaused(analyses)).filter((line) => line.endsWith("no-unbatched-loop")),
      ["src/step.ts:8 no-unbatched-loop"],
    );
  });
});

describe("a model comment at a wrapper's request", () => {
  const wrapper = `import OpenAI from "openai";
const client = new OpenAI();
export async function ask(prompt: string, model?: string) {
  // promptcost: model=gpt-4o-mini
  return client.chat.completions.create({ model: model ?? process.env.CHAT_MODEL!, max_completion_tokens: 200, messages: [{ role: "user", content: prompt }] });
}
`;

  it("names the model of every call site that leaves it to run time, as an assumption", () => {
    const app = `import { ask } from "./llm";
export const a = () => ask("hi");
`;
    const analyses = analyzeProject({ "package.json": package_, "llm.ts": wrapper, "app.ts": app }, {}, prices());
    const call = analyses.find((analysis) => analysis.file.endsWith("app.ts"))!.calls[0]!.call;
    assert.equal(call.model, "gpt-4o-mini");
    assert.equal(call.modelAssumption?.kind, "annotation");
    assert.match(call.modelNote ?? "", /llm\.ts:5/);
  });

  it("does not replace a model the call site passes", () => {
    const app = `import { ask } from "./llm";
export const a = () => ask("hi", "gpt-4o");
`;
    const analyses = analyzeProject({ "package.json": package_, "llm.ts": wrapper, "app.ts": app }, {}, prices());
    const call = analyses.find((analysis) => analysis.file.endsWith("app.ts"))!.calls[0]!.call;
    assert.equal(call.model, "gpt-4o");
    assert.equal(call.modelAssumption, undefined);
  });
});
