// The status bar's file figure says when it is not the analysis of the text in the editor (client/src/status-text.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileFigureState, statusText, statusTooltip, UPDATING_AFTER_MS } from "../../client/src/status-text.ts";
import type { FileCost } from "../../server/src/protocol.ts";

const cost = (fields: Partial<FileCost> = {}): FileCost => ({ uri: "file:///a.ts", version: 3, calls: 2, monthlyUsd: 111, unpricedCalls: 0, findings: 1, ...fields });
const workspace = { calls: 9, monthlyUsd: 4210, unpricedCalls: 0 };

describe("the status bar's file figure", () => {
  it("is current when it is the analysis of the document's version", () => {
    assert.equal(fileFigureState(cost(), { version: 3, msSinceChange: 10_000 }, false), undefined);
    assert.equal(statusText(cost(), workspace, undefined), "File $111/mo · Workspace $4,210/mo");
  });

  it("says it comes from the CLI's cache or an earlier session until the session's own analysis", () => {
    assert.equal(fileFigureState(cost({ provisional: "cli-cache" }), { version: 3, msSinceChange: 10_000 }, false), "cached");
    assert.equal(fileFigureState(cost({ provisional: "stored" }), { version: 3, msSinceChange: 10_000 }, false), "stored");
    assert.equal(statusText(cost(), workspace, "cached"), "File $111/mo (cached) · Workspace $4,210/mo");
    assert.match(statusTooltip(cost(), workspace, "cached"), /promptcost --lint --cache/);
  });

  it("says it is updating when the document changed and its analysis has not come in a while, not at once", () => {
    assert.equal(fileFigureState(cost(), { version: 4, msSinceChange: UPDATING_AFTER_MS - 1 }, false), undefined);
    assert.equal(fileFigureState(cost(), { version: 4, msSinceChange: UPDATING_AFTER_MS }, false), "updating");
    assert.equal(fileFigureState(cost({ provisional: "cli-cache" }), { version: 4, msSinceChange: UPDATING_AFTER_MS }, false), "updating");
    assert.equal(statusText(cost(), undefined, "updating"), "File $111/mo (updating)");
  });

  it("says the file is being analysed when its figure was asked for and has not come", () => {
    assert.equal(fileFigureState(undefined, { version: 1, msSinceChange: 0 }, true), "analysing");
    assert.equal(fileFigureState(undefined, { version: 1, msSinceChange: 0 }, false), undefined);
    assert.equal(statusText(undefined, workspace, "analysing"), "File analysing… · Workspace $4,210/mo");
  });
});
