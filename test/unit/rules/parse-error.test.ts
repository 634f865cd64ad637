import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../../helpers/price-fixtures.ts";

const RULE = "parse-error";

describe(RULE, () => {
  it("reports a syntax error at its position and still finds the calls before it", () => {
    const source = `import OpenAI from "openai";\nnew OpenAI().chat.completions.create({ model: "gpt-4.1", max_tokens: 5, messages: [] });\nconst broken = (;\n`;
    const analysis = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, TEST_PRICES);
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.equal(analysis.findings[0]!.range.line, 3);
    assert.equal(analysis.calls.length, 1);
  });

  it("is quiet on a file that parses, JSX included", () => {
    const analysis = analyzeSource({ "src/view.tsx": `export const View = () => <div className="x">{1 + 1}</div>;\n` }, "src/view.tsx", {}, TEST_PRICES);
    assert.deepEqual(rulesFired(analysis), []);
  });
});
