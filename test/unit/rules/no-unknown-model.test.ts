import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, rulesFired } from "../../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../../helpers/price-fixtures.ts";
import { buildReport } from "../../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../../server/src/core/settings.ts";

const RULE = "no-unknown-model";
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const analyze = (model: string) => analyzeSource({ "src/app.ts": `${OPENAI}export const f = (m: string) => client.chat.completions.create({ model: ${model}, max_tokens: 5, messages: [] });` }, "src/app.ts", {}, TEST_PRICES);

describe(RULE, () => {
  it("reports a model missing from the table and prices it as null, never 0", () => {
    const analysis = analyze(`"gpt-9-imaginary"`);
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.deepEqual(analysis.calls[0]!.cost, { perRequest: null, perRequestCached: null, perRequestBatch: null, monthly: null });
  });

  it("is quiet for a model in the table, also under a dated snapshot name", () => {
    assert.deepEqual(rulesFired(analyze(`"gpt-4.1"`)), []);
    assert.deepEqual(rulesFired(analyze(`"gpt-4.1-2025-04-14"`)), []);
    assert.deepEqual(rulesFired(analyze(`"gpt-4.1-2026-01-01"`)), []);
  });

  it("reports a model that is not known statically, saying why", () => {
    const analysis = analyze("m");
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.match(analysis.findings[0]!.message, /^Cost unknown: the model comes from `m`, only known at run time; say which model runs with `\/\/ promptcost: model=ID`/);
  });

  it("names an unpriced candidate model, and the cost of the priced one is marked a lower bound", () => {
    const analysis = analyze(`m === "fast" ? "gpt-4.1" : "my-private-model"`);
    assert.deepEqual(rulesFired(analysis), [RULE]);
    assert.match(analysis.findings[0]!.message, /^The cost shown \(of gpt-4\.1\) is only a lower bound: "my-private-model"/);
    const priced = analysis.calls[0]!;
    assert.equal(priced.cost.lowerBound, true);
    assert.ok((priced.cost.perRequest ?? 0) > 0);
  });

  it("says a candidate run on a self-hosted server has no per-token price, not that the vendor's table lacks it", () => {
    // karakeep's InferenceClient: the same model id sent to OpenAI or, without a key, to Ollama.
    const source = `import OpenAI from "openai";
import { Ollama } from "ollama";
interface Client { infer(prompt: string): Promise<unknown>; }
class OpenAIClient implements Client {
  private openai = new OpenAI();
  infer(prompt: string) { return this.openai.chat.completions.create({ model: "gpt-4.1", max_tokens: 5, messages: [{ role: "user", content: prompt }] }); }
}
class OllamaClient implements Client {
  private ollama = new Ollama();
  infer(prompt: string) { return this.ollama.generate({ model: "gpt-4.1", prompt, options: { num_predict: 5 } }); }
}
export function build(): Client { return process.env.OPENAI_API_KEY ? new OpenAIClient() : new OllamaClient(); }
export async function run(prompt: string) { return build().infer(prompt); }
`;
    const analysis = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, TEST_PRICES);
    const lowerBound = analysis.findings.find((finding) => finding.message.startsWith("The cost shown (of gpt-4.1) is only a lower bound"));
    assert.ok(lowerBound, analysis.findings.map((finding) => finding.message).join("\n"));
    assert.match(lowerBound.message, /"gpt-4\.1", which this call may run on a self-hosted server \(ollama\), has no per-token price/);
    assert.doesNotMatch(lowerBound.message, /not in the openai price table/);
  });

  it("names the expression of a model only the URL carries apart from what the note says of the URL", () => {
    const source = `declare const settings: { googleUrl: string; model: string };
export const f = (question: string) => fetch(\`\${settings.googleUrl}/v1beta/models/\${settings.model}:generateContent\`, { method: "POST", body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: question }] }] }) });`;
    const analysis = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, TEST_PRICES);
    const finding = analysis.findings.find((one) => one.rule === RULE);
    assert.match(finding?.message ?? "", /^Cost unknown: the model comes from `settings\.model`, only known at run time \(the base URL is not known statically \(settings\.googleUrl\): priced as google\); say which model runs with `\/\/ promptcost: model=ID` above the call, "env": \{ "settings\.model": "ID" \}/);
  });

  it("is quiet when every candidate model is priced, and the cost is not a lower bound", () => {
    const analysis = analyze(`m === "fast" ? "gpt-4.1" : "gpt-4.1-2025-04-14"`);
    assert.deepEqual(rulesFired(analysis), []);
    assert.equal(analysis.calls[0]!.cost.lowerBound, undefined);
  });

  it("counts a lower-bound call among the unpriced calls of the report", () => {
    const source = `${OPENAI}export const f = (fast: boolean) => client.chat.completions.create({ model: fast ? "gpt-4.1" : "my-private-model", max_tokens: 5, messages: [] });`;
    const analysis = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, TEST_PRICES);
    const report = buildReport([analysis], { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: TEST_PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
    assert.equal(report.calls[0]!.costUsd.lowerBound, true);
    assert.equal(report.summary.unpricedCalls, 1);
  });
});
