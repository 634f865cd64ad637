import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRequestsPerDay, requestsPerDayEdit, type LineEdit } from "../../client/src/call-annotation.ts";

function apply(lines: string[], edit: LineEdit): string {
  const line = lines[edit.line] ?? "";
  const next = [...lines];
  next[edit.line] = line.slice(0, edit.start) + edit.text + line.slice(edit.end);
  return next.join("\n");
}

describe("requests/day annotation edit", () => {
  it("adds a comment above the call with the call line's indentation", () => {
    const lines = ["async function f() {", "  const r = await client.chat.completions.create({", "  });", "}"];
    assert.equal(apply(lines, requestsPerDayEdit(lines, 1, 5000, "\n")), ["async function f() {", "  // promptcost: requestsPerDay=5000", "  const r = await client.chat.completions.create({", "  });", "}"].join("\n"));
  });

  it("replaces the value in an annotation already there and keeps its other keys", () => {
    const lines = ["// promptcost: requestsPerDay=10 feature=checkout", "client.responses.create({})"];
    assert.equal(apply(lines, requestsPerDayEdit(lines, 1, 250, "\n")), "// promptcost: requestsPerDay=250 feature=checkout\nclient.responses.create({})");
  });

  it("appends to an annotation without the key", () => {
    const lines = ["  // promptcost: feature=search  ", "  client.responses.create({})"];
    assert.equal(apply(lines, requestsPerDayEdit(lines, 1, 7, "\n")), "  // promptcost: feature=search requestsPerDay=7\n  client.responses.create({})");
  });

  it("does not take a disable comment for an annotation", () => {
    const lines = ["// promptcost-disable-next-line", "client.responses.create({})"];
    assert.equal(apply(lines, requestsPerDayEdit(lines, 1, 3, "\r\n")), "// promptcost-disable-next-line\n// promptcost: requestsPerDay=3\r\nclient.responses.create({})");
  });

  it("accepts whole numbers with separators and explains anything else", () => {
    assert.equal(parseRequestsPerDay(" 5,000 "), 5000);
    assert.equal(parseRequestsPerDay("0"), 0);
    assert.equal(typeof parseRequestsPerDay("-3"), "string");
    assert.equal(typeof parseRequestsPerDay("1e3"), "string");
    assert.equal(typeof parseRequestsPerDay(""), "string");
  });
});
