// The committed price table (pricing/*.json): valid against its schema, equal to the cross-checked
// reference prices, and right on the flagship prices the providers publish.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { combinedSource, loadPriceTable } from "../../server/src/core/pricing/price-table.ts";
import type { ProviderPriceFile } from "../../server/src/core/pricing/price-types.ts";

type Model = ProviderPriceFile["models"][number];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const PRICING = path.join(ROOT, "pricing");
const REFERENCE_CSV = path.join(ROOT, "test", "fixtures", "pricing", "reference-prices-2026-08.csv");
const PROVIDERS = ["anthropic", "azure", "bedrock", "cohere", "deepseek", "fireworks", "google", "groq", "mistral", "openai", "openrouter", "together", "xai"];

const files = new Map<string, ProviderPriceFile>();
for (const name of fs.readdirSync(PRICING).sort()) {
  if (!name.endsWith(".json") || name === "schema.json" || name === "overrides.json") continue;
  files.set(name.slice(0, -".json".length), JSON.parse(fs.readFileSync(path.join(PRICING, name), "utf8")) as ProviderPriceFile);
}

/** The model of a provider file with this id or alias. */
function model(provider: string, id: string): Model {
  const file = files.get(provider);
  assert.ok(file, `pricing/${provider}.json exists`);
  const found = file.models.find((candidate) => candidate.id === id || candidate.aliases.includes(id));
  assert.ok(found, `${provider}/${id} is in pricing/${provider}.json`);
  return found;
}

describe("pricing/*.json", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(PRICING, "schema.json"), "utf8")) as object;
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

  it("has one file per provider", () => {
    assert.deepEqual([...files.keys()], PROVIDERS);
  });

  for (const [provider, file] of files) {
    it(`${provider}.json validates against pricing/schema.json`, () => {
      const valid = validate(file);
      assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
      assert.equal(file.provider, provider);
    });

    it(`${provider}.json: ids and aliases are unique, models sorted by id, no model priced at $0`, () => {
      const names = new Map<string, string>();
      for (const entry of file.models) {
        for (const name of [entry.id, ...entry.aliases]) {
          const owner = names.get(name.toLowerCase());
          assert.equal(owner, undefined, `${name} names both ${owner} and ${entry.id}`);
          names.set(name.toLowerCase(), entry.id);
        }
        assert.ok(entry.inputPerMTok > 0 || entry.outputPerMTok > 0, `${entry.id} has a price`);
      }
      const ids = file.models.map((entry) => entry.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    });
  }

  it("a broken file fails the schema (the schema is strict)", () => {
    const sample = structuredClone(files.get("openai")!);
    const first = sample.models[0] as Model & { inputPricePerToken?: number };
    first.inputPricePerToken = 1; // unknown field
    (first as { caching: string }).caching = "sometimes";
    assert.equal(validate(sample), false);
    const keywords = (validate.errors ?? []).map((error) => error.keyword).sort();
    assert.deepEqual(keywords, ["additionalProperties", "enum"]);
  });
});

describe("reference-prices-2026-08.csv: every row is in the table with the same numbers", () => {
  // Columns of the CSV (cross-checked from genai-prices and LiteLLM, 2026-08). A blank cell means the
  // sources list no such price: cache and long-context prices are then null; a blank batch price means
  // no explicit one, and the table applies the provider's 50% batch discount (OpenAI, Anthropic and
  // Google all bill their batch APIs at half price); an embedding model's blank output is $0.
  const rows = parseCsv(fs.readFileSync(REFERENCE_CSV, "utf8"));
  const number = (cell: string | undefined) => (cell === undefined || cell === "" ? null : Number(cell));

  it("has the 49 rows it was built with", () => {
    assert.equal(rows.length, 49);
  });

  for (const row of rows) {
    it(`${row["provider"]}/${row["model"]}`, () => {
      const entry = model(row["provider"]!, row["model"]!);
      const embedding = entry.kind === "embedding";
      const input = number(row["input_per_mtok"])!;
      const output = number(row["output_per_mtok"]) ?? (embedding ? 0 : null);
      const batchInput = number(row["batch_input_per_mtok"]);
      const batchOutput = number(row["batch_output_per_mtok"]);
      const threshold = number(row["long_context_threshold"]);
      const actual = {
        input: entry.inputPerMTok,
        output: entry.outputPerMTok,
        cacheRead: entry.cacheReadPerMTok,
        cacheWrite5m: entry.cacheWrite5mPerMTok,
        cacheWrite1h: entry.cacheWrite1hPerMTok,
        batchInput: entry.batchInputPerMTok,
        batchOutput: entry.batchOutputPerMTok,
        contextWindow: entry.contextWindow,
        maxOutput: entry.maxOutputTokens,
        longContext: entry.longContext && { threshold: entry.longContext.thresholdTokens, input: entry.longContext.inputPerMTok, output: entry.longContext.outputPerMTok },
      };
      const expected = {
        input,
        output,
        cacheRead: number(row["cache_read_per_mtok"]),
        cacheWrite5m: number(row["cache_write_5m_per_mtok"]),
        cacheWrite1h: number(row["cache_write_1h_per_mtok"]),
        batchInput: batchInput ?? input / 2,
        batchOutput: batchInput !== null ? (batchOutput ?? (embedding ? 0 : null)) : output! / 2,
        contextWindow: number(row["context_window"]),
        maxOutput: number(row["max_output"]),
        longContext: threshold === null ? null : { threshold, input: number(row["long_input_per_mtok"]), output: number(row["long_output_per_mtok"]) },
      };
      assert.deepEqual(actual, expected);
    });
  }
});

