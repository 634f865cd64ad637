// Several ways one request can go, none of them priced (opencommit's engines: a local Ollama with a default
// model beside hosted engines whose models the user picks): the entry does not name one way's model as the
// model sent; it says the model is not known, and lists every way.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource } from "../helpers/memory-workspace.ts";

const ENGINES = (order: "ollama-first" | "hosted-first") => {
  const ollama = `    case "ollama": return { generate: (prompt: string) => local.chat.completions.create({ model: options.model ?? "mistral", messages: [{ role: "user", content: prompt }], max_tokens: 100 }) };`;
  const hosted = `    case "openai": return { generate: (prompt: string) => hosted.chat.completions.create({ model: options.model, messages: [{ role: "user", content: prompt }], max_tokens: 100 }) };`;
  return [
    `import OpenAI from "openai";`,
    `const local = new OpenAI({ baseURL: "http://localhost:11434/v1" });`,
    `const hosted = new OpenAI();`,
    `function engineFor(provider: string, options: { model?: string }) {`,
    `  switch (provider) {`,
    ...(order === "ollama-first" ? [ollama, hosted] : [hosted, ollama]),
    `    default: throw new Error("no engine");`,
    `  }`,
    `}`,
    `export function commitMessage(provider: string, options: { model?: string }, diff: string) {`,
    `  return engineFor(provider, options).generate(diff);`,
    `}`,
  ].join("\n");
};

const TWO_HOSTED = (order: "long-first" | "short-first") => {
  const long = `    case "long": return { generate: (prompt: string) => hosted.chat.completions.create({ model: options.model, messages: [{ role: "system", content: "${"Follow the house style. ".repeat(40)}" }, { role: "user", content: prompt }], max_tokens: 100 }) };`;
  const short = `    case "short": return { generate: (prompt: string) => hosted.chat.completions.create({ model: options.model, messages: [{ role: "user", content: prompt }], max_tokens: 100 }) };`;
  return [
    `import OpenAI from "openai";`,
    `const hosted = new OpenAI();`,
    `function engineFor(kind: string, options: { model?: string }) {`,
    `  switch (kind) {`,
    ...(order === "long-first" ? [long, short] : [short, long]),
    `    default: throw new Error("no engine");`,
    `  }`,
    `}`,
    `export function ask(kind: string, options: { model?: string }, text: string) {`,
    `  return engineFor(kind, options).generate(text);`,
    `}`,
  ].join("\n");
};

describe("ways of one request with no price", () => {
  it("of ways alike (no model known), the one that sends the most stands", () => {
    const totals = (["long-first", "short-first"] as const).map((order) => {
      const entry = analyzeSource({ "src/ask.ts": TWO_HOSTED(order) }, "src/ask.ts").calls.find((priced) => priced.call.range.line === 11);
      assert.ok(entry);
      return entry.inputTokens.total;
    });
    assert.equal(totals[0], totals[1]);
    assert.ok(totals[0]! > 200, `the long way stands: ${totals[0]}`);
  });

  for (const order of ["ollama-first", "hosted-first"] as const) {
    it(`names no way's model as the one sent (${order})`, () => {
      const analysis = analyzeSource({ "src/engine.ts": ENGINES(order) }, "src/engine.ts");
      const entry = analysis.calls.find((priced) => priced.call.range.line === 12);
      assert.ok(entry, `an entry at the call of the engine: ${analysis.calls.map((priced) => priced.call.range.line)}`);
      assert.equal(entry.cost.perRequest, null);
      assert.equal(entry.call.model, null);
      assert.deepEqual(entry.candidateCosts?.map((candidate) => candidate.model).sort(), ["mistral", "unknown model"]);
    });
  }
});
