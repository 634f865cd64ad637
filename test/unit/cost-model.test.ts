// One cost model for every view: expected output, worst case, prefix caching at a stated hit rate,
// requests that cannot succeed, and fixes that lower the estimate by what they promise.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { applyFix } from "../helpers/apply-fix.ts";
import { analyzeSource, onlyCall, ROOT } from "../helpers/memory-workspace.ts";
import { FIXTURE_TODAY, LONG_POLICY, TIER_PRICES } from "../helpers/tier-prices.ts";

const analyze = (source: string, settings = {}) => analyzeSource({ "src/app.ts": source }, "src/app.ts", { today: FIXTURE_TODAY, ...settings }, TIER_PRICES);
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst POLICY = ${JSON.stringify(LONG_POLICY)};\n`;
const ANTHROPIC = `import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\nconst POLICY = ${JSON.stringify(LONG_POLICY)};\n`;

describe("one cost model", () => {
  it("expects the smaller of the cap and the typical output, and keeps the worst case apart", () => {
    const uncapped = onlyCall(analyze(`${OPENAI}export const f = (q: string) => client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: q }] });\n`));
    const capped = onlyCall(analyze(`${OPENAI}export const f = (q: string) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 1024, messages: [{ role: "user", content: q }] });\n`));
    assert.equal(uncapped.outputTokens.expected, 500);
    assert.equal(capped.outputTokens.expected, 500, "a cap above the typical output does not raise the expectation");
    assert.equal(capped.outputTokens.worstCase, 1024);
    assert.equal(uncapped.outputTokens.worstCase, uncapped.price!.maxOutputTokens);
    assert.equal(capped.cost.monthly, uncapped.cost.monthly);
    const tight = onlyCall(analyze(`${OPENAI}export const f = (q: string) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 50, messages: [{ role: "user", content: q }] });\n`));
    assert.equal(tight.outputTokens.expected, 50);
  });

  it("the require-max-tokens fix never raises the estimate", () => {
    const source = `${OPENAI}export const f = (q: string) => client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: q }] });\n`;
    const before = analyze(source);
    const finding = before.findings.find((candidate) => candidate.rule === "require-max-tokens");
    assert.ok(finding?.fix);
    assert.match(finding.message, /^Up to \$[\d.,]+ per request/);
    const after = onlyCall(analyze(applyFix(source, finding.fix)));
    assert.ok(after.cost.monthly! <= before.calls[0]!.cost.monthly!, `${after.cost.monthly} <= ${before.calls[0]!.cost.monthly}`);
  });

  it("counts a marked prefix as cached at the stated hit rate, and the uncached twin in full", () => {
    const marked = onlyCall(analyze(`${ANTHROPIC}export const f = (q: string) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 300, system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: q }] });\n`));
    const unmarked = onlyCall(analyze(`${ANTHROPIC}export const f = (q: string) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 300, system: POLICY, messages: [{ role: "user", content: q }] });\n`));
    assert.equal(marked.cost.cacheHitRate, DEFAULT_SETTINGS.cacheHitRate);
    assert.ok(marked.cost.monthly! < unmarked.cost.monthly!, `${marked.cost.monthly} < ${unmarked.cost.monthly}`);
    assert.equal(unmarked.cost.cacheHitRate, undefined);
    const noHits = onlyCall(analyze(`${ANTHROPIC}export const f = (q: string) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 300, system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: q }] });\n`, { cacheHitRate: 0 }));
    assert.equal(noHits.cost.monthly, unmarked.cost.monthly);
  });

  it("counts a provider's automatic caching above its minimum prefix", () => {
    const call = onlyCall(analyze(`${OPENAI}export const f = (q: string) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: [{ role: "system", content: POLICY }, { role: "user", content: q }] });\n`));
    assert.ok(call.inputTokens.cacheablePrefix >= (call.price!.minCacheableTokens ?? 0));
    const uncachedMonthly = call.cost.perRequest! * call.requestsPerDay * 30;
    assert.ok(call.cost.monthly! < uncachedMonthly);
    const hit = DEFAULT_SETTINGS.cacheHitRate;
    assert.ok(Math.abs(call.cost.perRequestExpected! - (hit * call.cost.perRequestCached! + (1 - hit) * call.cost.perRequest!)) < 1e-12);
  });

  it("moving a dynamic part after the static prefix lowers the estimate by what no-dynamic-prefix promises", () => {
    const system = (text: string) => `${OPENAI}export const f = (q: string, today: string) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: [{ role: "system", content: ${text} }, { role: "user", content: q }] });\n`;
    const before = analyze(system("`Today is ${today}.\\n${POLICY}`"));
    const finding = before.findings.find((candidate) => candidate.rule === "no-dynamic-prefix");
    assert.ok(finding);
    const promised = Number(/^\$([\d.,]+)\/month less/.exec(finding.message)?.[1]?.replace(/,/g, ""));
    assert.ok(promised > 0, finding.message);
    const after = onlyCall(analyze(system("`${POLICY}\\nToday is ${today}.`")));
    const drop = before.calls[0]!.cost.monthly! - after.cost.monthly!;
    assert.ok(Math.abs(drop - promised) <= Math.max(0.01, promised * 0.05), `promised ${promised}, the estimate dropped ${drop}`);
  });

  it("a request over the context window is rejected and left out of the totals", () => {
    const huge = "word ".repeat(1_100_000);
    const source = `${OPENAI}const HUGE = ${JSON.stringify(huge)};\nexport const f = () => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 100, messages: [{ role: "user", content: HUGE }] });\nexport const g = (q: string) => client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 100, messages: [{ role: "user", content: q }] });\n`;
    const analysis = analyze(source);
    const rejected = analysis.calls.find((call) => call.rejected);
    assert.ok(rejected, "the call over the window is rejected");
    const report = buildReport([analysis], {
      cwd: ROOT,
      toolVersion: "test",
      settings: DEFAULT_SETTINGS,
      prices: TIER_PRICES,
      rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }),
    });
    const json = report.calls.find((call) => call.rejected);
    assert.ok(json?.rejectedReason?.includes("context window"));
    const other = report.calls.find((call) => !call.rejected)!;
    assert.equal(report.summary.monthlyUsd, other.costUsd.monthly);
    assert.equal(path.basename(json!.file), "app.ts");
  });
});
