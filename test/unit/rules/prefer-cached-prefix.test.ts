import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../../helpers/price-fixtures.ts";
import { applyFix } from "../../helpers/apply-fix.ts";

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

  it("is quiet when the dynamic part comes first, so there is no static prefix to cache", () => {
    const source = `${ANTHROPIC}export const f = (user: string) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, system: user + POLICY, messages: [] });`;
    assert.deepEqual(rulesFired(analyze(source)), []);
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
