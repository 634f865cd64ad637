// The model a request sends when it reaches the request through a destructured default.
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
});
