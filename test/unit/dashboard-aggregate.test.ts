import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callOfFinding, costGroups, headlineOf } from "../../client/src/dashboard/aggregate.ts";
import { call, checkout, finding, mini, reportOf, SAMPLE, unknownModel } from "./dashboard/report-fixture.ts";

/** Each group as `key calls/unpriced/findings $monthly`, in the order given. */
const summary = (dimension: Parameters<typeof costGroups>[1]) =>
  costGroups(SAMPLE, dimension).map((group) => `${group.key} ${group.calls}/${group.unpricedCalls}/${group.findings} ${group.monthlyUsd}${group.lowerBound ? "+" : ""}`);

describe("dashboard totals", () => {
  it("by feature: counted calls only (no wrapper's own call, no rejected request), the dearest first", () => {
    assert.deepEqual(summary("feature"), ["checkout 2/1/2 300", "null 1/0/1 20", "search 1/0/0 10+"]);
  });

  it("by model: a model not known statically is unpriced, after every priced model", () => {
    assert.deepEqual(summary("model"), ["gpt-4o 1/0/1 300", "gpt-4o-mini 1/0/1 20", "pick-one 1/0/0 10+", "null 1/1/1 null"]);
  });

  it("by file: files with findings but no counted call are listed, unknown (not $0), by name", () => {
    assert.deepEqual(summary("file"), ["src/a.ts 2/1/2 300", "src/b.ts 1/0/1 20", "src/c.ts 1/0/0 10+", "src/d.ts 0/0/1 null", "src/lib.ts 0/0/1 null"]);
  });

  it("by rule: findings, the counted calls they flag and those calls' $/month", () => {
    assert.deepEqual(summary("rule"), ["require-max-tokens 2/0/3 320", "no-unknown-model 1/1/1 null", "parse-error 0/0/1 null"]);
  });

  it("a call flagged twice by one rule is summed once", () => {
    const report = reportOf([checkout], [finding("src/a.ts", 3, 20, "require-max-tokens"), finding("src/a.ts", 5, 1, "require-max-tokens")]);
    assert.equal(costGroups(report, "rule")[0]!.monthlyUsd, 300);
    assert.equal(costGroups(report, "rule")[0]!.findings, 2);
  });

  it("sums without floating-point dust", () => {
    const report = reportOf([call("src/a.ts", 1, { monthlyUsd: 0.1 }), call("src/a.ts", 20, { monthlyUsd: 0.2 })]);
    assert.equal(costGroups(report, "file")[0]!.monthlyUsd, 0.3);
  });

  it("a group leads to its dearest call", () => {
    assert.deepEqual(costGroups(SAMPLE, "feature")[0]!.target, { uri: checkout.uri, line: 3, column: 10 });
  });

  it("a finding belongs to the innermost call holding it, in the same file only", () => {
    const outer = call("src/a.ts", 1, { endLine: 30 });
    const inner = call("src/a.ts", 10, { column: 5 });
    assert.equal(callOfFinding(finding("src/a.ts", 11, 1, "r"), [outer, inner]), inner);
    assert.equal(callOfFinding(finding("src/a.ts", 11, 1, "r"), [inner, outer]), inner);
    assert.equal(callOfFinding(finding("src/a.ts", 20, 1, "r"), [outer, inner]), outer);
    assert.equal(callOfFinding(finding("src/a.ts", 3, 9, "r"), [call("src/a.ts", 3)]), undefined, "before the call's first column");
    assert.equal(callOfFinding(finding("src/x.ts", 11, 1, "r"), [outer, inner]), undefined);
  });

  it("the headline counts every call left out of the total, by reason", () => {
    assert.deepEqual(headlineOf(SAMPLE), { monthlyUsd: 330, countedCalls: 4, unpricedCalls: 1, lowerBoundCalls: 1, atCallSites: 1, rejected: 1, findings: 5 });
  });

  it("a workspace whose only calls are unpriced has an unknown total, not $0", () => {
    assert.equal(headlineOf(reportOf([unknownModel])).monthlyUsd, null);
    assert.equal(headlineOf(reportOf([mini])).monthlyUsd, 20);
  });
});
