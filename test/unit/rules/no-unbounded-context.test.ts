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

  it("reports a collection a helper of another file puts into the prompt at the call's prompt property, not at the helper's offsets in this file", () => {
    // The helper's text part sits at offsets that, read in the calling file, fall inside the call: dub's
    // support chat showed the finding at an unrelated column of its route.
    const helper = `${"// padding so the part lies where the call is in the other file\n".repeat(3)}export const buildPrompt = (items: string[]) => \`Items: \${JSON.stringify(items)}\`;\n`;
    const call = `import OpenAI from "openai";\nimport { buildPrompt } from "./prompt";\nconst client = new OpenAI();\nexport const ask = (items: string[]) =>\n  client.chat.completions.create({\n    model: "gpt-4.1",\n    max_completion_tokens: 300,\n    messages: [{ role: "user", content: buildPrompt(items) }],\n    user: "a field to make the call long enough to cover the helper's offsets",\n  });\n`;
    const analysis = analyzeSource({ "src/prompt.ts": helper, "src/ask.ts": call }, "src/ask.ts", { today: FIXTURE_TODAY }, TIER_PRICES);
    const finding = analysis.findings.find((candidate) => candidate.rule === RULE)!;
    assert.ok(finding, "the unbounded JSON.stringify is reported");
    const part = helper.indexOf("JSON.stringify(items)");
    const callStart = call.indexOf("client.chat");
    assert.ok(part > callStart && part < call.length, "the helper's part offset falls inside the call in the other file");
    // At the property that carries the prompt, as for any part written outside the call: not the whole call.
    const messages = call.indexOf("messages:");
    assert.deepEqual(finding.offsets, { start: messages, end: messages + "messages".length });
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
  // openai-node's stream-to-client example reads the request body chunk by chunk and stops past 64 KiB.
  const accumulated = (loop: string) =>
    `${OPENAI}const maximumPromptBytes = 64 * 1024;\nexport async function f(chunks: AsyncIterable<Uint8Array>, docs: string[]) {\n  let prompt = "";\n  let byteLength = 0;\n  const parts: string[] = [];\n${loop}\n  return client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: [{ role: "user", content: prompt + parts.join("\\n") }] });\n}\n`;

  it("reports text grown in a loop, and not in a loop that leaves once a size passes a limit", () => {
    assert.deepEqual(fired(accumulated("  for await (const chunk of chunks) prompt += String(chunk);")), [RULE]);
    assert.deepEqual(fired(accumulated("  for await (const chunk of chunks) {\n    byteLength += chunk.byteLength;\n    if (byteLength > maximumPromptBytes) return null;\n    prompt += String(chunk);\n  }")), []);
    assert.deepEqual(fired(accumulated("  for (const doc of docs) {\n    if (prompt.length >= 8000) break;\n    prompt += doc;\n  }")), []);
    // A check that does not leave the loop, or compares with the collection's own size, bounds nothing.
    assert.deepEqual(fired(accumulated("  for (const doc of docs) {\n    if (prompt.length > 8000) console.warn(\"long\");\n    prompt += doc;\n  }")), [RULE]);
    assert.deepEqual(fired(accumulated("  for (let i = 0; i < docs.length; i++) prompt += docs[i];")), [RULE]);
  });

  it("reads a loop's own condition on a size or a counter as a bound, for pushed items too", () => {
    assert.deepEqual(fired(accumulated("  for (const doc of docs) parts.push(doc);")), [RULE]);
    assert.deepEqual(fired(accumulated("  let i = 0;\n  while (parts.length < 10 && i < docs.length) parts.push(docs[i++]);")), []);
    assert.deepEqual(fired(accumulated("  for (let i = 0; i < MAX_DOCS; i++) prompt += docs[i];")), []);
    // A bounded loop run once per item of an outer loop adds without a ceiling.
    assert.deepEqual(fired(accumulated("  for (const doc of docs) {\n    let size = 0;\n    while (size < 500) { prompt += doc; size += doc.length; }\n  }")), [RULE]);
    // A callback may run any number of times, whatever loop holds it.
    assert.deepEqual(fired(accumulated("  for (let i = 0; i < 3; i++) docs.forEach((doc) => { prompt += doc; });")), [RULE]);
  });
});
