import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareReports, percentChange } from "../../server/src/cli/baseline.ts";
import { evaluateGates } from "../../server/src/cli/gates.ts";
import type { JsonCall, JsonReport } from "../../server/src/core/report.ts";

/** A call of a report, by what the matching looks at. */
function call(file: string, line: number, model: string, perRequest: number | null, fields: Partial<JsonCall> = {}): JsonCall {
  return {
    file,
    line,
    column: 3,
    endLine: line + 2,
    endColumn: 4,
    sdk: "openai",
    provider: "openai",
    api: "chat.completions.create",
    kind: "chat",
    model,
    feature: null,
    inputTokens: { static: 100, dynamic: 250, total: 350, exact: false, cacheablePrefix: 100 },
    outputTokens: { cap: 300, assumed: 300 },
    multiplier: 1,
    costUsd: { perRequest, perRequestCached: perRequest, perRequestBatch: perRequest === null ? null : perRequest / 2, monthly: perRequest === null ? null : perRequest * 30_000 },
    ...fields,
  };
}

function report(calls: JsonCall[]): JsonReport {
  const monthlyUsd = Math.round(calls.reduce((sum, entry) => sum + (entry.costUsd.monthly ?? 0), 0) * 100) / 100;
  return {
    version: 1,
    tool: { name: "promptcost", version: "0.0.0" },
    pricing: { checked: "2026-09-23", source: "test" },
    assumptions: { requestsPerDay: 1000, dynamicTokens: 250, outputTokens: 500 },
    calls,
    findings: [],
    summary: { files: 1, calls: calls.length, errors: 0, warnings: 0, infos: 0, monthlyUsd, unpricedCalls: calls.filter((entry) => entry.costUsd.perRequest === null).length },
    features: [],
  };
}

const compare = (before: JsonCall[], after: JsonCall[], driftPct = 20) => compareReports(report(before), report(after), { baseline: "base.json", driftPct });

describe("baseline comparison", () => {
  it("matches calls whose lines moved, and reports nothing changed", () => {
    const comparison = compare([call("a.ts", 8, "gpt-4.1", 0.01), call("a.ts", 20, "gpt-4.1-mini", 0.001)], [call("a.ts", 15, "gpt-4.1", 0.01), call("a.ts", 31, "gpt-4.1-mini", 0.001)]);
    assert.deepEqual({ changed: comparison.changed.length, added: comparison.added.length, removed: comparison.removed.length, unchanged: comparison.unchanged }, { changed: 0, added: 0, removed: 0, unchanged: 2 });
  });

  it("lists a per-request rise with its percentage and flags it over the drift threshold", () => {
    const comparison = compare([call("a.ts", 8, "gpt-4.1", 0.01)], [call("a.ts", 8, "gpt-4.1", 0.0125)]);
    const [entry] = comparison.changed;
    assert.equal(entry!.perRequestChangePct, 25);
    assert.equal(entry!.monthlyChangeUsd, 75);
    assert.equal(entry!.overThreshold, true);
    assert.equal(compare([call("a.ts", 8, "gpt-4.1", 0.01)], [call("a.ts", 8, "gpt-4.1", 0.0119)]).changed[0]!.overThreshold, false);
    assert.equal(compare([call("a.ts", 8, "gpt-4.1", 0.01)], [call("a.ts", 8, "gpt-4.1", 0.0125)], 30).changed[0]!.overThreshold, false);
  });

  it("does not shift the others when a call like them is inserted between them", () => {
    const a = call("a.ts", 10, "gpt-4.1", 0.01, { inputTokens: { static: 100, dynamic: 250, total: 350, exact: false, cacheablePrefix: 100 } });
    const b = call("a.ts", 30, "gpt-4.1", 0.02, { inputTokens: { static: 900, dynamic: 250, total: 1150, exact: false, cacheablePrefix: 900 } });
    const inserted = call("a.ts", 20, "gpt-4.1", 0.05, { inputTokens: { static: 4000, dynamic: 250, total: 4250, exact: false, cacheablePrefix: 4000 } });
    const comparison = compare([a, b], [{ ...a, line: 12 }, inserted, { ...b, line: 50 }]);
    assert.deepEqual(comparison.changed, []);
    assert.deepEqual(comparison.added.map((entry) => entry.line), [20]);
    assert.equal(comparison.unchanged, 2);
  });

  it("matches a model switch as a change of the same call, not a removal and an addition", () => {
    const comparison = compare([call("a.ts", 8, "gpt-4.1-mini", 0.001)], [call("a.ts", 8, "gpt-4.1", 0.01)]);
    assert.equal(comparison.added.length + comparison.removed.length, 0);
    assert.equal(comparison.changed[0]!.previousModel, "gpt-4.1-mini");
    assert.equal(comparison.changed[0]!.perRequestChangePct, 900);
    assert.equal(comparison.changed[0]!.overThreshold, true);
  });

  it("lists new and removed calls, and calls in other files separately", () => {
    const comparison = compare([call("a.ts", 8, "gpt-4.1", 0.01), call("old.ts", 3, "gpt-4.1", 0.01)], [call("a.ts", 8, "gpt-4.1", 0.01), call("b.ts", 3, "gpt-4.1", 0.01)]);
    assert.deepEqual(comparison.added.map((entry) => entry.file), ["b.ts"]);
    assert.deepEqual(comparison.removed.map((entry) => entry.file), ["old.ts"]);
    assert.equal(comparison.added[0]!.before, null);
    assert.equal(comparison.removed[0]!.after, null);
  });

  it("never flags an unpriced call, and rounds percentages to a tenth", () => {
    assert.equal(compare([call("a.ts", 8, "x", null)], [call("a.ts", 8, "x", 0.01)]).changed[0]!.overThreshold, false);
    assert.equal(percentChange(3, 4), 33.3);
    assert.equal(percentChange(0, 4), null);
  });
});