describe("flagship prices as the providers publish them", () => {
  it("gpt-4o: $2.50 in, $10.00 out, $1.25 cached, Batch API $1.25/$5.00 (openai.com/api/pricing, 2026-08)", () => {
    const gpt4o = model("openai", "gpt-4o");
    assert.deepEqual([gpt4o.inputPerMTok, gpt4o.outputPerMTok, gpt4o.cacheReadPerMTok], [2.5, 10, 1.25]);
    assert.deepEqual([gpt4o.batchInputPerMTok, gpt4o.batchOutputPerMTok], [1.25, 5]);
    assert.equal(gpt4o.contextWindow, 128000);
    assert.equal(gpt4o.maxOutputTokens, 16384);
  });

  it("gpt-4.1: $2.00/$8.00, cached $0.50, batch $1.00/$4.00; gpt-4o-mini $0.15/$0.60, cached $0.075 (openai.com/api/pricing, 2026-08)", () => {
    const gpt41 = model("openai", "gpt-4.1");
    assert.deepEqual([gpt41.inputPerMTok, gpt41.outputPerMTok, gpt41.cacheReadPerMTok, gpt41.batchInputPerMTok, gpt41.batchOutputPerMTok], [2, 8, 0.5, 1, 4]);
    const mini = model("openai", "gpt-4o-mini");
    assert.deepEqual([mini.inputPerMTok, mini.outputPerMTok, mini.cacheReadPerMTok], [0.15, 0.6, 0.075]);
  });

  it("o3: $2.00/$8.00 since OpenAI's 2025-06-10 price cut (was $10/$40) (OpenAI changelog, 2025-06-10)", () => {
    const o3 = model("openai", "o3");
    assert.deepEqual([o3.inputPerMTok, o3.outputPerMTok, o3.cacheReadPerMTok], [2, 8, 0.5]);
  });

  it("text-embedding-3-small $0.02 and -large $0.13 per million tokens, batch half (openai.com/api/pricing, 2026-08)", () => {
    const small = model("openai", "text-embedding-3-small");
    assert.deepEqual([small.kind, small.inputPerMTok, small.batchInputPerMTok], ["embedding", 0.02, 0.01]);
    assert.equal(model("openai", "text-embedding-3-large").inputPerMTok, 0.13);
  });

  it("claude-sonnet-4-5: $3/$15, cache read $0.30, write $3.75 (5 min) / $6 (1 h), over 200k $6/$22.50 (anthropic.com/pricing and docs.claude.com prompt caching, 2026-08)", () => {
    const sonnet = model("anthropic", "claude-sonnet-4-5");
    assert.deepEqual(
      [sonnet.inputPerMTok, sonnet.outputPerMTok, sonnet.cacheReadPerMTok, sonnet.cacheWrite5mPerMTok, sonnet.cacheWrite1hPerMTok],
      [3, 15, 0.3, 3.75, 6],
    );
    assert.deepEqual(sonnet.longContext, { thresholdTokens: 200000, inputPerMTok: 6, outputPerMTok: 22.5, cacheReadPerMTok: 0.6, cacheWrite5mPerMTok: 7.5, cacheWrite1hPerMTok: 12 });
    assert.deepEqual([sonnet.batchInputPerMTok, sonnet.batchOutputPerMTok], [1.5, 7.5]); // Message Batches API: 50% off
  });

  it("claude-haiku-4-5 $1/$5 (writes $1.25/$2, reads $0.10); claude-opus-4-5 $5/$25 (writes $6.25/$10, reads $0.50) (anthropic.com/pricing, 2026-08)", () => {
    const haiku = model("anthropic", "claude-haiku-4-5");
    assert.deepEqual([haiku.inputPerMTok, haiku.outputPerMTok, haiku.cacheReadPerMTok, haiku.cacheWrite5mPerMTok, haiku.cacheWrite1hPerMTok], [1, 5, 0.1, 1.25, 2]);
    const opus = model("anthropic", "claude-opus-4-5");
    assert.deepEqual([opus.inputPerMTok, opus.outputPerMTok, opus.cacheReadPerMTok, opus.cacheWrite5mPerMTok, opus.cacheWrite1hPerMTok], [5, 25, 0.5, 6.25, 10]);
  });

  it("gemini-2.5-pro: $1.25/$10 up to 200k tokens, $2.50/$15 over; cached $0.125/$0.25 (ai.google.dev/gemini-api/docs/pricing, 2026-08)", () => {
    const pro = model("google", "gemini-2.5-pro");
    assert.deepEqual([pro.inputPerMTok, pro.outputPerMTok, pro.cacheReadPerMTok], [1.25, 10, 0.125]);
    assert.deepEqual(pro.longContext, { thresholdTokens: 200000, inputPerMTok: 2.5, outputPerMTok: 15, cacheReadPerMTok: 0.25, cacheWrite5mPerMTok: null, cacheWrite1hPerMTok: null });
    assert.deepEqual([pro.batchInputPerMTok, pro.batchOutputPerMTok], [0.625, 5]); // Batch Mode: 50% off
  });

  it("gemini-2.5-flash: $0.30/$2.50, cached $0.03 (ai.google.dev/gemini-api/docs/pricing, 2026-08)", () => {
    const flash = model("google", "gemini-2.5-flash");
    assert.deepEqual([flash.inputPerMTok, flash.outputPerMTok, flash.cacheReadPerMTok], [0.3, 2.5, 0.03]);
  });
});

