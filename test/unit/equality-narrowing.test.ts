import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** The model of each call in a one-file project, as `line model`. */
function models(source: string): string[] {
  return analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.range.line} ${call.model}`);
}

const HEADER = `import OpenAI from "openai";
const openai = new OpenAI();
`;

describe("a binding narrowed by an equality guard", () => {
  it("reads the literal in the then-branch of `x === L` (make-real's Anthropic route), and the run-time value after it", () => {
    const source = `import { createAnthropic } from "@ai-sdk/anthropic";
import { streamText } from "ai";
export async function POST(req: Request) {
  const { apiKey, messages, model } = await req.json();
  const anthropic = createAnthropic({ apiKey });
  if (model === "claude-3-7-sonnet-20250219") {
    const result = streamText({ model: anthropic(model), messages, temperature: 0 });
    return result.toTextStreamResponse();
  }
  const result = streamText({ model: anthropic(model), messages });
  return result.toTextStreamResponse();
}`;
    assert.deepEqual(models(source), ["7 claude-3-7-sonnet-20250219", "10 null"]);
  });

  it("reads it for `L === x`, the else-branch of `!==`, `x === L && ...`, a conditional and a switch clause no other falls into", () => {
    const source = `${HEADER}export async function run(model: string, ready: boolean) {
  if ("gpt-4o" === model) await openai.chat.completions.create({ model, messages: [] });
  if (model !== "gpt-4.1") console.log(model);
  else await openai.chat.completions.create({ model, messages: [] });
  if (model === "o3" && ready) await openai.chat.completions.create({ model, messages: [] });
  await openai.chat.completions.create({ model: model === "o4-mini" ? model : "gpt-4o-mini", messages: [] });
  switch (model) {
    case "gpt-5":
      await openai.chat.completions.create({ model, messages: [] });
      break;
    case "gpt-5-mini":
      await openai.chat.completions.create({ model, messages: [] });
  }
}`;
    assert.deepEqual(models(source), ["4 gpt-4o", "6 gpt-4.1", "7 o3", "8 o4-mini", "11 gpt-5", "14 gpt-5-mini"]);
  });

  it("leaves the value alone under `||`, a reassigned binding, grouped or fallen-into cases, loose equality and another binding of the name", () => {
    const source = `${HEADER}export async function run(model: string, fallback: boolean) {
  if (model === "gpt-4o" || fallback) await openai.chat.completions.create({ model, messages: [] });
  let chosen = model;
  if (chosen === "gpt-4.1") { chosen = chosen + "-mini"; await openai.chat.completions.create({ model: chosen, messages: [] }); }
  switch (model) {
    case "o3":
    case "o4-mini":
      await openai.chat.completions.create({ model, messages: [] });
    case "gpt-5":
      await openai.chat.completions.create({ model, messages: [] });
  }
  if (model == "gpt-5-nano") await openai.chat.completions.create({ model, messages: [] });
  if (model === "gpt-4o") {
    const inner = (model: string) => openai.chat.completions.create({ model, messages: [] });
    await inner(process.env.MODEL!);
  }
}`;
    assert.deepEqual(models(source), ["4 null", "6 null", "10 null", "12 null", "14 null", "16 null"]);
  });

  it("keeps what a call site passes when it is known: a guard for another value is a branch not taken", () => {
    const source = `${HEADER}async function complete(model: string) {
  if (model === "gpt-4o") return openai.chat.completions.create({ model, messages: [] });
  return openai.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });
}
export const a = () => complete("gpt-4o-mini");
export const b = (chosen: string) => complete(chosen);`;
    assert.deepEqual(models(source), ["4 gpt-4o", "5 null", "7 gpt-4o-mini", "8 null"]);
  });
});
