import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reportHtml } from "../../client/src/report-html.ts";
import type { ReportCall, WorkspaceReport } from "../../server/src/protocol.ts";

const call = (overrides: Partial<ReportCall>): ReportCall => ({
  uri: "file:///w/src/a.ts",
  file: "src/a.ts",
  line: 3,
  column: 1,
  endLine: 3,
  endColumn: 40,
  provider: "openai",
  api: "chat.completions.create",
  kind: "chat",
  model: "gpt-4o",
  feature: null,
  inputTokens: 100,
  outputTokens: { cap: null, assumed: 500 },
  requestsPerDay: 1000,
  multiplier: 1,
  perRequestUsd: 0.01,
  monthlyUsd: 300,
  ...overrides,
});

function report(calls: ReportCall[], files: WorkspaceReport["files"] = []): WorkspaceReport {
  return {
    generated: "2026-12-02T00:00:00.000Z",
    pricing: { checked: "2026-09-23", source: "" },
    calls,
    files,
    findings: [],
    assumptions: { values: [], configUri: null },
    totals: { files: 1, filesWithCalls: 1, calls: calls.length, monthlyUsd: 300, unpricedCalls: 0, findings: 0 },
  };
}

/** The text of each cell of the table row whose first cell starts with `location`. */
function rowCells(html: string, table: string, location: string): string[] {
  const body = html.slice(html.indexOf(`<table id="${table}"`));
  const row = [...body.matchAll(/<tr data-uri[^>]*>(.*?)<\/tr>/g)].map((match) => [...match[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]!));
  const found = row.find((cells) => cells[0]!.startsWith(location));
  assert.ok(found, `a row for ${location}`);
  return found;
}

describe("workspace report page", () => {
  it("an embedding call has no output: neither a cap nor an assumed ~0", () => {
    const html = reportHtml(report([call({ kind: "embedding", model: "text-embedding-3-small", outputTokens: { cap: null, assumed: 0 } })]), { nonce: "n", cspSource: "c" });
    const cells = rowCells(html, "calls", "src/a.ts:3");
    assert.equal(cells[4], "none");
  });

  it("a call counted at its wrapper's call sites says so instead of a monthly figure", () => {
    const html = reportHtml(report([call({ countedAtCallSites: true })]), { nonce: "n", cspSource: "c" });
    assert.equal(rowCells(html, "calls", "src/a.ts:3")[7], "at its call sites");
  });

  it("a file with no priced call shows an unknown cost, not $0", () => {
    const files = [{ uri: "file:///w/src/b.ts", file: "src/b.ts", calls: 1, monthlyUsd: null, unpricedCalls: 1, findings: 1 }];
    const html = reportHtml(report([], files), { nonce: "n", cspSource: "c" });
    assert.equal(rowCells(html, "files", "src/b.ts")[4], "unknown");
  });
});