describe("caching facts from the providers' documentation (shared/pricing-sources/README.md, 2026-08)", () => {
  it("Anthropic minimum cacheable prefix: 1024 Sonnet 3.7-4.5 and Opus 4/4.1, 2048 Haiku 3/3.5, 4096 Opus 4.5 and Haiku 4.5", () => {
    const minimum = (id: string) => model("anthropic", id).minCacheableTokens;
    for (const id of ["claude-3-7-sonnet", "claude-sonnet-4", "claude-sonnet-4-5", "claude-opus-4", "claude-opus-4-1"]) assert.equal(minimum(id), 1024, id);
    for (const id of ["claude-3-haiku", "claude-3-5-haiku"]) assert.equal(minimum(id), 2048, id);
    for (const id of ["claude-opus-4-5", "claude-haiku-4-5"]) assert.equal(minimum(id), 4096, id);
  });

  it("OpenAI caches automatically from 1024 tokens; Gemini implicitly from 1024 (Flash) / 4096 (Pro)", () => {
    for (const id of ["gpt-4o", "gpt-4.1", "gpt-5", "o3"]) {
      assert.deepEqual([model("openai", id).caching, model("openai", id).minCacheableTokens], ["automatic", 1024], id);
    }
    assert.deepEqual([model("google", "gemini-2.5-flash").caching, model("google", "gemini-2.5-flash").minCacheableTokens], ["automatic", 1024]);
    assert.deepEqual([model("google", "gemini-2.5-pro").caching, model("google", "gemini-2.5-pro").minCacheableTokens], ["automatic", 4096]);
  });

  it("Anthropic and Bedrock need a cache marker; a model with no cache price has caching none", () => {
    assert.equal(model("anthropic", "claude-sonnet-4-5").caching, "explicit");
    assert.equal(model("bedrock", "anthropic.claude-sonnet-4-20250514-v1:0").caching, "explicit");
    assert.equal(model("openrouter", "anthropic/claude-sonnet-4.5").caching, "explicit");
    assert.deepEqual([model("openai", "gpt-4").caching, model("openai", "gpt-4").cacheReadPerMTok, model("openai", "gpt-4").minCacheableTokens], ["none", null, null]);
  });
});

describe("the table's source, as a report's pricing.source gives it", () => {
  it("names each source once and adds up the models each file took from a counted one", () => {
    assert.equal(
      combinedSource(["genai-prices 0.1.8; LiteLLM 2026-08-01; pricing/overrides.json (7 models)", "genai-prices 0.1.8; LiteLLM 2026-08-01", "genai-prices 0.1.8; pricing/overrides.json (1 model)"]),
      "LiteLLM 2026-08-01; genai-prices 0.1.8; pricing/overrides.json (8 models)",
    );
    assert.equal(combinedSource(["a; pricing/overrides.json (1 model)", "b"]), "a; b; pricing/overrides.json (1 model)");
    assert.equal(combinedSource([]), "");
  });

  it("for the shipped table: no part twice, the overrides' models those of every provider file together", () => {
    const parts = loadPriceTable(PRICING).source.split("; ");
    assert.equal(new Set(parts).size, parts.length, parts.join(" | "));
    let models = 0;
    for (const file of files.values()) models += Number(/pricing\/overrides\.json \((\d+) models?\)/.exec(file.source)?.[1] ?? 0);
    assert.ok(models > 0);
    assert.ok(parts.includes(`pricing/overrides.json (${models} models)`), parts.join(" | "));
  });
});

