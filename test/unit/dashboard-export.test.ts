import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callsCsv, csvField, dashboardMarkdown } from "../../client/src/dashboard/export.ts";
import { nextSort, sortRows, type SortValue } from "../../client/src/dashboard/table-sort.ts";
import { call, reportOf, SAMPLE } from "./dashboard/report-fixture.ts";

const sortBy = (values: SortValue[], descending: boolean) => sortRows(values, (value) => value, { column: 0, descending });

describe("dashboard column sorting", () => {
  it("a text column sorts A to Z on the first click, Z to A on the second", () => {
    const first = nextSort({ column: 4, descending: true }, 1, false);
    assert.deepEqual(first, { column: 1, descending: false });
    assert.deepEqual(sortBy(["beta", "Alpha", "gamma"], first.descending), ["Alpha", "beta", "gamma"]);
    const second = nextSort(first, 1, false);
    assert.deepEqual(sortBy(["beta", "Alpha", "gamma"], second.descending), ["gamma", "beta", "Alpha"]);
  });

  it("a number column sorts the largest first on the first click", () => {
    const first = nextSort(undefined, 2, true);
    assert.deepEqual(first, { column: 2, descending: true });
    assert.deepEqual(sortBy([3, 20, 100], first.descending), [100, 20, 3]);
    assert.deepEqual(sortBy([3, 20, 100], nextSort(first, 2, true).descending), [3, 20, 100]);
  });

  it("unknown values stay last either way", () => {
    assert.deepEqual(sortBy([null, 5, 7], true), [7, 5, null]);
    assert.deepEqual(sortBy([null, 5, 7], false), [5, 7, null]);
    assert.deepEqual(sortBy(["b", null, "a"], false), ["a", "b", null]);
  });

  it("file names with line numbers sort by number, and equal rows keep their order", () => {
    assert.deepEqual(sortBy(["src/a.ts:10", "src/a.ts:9"], false), ["src/a.ts:9", "src/a.ts:10"]);
    const rows = [{ id: 1, v: 2 }, { id: 2, v: 2 }, { id: 3, v: 1 }];
    assert.deepEqual(sortRows(rows, (row) => row.v, { column: 0, descending: true }).map((row) => row.id), [1, 2, 3]);
  });
});

describe("dashboard CSV export", () => {
  const rows = callsCsv(SAMPLE).trimEnd().split("\r\n").map((line) => line.split(","));
  const header = rows[0]!;
  const cell = (file: string, line: number, column: string) => rows.find((row) => row[0] === file && row[1] === String(line))?.[header.indexOf(column)];

  it("has one row per call, figures as plain numbers", () => {
    assert.equal(rows.length, SAMPLE.calls.length + 1);
    assert.equal(cell("src/a.ts", 3, "usd_per_month"), "300");
    assert.equal(cell("src/a.ts", 3, "usd_per_request"), "0.01");
    assert.equal(cell("src/a.ts", 3, "feature"), "checkout");
  });

  it("leaves $/month empty, never 0, for a call without a price, and says why", () => {
    assert.equal(cell("src/a.ts", 10, "usd_per_month"), "");
    assert.equal(cell("src/a.ts", 10, "usd_per_request"), "");
    assert.equal(cell("src/a.ts", 10, "status"), "unpriced");
  });

  it("keeps a wrapper's own call and a rejected request out of $/month, with the reason", () => {
    assert.equal(cell("src/lib.ts", 5, "usd_per_month"), "");
    assert.equal(cell("src/lib.ts", 5, "status"), "counted at its call sites");
    assert.equal(cell("src/b.ts", 20, "usd_per_month"), "");
    assert.match(cell("src/b.ts", 20, "status")!, /^rejected/);
    assert.equal(cell("src/c.ts", 7, "status"), "lower bound");
  });

  it("quotes commas, quotes and line breaks, and text a spreadsheet would run as a formula", () => {
    assert.equal(csvField('say "hi", then'), '"say ""hi"", then"');
    assert.equal(csvField("a\nb"), '"a\nb"');
    assert.equal(csvField("=HYPERLINK(1)"), `"'=HYPERLINK(1)"`);
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField(0.25), "0.25");
  });
});

describe("dashboard Markdown export", () => {
  const markdown = dashboardMarkdown(SAMPLE);
  const section = (caption: string) => {
    const start = markdown.indexOf(`## ${caption}`);
    assert.ok(start >= 0, caption);
    const end = markdown.indexOf("\n## ", start + 1);
    return markdown.slice(start, end < 0 ? undefined : end).trim().split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| ---"));
  };

  it("states the total and every call left out of it", () => {
    assert.match(markdown, /\*\*\$330\/month\*\* for 4 calls \(1 unpriced \(not in the total\); 1 priced as a lower bound; 1 inside wrappers, counted at their call sites; 1 rejected/);
  });

  it("lists the assumptions with where to change them, and the prices' date", () => {
    assert.match(markdown, /- 1,000 requests\/day per call .*\(setting promptcost\.requestsPerDay\)/);
    assert.match(markdown, /- 50% of requests hit the prompt cache.*set defaults\.cacheHitRate in promptcost\.config\.json/);
    assert.match(markdown, /Prices checked 2026-09-23/);
  });

  it("draws each table as the page does: unpriced groups say so, the dearest first", () => {
    assert.deepEqual(section("By model"), [
      "| Model | Calls | Findings | Unpriced | $/month |",
      "| gpt-4o | 1 | 1 | 0 | $300 |",
      "| gpt-4o-mini | 1 | 1 | 0 | $20.00 |",
      "| pick-one | 1 | 0 | 0 | ≥ $10.00 |",
      "| (not known statically) | 1 | 1 | 1 | unpriced |",
    ]);
  });

  it("follows the sort the user chose, and escapes pipes in cells", () => {
    const report = reportOf([call("src/a|b.ts", 1, { monthlyUsd: 5 }), call("src/z.ts", 1, { monthlyUsd: 9 })]);
    const byName = dashboardMarkdown(report, { "by-file": { column: 0, descending: false } });
    const rows = byName.split("\n").filter((line) => /^\| src\//.test(line));
    assert.equal(rows[0], "| src/a\\|b.ts | 1 | 0 | 0 | $5.00 |");
    assert.equal(rows[1], "| src/z.ts | 1 | 0 | 0 | $9.00 |");
  });
});
