import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shortLabel } from "../../server/src/core/resolve/values.ts";

describe("shortLabel", () => {
  it("puts a text on one line: each run of white space one space, trimmed", () => {
    assert.equal(shortLabel("  buildPrompt(\n    user.name,\r\n\t history )  "), "buildPrompt( user.name, history )");
  });

  it("keeps a text of exactly max characters and cuts a longer one with an ellipsis", () => {
    assert.equal(shortLabel("abcde", 5), "abcde");
    assert.equal(shortLabel("abcdef", 5), "abcd…");
    assert.equal(shortLabel("ab   cd   ef", 5), "ab c…");
  });

  it("does not count trailing white space as more text", () => {
    assert.equal(shortLabel("abcde \n\t ", 5), "abcde");
  });
});
