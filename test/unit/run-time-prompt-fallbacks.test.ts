// A prompt text that is one way's, beside a run-time value (`context ?? "none"`, `ok ? context : "none"`):
// the costlier way counts, the run-time value at its assumed size or the written text, whichever is larger.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, onlyCall } from "../helpers/memory-workspace.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const asking = (content: string) => `${OPENAI}export const ask = (context: string | undefined, ok: boolean) => client.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: ${content} }] });\n`;
const LONG_DEFAULT = "You are a careful assistant. ".repeat(60);

function tokensOf(content: string, settings = {}) {
  return onlyCall(analyzeSource({ "src/ask.ts": asking(content) }, "src/ask.ts", settings)).inputTokens;
}

describe("prompt text standing for a run-time value", () => {
  it("an empty fallback of `??` counts as the run-time value it stands for; a default value counts as written", () => {
    const withFallback = tokensOf("`Context: ${context ?? \"\"}`");
    const without = tokensOf("`Context: ${context}`");
    assert.equal(withFallback.dynamic, without.dynamic);
    assert.equal(withFallback.static, without.static);
    assert.deepEqual(
      withFallback.assumptions.map((assumption) => assumption.label),
      ["context"],
    );
    // `language ?? "en"`: the default is a value of the same kind, what a user who gives none gets.
    const defaulted = tokensOf("`Answer in ${context ?? \"en\"}.`");
    assert.equal(defaulted.dynamic, 0);
  });

  it("a short static branch of a ternary beside a run-time one counts as the run-time value", () => {
    const counted = tokensOf("`Answer from this: ${ok ? context : \"No information found for this query.\"}`");
    assert.equal(counted.dynamic, 250);
    assert.equal(counted.assumptions.length, 1);
    // The assumed size is the user's: a larger one is taken.
    assert.equal(tokensOf("ok ? context : \"No information found.\"", { dynamicTokens: 900 }).dynamic, 900);
  });

  it("a written way longer than the assumed size counts as written", () => {
    const counted = tokensOf(`ok ? context : ${JSON.stringify(LONG_DEFAULT)}`);
    assert.equal(counted.dynamic, 0);
    assert.ok(counted.static > 250, `static ${counted.static}`);
    assert.equal(counted.cacheablePrefix, counted.static - 3);
    // Counted as one run of text with its neighbours, as the same text written plainly.
    const inside = tokensOf(`\`Rules: \${ok ? context : ${JSON.stringify(LONG_DEFAULT)}} Answer now.\``);
    const plain = tokensOf(`\`Rules: ${LONG_DEFAULT} Answer now.\``);
    assert.equal(inside.static, plain.static);
  });

  it("a written way's own run-time parts count toward it: one sending more than the run-time value is counted as written", () => {
    const counted = tokensOf("ok ? context : `Earn ${ok} per ${context?.length}`");
    assert.deepEqual(
      counted.assumptions.map((assumption) => assumption.label),
      ["ok", "context?.length"],
    );
    assert.equal(counted.dynamic, 500);
  });

  it("of two ways with as much static text, the one with run-time text stands (`return \"\"` beside `return `${x}``)", () => {
    const source = `${OPENAI}function pick(x: string | undefined) {\n  if (!x) return "";\n  return \`\${x}\`;\n}\nexport const ask = (context: string | undefined) => client.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: pick(context) }] });\n`;
    const counted = onlyCall(analyzeSource({ "src/ask.ts": source }, "src/ask.ts")).inputTokens;
    assert.equal(counted.dynamic, 250);
  });

  it("a text known on every way is static however short", () => {
    const counted = tokensOf("ok ? \"yes\" : \"no\"");
    assert.equal(counted.dynamic, 0);
  });
});

describe("rules on prompt text standing for a run-time value", () => {
  it("a short fallback before a long static prompt blocks the prefix cache as the run-time value does", () => {
    const system = (head: string) => `${OPENAI}export const ask = (context: string | undefined, ok: boolean) => client.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "system", content: \`\${${head}}\\n${LONG_DEFAULT.repeat(4)}\` }] });\n`;
    const rulesOf = (head: string) => analyzeSource({ "src/ask.ts": system(head) }, "src/ask.ts").findings.map((finding) => finding.rule);
    assert.ok(rulesOf("context").includes("no-dynamic-prefix"));
    assert.ok(rulesOf('context ?? ""').includes("no-dynamic-prefix"));
    assert.ok(rulesOf('ok ? context : "none"').includes("no-dynamic-prefix"));
    assert.ok(!rulesOf('ok ? "yes" : "none"').includes("no-dynamic-prefix"));
  });
});
