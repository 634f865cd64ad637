import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeCost } from "../../server/src/core/pricing/compute-cost.ts";
import { PriceOverrideError } from "../../server/src/core/pricing/price-table.ts";
import { mergeUserPrices } from "../../server/src/core/pricing/user-prices.ts";
import { analyzeSource, onlyCall, prices } from "../helpers/memory-workspace.ts";
import { modelPrice, priceTable } from "../helpers/price-fixtures.ts";

// Prices below are the fixture's (test/helpers/price-fixtures.ts): input $2, output $8, cache read $0.50,
// batch $1/$4 per million tokens, unless a test sets others.
const TABLE = priceTable({
  openai: [modelPrice("gpt-4.1", { aliases: ["gpt-4.1-2025-04-14"] }), modelPrice("gpt-4.1-mini", { inputPerMTok: 0.4, outputPerMTok: 1.6 })],
  anthropic: [modelPrice("claude-sonnet-4-5", { inputPerMTok: 3, outputPerMTok: 15 })],
  groq: [modelPrice("llama-3.3-70b", { inputPerMTok: 0.59, outputPerMTok: 0.79 })],
});

describe("pricing.discount", () => {
  it("takes one percentage off every per-token price of the table, tiers and batch included", () => {
    const table = TABLE.withUserPrices({ discount: 20 });
    const price = table.lookup("openai", "gpt-4.1")!.price;
    assert.equal(price.inputPerMTok, 1.6);
    assert.equal(price.outputPerMTok, 6.4);
    assert.equal(price.cacheReadPerMTok, 0.4);
    assert.equal(price.batchInputPerMTok, 0.8);
    assert.equal(price.batchOutputPerMTok, 3.2);
    assert.equal(price.discountPercent, 20);
    assert.equal(table.lookup("anthropic", "claude-sonnet-4-5")!.price.inputPerMTok, 2.4);
    // Limits are not prices.
    assert.equal(price.contextWindow, 128000);
  });

  it("by provider, with * for the others; a dated alias gets the same discounted entry", () => {
    const table = TABLE.withUserPrices({ discount: { openai: 50, "*": 10 } });
    assert.equal(table.lookup("openai", "gpt-4.1-2025-04-14")!.price.inputPerMTok, 1);
    assert.equal(table.lookup("anthropic", "claude-sonnet-4-5")!.price.inputPerMTok, 2.7);
    assert.equal(table.lookup("groq", "llama-3.3-70b")!.price.inputPerMTok, 0.531);
  });

  it("does not touch what the user priced in overrides, and cheaper-model suggestions see the discount", () => {
    const table = TABLE.withUserPrices({ discount: 50, overrides: { "gpt-4.1": { inputPerMTok: 1.9 } } });
    const price = table.lookup("openai", "gpt-4.1")!.price;
    assert.equal(price.inputPerMTok, 1.9);
    assert.equal(table.modelsOf("openai").find((model) => model.id === "gpt-4.1-mini")?.inputPerMTok, 0.2);
  });

  it("a discount of more than 100% is refused with a message naming the key", () => {
    assert.throws(() => TABLE.withUserPrices({ discount: 120 }), (error: unknown) => error instanceof PriceOverrideError && /pricing\.discount/.test(error.message));
  });

  it("reaches the call's cost and is reported with it", () => {
    const source = `import OpenAI from "openai";\nconst client = new OpenAI();\nclient.chat.completions.create({ model: "gpt-4.1", max_tokens: 100, messages: [{ role: "user", content: "Say hi" }] });\n`;
    const full = onlyCall(analyzeSource({ "a.ts": source }, "a.ts", {}, TABLE));
    const less = onlyCall(analyzeSource({ "a.ts": source }, "a.ts", {}, TABLE.withUserPrices({ discount: 25 })));
    assert.equal(full.inputTokens.total, less.inputTokens.total);
    const byHand = (full.inputTokens.total * 2 * 0.75 + 100 * 8 * 0.75) / 1e6;
    assert.ok(Math.abs(less.cost.perRequest! - byHand) < 1e-12, `${less.cost.perRequest} vs ${byHand}`);
    assert.equal(less.price?.discountPercent, 25);
    assert.equal(full.price?.discountPercent, undefined);
  });
});

