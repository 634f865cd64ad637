// scripts/pricing-update.ts on a small fixture (test/fixtures/pricing/): the table it builds, byte for
// byte determinism, --check, the shrink guard and schema failures. The script runs as a child process,
// as `npm run pricing:update` runs it. Expected values are worked out by hand from the fixture files.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { ProviderPriceFile } from "../../server/src/core/pricing/price-types.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCRIPT = path.join(ROOT, "scripts", "pricing-update.ts");
const FIXTURES = path.join(ROOT, "test", "fixtures", "pricing");
const GENAI = path.join(FIXTURES, "genai-prices.json");
const LITELLM = path.join(FIXTURES, "litellm-model-prices-2026-01-10.json");
const OVERRIDES = path.join(FIXTURES, "overrides.json");
const FIXTURE_INPUTS = ["--genai-prices", GENAI, "--litellm", LITELLM, "--overrides", OVERRIDES];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-pricing-"));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const freshDir = () => path.join(scratch, `out-${++counter}`);

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", SCRIPT, ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readFiles(directory: string): Map<string, string> {
  return new Map(fs.readdirSync(directory).sort().map((name) => [name, fs.readFileSync(path.join(directory, name), "utf8")]));
}

function providerFile(directory: string, provider: string): ProviderPriceFile {
  return JSON.parse(fs.readFileSync(path.join(directory, `${provider}.json`), "utf8")) as ProviderPriceFile;
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

describe("pricing-update on the fixture", () => {
  const out = freshDir();
  const result = run([...FIXTURE_INPUTS, "--out", out]);

  it("exits 0 and writes one file per provider with models", () => {
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual([...readFiles(out).keys()], ["anthropic.json", "bedrock.json", "deepseek.json", "google.json", "mistral.json", "openai.json"]);
    assert.match(result.stdout, /openai\.json: 0 -> 3 models \(\+3 -0 ~0\)/);
    assert.match(result.stdout, /6 file\(s\) written, 6 providers, 9 models/);
  });

  it("openai: genai-prices prices, LiteLLM batch and limits, the override; image and $0 models left out", () => {
    const file = providerFile(out, "openai");
    assert.equal(file.checked, "2026-01-15");
    assert.deepEqual(
      file.models.map((model) => model.id),
      ["gpt-4o", "o3", "text-embedding-3-small"], // gpt-image-1 and dall-e-3 are image models
    );
    assert.deepEqual(file.models[0], {
      id: "gpt-4o",
      aliases: ["gpt-4o-2024-08-06"],
      kind: "chat",
      inputPerMTok: 2.5,
      outputPerMTok: 10,
      cacheReadPerMTok: 1.25,
      cacheWrite5mPerMTok: null,
      cacheWrite1hPerMTok: null,
      batchInputPerMTok: 1.25, // LiteLLM input_cost_per_token_batches 1.25e-06
      batchOutputPerMTok: 5,
      longContext: null,
      contextWindow: 128000,
      maxOutputTokens: 16384,
      minCacheableTokens: 1024, // the fixture override
      caching: "automatic",
      deprecationDate: null, // 2026-02-27 is the gpt-4o-2024-08-06 snapshot's, not gpt-4o's
      replacement: null,
      tokenizer: { encoding: "o200k_base" },
      checked: "2026-01-15",
      source: "genai-prices fixture (openai:gpt-4o); LiteLLM 2026-01-10 (gpt-4o) for batch, max output; override: fixture: OpenAI caches automatically from 1024 tokens",
    });
    const o3 = file.models[1]!;
    // The 2025-06-10 price ($2/$8) is in force on the data date 2026-01-15. LiteLLM's batch $5/$20 sits
    // beside its stale $10/$40, so it is not used: the OpenAI batch discount gives $1/$4.
    assert.deepEqual([o3.inputPerMTok, o3.outputPerMTok, o3.cacheReadPerMTok, o3.batchInputPerMTok, o3.batchOutputPerMTok], [2, 8, 0.5, 1, 4]);
    assert.deepEqual([o3.aliases, o3.contextWindow, o3.maxOutputTokens], [["o3-2025-04-16"], 200000, 100000]);
    const embedding = file.models[2]!;
    // Embedding: no output price (0), LiteLLM's 8191-token window (genai-prices says 8192), no cache so no minimum.
    assert.deepEqual(
      [embedding.kind, embedding.inputPerMTok, embedding.outputPerMTok, embedding.batchInputPerMTok, embedding.batchOutputPerMTok, embedding.contextWindow],
      ["embedding", 0.02, 0, 0.01, 0, 8191],
    );
    assert.deepEqual([embedding.caching, embedding.minCacheableTokens, embedding.maxOutputTokens], ["none", null, null]);
    assert.deepEqual(embedding.tokenizer, { encoding: "cl100k_base" });
  });

  it("anthropic: -latest folded into the id, long-context tier, batch at 50%, max output from the Bedrock entry", () => {
    const [haiku, sonnet] = providerFile(out, "anthropic").models;
    assert.deepEqual(
      [haiku!.id, haiku!.aliases, haiku!.inputPerMTok, haiku!.outputPerMTok, haiku!.cacheReadPerMTok, haiku!.cacheWrite5mPerMTok, haiku!.cacheWrite1hPerMTok],
      ["claude-3-5-haiku", ["claude-3-5-haiku-latest"], 0.8, 4, 0.08, 1, 1.6],
    );
    assert.deepEqual([haiku!.batchInputPerMTok, haiku!.batchOutputPerMTok, haiku!.maxOutputTokens, haiku!.minCacheableTokens], [0.4, 2, 8192, 2048]);
    assert.match(haiku!.source, /LiteLLM 2026-01-10 for max output \(anthropic\.claude-3-5-haiku-20241022-v1:0\); override: fixture: Haiku 3\.5/);
    assert.deepEqual(sonnet, {
      id: "claude-sonnet-4-5",
      aliases: ["claude-sonnet-4-5-20250929"],
      kind: "chat",
      inputPerMTok: 3,
      outputPerMTok: 15,
      cacheReadPerMTok: 0.3,
      cacheWrite5mPerMTok: 3.75,
      cacheWrite1hPerMTok: 6,
      batchInputPerMTok: 1.5,
      batchOutputPerMTok: 7.5,
      longContext: { thresholdTokens: 200000, inputPerMTok: 6, outputPerMTok: 22.5, cacheReadPerMTok: 0.6, cacheWrite5mPerMTok: 7.5, cacheWrite1hPerMTok: 6 },
      contextWindow: 200000,
      maxOutputTokens: 64000,
      minCacheableTokens: 1024, // LiteLLM prompt_cache_min_tokens
      caching: "explicit",
      deprecationDate: null,
      replacement: null,
      tokenizer: { estimateFrom: "o200k_base", ratio: 1.2 },
      checked: "2026-01-15",
      source: "genai-prices fixture (anthropic:claude-sonnet-4-5); LiteLLM 2026-01-10 (claude-sonnet-4-5-20250929) for max output, min cacheable prefix",
    });
  });

  it("google: genai-prices' tier start 199999 is published as the 200k threshold; prices_checked is the checked date", () => {
    const [pro] = providerFile(out, "google").models;
    assert.deepEqual(pro!.longContext, { thresholdTokens: 200000, inputPerMTok: 2.5, outputPerMTok: 15, cacheReadPerMTok: 0.25, cacheWrite5mPerMTok: null, cacheWrite1hPerMTok: null });
    assert.deepEqual([pro!.batchInputPerMTok, pro!.batchOutputPerMTok, pro!.contextWindow, pro!.maxOutputTokens], [0.625, 5, 1048576, 65535]);
    assert.deepEqual([pro!.checked, pro!.caching, pro!.tokenizer], ["2026-01-12", "automatic", { estimateFrom: "o200k_base", ratio: 1 }]);
  });

  it("deepseek: the standard-hours price, not the off-peak discount; no batch API", () => {
    const [chat] = providerFile(out, "deepseek").models;
    // 00:30-16:30 UTC (16 h) at $0.27/$1.10 vs 8 h off-peak at $0.135/$0.55.
    assert.deepEqual([chat!.inputPerMTok, chat!.outputPerMTok, chat!.cacheReadPerMTok, chat!.batchInputPerMTok, chat!.batchOutputPerMTok], [0.27, 1.1, 0.07, null, null]);
    assert.deepEqual(chat!.tokenizer, { estimateFrom: "o200k_base", ratio: 1.1 });
  });

  it("LiteLLM-only models: priced from LiteLLM, region-prefixed ids folded into aliases, $0 entries left out", () => {
    const mistral = providerFile(out, "mistral");
    assert.deepEqual(mistral.models.map((model) => model.id), ["mistral-small-latest"]); // mistral-free-experimental is $0/$0
    const small = mistral.models[0]!;
    assert.deepEqual([small.inputPerMTok, small.outputPerMTok, small.batchInputPerMTok, small.caching, small.checked], [0.1, 0.3, null, "none", "2026-01-10"]);
    assert.equal(small.source, "LiteLLM 2026-01-10 (mistral/mistral-small-latest)");
    const [haiku] = providerFile(out, "bedrock").models;
    assert.deepEqual(
      [haiku!.id, haiku!.aliases, haiku!.inputPerMTok, haiku!.cacheReadPerMTok, haiku!.cacheWrite5mPerMTok, haiku!.caching, haiku!.batchInputPerMTok],
      ["anthropic.claude-3-5-haiku-20241022-v1:0", ["us.anthropic.claude-3-5-haiku-20241022-v1:0"], 0.8, 0.08, 1, "explicit", null],
    );
  });

  it("writes 2-space JSON with a trailing newline, keys in the order of price-types.ts", () => {
    const text = fs.readFileSync(path.join(out, "openai.json"), "utf8");
    assert.ok(text.endsWith("}\n") && !text.endsWith("\n\n"));
    assert.ok(text.startsWith('{\n  "$schema": "./schema.json",\n  "provider": "openai",\n  "checked": "2026-01-15",\n  "source": '));
    assert.deepEqual(Object.keys(providerFile(out, "openai").models[0]!), [
      "id", "aliases", "kind", "inputPerMTok", "outputPerMTok", "cacheReadPerMTok", "cacheWrite5mPerMTok", "cacheWrite1hPerMTok",
      "batchInputPerMTok", "batchOutputPerMTok", "longContext", "contextWindow", "maxOutputTokens", "minCacheableTokens", "caching",
      "deprecationDate", "replacement", "tokenizer", "checked", "source",
    ]);
  });
});

describe("pricing-update behaviour", () => {
  it("is deterministic: the same inputs give byte-identical files", () => {
    const first = freshDir();
    const second = freshDir();
    assert.equal(run([...FIXTURE_INPUTS, "--out", first]).status, 0);
    assert.equal(run([...FIXTURE_INPUTS, "--out", second]).status, 0);
    assert.deepEqual(readFiles(second), readFiles(first));
    const again = run([...FIXTURE_INPUTS, "--out", first]);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /^no changes$/m);
    assert.match(again.stdout, /0 file\(s\) written/);
  });

  it("--check exits 0 when up to date, 1 with a readable diff when not, and writes nothing", () => {
    const out = freshDir();
    assert.equal(run([...FIXTURE_INPUTS, "--out", out]).status, 0);
    const upToDate = run([...FIXTURE_INPUTS, "--out", out, "--check"]);
    assert.equal(upToDate.status, 0, upToDate.stderr);
    assert.match(upToDate.stdout, /up to date/);

    const file = path.join(out, "openai.json");
    const edited = fs.readFileSync(file, "utf8").replace('"inputPerMTok": 2.5,', '"inputPerMTok": 2.6,');
    fs.writeFileSync(file, edited);
    fs.rmSync(path.join(out, "mistral.json"));
    const stale = run([...FIXTURE_INPUTS, "--out", out, "--check"]);
    assert.equal(stale.status, 1);
    assert.match(stale.stdout, /openai\.json: 3 -> 3 models \(\+0 -0 ~1\)\n {2}~ gpt-4o: inputPerMTok 2\.6 -> 2\.5/);
    assert.match(stale.stdout, /mistral\.json: 0 -> 1 models \(\+1 -0 ~0\)\n {2}\+ mistral-small-latest/);
    assert.match(stale.stderr, /2 file\(s\) out of date \(mistral\.json, openai\.json\)/);
    assert.equal(fs.readFileSync(file, "utf8"), edited);
    assert.equal(fs.existsSync(path.join(out, "mistral.json")), false);
  });

  it("refuses to shrink the table by more than 30% of its models unless --force", () => {
    const out = freshDir();
    assert.equal(run([...FIXTURE_INPUTS, "--out", out]).status, 0);
    const before = readFiles(out);
    // Only genai-prices' DeepSeek provider and an empty LiteLLM snapshot: 9 models -> 1.
    const fixture = JSON.parse(fs.readFileSync(GENAI, "utf8")) as { providers: { id: string }[] };
    const shrunkGenai = writeJson("genai-deepseek-only.json", { ...fixture, providers: fixture.providers.filter((provider) => provider.id === "deepseek") });
    const emptyLiteLLM = writeJson("litellm-model-prices-2026-01-11.json", {});
    const shrunk = ["--genai-prices", shrunkGenai, "--litellm", emptyLiteLLM, "--overrides", OVERRIDES, "--out", out];

    const refused = run(shrunk);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /refusing to write: the table would shrink by more than 30% of its models/);
    assert.match(refused.stderr, /whole table: 9 -> 1 models/);
    assert.deepEqual(readFiles(out), before);

    const forced = run([...shrunk, "--force"]);
    assert.equal(forced.status, 0, forced.stderr);
    assert.deepEqual([...readFiles(out).keys()], ["deepseek.json"]);
  });

  it("reports a file that does not validate against the schema, exits 1 and writes nothing", () => {
    const out = freshDir();
    const badOverrides = writeJson("overrides-invalid.json", [
      { provider: "openai", model: "gpt-4o", set: { caching: "sometimes", inputPerMTok: -1 }, reason: "test: an invalid value" },
    ]);
    const result = run(["--genai-prices", GENAI, "--litellm", LITELLM, "--overrides", badOverrides, "--out", out]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /openai\.json does not validate against .*schema\.json:/);
    assert.match(result.stderr, /gpt-4o caching: must be equal to one of the allowed values \(\["automatic","explicit","none"\]\)/);
    assert.match(result.stderr, /gpt-4o inputPerMTok: must be >= 0/);
    assert.match(result.stderr, /nothing written/);
    assert.equal(fs.existsSync(out), false);
  });

  it("exits 2 on a usage error or an unreadable input", () => {
    const unknownFlag = run(["--frobnicate"]);
    assert.equal(unknownFlag.status, 2);
    assert.match(unknownFlag.stderr, /Unknown option '--frobnicate'/);

    const missing = run(["--genai-prices", path.join(scratch, "nope.json"), "--litellm", LITELLM, "--out", freshDir()]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.json: cannot read \(ENOENT\)/);

    const badOverride = writeJson("overrides-unknown-field.json", [{ provider: "openai", model: "gpt-4o", set: { inputPricePerToken: 1 }, reason: "test: unknown field" }]);
    const unknownField = run([...FIXTURE_INPUTS.slice(0, 4), "--overrides", badOverride, "--out", freshDir()]);
    assert.equal(unknownField.status, 2);
    assert.match(unknownField.stderr, /cannot set inputPricePerToken/);
  });
});

describe("the committed table", () => {
  it("is what npm run pricing:update generates from the installed genai-prices and pricing/sources (--check)", () => {
    const result = run(["--check"]);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  });
});
