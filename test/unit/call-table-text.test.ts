import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { formatMarkdown } from "../../server/src/cli/reporters/markdown.ts";
import { formatStylish } from "../../server/src/cli/reporters/stylish.ts";
import { testFilesHint } from "../../server/src/cli/reporters/summary-parts.ts";
import { isInTotals, type JsonReport } from "../../server/src/core/report.ts";

// The call tables of the human formats say why a listed call is in no total, as the editor's dashboard does,
// and "N more calls" adds up what the total adds up: the calls of the totals, never a $0 for calls without a price.

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "cli", "golden", "examples.json");
const report = (): JsonReport => JSON.parse(fs.readFileSync(GOLDEN, "utf8")) as JsonReport;
const stylish = (input: JsonReport) => formatStylish(input, { color: false, width: 200, verbose: false, quiet: false });

/** The `path:line` of each row of the stylish call table. */
function listed(output: string): Set<string> {
  return new Set([...output.matchAll(/^  (examples\/\S+:\d+) /gm)].map((match) => match[1]!));
}

describe("the call table's $/month", () => {
  it("a call counted at its wrapper's call sites, and a rejected one, say so instead of a cost", () => {
    const input = report();
    const atCallSites = input.calls.find((call) => call.countedAtCallSites)!;
    const rejected = input.calls.find((call) => call.rejected)!;
    assert.ok(atCallSites && rejected, "the example workspace has both");
    const output = stylish({ ...input, calls: [atCallSites, rejected] });
    assert.match(output, new RegExp(`^  ${atCallSites.file}:${atCallSites.line} .* at its call sites$`, "m"));
    assert.match(output, new RegExp(`^  ${rejected.file}:${rejected.line} .* rejected$`, "m"));
    const markdown = formatMarkdown({ ...input, calls: [atCallSites, rejected] }, []);
    assert.match(markdown, /\| at its call sites \|$/m);
    assert.match(markdown, /\| rejected \|$/m);
  });

  it("the calls after the first 20 add up as the total does: those in the totals, the others counted apart", () => {
    const input = report();
    const output = stylish(input);
    const shown = listed(output);
    const hidden = input.calls.filter((call) => !shown.has(`${call.file}:${call.line}`));
    assert.equal(shown.size + hidden.length, input.calls.length);
    const inTotals = hidden.filter(isInTotals);
    const dollars = inTotals.reduce((sum, call) => sum + (call.costUsd.monthly ?? 0), 0);
    const unpriced = inTotals.filter((call) => call.costUsd.perRequest === null).length;
    const line = /^  … (\d+) more calls: \$([\d.,]+)\/month(?:, (\d+) unpriced)?(?:; (\d+) in no total)? \(--verbose lists them\)$/m.exec(output);
    assert.ok(line, output);
    assert.equal(Number(line[1]), hidden.length);
    assert.equal(Number(line[2]!.replace(/,/g, "")), Math.round(dollars * 100) / 100);
    assert.equal(Number(line[3] ?? 0), unpriced);
    assert.equal(Number(line[4] ?? 0), hidden.length - inTotals.length);
  });

  it("calls after the first 20 with no price are a cost unknown, never $0", () => {
    const input = report();
    const calls = input.calls.map((call) => ({ ...call, costUsd: { ...call.costUsd, perRequest: null, perRequestCached: null, perRequestBatch: null, monthly: null } }));
    const summary = { ...input.summary, monthlyUsd: 0, unpricedCalls: calls.filter(isInTotals).length };
    const output = stylish({ ...input, calls, summary });
    assert.match(output, /^  … \d+ more calls: cost unknown, \d+ unpriced/m);
    assert.doesNotMatch(output, /more calls: \$0/);
    assert.match(output, /^Total: .*cost unknown/m);
  });
});

describe("calls in test files", () => {
  it("says how many calls of the totals are in test files and what they add, and how to leave tests out", () => {
    const input = report();
    assert.equal(testFilesHint(input.calls), undefined, "the example workspace has no test file");
    const moved = input.calls.map((call, index) => (index % 3 === 0 ? { ...call, file: call.file.replace(/\.(\w+)$/, ".test.$1") } : index % 3 === 1 ? { ...call, file: call.file.replace(/^examples\/src\//, "examples/src/__tests__/") } : call));
    const inTests = moved.filter((call, index) => index % 3 !== 2 && isInTotals(call));
    const dollars = inTests.reduce((sum, call) => sum + (call.costUsd.monthly ?? 0), 0);
    const hint = testFilesHint(moved);
    assert.ok(hint);
    assert.match(hint, new RegExp(`^${inTests.length} calls of the totals are in test files, \\$([\\d,.]+)/month of the total,`));
    // As formatUsd shows it: whole dollars from $1,000 up.
    const shown = Number(/\$([\d,.]+)\/month/.exec(hint)![1]!.replace(/,/g, ""));
    assert.ok(Math.abs(shown - dollars) <= 0.5, `${shown} for ${dollars}`);
    assert.match(hint, /"exclude": \["\*\*\/\*\.test\.\*", "\*\*\/\*\.spec\.\*", "\*\*\/\*\.vitest\.\*", "\*\*\/__tests__\/\*\*"\]/);
    assert.match(stylish({ ...input, calls: moved }), /calls of the totals are in test files/);
    assert.match(formatMarkdown({ ...input, calls: moved }, []), /<sub>\d+ calls of the totals are in test files/);
  });
});

describe("the call table's model", () => {
  it("says when the model shown is the costliest of several ways the request can go", () => {
    const input = report();
    const priced = input.calls.find((call) => call.model !== null && call.costUsd.perRequest !== null && !call.countedAtCallSites && !call.rejected)!;
    const ways = { ...priced, modelCandidates: [{ model: "gpt-4o-mini", provider: "openai", perRequest: 0.0001 }, { model: priced.model!, provider: priced.provider, perRequest: priced.costUsd.perRequest }] };
    const output = stylish({ ...input, calls: [ways] });
    assert.match(output, new RegExp(`^  ${priced.file}:${priced.line} +${priced.model!.replace(/[.]/g, "\\.")}(?: \\(\\w+\\))? \\(costliest of 2 ways\\) `, "m"));
    assert.match(formatMarkdown({ ...input, calls: [ways] }, []), /\(costliest of 2 ways\) \|/);
    // Lookalike: the same call with one model says nothing of ways.
    assert.doesNotMatch(stylish({ ...input, calls: [priced] }), /costliest of/);
  });
});