describe("pricing.selfHosted", () => {
  it("prices a model from its hardware: cost per hour / (tokens per second x 3600) x 1,000,000", () => {
    const table = TABLE.withUserPrices({ selfHosted: { "llama3.1:70b": { costPerHour: 4.1, tokensPerSecond: 2400 } } });
    const found = table.lookup("ollama", "llama3.1:70b");
    assert.ok(found, "priced");
    // $4.10 an hour serves 2,400 x 3,600 = 8,640,000 tokens: $0.4745... per million.
    assert.ok(Math.abs(found.price.inputPerMTok - (4.1 / 8_640_000) * 1_000_000) < 1e-12);
    assert.equal(found.price.outputPerMTok, found.price.inputPerMTok);
    assert.match(found.price.source, /self-hosted.*\$4\.1\/hour at 2400 tokens\/s/);
  });

  it("separate prefill and generation speeds give separate input and output prices; globs match", () => {
    const table = TABLE.withUserPrices({ selfHosted: { "qwen2.5-*": { costPerHour: 3.6, inputTokensPerSecond: 10000, outputTokensPerSecond: 500 } } });
    const price = table.lookup("vllm", "qwen2.5-coder-32b")!.price;
    assert.ok(Math.abs(price.inputPerMTok - 0.1) < 1e-12, String(price.inputPerMTok));
    assert.ok(Math.abs(price.outputPerMTok - 2) < 1e-12, String(price.outputPerMTok));
  });

  it("wins over the table for the same id, and keeps to its provider when one is named", () => {
    const table = TABLE.withUserPrices({ selfHosted: { "llama-3.3-70b": { costPerHour: 3.6, tokensPerSecond: 1000, provider: "ollama" } } });
    assert.equal(table.lookup("ollama", "llama-3.3-70b")!.price.inputPerMTok, 1);
    assert.equal(table.lookup("groq", "llama-3.3-70b")!.price.inputPerMTok, 0.59);
  });

  it("without a throughput it is refused with a message naming the model", () => {
    assert.throws(() => TABLE.withUserPrices({ selfHosted: { mine: { costPerHour: 2 } } }), /pricing\.selfHosted\.mine/);
  });

  it("an Ollama call is priced from the config instead of being unpriced", () => {
    const source = `import OpenAI from "openai";\nconst ollama = new OpenAI({ baseURL: "http://localhost:11434/v1" });\nollama.chat.completions.create({ model: "llama3.1:70b", max_tokens: 200, messages: [{ role: "user", content: "Summarise this" }] });\n`;
    const unpriced = onlyCall(analyzeSource({ "a.ts": source }, "a.ts", {}, TABLE));
    const hosted = onlyCall(analyzeSource({ "a.ts": source }, "a.ts", {}, TABLE.withUserPrices({ selfHosted: { "llama3.1:*": { costPerHour: 3.6, tokensPerSecond: 1000 } } })));
    assert.equal(unpriced.cost.perRequest, null);
    assert.ok(hosted.cost.perRequest! > 0);
    // $1 per million tokens, input and output alike.
    assert.ok(Math.abs(hosted.cost.perRequest! - (hosted.inputTokens.total + hosted.outputTokens.assumed) / 1e6) < 1e-12);
  });
});

describe("Azure OpenAI deployment names", () => {
  it("refuse an alias to a model that nothing prices, naming the key", () => {
    assert.throws(() => TABLE.withUserPrices({ aliases: { "deploy-*": "gpt-4.1-mni" } }), { name: "PriceOverrideError", message: 'pricing.aliases.deploy-*: "gpt-4.1-mni" is not in the price table, pricing.overrides or pricing.selfHosted' });
    // A target priced by the user's own overrides, or by a snapshot of a table model, is fine.
    assert.doesNotThrow(() => TABLE.withUserPrices({ overrides: { "acme-7b": { inputPerMTok: 1, outputPerMTok: 2 } }, aliases: { "deploy-a": "acme-7b", "deploy-b": "gpt-4.1-2025-04-14" } }));
  });

  it("map to their model through pricing.aliases and say they were matched by alias", () => {
    const table = TABLE.withUserPrices({ aliases: { "support-gpt41": "gpt-4.1" } });
    const found = table.lookup("azure", "support-gpt41");
    assert.equal(found?.price.id, "gpt-4.1");
    assert.equal(found?.match, "alias");
    assert.equal(TABLE.lookup("azure", "support-gpt41"), undefined);
  });
});

