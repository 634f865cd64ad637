import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { defaultPricingDirectory, loadPriceTable } from "../../server/src/core/pricing/price-table.ts";
import type { ProviderPriceFile } from "../../server/src/core/pricing/price-types.ts";
import { analyzeSource, onlyCall } from "../helpers/memory-workspace.ts";

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
