// OpenAI's `n`: one request asks for that many completions of the prompt, each billed as output (the input
// once, the cap each one's). postiz sends `n: 5`; it was priced as one completion.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as path from "node:path";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { DocumentAnalysis } from "../../server/src/lsp/document-analysis-cache.ts";
import { hoverMarkdown } from "../../server/src/lsp/hover.ts";
import { analyzeSource, onlyCall, ROOT } from "../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../helpers/price-fixtures.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const asking = (extra: string) => `${OPENAI}export const ask = (q: string, count: number) => client.chat.completions.create({ model: "gpt-4.1", max_tokens: 100, ${extra}messages: [{ role: "user", content: q }] });\n`;
const analysed = (extra: string) => analyzeSource({ "src/ask.ts": asking(extra) }, "src/ask.ts", {}, TEST_PRICES);
const priced = (extra: string) => onlyCall(analysed(extra));
const reportOf = (extra: string) => buildReport([analysed(extra)], { cwd: "/project", toolVersion: "0.0.0", settings: DEFAULT_SETTINGS, prices: TEST_PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });

describe("completions per request (OpenAI's n)", () => {
  it("counts each completion's output, under the cap each, and the input once", () => {
    const one = priced("");
    const five = priced("n: 5, ");
    assert.equal(one.outputTokens.expected, 100);
    assert.equal(five.outputTokens.expected, 500);
    assert.equal(five.outputTokens.worstCase, 500);
    assert.equal(five.outputTokens.completions, 5);
    assert.equal(five.inputTokens.total, one.inputTokens.total);
    const outputPrice = five.price!.outputPerMTok;
    assert.ok(Math.abs(five.cost.perRequest! - one.cost.perRequest! - (400 * outputPrice) / 1e6) < 1e-9);
  });

  it("puts the count in the JSON report; `n: 1` and a count known at run time change nothing", () => {
    assert.equal(reportOf("n: 3, ").calls[0]!.outputTokens.completions, 3);
    assert.equal(priced("n: 1, ").outputTokens.completions, undefined);
    assert.equal(priced("n: count, ").outputTokens.expected, 100);
  });

  it("says in the hover that the cap is each completion's, and how many there are", () => {
    const hover = hoverMarkdown(priced("n: 5, "), { filePath: path.join(ROOT, "src/ask.ts"), settings: { prices: TEST_PRICES } } as unknown as DocumentAnalysis);
    assert.match(hover, /~500 tokens expected, at most 100 each/);
    assert.match(hover, /5 completions of the prompt \(`n: 5`\), each billed as output/);
  });
  it("says a count set at run time is an assumption of one completion, in the report and the hover", () => {
    assert.deepEqual(reportOf("n: count, ").calls[0]!.assumptions?.find((assumption) => assumption.subject === "completions"), { subject: "completions", value: 1, source: "assumed: `n` is set at run time", name: "count" });
    const hover = hoverMarkdown(priced("n: count, "), { filePath: path.join(ROOT, "src/ask.ts"), settings: { prices: TEST_PRICES } } as unknown as DocumentAnalysis);
    assert.match(hover, /one completion assumed: `n: count` is set at run time/);
    // Written as a number, or not at all, it is no assumption.
    for (const extra of ["n: 3, ", "n: 1, ", ""]) {
      assert.equal(reportOf(extra).calls[0]!.assumptions?.find((assumption) => assumption.subject === "completions"), undefined, extra);
    }
  });
});
