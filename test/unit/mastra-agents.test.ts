// Mastra's agents run on the AI SDK's models: `new Agent({ instructions, model: openai("gpt-4o-mini"), tools })
// .generate(messages, options)`. Before, no call of theirs was found.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, onlyCall } from "../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../helpers/price-fixtures.ts";

const source = (call: string, module = "@mastra/core/agent") =>
  [
    `import { Agent } from "${module}";`,
    `import { openai } from "@ai-sdk/openai";`,
    `export const agent = new Agent({`,
    `  name: "support",`,
    `  instructions: "You are a support agent for Acme. Answer in two sentences and cite the documentation page you used.",`,
    `  model: openai("gpt-4.1"),`,
    `  tools: { search: { description: "search", execute: async () => "found" } },`,
    `  defaultStreamOptions: { modelSettings: { maxOutputTokens: 200 } },`,
    `});`,
    `export async function ask(question: string) {`,
    `  return ${call};`,
    `}`,
  ].join("\n");
const called = (call: string, module?: string) => analyzeSource({ "src/agent.ts": source(call, module) }, "src/agent.ts", {}, TEST_PRICES);

describe("Mastra agents", () => {
  it("reads `agent.generate(question, { maxSteps })` with the agent's model, instructions and tools", () => {
    const priced = onlyCall(called(`agent.generate(question, { maxSteps: 6, modelSettings: { maxOutputTokens: 300 } })`));
    assert.equal(priced.call.sdk, "mastra");
    assert.equal(priced.call.api, "Agent.generate");
    assert.equal(priced.call.model, "gpt-4.1");
    assert.equal(priced.call.provider, "openai");
    assert.equal(priced.call.messages[0]?.role, "system");
    assert.ok(priced.inputTokens.static > 20, String(priced.inputTokens.static));
    assert.equal(priced.outputTokens.cap, 300);
    assert.deepEqual(priced.call.toolSteps, { max: 6, setBy: "maxSteps" });
  });

  it("reads a stream's cap from the agent's default stream options, and a model router id", () => {
    const streamed = onlyCall(called(`agent.stream([{ role: "user", content: question }])`));
    assert.equal(streamed.outputTokens.cap, 200);
    const routed = onlyCall(analyzeSource({ "src/r.ts": `import { Agent } from "@mastra/core/agent";\nconst r = new Agent({ name: "r", instructions: "Route.", model: "openai/gpt-4.1" });\nexport const route = (q: string) => r.generate(q);\n` }, "src/r.ts", {}, TEST_PRICES));
    assert.equal(routed.call.model, "gpt-4.1");
    assert.equal(routed.call.outputCap, null);
  });

  it("leaves an `Agent` of another package alone", () => {
    assert.equal(called(`agent.generate(question)`, "./my-agent").calls.length, 0);
  });
});
