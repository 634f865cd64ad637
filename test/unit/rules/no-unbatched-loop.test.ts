import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, onlyCall, rulesFired } from "../../helpers/memory-workspace.ts";
import { FIXTURE_TODAY, TIER_PRICES } from "../../helpers/tier-prices.ts";

const RULE = "no-unbatched-loop";
const analyze = (source: string) => analyzeSource({ "src/app.ts": source }, "src/app.ts", { today: FIXTURE_TODAY }, TIER_PRICES);
const fired = (source: string) => rulesFired(analyze(source)).filter((rule) => rule === RULE);
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const chat = (content: string) => `client.chat.completions.create({ model: "gpt-4.1-mini", max_completion_tokens: 50, messages: [{ role: "user", content: ${content} }] })`;

describe(RULE, () => {
  it("reports an embedding request per item of a for...of loop, and not the array-input twin", () => {
    const bad = `${OPENAI}export async function f(products: { text: string }[]) {\n  for (const product of products) {\n    await client.embeddings.create({ model: "text-embedding-3-small", input: product.text });\n  }\n}\n`;
    const good = `${OPENAI}export async function f(products: { text: string }[]) {\n  await client.embeddings.create({ model: "text-embedding-3-small", input: products.map((product) => product.text) });\n}\n`;
    const analysis = analyze(bad);
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.equal(analysis.findings[0]!.severity, "info");
    assert.match(analysis.findings[0]!.message, /^Embeds one input per request, once per item of a for\.\.\.of loop: pass the items as one array `input`/);
    assert.deepEqual(fired(good), []);
  });

  it("reports generation in Promise.all(items.map(...)) with the batch price, and not a single request", () => {
    const bad = `${OPENAI}export const f = (tickets: string[]) => Promise.all(tickets.map((ticket) => ${chat("ticket")}));\n`;
    const good = `${OPENAI}export const f = (tickets: string[]) => ${chat("tickets.join('\\n---\\n')")};\n`;
    const analysis = analyze(bad);
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.match(analysis.findings[0]!.message, /^\$[\d.]+\/month less through the Batch API if the results are not needed at once: the call runs once per item of Promise\.all, and a batch bills the same requests 50% less \(/);
    assert.ok(!fired(good).includes(RULE));
  });

  it("reports forEach, map, while and counted for loops", () => {
    assert.deepEqual(fired(`${OPENAI}export const f = (xs: string[]) => xs.forEach((x) => ${chat("x")});`), [RULE]);
    assert.deepEqual(fired(`${OPENAI}export const f = (xs: string[]) => xs.map(async (x) => await ${chat("x")});`), [RULE]);
    assert.deepEqual(fired(`${OPENAI}export async function f(queue: string[]) { while (queue.length) { await ${chat("queue.pop()!")}; } }`), [RULE]);
    assert.deepEqual(fired(`${OPENAI}export async function f(xs: string[]) { for (let i = 0; i < xs.length; i++) { await ${chat("xs[i]!")}; } }`), [RULE]);
  });

  it("counts a literal collection: the message says how many requests, the monthly figure is multiplied", () => {
    const looped = analyze(`${OPENAI}export async function f(text: string) {\n  for (const language of ["fr", "de", "es"]) {\n    await ${chat("`Translate to ${language}: ${text}`")};\n  }\n}\n`);
    assert.match(looped.findings[0]!.message, /once per item of a for\.\.\.of loop \(3 requests each time it runs\)/);
    // One item: "1 request", never "1 requests".
    const single = analyze(`${OPENAI}export async function f(text: string) {\n  for (const language of ["fr"]) {\n    await ${chat("`Translate to ${language}: ${text}`")};\n  }\n}\n`);
    assert.match(single.findings[0]!.message, /\(1 request each time it runs\)/);
    const call = onlyCall(looped);
    assert.equal(call.call.multiplier, 3);
    assert.equal(call.cost.monthly, call.cost.perRequest! * 3 * 1000 * 30);
  });

  // sim's provider tool loops: `currentResponse = await client.chat.completions.create(...)` read at the next turn's top.
  it("is quiet on the turns of a tool loop, each reading the answer before; an answer kept but not read is still per item", () => {
    const turns = `${OPENAI}export async function f(messages: any[]) {\n  let response = await ${chat("'go'")};\n  let turn = 0;\n  while (turn < 5 && response.choices[0]?.message.tool_calls?.length) {\n    messages.push(response.choices[0].message);\n    response = await ${chat("JSON.stringify(messages)")};\n    turn++;\n  }\n  return response;\n}\n`;
    assert.deepEqual(fired(turns), []);
    const items = `${OPENAI}export async function f(queue: string[]) {\n  let last;\n  while (queue.length) {\n    last = await ${chat("queue.pop()!")};\n  }\n  return last;\n}\n`;
    assert.deepEqual(fired(items), [RULE]);
  });

  it("is quiet in a retry loop, which is not a loop over items", () => {
    const source = `${OPENAI}export async function f(q: string) {\n  for (let attempt = 0; attempt < 4; attempt++) {\n    try {\n      return await ${chat("q")};\n    } catch {}\n  }\n}\n`;
    assert.deepEqual(fired(source), []);
  });

  it("is quiet for embedMany and for an embedding request that already sends an array", () => {
    const vercel = `import { embedMany } from "ai";\nimport { openai } from "@ai-sdk/openai";\nexport async function f(chunks: string[][]) { for (const chunk of chunks) await embedMany({ model: openai.embedding("text-embedding-3-small"), values: chunk }); }\n`;
    assert.deepEqual(fired(vercel), []);
    const arrayLiteral = `${OPENAI}export async function f(pairs: [string, string][]) { for (const [a, b] of pairs) await client.embeddings.create({ model: "text-embedding-3-small", input: [a, b] }); }\n`;
    assert.deepEqual(fired(arrayLiteral), []);
  });

  it("is quiet for a call in a callback that is only stored, not run per item", () => {
    const source = `${OPENAI}export function f(handlers: (() => unknown)[]) { for (const name of ["a", "b"]) handlers.push(() => ${chat("name")}); }\n`;
    assert.deepEqual(fired(source), []);
  });
});
