import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { defaultPricingDirectory, loadPriceTable } from "../../server/src/core/pricing/price-table.ts";
import type { ProviderPriceFile } from "../../server/src/core/pricing/price-types.ts";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { DocumentAnalysis } from "../../server/src/lsp/document-analysis-cache.ts";
import { hoverMarkdown } from "../../server/src/lsp/hover.ts";
import { analyzeSource, onlyCall, ROOT } from "../helpers/memory-workspace.ts";

const table = loadPriceTable();
const files = fs
  .readdirSync(defaultPricingDirectory())
  .filter((name) => name.endsWith(".json") && name !== "schema.json" && name !== "overrides.json")
  .map((name) => JSON.parse(fs.readFileSync(path.join(defaultPricingDirectory(), name), "utf8")) as ProviderPriceFile);

const pricesOf = (provider: string, model: string) => {
  const found = table.lookup(provider, model);
  return found ? [found.price.inputPerMTok, found.price.outputPerMTok] : undefined;
};

describe("model aliases in the price table", () => {
  it("every alias is priced as the entry that lists it", () => {
    const wrong: string[] = [];
    let aliases = 0;
    for (const file of files) {
      for (const model of file.models) {
        for (const alias of model.aliases) {
          aliases++;
          const prices = pricesOf(file.provider, alias);
          if (JSON.stringify(prices) !== JSON.stringify([model.inputPerMTok, model.outputPerMTok])) wrong.push(`${file.provider}/${alias}: ${JSON.stringify(prices)}, ${model.id} is ${model.inputPerMTok}/${model.outputPerMTok}`);
        }
      }
    }
    assert.ok(aliases > 500, `only ${aliases} aliases read`);
    assert.deepEqual(wrong, []);
  });

  // What the vendors serve under these names today (their pricing pages, as cited in pricing/overrides.json).
  for (const [provider, alias, input, output] of [
    ["mistral", "mistral-large-latest", 0.5, 1.5],
    ["deepseek", "deepseek-chat", 0.28, 0.42],
    ["deepseek", "deepseek-reasoner", 0.28, 0.42],
  ] as const) {
    it(`${alias} is priced as the model ${provider} serves under it today ($${input}/$${output})`, () => {
      assert.deepEqual(pricesOf(provider, alias), [input, output]);
    });
  }

  it("a gateway id (vendor/model.name) is priced as the vendor's table id", () => {
    assert.deepEqual(pricesOf("anthropic", "claude-haiku-4.5"), pricesOf("anthropic", "claude-haiku-4-5"));
    const source = `import { generateText } from "ai";\nimport { gateway } from "@ai-sdk/gateway";\nexport const f = () => generateText({ model: gateway("anthropic/claude-haiku-4.5"), prompt: "hi", maxOutputTokens: 10 });\n`;
    const priced = onlyCall(analyzeSource({ "src/a.ts": source }, "src/a.ts"));
    assert.equal(priced.price?.id, "claude-haiku-4-5");
    assert.notEqual(priced.cost.perRequest, null);
  });

  it("a gateway id sent through an OpenAI-compatible client is priced at the vendor's list price, as a prefix match", () => {
    // cline's own API and Vercel AI Gateway take OpenRouter-style ids on the OpenAI SDK: the call's provider
    // is openai, whose table has no `anthropic/claude-sonnet-4.5`.
    const sonnet = table.lookup("openai", "anthropic/claude-sonnet-4.5");
    assert.equal(sonnet?.price.id, "claude-sonnet-4-5");
    assert.equal(sonnet?.price.provider, "anthropic");
    assert.notEqual(sonnet?.match, "exact");
    assert.equal(table.lookup("openai", "x-ai/grok-4")?.price.provider, "xai");
    assert.equal(table.lookup("openai", "mistralai/mistral-large")?.price.provider, "mistral");
    assert.equal(table.lookup("openai", "acme/claude-sonnet-4.5"), undefined);
    assert.equal(table.lookup("openai", "meta-llama/llama-3.1-8b-instruct"), undefined);
    const source = `import OpenAI from "openai";\nconst client = new OpenAI({ baseURL: "https://api.cline.bot/api/v1" });\nexport const f = () => client.chat.completions.create({ model: "anthropic/claude-sonnet-4.5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });\n`;
    const analysis = analyzeSource({ "src/a.ts": source }, "src/a.ts");
    const priced = onlyCall(analysis);
    assert.equal(priced.price?.id, "claude-sonnet-4-5");
    assert.notEqual(priced.cost.perRequest, null);
    // Said as an assumption: in the JSON report's assumptions and in the hover.
    const report = buildReport([analysis], { cwd: ROOT, toolVersion: "0.0.0", settings: DEFAULT_SETTINGS, prices: table, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
    assert.deepEqual(report.calls[0]!.assumptions?.find((assumption) => assumption.subject === "price"), { subject: "price", value: "claude-sonnet-4-5", source: "anthropic list price", name: "openai" });
    const hover = hoverMarkdown(priced, { filePath: path.join(ROOT, "src/a.ts"), settings: { prices: table } } as unknown as DocumentAnalysis);
    assert.match(hover, /priced as claude-sonnet-4-5 at anthropic's list price \(an assumption: openai has no price of its own for it\)/);
  });

  it("a call priced from its own provider's table states no price assumption", () => {
    const source = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const f = () => client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });\n`;
    const analysis = analyzeSource({ "src/a.ts": source }, "src/a.ts");
    const report = buildReport([analysis], { cwd: ROOT, toolVersion: "0.0.0", settings: DEFAULT_SETTINGS, prices: table, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
    assert.equal(report.calls[0]!.assumptions?.find((assumption) => assumption.subject === "price"), undefined);
  });

  it("a fine-tuned model id is priced as its base's fine-tune entry, never as the base model or as unknown", () => {
    const fineTune = table.lookup("openai", "ft:gpt-4o-mini-2024-07-18:acme:triage:AbC123");
    assert.equal(fineTune?.price.id, "ft:gpt-4o-mini-2024-07-18");
    assert.equal(fineTune?.match, "snapshot");
    assert.notDeepEqual(pricesOf("openai", "ft:gpt-4o-mini-2024-07-18:acme:triage:AbC123"), pricesOf("openai", "gpt-4o-mini"));
    assert.equal(table.lookup("openai", "ft:no-such-base:acme:triage:AbC123"), undefined);
  });

  it("an OpenRouter ~vendor/model-latest id is priced as that model, as an alias", () => {
    const latest = table.lookup("openrouter", "~deepseek/deepseek-v4-flash-latest");
    assert.equal(latest?.price.id, "deepseek/deepseek-v4-flash");
    assert.equal(latest?.match, "alias");
    assert.equal(table.lookup("openrouter", "~no-such/model-latest"), undefined);
  });
});
