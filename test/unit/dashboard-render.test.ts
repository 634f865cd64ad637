import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callGroups } from "../../client/src/dashboard/call-groups.ts";
import { renderDashboard } from "../../client/src/dashboard/render.ts";
import { call, reportOf, SAMPLE } from "./dashboard/report-fixture.ts";

/** Each row of a table as [first cell, last cell, bar width or null], in page order. */
function rows(html: string, table: string): [string, string, number | null][] {
  const start = html.indexOf(`<table id="${table}"`);
  assert.ok(start >= 0, table);
  const body = html.slice(start, html.indexOf("</table>", start));
  return [...body.matchAll(/<tr data-uri[^>]*>(.*?)<\/tr>/g)].map((match) => {
    const cells = [...match[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]!);
    const width = /<rect width="([\d.]+)"/.exec(cells.at(-1)!)?.[1];
    return [cells[0]!, cells.at(-1)!.replace(/<[^>]+>/g, ""), width === undefined ? null : Number(width)];
  });
}

describe("dashboard page", () => {
  it("draws $/month as bars proportional to the dearest group; an unpriced group gets no bar and says so", () => {
    assert.deepEqual(rows(renderDashboard(SAMPLE, {}), "by-model"), [
      ["gpt-4o", "$300", 100],
      ["gpt-4o-mini", "$20.00", 6.67],
      ["pick-one", "≥ $10.00", 3.33],
      ["(not known statically)", "unpriced", null],
    ]);
  });

  it("draws each table in the sort the user chose: text columns A to Z", () => {
    const html = renderDashboard(SAMPLE, { "by-file": { column: 0, descending: false } });
    assert.deepEqual(rows(html, "by-file").map((row) => row[0]), ["src/a.ts", "src/b.ts", "src/c.ts", "src/d.ts", "src/lib.ts"]);
    assert.match(html, /<th class="" data-table="by-file" data-column="0" data-numeric="false" tabindex="0" aria-sort="ascending">/);
  });

  it("says why a call is not in the total instead of a figure", () => {
    const calls = rows(renderDashboard(SAMPLE, {}), "calls");
    assert.deepEqual(calls.find((row) => row[0] === "src/lib.ts:5")?.[1], "at its call sites");
    assert.deepEqual(calls.find((row) => row[0] === "src/b.ts:20")?.[1], "rejected: not in totals");
    assert.deepEqual(calls.find((row) => row[0] === "src/a.ts:10")?.[1], "unpriced");
  });

  it("heads the page with the total and the calls left out of it, and a Change button per assumption", () => {
    const html = renderDashboard(SAMPLE, {});
    assert.match(html, /<strong id="total">\$330<\/strong>/);
    assert.match(html, /1 unpriced, not in the total/);
    assert.match(html, /data-action="change-assumption" data-key="requestsPerDay"/);
    assert.match(html, /data-action="change-assumption" data-key="cacheHitRate"/);
  });

  it("a workspace with only unpriced calls shows 'unpriced', never $0", () => {
    const html = renderDashboard(reportOf([call("src/a.ts", 1, { model: "mystery", perRequestUsd: null, monthlyUsd: null })]), {});
    assert.match(html, /<strong id="total">unpriced<\/strong>/);
    assert.doesNotMatch(html, /\$0\b/);
  });

  it("escapes what the code under analysis names", () => {
    const html = renderDashboard(reportOf([call("src/a.ts", 1, { feature: "<img src=x onerror=alert(1)>" })]), {});
    assert.doesNotMatch(html, /<img/);
  });
});

describe("calls tree groups", () => {
  it("by file: every call, counted or not, the dearest group first and calls not in the totals last", () => {
    const groups = callGroups(SAMPLE, "file").map((group) => `${group.key}: ${group.calls.map((c) => c.line).join(",")}`);
    assert.deepEqual(groups, ["src/a.ts: 3,10", "src/b.ts: 3,20", "src/c.ts: 7", "src/lib.ts: 5"]);
  });

  it("by feature: calls without a feature in their own group, with the dashboard's sums", () => {
    const groups = callGroups(SAMPLE, "feature");
    assert.deepEqual(groups.map((group) => [group.key, group.monthlyUsd, group.calls.length]), [
      ["checkout", 300, 2],
      [null, 20, 3],
      ["search", 10, 1],
    ]);
  });
});
