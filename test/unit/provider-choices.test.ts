import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, onlyCall } from "../helpers/memory-workspace.ts";

// A model sent through a choice of clients (`(isAnthropic ? anthropic : openai)(id)`): the code picks the client
// and the model by the same condition, so a model id goes to the client whose vendor sells it.

const source = (choice: string, model: string) =>
  [
    `import { createAnthropic } from "@ai-sdk/anthropic";`,
    `import { createOpenAI } from "@ai-sdk/openai";`,
    `import { generateText } from "ai";`,
    `const anthropic = createAnthropic({});`,
    `const openai = createOpenAI({});`,
    `export const ask = (isAnthropic: boolean) => generateText({ model: (${choice})(${model}), prompt: "hi", maxOutputTokens: 100 });`,
  ].join("\n");

describe("a model sent through a choice of clients", () => {
  it("is priced by the first client whose vendor sells it", () => {
    const openai = onlyCall(analyzeSource({ "src/app.ts": source("isAnthropic ? anthropic : openai", `"gpt-4.1"`) }, "src/app.ts"));
    assert.equal(openai.call.provider, "openai");
    assert.ok(openai.cost.perRequest !== null && openai.cost.perRequest > 0);
    const anthropic = onlyCall(analyzeSource({ "src/app.ts": source("isAnthropic ? anthropic : openai", `"claude-sonnet-4-5"`) }, "src/app.ts"));
    assert.equal(anthropic.call.provider, "anthropic");
    assert.ok(anthropic.cost.perRequest !== null && anthropic.cost.perRequest > 0);
  });

  it("stays with the first client when none of them sells the model (the message names it)", () => {
    const neither = onlyCall(analyzeSource({ "src/app.ts": source("isAnthropic ? anthropic : openai", `"house-model-7"`) }, "src/app.ts"));
    assert.equal(neither.call.provider, "anthropic");
    assert.equal(neither.cost.perRequest, null);
  });
});
