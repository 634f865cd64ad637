import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, onlyCall } from "../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../helpers/price-fixtures.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const CHAT = `client.chat.completions.create({ model: "gpt-4.1", max_tokens: 5, messages: [] })`;
const callOf = (source: string) => onlyCall(analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, TEST_PRICES)).call;

describe("loop multiplier", () => {
  it("is 1 outside loops and for collections of unknown size", () => {
    assert.equal(callOf(`${OPENAI}${CHAT};`).multiplier, 1);
    const call = callOf(`${OPENAI}export async function f(xs: string[]) { for (const x of xs) await ${CHAT}; }`);
    assert.equal(call.multiplier, 1);
    assert.deepEqual({ kind: call.loop?.kind, count: call.loop?.count }, { kind: "for-of", count: null });
  });

  it("counts literal arrays, consts of them, counted for loops and Array.from({ length })", () => {
    assert.equal(callOf(`${OPENAI}export async function f() { for (const x of ["a", "b", "c"]) await ${CHAT}; }`).multiplier, 3);
    assert.equal(callOf(`${OPENAI}const LANGS = ["fr", "de"] as const;\nexport const f = () => Promise.all(LANGS.map(() => ${CHAT}));`).multiplier, 2);
    assert.equal(callOf(`${OPENAI}export async function f() { for (let i = 0; i < 5; i++) await ${CHAT}; }`).multiplier, 5);
    assert.equal(callOf(`${OPENAI}export async function f() { for (let i = 1; i <= 4; i += 1) await ${CHAT}; }`).multiplier, 4);
    assert.equal(callOf(`${OPENAI}export const f = () => Promise.all(Array.from({ length: 6 }, () => ${CHAT}));`).multiplier, 6);
    assert.equal(callOf(`${OPENAI}export async function f() { for (const k in { a: 1, b: 2 }) await ${CHAT}; }`).multiplier, 2);
  });

  it("multiplies nested loops and takes Promise.all as the kind of a mapped call", () => {
    const call = callOf(`${OPENAI}export async function f() { for (const a of [1, 2]) { await Promise.all(["x", "y", "z"].map(() => ${CHAT})); } }`);
    assert.equal(call.multiplier, 6);
    assert.equal(call.loop?.kind, "Promise.all");
  });

  it("takes an annotated count above the call or above the loop", () => {
    assert.equal(callOf(`${OPENAI}export async function f(xs: string[]) {\n  for (const x of xs) {\n    // promptcost: multiplier=40\n    await ${CHAT};\n  }\n}`).multiplier, 40);
    assert.equal(callOf(`${OPENAI}export async function f(xs: string[]) {\n  // promptcost: multiplier=25\n  for (const x of xs) await ${CHAT};\n}`).multiplier, 25);
  });

  it("stops at a function boundary that is not an iteration callback", () => {
    assert.equal(callOf(`${OPENAI}for (const x of [1, 2, 3]) { setTimeout(() => ${CHAT}, 10); }`).loop, undefined);
  });
});

