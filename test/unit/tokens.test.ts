import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getEncoding } from "js-tiktoken";
import { countTextTokens, EXACT_COUNT_LIMIT_CHARS, memoStats } from "../../server/src/core/tokens/count-text.ts";
import { analyzeSource, NO_PRICES, onlyCall } from "../helpers/memory-workspace.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;

/** The OpenAI cookbook's num_tokens_from_messages, written out independently of the code under test. */
function cookbookCount(messages: { role: string; content: string; name?: string }[], encodingName: "o200k_base" | "cl100k_base"): number {
  const encoding = getEncoding(encodingName);
  let tokens = 0;
  for (const message of messages) {
    tokens += 3;
    for (const [key, value] of Object.entries(message)) {
      tokens += encoding.encode(value).length;
      if (key === "name") tokens += 1;
    }
  }
  return tokens + 3;
}

describe("token counts", () => {
  it("counts known strings as the published tokenizers do", () => {
    // "hello world" is two tokens in both encodings; a well-known check of any BPE port.
    assert.equal(countTextTokens("hello world", "o200k_base").tokens, 2);
    assert.equal(countTextTokens("hello world", "cl100k_base").tokens, 2);
  });

  it("matches the cookbook formula for a gpt-4o chat request (o200k_base)", () => {
    const system = "You are a concise assistant for a cloud storage company. Answer in two sentences.";
    const user = "How do I restore a file I deleted last week?";
    const call = onlyCall(
      analyzeSource(
        {
          "src/app.ts": `${OPENAI}client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: ${JSON.stringify(system)} }, { role: "user", name: "dana", content: ${JSON.stringify(user)} }] });`,
        },
        "src/app.ts",
        {},
        NO_PRICES,
      ),
    );
    const expected = cookbookCount(
      [
        { role: "system", content: system },
        { role: "user", name: "dana", content: user },
      ],
      "o200k_base",
    );
    assert.equal(call.inputTokens.static, expected);
    assert.equal(call.inputTokens.dynamic, 0);
    assert.equal(call.inputTokens.exact, true);
  });

  it("uses cl100k_base for gpt-4 and gpt-3.5 models", () => {
    const text = "Résumé of the naïve café's 2024 results: revenue +12%, costs −3%.";
    const call = onlyCall(
      analyzeSource({ "src/app.ts": `${OPENAI}client.chat.completions.create({ model: "gpt-3.5-turbo", messages: [{ role: "user", content: ${JSON.stringify(text)} }] });` }, "src/app.ts", {}, NO_PRICES),
    );
    assert.equal(call.inputTokens.static, cookbookCount([{ role: "user", content: text }], "cl100k_base"));
    assert.notEqual(cookbookCount([{ role: "user", content: text }], "cl100k_base"), cookbookCount([{ role: "user", content: text }], "o200k_base"));
  });

  it("counts each dynamic part as the stated assumption, separately from the static count", () => {
    const call = onlyCall(
      analyzeSource(
        { "src/app.ts": `${OPENAI}export const f = (a: string, b: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: \`\${a} and \${b}\` }] });` },
        "src/app.ts",
        { dynamicTokens: 111 },
        NO_PRICES,
      ),
    );
    assert.equal(call.inputTokens.dynamic, 222);
    assert.equal(call.inputTokens.static, cookbookCount([{ role: "user", content: " and " }], "o200k_base"));
    assert.equal(call.inputTokens.exact, false);
    assert.deepEqual(call.inputTokens.assumptions, [
      { label: "a", tokens: 111 },
      { label: "b", tokens: 111 },
    ]);
  });

  it("takes dynamicTokens from a // promptcost: annotation above the call", () => {
    const call = onlyCall(
      analyzeSource(
        { "src/app.ts": `${OPENAI}export function f(a: string) {\n  // promptcost: dynamicTokens=900 requestsPerDay=20 feature=search\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: a }] });\n}` },
        "src/app.ts",
        {},
        NO_PRICES,
      ),
    );
    assert.equal(call.inputTokens.dynamic, 900);
    assert.equal(call.requestsPerDay, 20);
    assert.equal(call.feature, "search");
  });

  it("estimates Anthropic tokens from o200k_base with the family ratio and says so", () => {
    const text = "Summarise the customer's issue in one sentence.";
    const call = onlyCall(
      analyzeSource(
        { "src/app.ts": `import Anthropic from "@anthropic-ai/sdk";\nnew Anthropic().messages.create({ model: "claude-x", max_tokens: 5, messages: [{ role: "user", content: ${JSON.stringify(text)} }] });` },
        "src/app.ts",
        {},
        NO_PRICES,
      ),
    );
    const o200k = getEncoding("o200k_base");
    const expected = 3 + o200k.encode("user").length + Math.round(o200k.encode(text).length * 1.2) + 3;
    assert.equal(call.inputTokens.static, expected);
    assert.equal(call.inputTokens.exact, false);
  });

  it("extrapolates a text over the exact-count limit from its length instead of skipping it", () => {
    const unit = "The quick brown fox jumps over the lazy dog. ";
    const huge = unit.repeat(Math.ceil((EXACT_COUNT_LIMIT_CHARS * 2) / unit.length));
    const counted = countTextTokens(huge, "o200k_base");
    const perUnit = getEncoding("o200k_base").encode(unit.repeat(100)).length / 100;
    assert.equal(counted.exact, false);
    assert.ok(Math.abs(counted.tokens - perUnit * (huge.length / unit.length)) / counted.tokens < 0.02, `${counted.tokens}`);
  });

  it("memoises counts by text: the same text is run through the tokenizer once", () => {
    const text = `memo check ${Math.random()}`;
    const first = memoStats().encodeCalls;
    countTextTokens(text, "o200k_base");
    countTextTokens(text, "o200k_base");
    assert.equal(memoStats().encodeCalls - first, 1);
  });

  it("keeps the memo bounded over 50,000 distinct texts, and a text in use all along is still not re-encoded", () => {
    const kept = `kept ${Math.random()}`;
    countTextTokens(kept, "cl100k_base");
    const before = memoStats().encodeCalls;
    for (let index = 0; index < 50_000; index++) {
      countTextTokens(`distinct ${index}`, "cl100k_base");
      if (index % 1000 === 0) countTextTokens(kept, "cl100k_base");
    }
    assert.equal(memoStats().encodeCalls - before, 50_000);
    assert.ok(memoStats().entries <= 2 * 20_000 + 100, `${memoStats().entries} entries`);
    countTextTokens(`distinct ${49_999}`, "cl100k_base");
    assert.equal(memoStats().encodeCalls - before, 50_000);
  });
});
