import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isWhiteSpaceCode, shortLabel } from "../../server/src/core/resolve/values.ts";

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

describe("white space in labels", () => {
  it("is what /\\s/ matches, for every UTF-16 code unit", () => {
    for (let code = 0; code <= 0xffff; code++) assert.equal(isWhiteSpaceCode(code), /\s/.test(String.fromCharCode(code)), `U+${code.toString(16)}`);
  });

  it("collapses the other white space JavaScript knows (no-break, ideographic, line separator); keeps a lookalike (zero-width space)", () => {
    assert.equal(shortLabel("a\u00a0\u3000b\u2028c\ufeff"), "a b c");
    assert.equal(shortLabel("a\u200bb"), "a\u200bb");
  });

  it("keeps a surrogate pair whole, and cuts by code units as before", () => {
    assert.equal(shortLabel("  😀  x "), "😀 x");
    assert.equal(shortLabel("ab😀cd", 4), "ab\ud83d…");
  });
});