describe("retirement dates the price sources lack", () => {
  it("claude-3-5-sonnet and its snapshots: retired 2025-10-22 on the Claude API (Anthropic model deprecations page)", () => {
    const table = loadPriceTable(PRICING);
    for (const id of ["claude-3-5-sonnet", "claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022", "claude-3-5-sonnet-latest"]) assert.equal(table.lookup("anthropic", id)?.price.deprecationDate, "2025-10-22", id);
  });
});

describe("tokenizers", () => {
  it("OpenAI: o200k_base for gpt-4o and later, cl100k_base for gpt-4, gpt-3.5 and the text-embedding-3/ada-002 models", () => {
    for (const id of ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-5", "o1", "o3", "o4-mini"]) assert.deepEqual(model("openai", id).tokenizer, { encoding: "o200k_base" }, id);
    for (const id of ["gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"]) {
      assert.deepEqual(model("openai", id).tokenizer, { encoding: "cl100k_base" }, id);
    }
    assert.deepEqual(model("azure", "gpt-4o").tokenizer, { encoding: "o200k_base" });
  });

  it("others are estimates from o200k_base: Claude x1.2, Gemini x1.0, the rest x1.1", () => {
    assert.deepEqual(model("anthropic", "claude-sonnet-4-5").tokenizer, { estimateFrom: "o200k_base", ratio: 1.2 });
    assert.deepEqual(model("bedrock", "anthropic.claude-sonnet-4-20250514-v1:0").tokenizer, { estimateFrom: "o200k_base", ratio: 1.2 });
    assert.deepEqual(model("google", "gemini-2.5-pro").tokenizer, { estimateFrom: "o200k_base", ratio: 1 });
    assert.deepEqual(model("mistral", "mistral-large").tokenizer, { estimateFrom: "o200k_base", ratio: 1.1 });
    assert.deepEqual(model("deepseek", "deepseek-chat").tokenizer, { estimateFrom: "o200k_base", ratio: 1.1 });
  });
});

describe("names: dated snapshots, -latest aliases, vendor and region prefixes", () => {
  const table = loadPriceTable(PRICING);
  const resolve = (provider: string, id: string) => table.lookup(provider, id)?.price.id;

  it("resolves snapshots and aliases to the model", () => {
    assert.equal(resolve("openai", "gpt-4o-2024-08-06"), "gpt-4o");
    assert.equal(resolve("openai", "gpt-4o-2024-05-13"), "gpt-4o-2024-05-13"); // a different price ($5/$15), its own entry
    assert.equal(model("openai", "gpt-4o-2024-05-13").inputPerMTok, 5);
    assert.equal(resolve("anthropic", "claude-sonnet-4-5-20250929"), "claude-sonnet-4-5");
    assert.equal(resolve("anthropic", "claude-3-5-haiku-latest"), "claude-3-5-haiku");
    assert.equal(resolve("anthropic", "claude-sonnet-4-0"), "claude-sonnet-4");
    assert.equal(resolve("bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0"), "anthropic.claude-sonnet-4-20250514-v1:0");
    assert.equal(resolve("bedrock", "eu.anthropic.claude-3-7-sonnet-20250219-v1:0"), "anthropic.claude-3-7-sonnet-20250219-v1:0");
    assert.equal(resolve("fireworks", "accounts/fireworks/models/deepseek-v3p2"), "accounts/fireworks/models/deepseek-v3p2");
    assert.equal(resolve("fireworks", "deepseek-v3p2"), "accounts/fireworks/models/deepseek-v3p2");
  });

  it("OpenRouter lists vendor/model ids; Azure lists its deployments as LiteLLM does", () => {
    assert.ok(resolve("openrouter", "anthropic/claude-sonnet-4.5"));
    assert.ok(resolve("openrouter", "openai/gpt-4o"));
    assert.ok(resolve("azure", "gpt-4o"));
    assert.ok(resolve("azure", "eu/gpt-4o-2024-08-06"));
  });

  it("covers embedding models of several providers", () => {
    for (const [provider, id] of [["openai", "text-embedding-3-small"], ["google", "gemini-embedding-001"], ["mistral", "mistral-embed"], ["cohere", "embed-v4.0"]] as const) {
      assert.equal(model(provider, id).kind, "embedding", `${provider}/${id}`);
    }
  });
});

/** RFC 4180 CSV with a header row: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      record.push(field);
      field = "";
      if (record.some((cell) => cell !== "")) records.push(record);
      record = [];
    } else field += char;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  assert.ok(header, "the CSV has a header");
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ""])));
}
