import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { FIXTURE_TODAY, TIER_PRICES } from "../../helpers/tier-prices.ts";

const RULE = "no-unbounded-context";
const analyze = (source: string) => analyzeSource({ "src/app.ts": source }, "src/app.ts", { today: FIXTURE_TODAY }, TIER_PRICES);
const fired = (source: string) => rulesFired(analyze(source)).filter((rule) => rule === RULE);
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const withContent = (content: string) =>
  `${OPENAI}export const f = (docs: { text: string }[], orders: object[]) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: [{ role: "user", content: ${content} }] });\n`;
const withMessages = (messages: string) => `${OPENAI}export const f = (history: any[]) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: ${messages} });\n`;

describe(RULE, () => {
  it("does not call Ollama generate's prompt, one text, a conversation sent whole; a collection joined into it still is one", () => {
    // karakeep's OllamaInferenceClient.runModel(model, prompt: string, ...): ollama.generate({ model, prompt, stream: true }).
    const source = (prompt: string) => `import { Ollama } from "ollama";\nconst ollama = new Ollama();\nexport const f = (prompt: string, docs: string[]) => ollama.generate({ model: "llama3", prompt: ${prompt}, options: { num_predict: 100 } });\n`;
    assert.deepEqual(fired(source("prompt")), []);
    const joined = analyze(source("docs.join(\"\\n\")")).findings.filter((finding) => finding.rule === RULE);
    assert.equal(joined.length, 1);
    assert.match(joined[0]!.message, /puts a collection into the prompt with no bound/);
  });

  it("reports retrieved documents mapped and joined into the prompt, and not their sliced twin", () => {
    const analysis = analyze(withContent("`Answer from these:\\n${docs.map((doc) => doc.text).join(\"\\n\")}`"));
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.match(analysis.findings[0]!.message, /: `docs.map\(\(doc\) => doc.text\).join\("\\n"\)` puts a collection into the prompt with no bound/);
    assert.match(analysis.findings[0]!.message, /^\+\$60\.00\/month for every 1,000 tokens it grows: /);
    assert.deepEqual(fired(withContent("`Answer from these:\\n${docs.slice(0, 5).map((doc) => doc.text).join(\"\\n\")}`")), []);
  });

  it("reports the finding at the collection when it is written in the call", () => {
    const source = withContent("`Answer from these:\\n${docs.map((doc) => doc.text).join(\"\\n\")}`");
    const finding = analyze(source).findings[0]!;
    assert.equal(source.slice(finding.offsets.start, finding.offsets.end), 'docs.map((doc) => doc.text).join("\\n")');
  });

  it("reports a stringified collection, and not one stringified after a slice", () => {
    assert.deepEqual(fired(withContent("`Orders: ${JSON.stringify(orders)}`")), [RULE]);
    assert.deepEqual(fired(withContent("`Orders: ${JSON.stringify(orders.slice(0, 20))}`")), []);
  });

  it("reports a whole conversation history sent as the messages, and not a trimmed one", () => {
    const analysis = analyze(withMessages("history"));
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.match(analysis.findings[0]!.message, /`history` is sent whole as the conversation, with no trimming/);
    assert.deepEqual(fired(withMessages("history.slice(-20)")), []);
  });

  it("reports a history spread into the messages after the system prompt, and not its trimmed twin", () => {
    assert.deepEqual(fired(withMessages(`[{ role: "system", content: "Be brief." }, ...history]`)), [RULE]);
    assert.deepEqual(fired(withMessages(`[{ role: "system", content: "Be brief." }, ...history.slice(-20)]`)), []);
  });

  it("is quiet for plain run-time text that is not a collection", () => {
    assert.deepEqual(fired(withContent("`Summarise: ${docs[0]!.text}`")), []);
  });

  it("reports each unbounded collection of a call once", () => {
    const source = withContent("`${docs.map((d) => d.text).join()}\\n${JSON.stringify(orders)}`");
    assert.equal(fired(source).length, 2);
  });
});
