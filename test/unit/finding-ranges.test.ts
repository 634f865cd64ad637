// Each finding sits on the node its fix touches, not on the whole call.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource } from "../helpers/memory-workspace.ts";
import { FIXTURE_TODAY, TIER_PRICES } from "../helpers/tier-prices.ts";

const analyze = (source: string) => analyzeSource({ "src/app.ts": source }, "src/app.ts", { today: FIXTURE_TODAY }, TIER_PRICES);
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;

function textOf(source: string, rule: string): string {
  const finding = analyze(source).findings.find((candidate) => candidate.rule === rule);
  assert.ok(finding, `${rule} fires`);
  return source.slice(finding.offsets.start, finding.offsets.end);
}

describe("where findings sit", () => {
  it("require-max-tokens: the callee's name", () => {
    const source = `${OPENAI}export const f = (q: string) => client.chat.completions.create({\n  model: "gpt-4.1",\n  messages: [{ role: "user", content: q }],\n});\n`;
    assert.equal(textOf(source, "require-max-tokens"), "create");
  });

  it("no-unknown-model and prefer-smaller-model: the model value", () => {
    const unknown = `${OPENAI}export const f = (q: string) => client.chat.completions.create({\n  model: "acme-nonexistent-9",\n  max_completion_tokens: 5,\n  messages: [{ role: "user", content: q }],\n});\n`;
    assert.equal(textOf(unknown, "no-unknown-model"), `"acme-nonexistent-9"`);
    const premium = `${OPENAI}export const f = (q: string) => client.chat.completions.create({\n  model: "gpt-4.1",\n  max_completion_tokens: 1,\n  messages: [{ role: "user", content: q }],\n});\n`;
    assert.equal(textOf(premium, "prefer-smaller-model"), `"gpt-4.1"`);
  });

  it("max-context-tokens: the messages property", () => {
    const source = `${OPENAI}const BIG = ${JSON.stringify("word ".repeat(20_000))};\nexport const f = () => client.chat.completions.create({\n  model: "gpt-4.1",\n  max_completion_tokens: 5,\n  messages: [{ role: "user", content: BIG }],\n});\n`;
    assert.equal(textOf(source, "max-context-tokens"), "messages");
  });
});
