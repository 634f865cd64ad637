import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { liveWorkspaceTotals, type WorkspaceFigures } from "../../client/src/live-workspace-totals.ts";
import type { FileCost } from "../../server/src/protocol.ts";

const report: WorkspaceFigures = {
  totals: { calls: 5, monthlyUsd: 300, unpricedCalls: 2 },
  files: [
    { uri: "file:///w/a.ts", calls: 2, monthlyUsd: 200, unpricedCalls: 0 },
    { uri: "file:///w/b.ts", calls: 2, monthlyUsd: 100, unpricedCalls: 1 },
    { uri: "file:///w/c.ts", calls: 1, monthlyUsd: null, unpricedCalls: 1 },
  ],
};
const open = (uri: string, calls: number, monthlyUsd: number | null, unpricedCalls: number): FileCost => ({ uri, version: 2, calls, monthlyUsd, unpricedCalls, findings: 0 });

describe("liveWorkspaceTotals", () => {
  it("is the report's totals when no open file has a newer figure", () => {
    assert.deepEqual(liveWorkspaceTotals(report, []), { calls: 5, monthlyUsd: 300, unpricedCalls: 2 });
  });

  it("replaces an edited file's figure by its latest analysis, not adding it twice", () => {
    // a.ts gained a call: $200 -> $260.5; the other files keep the report's figures.
    assert.deepEqual(liveWorkspaceTotals(report, [open("file:///w/a.ts", 3, 260.5, 0)]), { calls: 6, monthlyUsd: 360.5, unpricedCalls: 2 });
  });

  it("adds a file the report did not have and drops what a file no longer holds", () => {
    const totals = liveWorkspaceTotals(report, [open("file:///w/new.ts", 1, 12.25, 0), open("file:///w/b.ts", 0, null, 0)]);
    assert.deepEqual(totals, { calls: 4, monthlyUsd: 212.25, unpricedCalls: 1 });
  });

  it("is unknown (null), never $0, when no file is left with a priced call", () => {
    const totals = liveWorkspaceTotals(report, [open("file:///w/a.ts", 1, null, 1), open("file:///w/b.ts", 0, null, 0)]);
    assert.deepEqual(totals, { calls: 2, monthlyUsd: null, unpricedCalls: 2 });
  });

  it("rounds to cents without a negative zero", () => {
    const tiny: WorkspaceFigures = { totals: { calls: 1, monthlyUsd: 0.1, unpricedCalls: 0 }, files: [{ uri: "file:///w/a.ts", calls: 1, monthlyUsd: 0.1, unpricedCalls: 0 }] };
    const totals = liveWorkspaceTotals(tiny, [open("file:///w/a.ts", 1, 0.3 - 0.2, 0)]);
    assert.equal(Object.is(totals.monthlyUsd, -0), false);
    assert.equal(totals.monthlyUsd, 0.1);
  });
});
