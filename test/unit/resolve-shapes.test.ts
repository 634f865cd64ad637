import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PricedCall } from "../../server/src/core/types.ts";
import { analyzeSource, NO_PRICES, onlyCall } from "../helpers/memory-workspace.ts";
import { modelPrice, priceTable } from "../helpers/price-fixtures.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;

function analyze(source: string, extra: Record<string, string> = {}): PricedCall {
  return onlyCall(analyzeSource({ "src/app.ts": source, ...extra }, "src/app.ts", {}, NO_PRICES));
}

function promptOf(priced: PricedCall): string {
  return priced.call.messages
    .map((message) => `${message.role}: ${message.parts.map((part) => (part.kind === "static" ? part.text : `<${part.label}${part.collection && !part.collection.bounded ? "*" : ""}>`)).join("")}`)
    .join(" | ");
}

describe("message arrays built up before the call", () => {
  it("applies push and unshift written before the call, not after it", () => {
    const call = analyze(`${OPENAI}export async function run(q: string) {
  const messages: { role: string; content: string }[] = [{ role: "user", content: q }];
  messages.unshift({ role: "system", content: "Be brief." });
  messages.push({ role: "user", content: "Answer in French." });
  await client.chat.completions.create({ model: "gpt-4o", messages });
  messages.push({ role: "assistant", content: "later" });
}`);
    assert.equal(promptOf(call), "system: Be brief. | user: <q> | user: Answer in French.");
  });

  it("follows spread and concat reassignments, and counts a push inside a loop as unbounded", () => {
    const call = analyze(`${OPENAI}export async function run(history: string[]) {
  let messages = [{ role: "system", content: "S" }];
  messages = [...messages, { role: "user", content: "A" }];
  messages = messages.concat([{ role: "user", content: "B" }]);
  for (const item of history) messages.push({ role: "user", content: item });
  return client.chat.completions.create({ model: "gpt-4o", messages });
}`);
    assert.equal(promptOf(call).split(" | ").slice(0, 3).join(" | "), "system: S | user: A | user: B");
    assert.match(promptOf(call), /<\{ role: "user", content: item \}\*>$/);
  });

  it("maps a literal array into messages with its callback", () => {
    const call = analyze(`${OPENAI}const EXAMPLES = [{ q: "2+2", a: "4" }, { q: "3+3", a: "6" }];
const messages = EXAMPLES.flatMap((example) => [{ role: "user", content: example.q }, { role: "assistant", content: example.a }]);
client.chat.completions.create({ model: "gpt-4o", messages });`);
    assert.equal(promptOf(call), "user: 2+2 | assistant: 4 | user: 3+3 | assistant: 6");
  });

  it("grows a prompt with += before the call", () => {
    const call = analyze(`${OPENAI}let prompt = "Summarise.";\nprompt += " Be brief.";\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });`);
    assert.equal(promptOf(call), "user: Summarise. Be brief.");
  });
});

describe("parameter objects", () => {
  it("reads object spread of shared parameters, a later property winning", () => {
    const call = analyze(`${OPENAI}const base = { model: "gpt-4o-mini", max_tokens: 100, messages: [] };\nclient.chat.completions.create({ ...base, model: "gpt-4.1" });`);
    assert.equal(`${call.call.model} ${call.call.outputCap}`, "gpt-4.1 100");
  });

  it("reads a parameter object built in a variable and completed by assignments", () => {
    const call = analyze(`${OPENAI}const params: Record<string, unknown> = { messages: [] };\nparams.model = "gpt-4.1-mini";\nparams.max_tokens = 64;\nclient.chat.completions.create(params as never);`);
    assert.equal(`${call.call.model} ${call.call.outputCap}`, "gpt-4.1-mini 64");
  });
});

