import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../../helpers/price-fixtures.ts";
import { applyFix } from "../../helpers/apply-fix.ts";
import { FIXTURE_TODAY, LONG_POLICY, TIER_PRICES } from "../../helpers/tier-prices.ts";

const RULE = "prefer-cached-prefix";
// About 1,500 estimated tokens: over the fixture Sonnet's 1,024-token minimum.
const LONG = "Refunds are handled by the billing team within five business days. ".repeat(110);
const SHORT = "Be brief.";
const ANTHROPIC = `import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\nconst POLICY = ${JSON.stringify(LONG)};\nconst SHORT = ${JSON.stringify(SHORT)};\n`;
const analyze = (source: string) => analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, TEST_PRICES);

describe(RULE, () => {
  it("reports a long static Anthropic system prompt without cache_control", () => {
    const analysis = analyze(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, system: POLICY, messages: [] });`);
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.match(analysis.findings[0]!.message, /static prompt tokens are sent uncached/);
  });

  it("is quiet when the prefix carries cache_control, in the system blocks or a message block", () => {
    assert.deepEqual(
      rulesFired(analyze(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }], messages: [] });`)),
      [],
    );
    assert.deepEqual(
      rulesFired(analyze(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [{ role: "user", content: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }] }] });`)),
      [],
    );
  });

  it("is quiet below the model's minimum cacheable length", () => {
    assert.deepEqual(rulesFired(analyze(`${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, system: SHORT, messages: [] });`)), []);
  });

  it("is quiet when the dynamic part comes first, so there is no static prefix to cache (no-dynamic-prefix reports that)", () => {
    const source = `${ANTHROPIC}export const f = (user: string) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, system: user + POLICY, messages: [] });`;
    assert.deepEqual(rulesFired(analyze(source)), ["no-dynamic-prefix"]);
  });

  it("is quiet for OpenAI, which caches long prefixes on its own", () => {
    const source = `import OpenAI from "openai";\nconst POLICY = ${JSON.stringify(LONG)};\nnew OpenAI().chat.completions.create({ model: "gpt-4.1", max_tokens: 5, messages: [{ role: "system", content: POLICY }] });`;
    assert.ok(!rulesFired(analyze(source)).includes(RULE));
  });

  it("fixes system: X into a text block with cache_control", () => {
    const source = `${ANTHROPIC}anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, system: POLICY, messages: [] });`;
    const finding = analyze(source).findings.find((candidate) => candidate.rule === RULE)!;
    const fixed = applyFix(source, finding.fix!);
    assert.ok(fixed.endsWith(`system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }], messages: [] });`), fixed.slice(-120));
    assert.deepEqual(rulesFired(analyze(fixed)), []);
  });
});

describe(`${RULE}: calls that share a long static head, and Bedrock`, () => {
  const analyzeTiers = (source: string) => analyzeSource({ "src/app.ts": source }, "src/app.ts", { today: FIXTURE_TODAY }, TIER_PRICES);
  const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(LONG_POLICY)};\n`;
  const openaiCall = (extra = "") => `client.chat.completions.create({\n  model: "gpt-4.1",\n  max_completion_tokens: 300,\n  messages: [{ role: "system", content: POLICY }, { role: "user", content: q }],${extra}\n})`;

  it("reports OpenAI calls of one file sharing a long static head without prompt_cache_key, and not with it", () => {
    const bad = `${OPENAI}export const a = (q: string) => ${openaiCall()};\nexport const b = (q: string) => ${openaiCall()};\n`;
    const analysis = analyzeTiers(bad);
    assert.deepEqual(rulesFired(analysis), [RULE, RULE]);
    assert.match(analysis.findings[0]!.message, /^2 calls in this file start with the same 1,\d{3} static tokens; set the same prompt_cache_key/);
    const good = `${OPENAI}export const a = (q: string) => ${openaiCall('\n  prompt_cache_key: "support",')};\nexport const b = (q: string) => ${openaiCall('\n  prompt_cache_key: "support",')};\n`;
    assert.deepEqual(rulesFired(analyzeTiers(good)), []);
  });

  it("is quiet for a single OpenAI call with a long head: OpenAI caches it on its own", () => {
    assert.deepEqual(rulesFired(analyzeTiers(`${OPENAI}export const a = (q: string) => ${openaiCall()};\n`)), []);
  });

  it("fixes an OpenAI call by adding prompt_cache_key named after the file", () => {
    const source = `${OPENAI}export const a = (q: string) => ${openaiCall()};\nexport const b = (q: string) => ${openaiCall()};\n`;
    const finding = analyzeTiers(source).findings[0]!;
    const fixed = applyFix(source, finding.fix!);
    assert.ok(fixed.includes(`{ role: "user", content: q }],\n  prompt_cache_key: "app",\n})`), fixed.slice(-400));
  });

  it("reports Gemini calls sharing a long head without an explicit cache, and not with config.cachedContent", () => {
    const GEMINI = `import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({});\nconst POLICY = ${JSON.stringify(LONG_POLICY.repeat(2))};\n`;
    const call = (config: string) => `ai.models.generateContent({ model: "gemini-2.5-pro", contents: [POLICY, q], config: { maxOutputTokens: 300${config} } })`;
    const bad = `${GEMINI}export const a = (q: string) => ${call("")};\nexport const b = (q: string) => ${call("")};\n`;
    const analysis = analyzeTiers(bad);
    assert.deepEqual(rulesFired(analysis), [RULE, RULE]);
    assert.match(analysis.findings[0]!.message, /explicit cache \(ai\.caches\.create, then config\.cachedContent\) guarantees the cache price/);
    const good = `${GEMINI}export const a = (q: string, cache: string) => ${call(", cachedContent: cache")};\nexport const b = (q: string, cache: string) => ${call(", cachedContent: cache")};\n`;
    assert.deepEqual(rulesFired(analyzeTiers(good)), []);
  });

  it("reports a Bedrock Converse system prompt without a cachePoint and fixes it by adding one; quiet with one", () => {
    const source = (system: string) =>
      `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";\nconst client = new BedrockRuntimeClient({});\nconst POLICY = ${JSON.stringify(LONG_POLICY)};\nexport const f = (q: string) => client.send(new ConverseCommand({ modelId: "anthropic.claude-sonnet-4-5", system: ${system}, messages: [{ role: "user", content: [{ text: q }] }], inferenceConfig: { maxTokens: 300 } }));\n`;
    const bad = source("[{ text: POLICY }]");
    const analysis = analyzeTiers(bad);
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.match(analysis.findings[0]!.message, /add a cachePoint block after the last static block/);
    const fixed = applyFix(bad, analysis.findings[0]!.fix!);
    assert.ok(fixed.includes(`system: [{ text: POLICY }, { cachePoint: { type: "default" } }], messages`), fixed.slice(-300));
    assert.deepEqual(rulesFired(analyzeTiers(fixed)), []);
  });

  it("is quiet for a Vercel AI call to Anthropic that marks the cache with providerOptions", () => {
    const source = `import { generateText } from "ai";\nimport { anthropic } from "@ai-sdk/anthropic";\nconst POLICY = ${JSON.stringify(LONG_POLICY)};\nexport const f = (q: string) => generateText({ model: anthropic("claude-sonnet-4-5"), maxOutputTokens: 300, messages: [{ role: "system", content: POLICY, providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }, { role: "user", content: q }] });\n`;
    assert.deepEqual(rulesFired(analyzeTiers(source)), []);
    const unmarked = source.replace(", providerOptions: { anthropic: { cacheControl: { type: \"ephemeral\" } } }", "");
    const finding = analyzeTiers(unmarked).findings[0]!;
    assert.match(finding.message, /providerOptions: \{ anthropic: \{ cacheControl/);
  });
});

describe(`${RULE}: wrappers`, () => {
  it("leaves the shared-head advice to the wrapper, whose call is the one to change", () => {
    const files = {
      "src/llm.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = ({ system, q }: { system: string; q: string }) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: [{ role: "system", content: system }, { role: "user", content: q }] });\n`,
      "src/app.ts": `import { ask } from "./llm";\nconst POLICY = ${JSON.stringify(LONG_POLICY)};\nexport const a = (q: string) => ask({ system: POLICY, q });\nexport const b = (q: string) => ask({ system: POLICY, q });\n`,
    };
    const analysis = analyzeSource(files, "src/app.ts", { today: FIXTURE_TODAY }, TIER_PRICES);
    assert.equal(analysis.calls.length, 2);
    assert.ok(analysis.calls.every((call) => call.call.via !== undefined));
    assert.deepEqual(rulesFired(analysis), []);
  });
});
