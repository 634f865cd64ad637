import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scoreStrict, type StrictExpected, type StrictReportedCall } from "../../bench/recall/strict.ts";

const labels: StrictExpected = {
  strict: true,
  scope: "test",
  labelledFiles: ["src/app.ts", "src/llm.ts"],
  calls: [
    { file: "src/app.ts", line: 10, model: "gpt-4o-mini" },
    { file: "src/app.ts", line: 20, model: null },
    { file: "src/app.ts", line: 30, model: "claude-haiku-4-5", note: "two requests in a row" },
    { file: "src/app.ts", line: 30, model: "claude-haiku-4-5", note: "two requests in a row" },
  ],
  wrapperSites: [{ file: "src/llm.ts", line: 5 }],
  noCalls: ["src/mock.ts"],
};

function call(file: string, line: number, extra: Partial<StrictReportedCall> = {}): StrictReportedCall {
  return { file, line, endLine: line + 2, api: "chat.completions.create", model: "gpt-4o-mini", ...extra };
}

describe("strict recall scoring", () => {
  it("takes each request line once, as often as it was labelled", () => {
    const score = scoreStrict(labels, [
      call("src/app.ts", 9),
      call("src/app.ts", 9),
      call("src/app.ts", 29, { model: "claude-haiku-4-5" }),
      call("src/app.ts", 29, { model: "claude-haiku-4-5" }),
    ]);
    assert.equal(score.found, 3);
    assert.equal(score.falsePositives, 1);
    assert.equal(score.extra[0]!.why, "second entry for one request line");
    assert.deepEqual(score.missed.map((label) => label.line), [20]);
  });

  it("counts a wrapper site reported on its own and a call in a lookalike file as false positives", () => {
    const score = scoreStrict(labels, [call("src/llm.ts", 4), call("src/mock.ts", 1)]);
    assert.deepEqual(score.extra.map((entry) => entry.why), ["wrapper site counted on its own", "no request at this line"]);
  });

  it("leaves out calls that are not counted and calls in files nobody labelled", () => {
    const score = scoreStrict(labels, [call("src/llm.ts", 4, { countedAtCallSites: true }), call("src/other.ts", 1), call("src/app.ts", 19, { rejected: true })]);
    assert.equal(score.reported, 0);
    assert.equal(score.found, 0);
  });

  it("resolves a model through its candidates and a gateway id", () => {
    const score = scoreStrict(labels, [
      call("src/app.ts", 10, { model: null, modelCandidates: [{ model: "gpt-4o" }, { model: "gpt-4o-mini" }] }),
      call("src/app.ts", 30, { model: "anthropic/claude-haiku-4.5" }),
      call("src/app.ts", 30, { model: "gpt-4o" }),
    ]);
    assert.equal(score.knowable, 3);
    assert.equal(score.resolved, 2);
    assert.equal(score.wrongModel[0]!.reported, "gpt-4o");
  });
});