describe("clients", () => {
  it("follows a client in a class field, a constructor assignment, a parameter property and this", () => {
    const source = `import OpenAI from "openai";\nimport Anthropic from "@anthropic-ai/sdk";
export class Service {
  private openai = new OpenAI();
  private claude: Anthropic;
  constructor(private readonly other: OpenAI) { this.claude = new Anthropic(); }
  a() { return this.openai.chat.completions.create({ model: "gpt-4o", messages: [] }); }
  b() { return this.claude.messages.create({ model: "claude-haiku-4-5", max_tokens: 10, messages: [] }); }
  c() { return this.other.embeddings.create({ model: "text-embedding-3-small", input: "x" }); }
}`;
    const calls = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.api} ${call.model}`);
    assert.deepEqual(calls, ["chat.completions.create gpt-4o", "messages.create claude-haiku-4-5", "embeddings.create text-embedding-3-small"]);
  });

  it("follows a lazily created client (let typed with the SDK class, or assigned once) and a getter function", () => {
    const source = `import OpenAI from "openai";
let cached: OpenAI | null = null;
function getClient(): OpenAI { if (!cached) cached = new OpenAI(); return cached; }
getClient().chat.completions.create({ model: "gpt-4o", messages: [] });`;
    assert.equal(analyze(source).call.api, "chat.completions.create");
  });

  it("does not take an untyped, unassigned variable for a client", () => {
    const { calls } = analyzeSource({ "src/app.ts": `let client: any;\nclient.chat.completions.create({ model: "gpt-4o", messages: [] });` }, "src/app.ts", {}, NO_PRICES);
    assert.equal(calls.length, 0);
  });
});

describe("models", () => {
  it("reads enums, as const tables and default parameter values", () => {
    assert.equal(analyze(`${OPENAI}enum Model { Fast = "gpt-4.1-mini", Smart = "gpt-4.1" }\nclient.chat.completions.create({ model: Model.Smart, messages: [] });`).call.model, "gpt-4.1");
    assert.equal(analyze(`${OPENAI}const MODELS = { fast: "gpt-4.1-nano" } as const;\nclient.chat.completions.create({ model: MODELS.fast, messages: [] });`).call.model, "gpt-4.1-nano");
    assert.equal(analyze(`${OPENAI}export function ask(q: string, model = "o4-mini") { return client.chat.completions.create({ model, messages: [{ role: "user", content: q }] }); }`).call.model, "o4-mini");
  });

  it("marks the fallback of process.env.X ?? literal as such", () => {
    const call = analyze(`${OPENAI}client.chat.completions.create({ model: process.env.OPENAI_MODEL ?? "gpt-4o", messages: [] });`);
    assert.equal(call.call.model, "gpt-4o");
    assert.equal(call.call.modelNote, "fallback of process.env.OPENAI_MODEL");
  });

  it("gives every branch of a ternary, a switch and a table read with a run-time key as candidates", () => {
    const ternary = analyze(`${OPENAI}export const f = (premium: boolean) => client.chat.completions.create({ model: premium ? "gpt-4.1" : "gpt-4.1-mini", messages: [] });`);
    assert.deepEqual(ternary.call.modelCandidates, ["gpt-4.1", "gpt-4.1-mini"]);
    const switched = analyze(`${OPENAI}function pick(tier: string) { switch (tier) { case "fast": return "gpt-4.1-nano"; case "smart": return "gpt-4.1"; default: return "gpt-4.1-mini"; } }
export const f = (tier: string) => client.chat.completions.create({ model: pick(tier), messages: [] });
export const g = () => client.chat.completions.create({ model: pick("fast"), messages: [] });`.replace(/\nexport const g.*$/s, ""));
    assert.deepEqual(switched.call.modelCandidates, ["gpt-4.1-nano", "gpt-4.1", "gpt-4.1-mini"]);
    const known = analyze(`${OPENAI}function pick(tier: string) { switch (tier) { case "fast": return "gpt-4.1-nano"; default: return "gpt-4.1"; } }\nclient.chat.completions.create({ model: pick("fast"), messages: [] });`);
    assert.equal(known.call.model, "gpt-4.1-nano");
    assert.equal(known.call.modelCandidates, undefined);
    const table = analyze(`${OPENAI}const BY_PLAN = { free: "gpt-4.1-nano", pro: "gpt-4.1" } as const;\nexport const f = (plan: "free" | "pro") => client.chat.completions.create({ model: BY_PLAN[plan], messages: [] });`);
    assert.deepEqual(table.call.modelCandidates, ["gpt-4.1-nano", "gpt-4.1"]);
  });

  it("reads a table with a run-time key and a fallback as the table's values or the fallback, never the table's as certain", () => {
    const TABLE = `const ALIASES: Record<string, string> = { "gpt-4": "gpt-4.1-mini", "gpt-4-turbo": "gpt-4.1-mini" };\n`;
    // `ALIASES[model] ?? model`: the model a request names, unless it is a legacy alias.
    const ownKey = analyze(`${OPENAI}${TABLE}export const f = (model: string) => client.chat.completions.create({ model: ALIASES[model] ?? model, messages: [] });`);
    assert.equal(ownKey.call.model, null);
    assert.equal(ownKey.call.modelCandidates, undefined);
    const fallback = analyze(`${OPENAI}${TABLE}export const f = (model: string) => client.chat.completions.create({ model: (ALIASES[model] as string | undefined) || "gpt-4.1", messages: [] });`);
    assert.deepEqual(fallback.call.modelCandidates, ["gpt-4.1-mini", "gpt-4.1"]);
    // A key known statically reads the table only.
    const known = analyze(`${OPENAI}${TABLE}client.chat.completions.create({ model: ALIASES["gpt-4"] ?? "gpt-4.1", messages: [] });`);
    assert.equal(known.call.model, "gpt-4.1-mini");
    assert.equal(known.call.modelCandidates, undefined);
  });

  it("reads a function returning a table's entry for a run-time key, or the run-time name otherwise, as run-time", () => {
    // `if (name in MODELS) return MODELS[name].value; return customPart(name)`: the user's setting picks either way.
    const MODELS = `const MODELS = { fast: { value: "gpt-4.1-nano", desc: "Fast" }, best: { value: "gpt-4.1", desc: "Best" } };
function customPart(name: string) { return name.substring(name.indexOf("-") + 1); }
`;
    const custom = analyze(`${OPENAI}${MODELS}function valueOf(name: string) {
  if (name in MODELS) return MODELS[name as keyof typeof MODELS].value;
  return customPart(name);
}
export const f = (session: { modelName: string }) => client.chat.completions.create({ model: valueOf(session.modelName), messages: [] });`);
    assert.equal(custom.call.model, null);
    assert.equal(custom.call.modelCandidates, undefined);
    // With a known fallback the table's values and the fallback are the candidates, as before.
    const known = analyze(`${OPENAI}${MODELS}function valueOf(name: string) {
  if (name in MODELS) return MODELS[name as keyof typeof MODELS].value;
  return "gpt-4.1-mini";
}
export const f = (session: { modelName: string }) => client.chat.completions.create({ model: valueOf(session.modelName), messages: [] });`);
    assert.deepEqual(known.call.modelCandidates, ["gpt-4.1-nano", "gpt-4.1", "gpt-4.1-mini"]);
  });

  it("never takes the empty id a request sends when no model was chosen for the model", () => {
    const custom = analyze(`${OPENAI}export const f = (options: { model: string; customModel?: string }) => {
  const model = options.model === "custom-model" ? options.customModel || "" : options.model;
  return client.chat.completions.create({ model, messages: [] });
};`);
    assert.equal(custom.call.model, null);
    const chosen = analyze(`${OPENAI}export const f = (mini: boolean) => client.chat.completions.create({ model: mini ? "gpt-4.1-mini" : "", messages: [] });`);
    assert.equal(chosen.call.model, "gpt-4.1-mini");
    assert.equal(chosen.call.modelCandidates, undefined);
  });

  it("prices the most expensive candidate and lists each candidate's cost", () => {
    const prices = priceTable({ openai: [modelPrice("gpt-4.1", { inputPerMTok: 2, outputPerMTok: 8 }), modelPrice("gpt-4.1-mini", { inputPerMTok: 0.4, outputPerMTok: 1.6 })] });
    const { calls } = analyzeSource({ "src/app.ts": `${OPENAI}export const f = (p: boolean) => client.chat.completions.create({ model: p ? "gpt-4.1-mini" : "gpt-4.1", messages: [], max_tokens: 100 });` }, "src/app.ts", {}, prices);
    const call = calls[0]!;
    assert.equal(call.call.model, "gpt-4.1");
    assert.deepEqual(call.candidateCosts?.map((candidate) => candidate.model), ["gpt-4.1-mini", "gpt-4.1"]);
    assert.ok(call.candidateCosts![0]!.perRequest! < call.candidateCosts![1]!.perRequest!);
    assert.equal(call.cost.perRequest, call.candidateCosts![1]!.perRequest);
  });
});

describe("candidates from different providers' model factories", () => {
  it("prices each candidate under its own provider and lets the costliest one's provider stand", () => {
    const prices = priceTable({ openai: [modelPrice("gpt-4o-mini", { inputPerMTok: 0.15, outputPerMTok: 0.6 })], anthropic: [modelPrice("claude-sonnet-4-5", { inputPerMTok: 3, outputPerMTok: 15 })] });
    const source = `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nimport { anthropic } from "@ai-sdk/anthropic";\nexport const f = (vendor: string, prompt: string) => generateText({ model: vendor === "openai" ? openai("gpt-4o-mini") : anthropic("claude-sonnet-4-5"), prompt, maxOutputTokens: 100 });\n`;
    const call = onlyCall(analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, prices));
    assert.equal(call.call.model, "claude-sonnet-4-5");
    assert.equal(call.call.provider, "anthropic");
    assert.deepEqual(call.unpricedCandidates, undefined);
    assert.deepEqual(call.candidateCosts?.map((candidate) => [candidate.model, candidate.perRequest !== null]), [["gpt-4o-mini", true], ["claude-sonnet-4-5", true]]);
  });
});

describe("prompt text from files and builders", () => {
  it("reads a bundler raw import and a JSON import", () => {
    const raw = analyze(`${OPENAI}import system from "./system.md?raw";\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }] });`, { "src/system.md": "You are helpful." });
    assert.equal(promptOf(raw), "system: You are helpful.");
    const json = analyze(`${OPENAI}import config from "./config.json";\nimport examples from "./examples.json";\nclient.chat.completions.create({ model: config.model, messages: [{ role: "user", content: JSON.stringify(examples) }] });`, {
      "src/config.json": `{ "model": "gpt-4.1-mini" }`,
      "src/examples.json": `[{ "q": "2+2", "a": 4 }]`,
    });
    assert.equal(json.call.model, "gpt-4.1-mini");
    assert.equal(promptOf(json), `user: [{"q":"2+2","a":4}]`);
  });

  it("repeats text with a literal count", () => {
    const call = analyze(`${OPENAI}client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "ab".repeat(3) }] });`);
    assert.equal(promptOf(call), "user: ababab");
  });
});
