// A request method cast before it is called, where the SDK's types do not take a vendor's extra parameters:
// `(together.chat.completions.create as Function)({ ..., reasoning: { enabled: false } })`. The call is the
// request all the same, found from the text (no other request in the file) and recognised at the call.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

describe("a request method called through a cast", () => {
  it("is the request, whichever cast (`as`, `satisfies`, `<T>`) and alone in its file", () => {
    const analyses = analyzeProject({
      "src/route.ts": [
        `import Together from "together-ai";`,
        `const together = new Together();`,
        `export async function POST() {`,
        `  return (together.chat.completions.create as Function)({ model: "moonshotai/Kimi-K2.5", max_tokens: 100, reasoning: { enabled: false }, messages: [{ role: "user", content: "hi" }] });`,
        `}`,
      ].join("\n"),
      "src/other.ts": [
        `import OpenAI from "openai";`,
        `const openai = new OpenAI();`,
        `export const a = () => (openai.chat.completions.create as unknown as (body: object) => Promise<unknown>)({ model: "gpt-4o", messages: [] });`,
        `export const b = () => (<any>openai.embeddings.create)({ model: "text-embedding-3-small", input: "x" });`,
        `export const c = () => (openai.responses.create satisfies unknown as any)({ model: "gpt-4.1", input: "x" });`,
      ].join("\n"),
      "src/wrapper.ts": [
        `import OpenAI from "openai";`,
        `const openai = new OpenAI();`,
        `export async function ask(prompt: string) { return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }); }`,
      ].join("\n"),
      "src/use.ts": [
        `import { ask } from "./wrapper";`,
        `export const run = () => (ask as (prompt: string) => Promise<unknown>)("hello");`,
        // Lookalikes: a cast of a request method that is not called, and a built-in's method cast and called.
        `export const held = ask as unknown;`,
        `export const parsed = (JSON.parse as Function)("{}");`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), [
      "src/route.ts:4 moonshotai/Kimi-K2.5",
      "src/other.ts:3 gpt-4o",
      "src/other.ts:4 text-embedding-3-small",
      "src/other.ts:5 gpt-4.1",
      "src/wrapper.ts:3 gpt-4o-mini wrapper=ask",
      "src/use.ts:2 gpt-4o-mini via=ask",
    ]);
  });

  it("is the request on a client the file receives, its imports reaching no SDK", () => {
    const analyses = analyzeProject({
      "src/summarise.ts": `export async function summarise(client: any, text: string) {\n  return (client.chat.completions.create as Function)({ model: "gpt-4o-mini", max_tokens: 50, messages: [{ role: "user", content: text }] });\n}\n`,
      "src/use.ts": `import OpenAI from "openai";\nimport { summarise } from "./summarise";\nexport const run = () => summarise(new OpenAI(), "hello");\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/use.ts:3 gpt-4o-mini via=summarise"]);
  });
});
