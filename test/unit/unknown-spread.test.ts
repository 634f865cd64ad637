import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, onlyCall } from "../helpers/memory-workspace.ts";

const HEADER = `import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import { generateText, embed } from "ai";
import { openai } from "@ai-sdk/openai";
const client = new OpenAI();
const anthropic = new Anthropic();
const ai = new GoogleGenAI({});
`;

const analyse = (call: string) => onlyCall(analyzeSource({ "src/a.ts": `${HEADER}export const f = (opts: any) => ${call};\n` }, "src/a.ts"));

describe("a spread of unknown content into the request parameters", () => {
  for (const [name, call] of [
    ["embeddings", `client.embeddings.create({ model: "text-embedding-3-small", ...opts })`],
    ["chat completions", `client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, ...opts })`],
    ["responses", `client.responses.create({ model: "gpt-4o", max_output_tokens: 10, ...opts })`],
    ["Vercel AI generateText", `generateText({ model: openai("gpt-4o"), maxOutputTokens: 10, ...opts })`],
    ["Vercel AI embed", `embed({ model: openai.embedding("text-embedding-3-small"), ...opts })`],
    ["Gemini", `ai.models.generateContent({ model: "gemini-2.5-flash", config: { maxOutputTokens: 10 }, ...opts })`],
    ["Anthropic", `anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, ...opts })`],
  ] as const) {
    it(`${name}: the input it may carry is an assumption, never zero tokens counted as exact`, () => {
      const priced = analyse(call);
      assert.equal(priced.inputTokens.exact, false);
      assert.ok(priced.inputTokens.dynamic > 0, `dynamic ${priced.inputTokens.dynamic}`);
      assert.ok(priced.inputTokens.assumptions.some((assumption) => assumption.label.startsWith("opts.")), JSON.stringify(priced.inputTokens.assumptions));
      assert.ok((priced.cost.perRequest ?? 0) > 0);
    });
  }

  it("keeps what is written beside it: the model, and the cap written in the call", () => {
    const priced = analyse(`client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, ...opts })`);
    assert.equal(priced.call.model, "gpt-4o");
    assert.equal(priced.call.outputCap, 10);
  });

  it("does not invent optional extras (tools, schemas) from it", () => {
    const priced = analyse(`anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, ...opts })`);
    assert.equal(priced.call.extras, undefined);
  });

  it("a spread of a known object is read as written", () => {
    const source = `${HEADER}const base = { messages: [{ role: "user" as const, content: "Say hi." }] };\nexport const f = () => client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, ...base });\n`;
    const priced = onlyCall(analyzeSource({ "src/a.ts": source }, "src/a.ts"));
    assert.equal(priced.inputTokens.exact, true);
    assert.equal(priced.inputTokens.dynamic, 0);
  });
});