describe("precedence: config file > editor setting > table", () => {
  const editor = {
    overrides: { "gpt-4.1": { inputPerMTok: 1.5 }, "gpt-4.1-mini": { inputPerMTok: 0.3 } },
    aliases: { "deploy-a": "gpt-4.1-mini" },
    discount: 40,
    selfHosted: { mine: { costPerHour: 3.6, tokensPerSecond: 1000 } },
  };
  const config = {
    overrides: { "gpt-4.1": { inputPerMTok: 1.8 } },
    aliases: { "deploy-a": "gpt-4.1" },
    discount: 10,
    selfHosted: { mine: { costPerHour: 7.2, tokensPerSecond: 1000 } },
  };

  it("the config file wins key by key; the editor fills in what it does not say", () => {
    const table = TABLE.withUserPrices(mergeUserPrices(editor, config));
    assert.equal(table.lookup("openai", "gpt-4.1")!.price.inputPerMTok, 1.8);
    assert.equal(table.lookup("openai", "gpt-4.1-mini")!.price.inputPerMTok, 0.3);
    assert.equal(table.lookup("azure", "deploy-a")!.price.id, "gpt-4.1");
    assert.equal(table.lookup("anthropic", "claude-sonnet-4-5")!.price.inputPerMTok, 2.7);
    assert.equal(table.lookup("ollama", "mine")!.price.inputPerMTok, 2);
  });

  it("with no config file the editor's prices apply, and with neither the table's", () => {
    const table = TABLE.withUserPrices(mergeUserPrices(editor, undefined));
    assert.equal(table.lookup("openai", "gpt-4.1")!.price.inputPerMTok, 1.5);
    assert.equal(table.lookup("anthropic", "claude-sonnet-4-5")!.price.inputPerMTok, 1.8);
    assert.equal(table.lookup("ollama", "mine")!.price.inputPerMTok, 1);
    assert.equal(TABLE.withUserPrices(mergeUserPrices({}, undefined)).lookup("openai", "gpt-4.1")!.price.inputPerMTok, 2);
  });

  it("a config glob beats an editor glob matching the same model", () => {
    const merged = mergeUserPrices({ selfHosted: { "acme-*": { costPerHour: 3.6, tokensPerSecond: 1000 } }, aliases: { "dep-*": "gpt-4.1-mini" } }, { selfHosted: { "acme-small": { costPerHour: 7.2, tokensPerSecond: 1000 } }, aliases: { "dep-a*": "gpt-4.1" } });
    const table = TABLE.withUserPrices(merged);
    assert.equal(table.lookup("ollama", "acme-small")!.price.inputPerMTok, 2);
    assert.equal(table.lookup("ollama", "acme-large")!.price.inputPerMTok, 1);
    assert.equal(table.lookup("azure", "dep-a1")!.price.id, "gpt-4.1");
    assert.equal(table.lookup("azure", "dep-b1")!.price.id, "gpt-4.1-mini");
  });

  it("a discount of 0 in the config file switches off the editor's", () => {
    const table = TABLE.withUserPrices(mergeUserPrices(editor, { discount: 0 }));
    assert.equal(table.lookup("anthropic", "claude-sonnet-4-5")!.price.inputPerMTok, 3);
  });
});

