// Several ways one request can go, none of them priced (opencommit's engines: a local Ollama with a default
// model beside hosted engines whose models the user picks): the entry does not name one way's model as the
// model sent; it says the model is not known, and lists every way.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource } from "../helpers/memory-workspace.ts";

/** `engineFor(kind)` switching over `cases`, each returning `{ generate }`, and `ask` calling the engine's `generate` (line 8 + the client lines). */
function dispatch(clients: string[], cases: string[]): string {
  return [
    `import OpenAI from "openai";`,
    ...clients,
    `function engineFor(kind: string, options: { model?: string }) {`,
    `  switch (kind) {`,
    ...cases,
    `    default: throw new Error("no engine");`,
    `  }`,
    `}`,
    `export function ask(kind: string, options: { model?: string }, text: string) {`,
    `  return engineFor(kind, options).generate(text);`,
    `}`,
  ].join("\n");
}

const engine = (name: string, client: string, model: string, messages = "") =>
  `    case "${name}": return { generate: (prompt: string) => ${client}.chat.completions.create({ model: ${model}, messages: [${messages}{ role: "user", content: prompt }], max_tokens: 100 }) };`;

const ENGINES = (order: "ollama-first" | "hosted-first") => {
  const ollama = engine("ollama", "local", `options.model ?? "mistral"`);
  const hosted = engine("openai", "hosted", "options.model");
  return dispatch([`const local = new OpenAI({ baseURL: "http://localhost:11434/v1" });`, `const hosted = new OpenAI();`], order === "ollama-first" ? [ollama, hosted] : [hosted, ollama]);
};

const TWO_HOSTED = (order: "long-first" | "short-first") => {
  const long = engine("long", "hosted", "options.model", `{ role: "system", content: "${"Follow the house style. ".repeat(40)}" }, `);
  const short = engine("short", "hosted", "options.model");
  return dispatch([`const hosted = new OpenAI();`], order === "long-first" ? [long, short] : [short, long]);
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
