import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFix } from "../../helpers/apply-fix.ts";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../../helpers/price-fixtures.ts";
import { FIXTURE_TODAY, TIER_PRICES } from "../../helpers/tier-prices.ts";
import type { AnalysisSettings } from "../../../server/src/core/settings.ts";

const RULE = "prefer-smaller-model";
const analyze = (source: string, settings: Partial<AnalysisSettings> = {}, prices = TIER_PRICES) => analyzeSource({ "src/app.ts": source }, "src/app.ts", { today: FIXTURE_TODAY, ...settings }, prices);
const fired = (source: string, settings: Partial<AnalysisSettings> = {}) => rulesFired(analyze(source, settings)).filter((rule) => rule === RULE);
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const sentiment = (model: string, cap: number, instructions = "Rate the sentiment of the review.") =>
  `${OPENAI}export const f = (review: string) => client.chat.completions.create({ model: "${model}", max_completion_tokens: ${cap}, messages: [{ role: "system", content: ${JSON.stringify(instructions)} }, { role: "user", content: review }] });\n`;

describe(RULE, () => {
  it("reports a premium model capped at one token, naming the cheaper tier and its price; not the cheaper tier itself", () => {
    const analysis = analyze(sentiment("gpt-4.1", 1));
    assert.deepEqual(rulesFired(analysis), [RULE]);
    const finding = analysis.findings[0]!;
    assert.equal(finding.severity, "info");
    assert.match(finding.message, /^\$[\d.]+\/month less on gpt-4\.1-mini: gpt-4\.1 is a premium model \(\$2\/\$8 per Mtok in\/out\) used for at most 1 output token, which a smaller tier usually does as well; gpt-4\.1-mini \(\$0\.4\/\$1\.6 per Mtok in\/out\) would cost \$0\.000\d+ per request\.$/);
    assert.deepEqual(fired(sentiment("gpt-4.1-mini", 1)), []);
  });

  it("reports a classification-style prompt with a larger cap, and not an open-ended one", () => {
    const classify = "Classify the ticket into exactly one category: billing, login, other. Answer with the category only.";
    assert.deepEqual(fired(sentiment("gpt-4.1", 200, classify)), [RULE]);
    assert.match(analyze(sentiment("gpt-4.1", 200, classify)).findings[0]!.message, /used for a classification-style prompt/);
    assert.deepEqual(fired(sentiment("gpt-4.1", 200, "Write a friendly reply to the review, thanking the customer.")), []);
  });

  it("suggests the same family's cheaper tier for Anthropic and Gemini", () => {
    const anthropic = `import Anthropic from "@anthropic-ai/sdk";\nnew Anthropic().messages.create({ model: "claude-sonnet-4-5", max_tokens: 3, messages: [{ role: "user", content: "Is this spam? Answer yes or no only." }] });`;
    assert.match(analyze(anthropic).findings.find((finding) => finding.rule === RULE)!.message, /claude-haiku-4-5 \(\$1\/\$5 per Mtok/);
    const gemini = `import { GoogleGenAI } from "@google/genai";\nnew GoogleGenAI({}).models.generateContent({ model: "gemini-2.5-pro", contents: "Label: spam or ham?", config: { maxOutputTokens: 2 } });`;
    assert.match(analyze(gemini).findings.find((finding) => finding.rule === RULE)!.message, /gemini-2\.5-flash \(\$0\.3\/\$2\.5 per Mtok/);
  });

  it("takes the premium line and the tiny-output cap from the rule's options", () => {
    assert.deepEqual(fired(sentiment("gpt-4.1", 1), { rules: { [RULE]: { severity: "info", options: { premiumInputPerMTok: 5 } } } }), []);
    assert.deepEqual(fired(sentiment("gpt-4.1", 40)), []);
    assert.deepEqual(fired(sentiment("gpt-4.1", 40), { rules: { [RULE]: { severity: "info", options: { maxOutputTokens: 64 } } } }), [RULE]);
  });

  it("is quiet when the table has no cheaper model of the provider", () => {
    assert.ok(!rulesFired(analyze(sentiment("gpt-4.1", 1), {}, TEST_PRICES)).includes(RULE));
  });

  it("fixes the model id written at the call, also inside a Vercel AI provider factory", () => {
    const source = sentiment("gpt-4.1", 1);
    const fixed = applyFix(source, analyze(source).findings[0]!.fix!);
    assert.ok(fixed.includes(`model: "gpt-4.1-mini", max_completion_tokens: 1`));
    assert.deepEqual(fired(fixed), []);
    const vercel = `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\ngenerateText({ model: openai('gpt-4.1'), maxOutputTokens: 2, prompt: "Answer yes or no only: is the sky blue?" });`;
    const finding = analyze(vercel).findings.find((candidate) => candidate.rule === RULE)!;
    assert.ok(applyFix(vercel, finding.fix!).includes(`model: openai('gpt-4.1-mini')`));
  });

  it("offers no fix when the model comes from a constant", () => {
    const source = `${OPENAI}const MODEL = "gpt-4.1";\nclient.chat.completions.create({ model: MODEL, max_completion_tokens: 1, messages: [] });`;
    const finding = analyze(source).findings.find((candidate) => candidate.rule === RULE)!;
    assert.equal(finding.fix, undefined);
  });
});