describe("gates", () => {
  const withComparison = (before: JsonCall[], after: JsonCall[]) => ({ ...report(after), comparison: compareReports(report(before), report(after), { baseline: "base.json", driftPct: 20 }) });

  it("fails the budget over the monthly total and passes it at or under", () => {
    const current = report([call("a.ts", 8, "gpt-4.1", 0.01)]);
    assert.deepEqual(evaluateGates(current, { maxWarnings: undefined, budget: 299 }).map((gate) => gate.passed), [false]);
    assert.equal(evaluateGates(current, { maxWarnings: undefined, budget: 299 })[0]!.message, "projected monthly total $300 is over the budget of $299");
    assert.deepEqual(evaluateGates(current, { maxWarnings: undefined, budget: 300 }).map((gate) => gate.passed), [true]);
  });

  it("fails drift on one call's per-request rise even when the total barely moves", () => {
    const others = Array.from({ length: 20 }, (_, index) => call(`f${index}.ts`, 1, "gpt-4.1", 0.01));
    const gates = evaluateGates(withComparison([...others, call("a.ts", 8, "gpt-4.1", 0.001)], [...others, call("a.ts", 8, "gpt-4.1", 0.002)]), { maxWarnings: undefined, budget: undefined });
    assert.equal(gates[0]!.passed, false);
    assert.equal(gates[0]!.message, "cost rose more than 20% since base.json: a.ts:8 costs $0.001 -> $0.002 per request (+100%)");
  });

  it("fails drift on the monthly total when a new call adds more than 20%", () => {
    const gates = evaluateGates(withComparison([call("a.ts", 8, "gpt-4.1", 0.01)], [call("a.ts", 8, "gpt-4.1", 0.01), call("b.ts", 3, "gpt-4.1", 0.005)]), { maxWarnings: undefined, budget: undefined });
    assert.equal(gates[0]!.message, "cost rose more than 20% since base.json: the monthly total rose $300 -> $450 (+50%)");
  });

  it("passes drift when costs fall or rise within the threshold", () => {
    const gates = evaluateGates(withComparison([call("a.ts", 8, "gpt-4.1", 0.01)], [call("a.ts", 8, "gpt-4.1", 0.011)]), { maxWarnings: undefined, budget: undefined });
    assert.deepEqual(gates.map((gate) => gate.passed), [true]);
  });
});
