import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../../helpers/price-fixtures.ts";

const RULE = "max-context-tokens";
const GEMINI = `import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({});\n`;
const call = (contents: string) => `${GEMINI}export const f = (docs: string) => ai.models.generateContent({ model: "gemini-2.5-pro", contents: ${contents}, config: { maxOutputTokens: 5 } });`;

describe(RULE, () => {
  it("warns when static plus assumed input is over the default budget of 16,000 tokens", () => {
    const over = analyzeSource({ "src/app.ts": call("`${docs}`") }, "src/app.ts", { dynamicTokens: 17000 }, TEST_PRICES);
    const under = analyzeSource({ "src/app.ts": call("`${docs}`") }, "src/app.ts", { dynamicTokens: 15000 }, TEST_PRICES);
    assert.deepEqual(rulesFired(over), [RULE]);
    assert.equal(over.findings[0]!.severity, "warning");
    assert.deepEqual(rulesFired(under), []);
  });

  it("takes the budget from the rule's options", () => {
    const analysis = analyzeSource({ "src/app.ts": call("`${docs}`") }, "src/app.ts", { dynamicTokens: 600, rules: { [RULE]: { severity: "warning", options: { maxInputTokens: 500 } } } }, TEST_PRICES);
    assert.deepEqual(rulesFired(analysis), [RULE]);
  });

  it("is an error when the static input alone is over the model's context window", () => {
    // The fixture gpt-4.1 has a 1,000-token window.
    const text = "word ".repeat(1500);
    const source = `import OpenAI from "openai";\nnew OpenAI().chat.completions.create({ model: "gpt-4.1", max_tokens: 5, messages: [{ role: "user", content: ${JSON.stringify(text)} }] });`;
    const analysis = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, TEST_PRICES);
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.equal(analysis.findings[0]!.severity, "error");
  });

  it("keeps the user's severity for the over-the-window report too, as ESLint keeps a configured level", () => {
    const text = "word ".repeat(1500);
    const source = `import OpenAI from "openai";\nnew OpenAI().chat.completions.create({ model: "gpt-4.1", max_tokens: 5, messages: [{ role: "user", content: ${JSON.stringify(text)} }] });`;
    for (const severity of ["warning", "info"] as const) {
      const analysis = analyzeSource({ "src/app.ts": source }, "src/app.ts", { rules: { [RULE]: { severity, options: {} } } }, TEST_PRICES);
      assert.deepEqual(rulesFired(analysis), [RULE]);
      assert.equal(analysis.findings[0]!.severity, severity);
      assert.match(analysis.findings[0]!.message, /context window/);
    }
  });
});
