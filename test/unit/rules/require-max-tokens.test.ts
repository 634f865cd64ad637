import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../../helpers/price-fixtures.ts";
import { applyFix } from "../../helpers/apply-fix.ts";

const RULE = "require-max-tokens";
const analyze = (source: string) => analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, TEST_PRICES);
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;

describe(RULE, () => {
  it("reports an OpenAI chat call with no cap, and not its capped twin", () => {
    assert.deepEqual(rulesFired(analyze(`${OPENAI}client.chat.completions.create({ model: "gpt-4.1", messages: [] });`)), [RULE]);
    assert.deepEqual(rulesFired(analyze(`${OPENAI}client.chat.completions.create({ model: "gpt-4.1", messages: [], max_completion_tokens: 100 });`)), []);
    assert.deepEqual(rulesFired(analyze(`${OPENAI}client.chat.completions.create({ model: "gpt-4.1", messages: [], max_tokens: 100 });`)), []);
  });

  it("is quiet when the request object passes through a function that may set the cap, and reports its read-only twin", () => {
    const request = (between: string) =>
      `${OPENAI}export async function ask() {\n  const request = { model: "gpt-4.1", messages: [{ role: "user" as const, content: "hi" }] };\n  ${between}\n  return client.chat.completions.create(request);\n}\n`;
    const handedOff = analyze(request("addMaxTokensIfNeeded(request);"));
    assert.deepEqual(rulesFired(handedOff), []);
    assert.equal(handedOff.calls[0]!.outputTokens.capDynamic, true);
    assert.deepEqual(rulesFired(analyze(request("console.log(request);"))), [RULE]);
    assert.deepEqual(rulesFired(analyze(request(""))), [RULE]);
  });

  it("marks a cap set from a run-time value as capDynamic (cap stays null), and a literal or missing cap not", () => {
    const cap = (value: string) => analyze(`${OPENAI}export const f = (opts: { maxTokens: number }) => client.chat.completions.create({ model: "gpt-4.1", messages: []${value} });`).calls[0]!.outputTokens;
    assert.deepEqual([cap(", max_tokens: opts.maxTokens").cap, cap(", max_tokens: opts.maxTokens").capDynamic], [null, true]);
    assert.deepEqual([cap(", max_tokens: 100").cap, cap(", max_tokens: 100").capDynamic], [100, undefined]);
    assert.deepEqual([cap("").cap, cap("").capDynamic], [null, undefined]);
  });

  it("counts a cap whose value is not a literal as a cap", () => {
    assert.deepEqual(rulesFired(analyze(`${OPENAI}export const f = (n: number) => client.chat.completions.create({ model: "gpt-4.1", messages: [], max_completion_tokens: n });`)), []);
  });

  it("reads each provider's own parameter: responses max_output_tokens, Gemini config.maxOutputTokens, AI SDK maxOutputTokens", () => {
    assert.deepEqual(rulesFired(analyze(`${OPENAI}client.responses.create({ model: "gpt-4.1", input: "x", max_tokens: 5 });`)), [RULE]);
    assert.deepEqual(rulesFired(analyze(`${OPENAI}client.responses.create({ model: "gpt-4.1", input: "x", max_output_tokens: 5 });`)), []);
    const gemini = `import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({});\n`;
    assert.deepEqual(rulesFired(analyze(`${gemini}ai.models.generateContent({ model: "gemini-2.5-pro", contents: "x", maxOutputTokens: 5 });`)), [RULE]);
    assert.deepEqual(rulesFired(analyze(`${gemini}ai.models.generateContent({ model: "gemini-2.5-pro", contents: "x", config: { maxOutputTokens: 5 } });`)), []);
    const vercel = `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\n`;
    assert.deepEqual(rulesFired(analyze(`${vercel}generateText({ model: openai("gpt-4.1"), prompt: "x" });`)), [RULE]);
    assert.deepEqual(rulesFired(analyze(`${vercel}generateText({ model: openai("gpt-4.1"), prompt: "x", maxOutputTokens: 5 });`)), []);
  });

  it("never reports Anthropic's Messages API, where max_tokens is mandatory", () => {
    const source = `import Anthropic from "@anthropic-ai/sdk";\nnew Anthropic().messages.create({ model: "claude-sonnet-4-5", messages: [] } as any);`;
    assert.deepEqual(rulesFired(analyze(source)), []);
  });

  it("does not report embeddings", () => {
    assert.deepEqual(rulesFired(analyze(`${OPENAI}client.embeddings.create({ model: "gpt-4.1", input: "x" });`)), []);
  });

  it("fixes a multi-line call by adding the provider's parameter on its own line", () => {
    const source = `${OPENAI}client.chat.completions.create({\n  model: "gpt-4.1",\n  messages: [],\n});`;
    const finding = analyze(source).findings[0]!;
    assert.equal(applyFix(source, finding.fix!), `${OPENAI}client.chat.completions.create({\n  model: "gpt-4.1",\n  messages: [],\n  max_completion_tokens: 1024,\n});`);
  });

  it("fixes a one-line Gemini call by adding a config object, with the configured default", () => {
    const source = `import { GoogleGenAI } from "@google/genai";\nnew GoogleGenAI({}).models.generateContent({ model: "gemini-2.5-pro", contents: "x" });`;
    const analysis = analyzeSource({ "src/app.ts": source }, "src/app.ts", { rules: { [RULE]: { severity: "warning", options: { defaultMaxTokens: 256 } } } }, TEST_PRICES);
    assert.equal(
      applyFix(source, analysis.findings[0]!.fix!),
      `import { GoogleGenAI } from "@google/genai";\nnew GoogleGenAI({}).models.generateContent({ model: "gemini-2.5-pro", contents: "x", config: { maxOutputTokens: 256 } });`,
    );
  });

  it("names and sets max_tokens on another vendor's OpenAI-compatible endpoint, max_completion_tokens on OpenAI's", () => {
    // Together's SDK has no max_completion_tokens (turboseek, llamacoder): the fix would not compile.
    const sources = {
      together: `import Together from "together-ai";\nnew Together().chat.completions.create({\n  model: "meta-llama/Llama-3.3-70B-Instruct-Turbo",\n  messages: [],\n});`,
      deepseek: `import OpenAI from "openai";\nnew OpenAI({ baseURL: "https://api.deepseek.com" }).chat.completions.create({\n  model: "deepseek-chat",\n  messages: [],\n});`,
      openai: `${OPENAI}client.chat.completions.create({\n  model: "gpt-4.1",\n  messages: [],\n});`,
    };
    const fixed = Object.fromEntries(Object.entries(sources).map(([vendor, source]) => {
      const finding = analyze(source).findings.find((candidate) => candidate.rule === RULE)!;
      const added = applyFix(source, finding.fix!).split("\n").find((line) => /max_\w*tokens/.test(line))!.trim();
      return [vendor, `${/set (\w+)/.exec(finding.message)![1]} | ${added}`];
    }));
    assert.deepEqual(fixed, { together: "max_tokens | max_tokens: 1024,", deepseek: "max_tokens | max_tokens: 1024,", openai: "max_completion_tokens | max_completion_tokens: 1024," });
  });
});
