import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { applyConfig } from "../../server/src/core/config/apply-config.ts";
import { checkConfigText, findConfigFile, loadConfigFile } from "../../server/src/core/config/config-file.ts";
import { RULES } from "../../server/src/core/rules/index.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import schema from "../../schema.json" with { type: "json" };
import { memoryFileSystem, ROOT } from "../helpers/memory-workspace.ts";

/** The problem of a config text, with the text its range covers. */
function problemOf(text: string) {
  const checked = checkConfigText(text);
  if (checked.ok) throw new Error("expected a problem");
  return { message: checked.problem.message, keyPath: checked.problem.keyPath, at: text.slice(checked.problem.offsets.start, checked.problem.offsets.end) };
}

describe("config file", () => {
  it("accepts the contract's example, rule options included", () => {
    const text = JSON.stringify({
      include: ["src/**"],
      exclude: ["**/*.test.ts"],
      rules: { "require-max-tokens": "error", "max-context-tokens": ["warning", { maxInputTokens: 8000 }], "prefer-smaller-model": ["info", { premiumInputPerMTok: 2, maxOutputTokens: 32 }], "no-deprecated-model": ["warning", { warnDays: 30 }] },
      defaults: { requestsPerDay: 1000, dynamicTokens: 250 },
      pricing: { overrides: { "gpt-4o": { inputPerMTok: 2.0 } }, aliases: { "ft:acme-*": "gpt-4o-mini" } },
      wrappers: [{ function: "callLLM", module: "./src/llm", promptArg: 0, modelArg: 1 }],
    });
    assert.equal(checkConfigText(text).ok, true);
  });

  it("accepts endpoints (base URLs of LLM APIs used without an SDK) and carries them into the settings", () => {
    const endpoints = [{ baseURL: "https://llm.acme.internal/v1", provider: "azure", api: "openai" as const }, { baseURL: "http://gpu-box:11434" }];
    const checked = checkConfigText(JSON.stringify({ endpoints }));
    assert.equal(checked.ok, true);
    assert.deepEqual(applyConfig(DEFAULT_SETTINGS, { endpoints }).endpoints, endpoints);
    assert.equal(problemOf(`{ "endpoints": [{ "baseURL": "https://x", "api": "mistral" }] }`).message, "endpoints[0].api: must be one of openai, anthropic, gemini, ollama, cohere");
    assert.equal(problemOf(`{ "endpoints": [{ "provider": "openai" }] }`).message, "endpoints[0]: must have required property 'baseURL'");
  });

  it("rejects an unknown key with its path and the range of the key", () => {
    assert.deepEqual(problemOf(`{ "defaults": { "requestsPerDya": 5 } }`), { message: "defaults.requestsPerDya: unknown key", keyPath: "defaults.requestsPerDya", at: `"requestsPerDya"` });
    assert.deepEqual(problemOf(`{ "rule": {} }`), { message: "rule: unknown key", keyPath: "rule", at: `"rule"` });
  });

  it("rejects an unknown rule, a bad severity, and unknown or mistyped rule options", () => {
    assert.deepEqual(problemOf(`{ "rules": { "no-such-rule": "error" } }`), { message: "rules.no-such-rule: unknown rule", keyPath: "rules.no-such-rule", at: `"no-such-rule"` });
    assert.equal(problemOf(`{ "rules": { "require-max-tokens": "loud" } }`).message, "rules.require-max-tokens: must be one of off, info, warning, error");
    assert.deepEqual(problemOf(`{ "rules": { "max-context-tokens": ["warning", { "maxInputTokns": 5 }] } }`), {
      message: "rules.max-context-tokens[1].maxInputTokns: unknown key",
      keyPath: "rules.max-context-tokens[1].maxInputTokns",
      at: `"maxInputTokns"`,
    });
    assert.equal(problemOf(`{ "rules": { "max-context-tokens": ["warning", { "maxInputTokens": "8000" }] } }`).message, "rules.max-context-tokens[1].maxInputTokens: must be integer");
    assert.equal(problemOf(`{ "rules": { "parse-error": ["warning", { "anything": true }] } }`).message, "rules.parse-error[1].anything: unknown key");
  });

  it("rejects wrong types with the path of the value, an array element included", () => {
    assert.deepEqual(problemOf(`{ "include": "src/**" }`), { message: "include: must be array", keyPath: "include", at: `"include"` });
    assert.deepEqual(problemOf(`{ "include": ["src/**", 3] }`), { message: "include[1]: must be string", keyPath: "include[1]", at: "3" });
    assert.equal(problemOf(`{ "defaults": { "requestsPerDay": -1 } }`).message, "defaults.requestsPerDay: must be >= 0");
  });

  it("accepts user prices: discount (one figure or by provider), self-hosted hardware, a reasoning default", () => {
    const text = JSON.stringify({
      defaults: { reasoningTokens: 2000 },
      pricing: { discount: { openai: 20, "*": 5 }, selfHosted: { "llama3.1:*": { costPerHour: 4.1, tokensPerSecond: 2400, provider: "ollama" } } },
    });
    assert.equal(checkConfigText(text).ok, true);
    assert.equal(checkConfigText(`{ "pricing": { "discount": 15 } }`).ok, true);
    assert.equal(applyConfig(DEFAULT_SETTINGS, { defaults: { reasoningTokens: 2000 } }).reasoningTokens, 2000);
  });

  it("rejects a discount past 100% and self-hosted hardware without a throughput", () => {
    assert.match(problemOf(`{ "pricing": { "discount": 150 } }`).message, /^pricing\.discount/);
    assert.match(problemOf(`{ "pricing": { "discount": { "openai": -5 } } }`).message, /^pricing\.discount/);
    assert.match(problemOf(`{ "pricing": { "selfHosted": { "mine": { "costPerHour": 2 } } } }`).message, /^pricing\.selfHosted\.mine/);
    assert.match(problemOf(`{ "pricing": { "selfHosted": { "mine": { "costPerHour": 2, "tokensPerSecond": 0 } } } }`).message, /^pricing\.selfHosted\.mine/);
  });

  it("locates a JSON syntax error, with its line", () => {
    const problem = problemOf(`{\n  "rules": {},\n  "defaults": { "requestsPerDay": }\n}`);
    assert.equal(problem.message, "invalid JSON: value expected at line 3");
    assert.equal(problem.at, "}");
  });

  it("accepts JSONC: line and block comments and trailing commas, as editors do", () => {
    const checked = checkConfigText(`{\n  // traffic in production\n  "defaults": { "requestsPerDay": 5000, /* peak */ },\n  "rules": { "require-max-tokens": "error", },\n}\n`);
    assert.ok(checked.ok, checked.ok ? "" : checked.problem.message);
    assert.deepEqual(checked.config, { defaults: { requestsPerDay: 5000 }, rules: { "require-max-tokens": "error" } });
  });

  it("accepts the run-time model keys (env, defaults.model) and defaults.cacheHitRate, and applies them", () => {
    const text = `{ "env": { "DEFAULT_LLM_MODEL": "claude-sonnet-4-5", "settings.model": "gpt-4.1" }, "defaults": { "model": "gpt-4.1-mini", "cacheHitRate": 0.6 } }`;
    const checked = checkConfigText(text);
    assert.ok(checked.ok, checked.ok ? "" : checked.problem.message);
    const settings = applyConfig(DEFAULT_SETTINGS, checked.config);
    assert.deepEqual([settings.env, settings.defaultModel, settings.cacheHitRate], [{ DEFAULT_LLM_MODEL: "claude-sonnet-4-5", "settings.model": "gpt-4.1" }, "gpt-4.1-mini", 0.6]);
    assert.equal(problemOf(`{ "defaults": { "cacheHitRate": 1.5 } }`).message, "defaults.cacheHitRate: must be <= 1");
    assert.equal(problemOf(`{ "env": { "DEFAULT_LLM_MODEL": 4 } }`).message, "env.DEFAULT_LLM_MODEL: must be string");
    assert.equal(problemOf(`{ "defaults": { "model": "" } }`).message, "defaults.model: must NOT have fewer than 1 characters");
  });

  it("has a schema users can point at: $id is the JSON file itself, shipped at the package root", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const id = (schema as { $id: string }).$id;
    assert.match(id, /^https:\/\/raw\.githubusercontent\.com\/.*\/schema\.json$/);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { files: string[] };
    assert.ok(manifest.files.includes("schema.json"), "package.json files ships schema.json");
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")), schema);
    assert.equal(checkConfigText(`{ "$schema": "./node_modules/promptcost/schema.json" }`).ok, true);
  });

  it("names the file in the CLI message", () => {
    const fileSystem = memoryFileSystem({ "promptcost.config.json": `{ "defaults": { "requestsPerDya": 5 } }` });
    const loaded = loadConfigFile(path.join(ROOT, "promptcost.config.json"), fileSystem);
    assert.equal(loaded.ok, false);
    assert.equal(!loaded.ok && loaded.message, `${path.join(ROOT, "promptcost.config.json")}: defaults.requestsPerDya: unknown key`);
  });

  it("is found walking up from the linted directory, the nearest one winning", () => {
    const fileSystem = memoryFileSystem({ "promptcost.config.json": "{}", "packages/api/promptcost.config.json": "{}", "packages/api/src/deep/a.ts": "", "packages/web/src/b.ts": "" });
    assert.equal(findConfigFile(path.join(ROOT, "packages/api/src/deep"), fileSystem), path.join(ROOT, "packages/api/promptcost.config.json"));
    assert.equal(findConfigFile(path.join(ROOT, "packages/web/src"), fileSystem), path.join(ROOT, "promptcost.config.json"));
  });

  it("applies rule levels, options and defaults to the settings", () => {
    const settings = applyConfig(DEFAULT_SETTINGS, { rules: { "require-max-tokens": "error", "max-context-tokens": ["warning", { maxInputTokens: 8000 }] }, defaults: { requestsPerDay: 5 } });
    assert.deepEqual(settings.rules["require-max-tokens"], { severity: "error", options: {} });
    assert.deepEqual(settings.rules["max-context-tokens"], { severity: "warning", options: { maxInputTokens: 8000 } });
    assert.equal(settings.requestsPerDay, 5);
  });

  it("has a schema entry for every rule of the registry and no other", () => {
    const ruleProperties = (schema as { properties: { rules: { properties: Record<string, unknown> } } }).properties.rules.properties;
    assert.deepEqual(Object.keys(ruleProperties).sort(), Object.keys(RULES).sort());
  });
});
