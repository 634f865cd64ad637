// Regression for issue 7: a call whose messages are a 100,000-element array literal used to take ~25 s
// (every element evaluated and tokenized, then a token memo that evicted one entry per insert). This test
// checks behaviour, not time: the call is still found and its count grows with the array, as a small twin's.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, onlyCall } from "../helpers/memory-workspace.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;

function callOverArray(length: number): string {
  const items = Array.from({ length }, (_, i) => `{ role: "user", content: "message number ${i}" }`);
  return `${OPENAI}const items = [${items.join(", ")}];\nclient.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: items });\n`;
}

describe("a call over a 100,000-element array", () => {
  it("is found with a finite count at least as large as a 1,000-element twin's", () => {
    const small = onlyCall(analyzeSource({ "src/small.ts": callOverArray(1_000) }, "src/small.ts"));
    const huge = onlyCall(analyzeSource({ "src/huge.ts": callOverArray(100_000) }, "src/huge.ts"));
    assert.equal(huge.call.model, "gpt-4o");
    assert.ok(Number.isFinite(huge.inputTokens.total), `total ${huge.inputTokens.total}`);
    assert.ok(huge.inputTokens.total > small.inputTokens.total, `${huge.inputTokens.total} vs ${small.inputTokens.total}`);
  });
});
