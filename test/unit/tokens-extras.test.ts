import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getEncoding } from "js-tiktoken";
import { analyzeSource, NO_PRICES, onlyCall } from "../helpers/memory-workspace.ts";
import { modelPrice, priceTable } from "../helpers/price-fixtures.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const ANTHROPIC = `import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\n`;

function priced(source: string, prices = NO_PRICES) {
  return onlyCall(analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, prices));
}

/** The OpenAI cookbook's num_tokens_for_tools for gpt-4o, written out independently of the code under test. */
function cookbookToolTokens(functions: { name: string; description: string; properties: Record<string, { type: string; description: string; enum?: string[] }> }[]): number {
  const encoding = getEncoding("o200k_base");
  const trim = (text: string) => (text.endsWith(".") ? text.slice(0, -1) : text);
  let tokens = 0;
  for (const fn of functions) {
    tokens += 7 + encoding.encode(`${fn.name}:${trim(fn.description)}`).length;
    const keys = Object.keys(fn.properties);
    if (keys.length > 0) {
      tokens += 3;
      for (const key of keys) {
        const property = fn.properties[key]!;
        tokens += 3;
        if (property.enum) {
          tokens -= 3;
          for (const item of property.enum) tokens += 3 + encoding.encode(item).length;
        }
        tokens += encoding.encode(`${key}:${property.type}:${trim(property.description)}`).length;
      }
    }
  }
  return tokens + 12;
}

describe("request content besides messages", () => {
  it("adds OpenAI's function-definition tokens by the cookbook's formula", () => {
    const functions = [{ name: "get_weather", description: "Get the current weather.", properties: { city: { type: "string", description: "The city." }, unit: { type: "string", description: "Unit", enum: ["celsius", "fahrenheit"] } } }];
    const tools = JSON.stringify(functions.map((fn) => ({ type: "function", function: { name: fn.name, description: fn.description, parameters: { type: "object", properties: fn.properties } } })));
    const withTools = priced(`${OPENAI}client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }], tools: ${tools} });`);
    const without = priced(`${OPENAI}client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] });`);
    assert.equal(withTools.inputTokens.static - without.inputTokens.static, cookbookToolTokens(functions));
    assert.equal(withTools.inputTokens.exact, true);
  });

  it("counts a response_format JSON schema as its JSON, and one built at run time as an assumption", () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    const literal = priced(`${OPENAI}client.chat.completions.create({ model: "gpt-4o", messages: [], response_format: { type: "json_schema", json_schema: { name: "a", schema: ${JSON.stringify(schema)} } } });`);
    assert.equal(literal.inputTokens.static, getEncoding("o200k_base").encode(JSON.stringify(schema)).length);
    const zod = priced(`${OPENAI}import { zodResponseFormat } from "openai/helpers/zod";\nexport const f = (Schema: never) => client.chat.completions.parse({ model: "gpt-4o", messages: [], response_format: zodResponseFormat(Schema, "a") });`);
    assert.deepEqual(zod.inputTokens.assumptions.map((assumption) => assumption.label), ["response schema (defined at run time)"]);
  });

  it("counts images per detail level and model, as a stated assumption", () => {
    const image = (model: string, detail: string) =>
      priced(`${OPENAI}client.chat.completions.create({ model: "${model}", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png", detail: "${detail}" } }] }] });`).inputTokens.assumptions[0]!;
    assert.deepEqual(image("gpt-4o", "low"), { label: "image (detail: low)", tokens: 85 });
    assert.equal(image("gpt-4o", "high").tokens, 85 + 4 * 170);
    assert.equal(image("gpt-4o-mini", "low").tokens, 2833);
    assert.equal(image("gpt-4.1-mini", "high").tokens, Math.round(1024 * 1.62));
    const claude = priced(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [{ role: "user", content: [{ type: "image", source: { type: "url", url: "u" } }] }] });`);
    assert.equal(claude.inputTokens.assumptions[0]!.tokens, 1600);
  });

  it("adds Anthropic's tool-use system prompt by model and tool_choice, and the tool definitions", () => {
    const tools = `[{ name: "lookup", description: "Look up an order.", input_schema: { type: "object", properties: { id: { type: "string" } } } }]`;
    const auto = priced(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [], tools: ${tools} });`);
    const forced = priced(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [], tools: ${tools}, tool_choice: { type: "any" } });`);
    const none = priced(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [] });`);
    assert.deepEqual(
      auto.call.extras?.map((extra) => extra.kind),
      ["tools", "tool-system-prompt"],
    );
    assert.equal(auto.call.extras?.[1]?.tokens, 346);
    assert.equal(forced.call.extras?.[1]?.tokens, 313);
    assert.equal(none.call.extras, undefined);
    assert.ok(auto.inputTokens.static - none.inputTokens.static > 346);
  });

  it("adds hidden reasoning tokens of a reasoning model to the assumed output only when nothing caps it", () => {
    const prices = priceTable({ openai: [modelPrice("o3"), modelPrice("gpt-4.1")] });
    const uncapped = priced(`${OPENAI}client.chat.completions.create({ model: "o3", reasoning_effort: "high", messages: [] });`, prices);
    assert.equal(uncapped.outputTokens.reasoning, 16000);
    assert.equal(uncapped.outputTokens.assumed, 500 + 16000);
    assert.match(uncapped.call.reasoning?.basis ?? "", /effort high/);
    const capped = priced(`${OPENAI}client.chat.completions.create({ model: "o3", messages: [], max_completion_tokens: 2000 });`, prices);
    assert.equal(capped.outputTokens.assumed, 2000);
    assert.equal(capped.outputTokens.reasoning, undefined);
    const plain = priced(`${OPENAI}client.chat.completions.create({ model: "gpt-4.1", messages: [] });`, prices);
    assert.equal(plain.call.reasoning, undefined);
    const thinking = priced(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 4000, thinking: { type: "enabled", budget_tokens: 2048 }, messages: [] });`);
    assert.equal(thinking.call.reasoning?.assumedTokens, 2048);
  });

  it("shows an estimated count as a range from the calibrated ratios, and none for an exact one", () => {
    const claude = priced(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, system: "${"You are a helpful assistant. ".repeat(20)}", messages: [] });`);
    assert.ok(claude.inputTokens.range);
    assert.ok(claude.inputTokens.range!.low < claude.inputTokens.total && claude.inputTokens.total < claude.inputTokens.range!.high);
    const gpt = priced(`${OPENAI}client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] });`);
    assert.equal(gpt.inputTokens.range, undefined);
  });
});
