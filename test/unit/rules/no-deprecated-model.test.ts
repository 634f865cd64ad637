import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFix } from "../../helpers/apply-fix.ts";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
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

  it("fixes the model id to the replacement, and the fixed call is quiet", () => {
    const text = source("gpt-4.5-preview");
    const finding = analyze(text, "2026-09-23").findings[0]!;
    assert.equal(finding.fix?.description, "Use gpt-4.1");
    const fixed = applyFix(text, finding.fix!);
    assert.ok(fixed.includes(`model: "gpt-4.1",`));
    assert.deepEqual(fired(fixed, "2026-09-23"), []);
  });
});
