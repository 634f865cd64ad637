import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFix } from "../../helpers/apply-fix.ts";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { FIXTURE_TODAY, LONG_POLICY, TIER_PRICES } from "../../helpers/tier-prices.ts";

const RULE = "no-dynamic-prefix";
const analyze = (source: string) => analyzeSource({ "src/app.ts": source }, "src/app.ts", { today: FIXTURE_TODAY }, TIER_PRICES);
const fired = (source: string) => rulesFired(analyze(source)).filter((rule) => rule === RULE);
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(LONG_POLICY)};\n`;
const ANTHROPIC = `import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\nconst POLICY = ${JSON.stringify(LONG_POLICY)};\n`;
const openaiCall = (system: string) =>
  `${OPENAI}export const reply = (question: string, today: string) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: [{ role: "system", content: ${system} }, { role: "user", content: question }] });\n`;

describe(RULE, () => {
  it("reports a date before a long static system prompt, and not the date after it", () => {
    const analysis = analyze(openaiCall("`Today is ${today}.\\n${POLICY}`"));
    assert.deepEqual(rulesFired(analysis), [RULE]);
    const finding = analysis.findings[0]!;
    assert.match(finding.message, /`today` is content only known at run time, placed before 1,\d{3} static tokens/);
    assert.match(finding.message, /\$\d[\d.,]*\/month less/);
    assert.deepEqual(fired(openaiCall("`${POLICY}\\nToday is ${today}.`")), []);
  });

  it("reports an id placed before a long Anthropic system prompt even with cache_control, and not the id in the user turn", () => {
    const bad = `${ANTHROPIC}export const f = (userId: string, q: string) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 300, system: [{ type: "text", text: \`Customer \${userId}\\n\${POLICY}\`, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: q }] });`;
    const good = `${ANTHROPIC}export const f = (userId: string, q: string) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 300, system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: \`Customer \${userId}\\n\${q}\` }] });`;
    assert.deepEqual(fired(bad), [RULE]);
    assert.deepEqual(fired(good), []);
  });

  it("reports a history sent before the static instructions", () => {
    const source = `${OPENAI}export const f = (history: any[]) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: [...history, { role: "system", content: POLICY }] });`;
    const analysis = analyze(source);
    assert.ok(rulesFired(analysis).includes(RULE));
    assert.match(analysis.findings.find((finding) => finding.rule === RULE)!.message, /`history` is a collection only known at run time/);
  });

  it("is quiet when the static text after the dynamic part is below the cache minimum", () => {
    assert.deepEqual(fired(openaiCall("`Today is ${today}.\\nAnswer briefly and politely.`")), []);
  });

  it("is quiet for a model whose provider does not cache", () => {
    const source = `import { generateText } from "ai";\nimport { mistral } from "@ai-sdk/mistral";\nconst POLICY = ${JSON.stringify(LONG_POLICY)};\nexport const f = (today: string) => generateText({ model: mistral("mistral-large-latest"), maxOutputTokens: 100, system: \`Today is \${today}.\\n\${POLICY}\`, prompt: "hi" });`;
    assert.deepEqual(fired(source), []);
  });

  it("fixes a leading dynamic line by moving it to the end of the template, and the fixed code is quiet", () => {
    const source = openaiCall("`Today is ${today}.\\n${POLICY}`");
    const finding = analyze(source).findings.find((candidate) => candidate.rule === RULE)!;
    assert.equal(finding.fix?.description, "Move the line with `today` to the end of the prompt");
    const fixed = applyFix(source, finding.fix!);
    assert.ok(fixed.includes("content: `${POLICY}\\nToday is ${today}.` }"), fixed);
    assert.deepEqual(fired(fixed), []);
  });

  it("fixes a template in a const of the same file, keeping its trailing newline and blank line", () => {
    const source = `${OPENAI}const system = \`Today is \${new Date().toDateString()}.\n\n\${POLICY}\n\`;\nexport const f = (q: string) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: [{ role: "system", content: system }, { role: "user", content: q }] });\n`;
    const finding = analyze(source).findings.find((candidate) => candidate.rule === RULE)!;
    assert.ok(finding.fix);
    const fixed = applyFix(source, finding.fix);
    assert.ok(fixed.includes("const system = `${POLICY}\nToday is ${new Date().toDateString()}.\n`;"), fixed);
    assert.deepEqual(fired(fixed), []);
  });

  it("offers no fix when the line introduces what follows, or when the prompt is concatenated", () => {
    const heading = analyze(openaiCall("`Policy for ${today}:\\n${POLICY}`")).findings.find((finding) => finding.rule === RULE)!;
    assert.equal(heading.fix, undefined);
    const concatenated = analyze(openaiCall("today + POLICY")).findings.find((finding) => finding.rule === RULE)!;
    assert.equal(concatenated.fix, undefined);
  });

  it("is switched off by a disable comment naming it", () => {
    const source = openaiCall("`Today is ${today}.\\n${POLICY}`").replace("export const reply", "// promptcost-disable-next-line no-dynamic-prefix\nexport const reply");
    assert.deepEqual(fired(source), []);
  });
});