describe("explicit cache storage (Gemini)", () => {
  const gemini = { ...modelPrice("gemini-2.5-pro", { inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125, minCacheableTokens: 4096, cacheStoragePerMTokHour: 4.5 }), provider: "google" };
  const base = { price: gemini, kind: "chat" as const, outputTokens: { cap: 100, assumed: 100 }, requestsPerDay: 1000, multiplier: 1 };

  it("bills the cacheable prefix per hour it is kept: 10,000 tokens at $4.50 per million per hour is $0.045", () => {
    const { cost } = computeCost({ ...base, inputTokens: { total: 12000, cacheablePrefix: 10000 } });
    assert.ok(Math.abs(cost.cacheStoragePerHour! - 0.045) < 1e-12, String(cost.cacheStoragePerHour));
  });

  it("is absent below the minimum cacheable prefix, and for models that bill no storage", () => {
    assert.equal(computeCost({ ...base, inputTokens: { total: 5000, cacheablePrefix: 4000 } }).cost.cacheStoragePerHour, undefined);
    const { cacheStoragePerMTokHour: _dropped, ...noStorage } = gemini;
    assert.equal(computeCost({ ...base, price: noStorage, inputTokens: { total: 12000, cacheablePrefix: 10000 } }).cost.cacheStoragePerHour, undefined);
  });

  it("the table carries Google's published storage rates (ai.google.dev/gemini-api/docs/pricing, read 2026-11-22)", () => {
    const table = prices();
    assert.equal(table.lookup("google", "gemini-2.5-pro")!.price.cacheStoragePerMTokHour, 4.5);
    assert.equal(table.lookup("google", "gemini-2.5-flash")!.price.cacheStoragePerMTokHour, 1);
    assert.equal(table.lookup("google", "gemini-2.5-flash-lite")!.price.cacheStoragePerMTokHour, 1);
    assert.equal(table.lookup("openai", "gpt-4o")!.price.cacheStoragePerMTokHour, undefined);
  });
});

describe("reasoning tokens, a stated assumption per call", () => {
  const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
  const call = (annotation: string, extra = "") =>
    `${OPENAI}${annotation}\nclient.chat.completions.create({ model: "o3", reasoning_effort: "high", ${extra}messages: [{ role: "user", content: "Plan it" }] });\n`;

  it("// promptcost: reasoningTokens=N replaces the figure for the effort, and says so", () => {
    const byEffort = onlyCall(analyzeSource({ "a.ts": call("") }, "a.ts", {}, TABLE));
    const annotated = onlyCall(analyzeSource({ "a.ts": call("// promptcost: reasoningTokens=2000") }, "a.ts", {}, TABLE));
    assert.equal(annotated.outputTokens.reasoning, 2000);
    assert.match(annotated.outputTokens.reasoningBasis ?? "", /reasoningTokens/);
    assert.equal(annotated.outputTokens.assumed - byEffort.outputTokens.assumed, 2000 - byEffort.outputTokens.reasoning!);
  });

  it("defaults.reasoningTokens applies to reasoning models only; an annotation beats it; a cap bounds everything", () => {
    const fromConfig = onlyCall(analyzeSource({ "a.ts": call("") }, "a.ts", { reasoningTokens: 700 }, TABLE));
    assert.equal(fromConfig.outputTokens.reasoning, 700);
    assert.equal(fromConfig.outputTokens.reasoningBasis, "defaults.reasoningTokens");
    const plain = `${OPENAI}client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: "Hi" }] });\n`;
    assert.equal(onlyCall(analyzeSource({ "a.ts": plain }, "a.ts", { reasoningTokens: 700 }, TABLE)).outputTokens.reasoning, undefined);
    assert.equal(onlyCall(analyzeSource({ "a.ts": call("// promptcost: reasoningTokens=2000") }, "a.ts", { reasoningTokens: 700 }, TABLE)).outputTokens.reasoning, 2000);
    assert.equal(onlyCall(analyzeSource({ "a.ts": call("// promptcost: reasoningTokens=2000", "max_completion_tokens: 300, ") }, "a.ts", {}, TABLE)).outputTokens.reasoning, undefined);
    // A thinking budget written in the call is the code's own figure: the config default does not replace it.
    const thinking = `import Anthropic from "@anthropic-ai/sdk";\nconst a = new Anthropic();\na.messages.create({ model: "claude-sonnet-4-5", thinking: { type: "enabled", budget_tokens: 3000 }, messages: [{ role: "user", content: "Plan it" }] });\n`;
    assert.equal(onlyCall(analyzeSource({ "a.ts": thinking }, "a.ts", { reasoningTokens: 700 }, TABLE)).outputTokens.reasoning, 3000);
  });
});
