// The model a request sends when it reaches the request through a destructured default, a variable a
// `catch` swaps for a fallback, or a helper that returns undefined on a guard.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { analyzeSource, onlyCall } from "../helpers/memory-workspace.ts";

const MODELS = [
  `import { createOpenAI } from "@ai-sdk/openai";`,
  `const providers: Record<string, any> = { openai: createOpenAI({ apiKey: process.env.OPENAI_API_KEY }) };`,
  `export function getModel(name: string, provider = "openai") { return providers[provider](name); }`,
].join("\n");

describe("models along a request's path", () => {
  it("a destructured parameter's default model (`{ model = getModel(\"gpt-4o-mini\") }: Options`, typed as the SDK's model) is what a call without one sends", () => {
    const analyses = analyzeProject({
      "src/models.ts": MODELS,
      "src/llm.ts": [
        `import { generateObject, type LanguageModel } from "ai";`,
        `import { getModel } from "./models";`,
        `type Options = { prompt: string; model?: LanguageModel };`,
        `export async function complete({ prompt, model = getModel("gpt-4o-mini") }: Options) {`,
        `  return generateObject({ model, prompt, schema: {} as never });`,
        `}`,
      ].join("\n"),
      // Lookalike: a call that passes its own model sends that one, not the default.
      "src/use.ts": `import { complete } from "./llm";\nimport { getModel } from "./models";\nexport const summarise = () => complete({ prompt: "Summarise" });\nexport const plan = () => complete({ prompt: "Plan", model: getModel("gpt-4o") });\n`,
    });
    assert.deepEqual(describeCalls(analyses).filter((call) => call.startsWith("src/use.ts")), ["src/use.ts:3 gpt-4o-mini via=complete", "src/use.ts:4 gpt-4o via=complete"]);
  });

  it("a default in a destructuring of a value only known at run time (`const { model = getModel(\"gpt-4o-mini\") } = options`) stands, as `options.model ?? ...` does", () => {
    const analyses = analyzeProject({
      "src/models.ts": MODELS,
      "src/llm.ts": [
        `import { generateText } from "ai";`,
        `import { getModel } from "./models";`,
        `export async function complete(options: { prompt: string; model?: ReturnType<typeof getModel> }) {`,
        `  const { prompt, model = getModel("gpt-4o-mini") } = options;`,
        `  return generateText({ model, prompt });`,
        `}`,
        // Lookalike: a value that writes the member is read, not the default.
        `export async function planned(prompt: string) {`,
        `  const { model = getModel("gpt-4o-mini") } = { model: getModel("gpt-4o") };`,
        `  return generateText({ model, prompt });`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:5 gpt-4o-mini wrapper=complete", "src/llm.ts:9 gpt-4o wrapper=planned"]);
  });

  it("a `let` swapped for a fallback only in `catch` clauses holds its first value where nothing failed, and the fallback after the swap", () => {
    const analyses = analyzeProject({
      "src/models.ts": MODELS,
      "src/llm.ts": [
        `import { generateText } from "ai";`,
        `import { getModel } from "./models";`,
        `export async function complete(prompt: string, model = getModel("gpt-4o-mini"), retryModel = getModel("gpt-4o")) {`,
        `  let current = model;`,
        `  try {`,
        `    return await generateText({ model: current, prompt });`,
        `  } catch (error) {`,
        `    current = retryModel;`,
        `    return await generateText({ model: current, prompt });`,
        `  }`,
        `}`,
        // Lookalike: a `let` a branch reassigns is not taken at its first value.
        `export async function either(prompt: string, fast: boolean) {`,
        `  let chosen = getModel("gpt-4o");`,
        `  if (fast) chosen = getModel("gpt-4o-mini");`,
        `  return generateText({ model: chosen, prompt });`,
        `}`,
      ].join("\n"),
      "src/use.ts": `import { complete } from "./llm";\nexport const summarise = () => complete("Summarise");\n`,
    });
    const calls = describeCalls(analyses);
    assert.ok(calls.includes("src/llm.ts:6 gpt-4o-mini wrapper=complete"), calls.join("\n"));
    assert.ok(calls.includes("src/llm.ts:9 gpt-4o wrapper=complete"), calls.join("\n"));
    assert.ok(calls.includes("src/use.ts:2 gpt-4o-mini via=complete"), calls.join("\n"));
    assert.ok(calls.some((call) => call.startsWith("src/llm.ts:15 ") && !call.startsWith("src/llm.ts:15 gpt-4o ")), calls.join("\n"));
  });

  it("a helper that returns undefined on a guard and an object otherwise: its callers read the object's members", () => {
    const source = [
      `import OpenAI from "openai";`,
      `const client = new OpenAI();`,
      `function modelConfig(id?: string) {`,
      `  const modelId = id ?? process.env.MODEL;`,
      `  if (!modelId) return undefined;`,
      `  return { modelId, titleModelId: process.env.SMALL_MODEL ?? modelId };`,
      `}`,
      `function cap(stream: boolean) {`,
      `  if (stream) return undefined;`,
      `  return 500;`,
      `}`,
      `export async function title(text: string, stream: boolean) {`,
      `  const config = modelConfig();`,
      `  if (!config) return;`,
      `  return client.chat.completions.create({ model: config.titleModelId, max_tokens: cap(stream), messages: [{ role: "user", content: text }] });`,
      `}`,
    ].join("\n");
    const { call } = onlyCall(analyzeSource({ ".env.example": "MODEL=gpt-4.1\nSMALL_MODEL=gpt-4.1-nano\n", "src/title.ts": source }, "src/title.ts"));
    assert.equal(call.model, "gpt-4.1-nano");
    // Lookalike: beside a number, undefined is a value of its own (no cap), and the costlier one stands.
    assert.equal(call.outputCap, null);
  });
});
