import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFix } from "../../helpers/apply-fix.ts";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { modelPrice, priceTable } from "../../helpers/price-fixtures.ts";
import { TIER_PRICES } from "../../helpers/tier-prices.ts";
import type { AnalysisSettings } from "../../../server/src/core/settings.ts";

const RULE = "no-deprecated-model";
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const source = (model: string) => `${OPENAI}client.chat.completions.create({ model: "${model}", max_completion_tokens: 300, messages: [{ role: "user", content: "Write a haiku." }] });\n`;
const analyze = (text: string, today: string, settings: Partial<AnalysisSettings> = {}) => analyzeSource({ "src/app.ts": text }, "src/app.ts", { today, ...settings }, TIER_PRICES);
const fired = (text: string, today: string, settings: Partial<AnalysisSettings> = {}) => rulesFired(analyze(text, today, settings)).filter((rule) => rule === RULE);

describe(RULE, () => {
  it("reports a model past its deprecation date with its replacement and price, and not the replacement", () => {
    const analysis = analyze(source("gpt-4.5-preview"), "2026-09-23");
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.equal(
      analysis.findings[0]!.message,
      "$1,304/month less on gpt-4.1 ($2/$8 per Mtok in/out, $0.00242 per request instead of $0.0459), its replacement: gpt-4.5-preview was deprecated on 2025-07-14.",
    );
    assert.deepEqual(fired(source("gpt-4.1"), "2026-09-23"), []);
  });

  it("reports a model within 90 days of its date, and not one further away", () => {
    // gpt-4o's fixture date is 2026-11-20.
    assert.match(analyze(source("gpt-4o"), "2026-09-23").findings[0]!.message, /^\$[\d.,]+\/month less on gpt-4\.1 .*: gpt-4o is deprecated on 2026-11-20, in 58 days\.$/);
    assert.deepEqual(fired(source("gpt-4o"), "2026-08-01"), []);
    assert.deepEqual(fired(source("gpt-4o"), "2026-08-22"), [RULE]);
  });

  it("takes the warning window from the rule's options", () => {
    const options = { rules: { [RULE]: { severity: "warning" as const, options: { warnDays: 30 } } } };
    assert.deepEqual(fired(source("gpt-4o"), "2026-09-23", options), []);
    assert.deepEqual(fired(source("gpt-4o"), "2026-10-25", options), [RULE]);
  });

  it("says when the deprecated model is the costliest of the ways a request can go, not the one model it sends", () => {
    const text = `${OPENAI}export const ask = (premium: boolean) => client.chat.completions.create({ model: premium ? "gpt-4.5-preview" : "gpt-4.1-mini", max_completion_tokens: 300, messages: [{ role: "user", content: "Write a haiku." }] });\n`;
    const finding = analyze(text, "2026-09-23").findings.find((candidate) => candidate.rule === RULE)!;
    assert.match(finding.message, /: gpt-4\.5-preview \(the costliest of 2 ways this request can go\) was deprecated on 2025-07-14\.$/);
    // Lookalike: one model, no ways.
    assert.doesNotMatch(analyze(source("gpt-4.5-preview"), "2026-09-23").findings[0]!.message, /ways/);
  });

  it("reports a deprecated model on a cheaper way of the request too, without a fix", () => {
    const text = `${OPENAI}export const ask = (premium: boolean) => client.chat.completions.create({ model: premium ? "gpt-4.5-preview" : "gpt-4o", max_completion_tokens: 300, messages: [{ role: "user", content: "Write a haiku." }] });\n`;
    const findings = analyze(text, "2026-09-23").findings.filter((candidate) => candidate.rule === RULE);
    assert.deepEqual(
      findings.map((finding) => finding.message.replace(/^.*its replacement: /, "")),
      ["gpt-4.5-preview (the costliest of 2 ways this request can go) was deprecated on 2025-07-14.", "gpt-4o (one of the 2 ways this request can go) is deprecated on 2026-11-20, in 58 days."],
    );
    assert.match(findings[1]!.message, /^\$[\d.,]+\/month less on gpt-4\.1 /);
    assert.equal(findings[1]!.fix, undefined);
    // Lookalike: the cheaper way current.
    assert.equal(fired(text.replace(`"gpt-4o"`, `"gpt-4.1-mini"`), "2026-09-23").length, 1);
  });

  it("says the other deprecated ways of a request in one report, naming three at most", () => {
    const deprecated = (id: string, date: string) => modelPrice(id, { inputPerMTok: 0.1, outputPerMTok: 0.4, deprecationDate: date });
    const prices = priceTable({ openai: [modelPrice("gpt-current", { inputPerMTok: 5, outputPerMTok: 20 }), deprecated("old-a", "2025-01-01"), deprecated("old-b", "2025-02-01"), deprecated("old-c", "2025-03-01"), deprecated("old-d", "2025-04-01")] });
    const request = (models: string[]) => `${OPENAI}const MODELS = ${JSON.stringify(Object.fromEntries(models.map((model, index) => [`m${index}`, model])))} as const;\nexport const ask = (tier: keyof typeof MODELS) => client.chat.completions.create({ model: MODELS[tier], max_completion_tokens: 300, messages: [{ role: "user", content: "Write a haiku." }] });\n`;
    const reports = (models: string[]) => analyzeSource({ "src/app.ts": request(models) }, "src/app.ts", { today: "2026-09-23" }, prices).findings.filter((finding) => finding.rule === RULE).map((finding) => finding.message);
    assert.deepEqual(reports(["gpt-current", "old-a", "old-b", "old-c", "old-d"]), [
      "4 of the 5 ways this request can go use deprecated models: old-a (deprecated on 2025-01-01), old-b (deprecated on 2025-02-01), old-c (deprecated on 2025-03-01) and 1 more; a retired model stops answering.",
    ]);
    assert.deepEqual(reports(["gpt-current", "old-a", "old-b"]), ["2 of the 3 ways this request can go use deprecated models: old-a (deprecated on 2025-01-01) and old-b (deprecated on 2025-02-01); a retired model stops answering."]);
    // Lookalike: no deprecated way.
    assert.deepEqual(reports(["gpt-current", "gpt-current"]), []);
  });

  it("fixes the model id to the replacement, and the fixed call is quiet", () => {
    const text = source("gpt-4.5-preview");
    const finding = analyze(text, "2026-09-23").findings[0]!;
    assert.equal(finding.fix?.description, "Use gpt-4.1");
    const fixed = applyFix(text, finding.fix!);
    assert.ok(fixed.includes(`model: "gpt-4.1",`));
    assert.deepEqual(fired(fixed, "2026-09-23"), []);
  });
});