describe("retries", () => {
  it("reads maxRetries over 3 from the client and from the request options", () => {
    const client = callOf(`import OpenAI from "openai";\nconst client = new OpenAI({ maxRetries: 8 });\n${CHAT};`);
    assert.deepEqual({ max: client.retry?.maxAttempts, source: client.retry?.source }, { max: 9, source: "client" });
    assert.ok(client.retry!.expectedAttempts > 1 && client.retry!.expectedAttempts < 1.06);
    const request = callOf(`${OPENAI}client.chat.completions.create({ model: "gpt-4.1", max_tokens: 5, messages: [] }, { maxRetries: 5 });`);
    assert.deepEqual({ max: request.retry?.maxAttempts, source: request.retry?.source }, { max: 6, source: "request" });
  });

  it("says nothing of the SDK's default retries or a few more", () => {
    assert.equal(callOf(`import OpenAI from "openai";\nconst client = new OpenAI({ maxRetries: 3 });\n${CHAT};`).retry, undefined);
    assert.equal(callOf(`${OPENAI}${CHAT};`).retry, undefined);
  });

  it("recognises a retry loop around the call, with its bound", () => {
    const call = callOf(`${OPENAI}export async function f() {\n  for (let attempt = 0; attempt < 5; attempt++) {\n    try {\n      return await ${CHAT};\n    } catch (error) {\n      await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));\n    }\n  }\n}`);
    assert.equal(call.loop, undefined);
    assert.equal(call.multiplier, 1);
    assert.deepEqual({ max: call.retry?.maxAttempts, source: call.retry?.source }, { max: 5, source: "loop" });
    const unbounded = callOf(`${OPENAI}export async function f() { while (true) { try { return await ${CHAT}; } catch {} } }`);
    assert.deepEqual({ max: unbounded.retry?.maxAttempts, source: unbounded.retry?.source }, { max: null, source: "loop" });
  });

  it("takes a for...of over fallbacks that leaves on the first success as attempts, and one that goes on as items", () => {
    const fallback = callOf(`${OPENAI}export async function f() {\n  for (const temperature of [0, 0.1, 0.3]) {\n    try {\n      return await client.chat.completions.create({ model: "gpt-4.1", temperature, max_tokens: 5, messages: [] });\n    } catch {}\n  }\n}`);
    assert.equal(fallback.loop, undefined);
    assert.equal(fallback.multiplier, 1);
    assert.deepEqual({ max: fallback.retry?.maxAttempts, source: fallback.retry?.source }, { max: 3, source: "loop" });
    const items = callOf(`${OPENAI}export async function f(out: unknown[]) {\n  for (const temperature of [0, 0.1, 0.3]) {\n    try {\n      out.push(await client.chat.completions.create({ model: "gpt-4.1", temperature, max_tokens: 5, messages: [] }));\n    } catch {}\n  }\n}`);
    assert.deepEqual({ kind: items.loop?.kind, count: items.loop?.count, multiplier: items.multiplier }, { kind: "for-of", count: 3, multiplier: 3 });
  });

  it("does not count a loop over an array read as empty as zero requests (it is filled at run time)", () => {
    const call = callOf(`${OPENAI}export async function f() {\n  const urls: string[] = [];\n  await Promise.all(urls.map((url) => ${CHAT}));\n}`);
    assert.deepEqual({ kind: call.loop?.kind, count: call.loop?.count, multiplier: call.multiplier }, { kind: "Promise.all", count: null, multiplier: 1 });
    const counted = callOf(`${OPENAI}export async function f() {\n  const items: string[] = [];\n  for (let i = 0; i < items.length; i++) await ${CHAT};\n}`);
    assert.deepEqual({ kind: counted.loop?.kind, count: counted.loop?.count, multiplier: counted.multiplier }, { kind: "for", count: null, multiplier: 1 });
  });

  it("takes a loop with a counter named like attempts as retries, also when the request is made before its try", () => {
    const call = callOf(`${OPENAI}export async function f() {\n  for (let attempt = 1; attempt <= 3; attempt += 1) {\n    const pending = ${CHAT};\n    try {\n      return await pending;\n    } catch {}\n  }\n}`);
    assert.equal(call.loop, undefined);
    assert.equal(call.multiplier, 1);
    assert.deepEqual({ max: call.retry?.maxAttempts, source: call.retry?.source }, { max: 3, source: "loop" });
    const bounded = callOf(`${OPENAI}const maxAttempts = 3;\nexport async function f() {\n  for (let i = 0; i < maxAttempts; i++) {\n    const answer = await ${CHAT};\n    if (answer.choices.length > 0) return answer;\n  }\n}`);
    assert.deepEqual({ loop: bounded.loop, multiplier: bounded.multiplier, max: bounded.retry?.maxAttempts }, { loop: undefined, multiplier: 1, max: 3 });
  });

  it("takes a counted loop that leaves after the same request, its counter picking nothing, as retries", () => {
    const loopOf = (body: string) => {
      const call = callOf(`${OPENAI}export async function f(items: string[], valid: (a: unknown) => boolean) {\n  const messages: { role: "user"; content: string }[] = [];\n  for (let i = 0; i < 3; i++) {\n${body}\n  }\n}`);
      return { loop: call.loop?.kind, count: call.loop?.count, multiplier: call.multiplier, retry: call.retry?.maxAttempts };
    };
    const ask = (args: string) => `client.chat.completions.create({ model: "gpt-4.1", max_tokens: 5, ${args} })`;
    const items = { loop: "for", count: 3, multiplier: 3, retry: undefined };
    // The same request until one is valid; the counter only logged and compared.
    assert.deepEqual(loopOf(`    console.log(\`attempt \${i + 1}\`);\n    const answer = await ${ask("messages: [{ role: \"user\", content: items.join() }]")};\n    if (valid(answer) || i === 2) return answer;`), { loop: undefined, count: undefined, multiplier: 1, retry: 3 });
    // Lookalikes: the counter picks an item; the loop never leaves; the request reads what the loop wrote (turns).
    assert.deepEqual(loopOf(`    const answer = await ${ask("messages: [{ role: \"user\", content: items[i] }]")};\n    if (!valid(answer)) break;`), items);
    assert.deepEqual(loopOf(`    await ${ask("messages: [{ role: \"user\", content: items.join() }]")};`), items);
    assert.deepEqual(loopOf(`    const answer = await ${ask("messages")};\n    messages.push({ role: "user", content: String(answer) });\n    if (valid(answer)) break;`), items);
    assert.deepEqual(loopOf(`    const params = { messages };\n    const answer = await ${ask("...params")};\n    messages.push({ role: "user", content: String(answer) });\n    if (valid(answer)) break;`), items);
  });

  it("puts the expected attempts and the monthly figure with retries in the JSON report", async () => {
    const { buildReport } = await import("../../server/src/core/report.ts");
    const analysis = analyzeSource({ "src/app.ts": `import OpenAI from "openai";\nconst client = new OpenAI({ maxRetries: 8 });\n${CHAT};` }, "src/app.ts", {}, TEST_PRICES);
    const { DEFAULT_SETTINGS } = await import("../../server/src/core/settings.ts");
    const report = buildReport([analysis], { cwd: "/project", toolVersion: "0.0.0", settings: DEFAULT_SETTINGS, prices: TEST_PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
    const retries = report.calls[0]!.retries!;
    assert.equal(retries.maxAttempts, 9);
    assert.equal(retries.source, "client");
    assert.equal(retries.monthlyUsdExpected, Math.round(report.calls[0]!.costUsd.monthly! * retries.expectedAttempts * 100) / 100);
  });
});
