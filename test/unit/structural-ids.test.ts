import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StructuralIds } from "../../server/src/core/resolve/evaluation-memo.ts";

// Values and scopes keep their structural number on themselves (evaluation-memo.ts): a copy made from one
// must be numbered by its own structure, never carry the original's number along.
describe("structural numbers", () => {
  it("gives equal structures one number and a spread copy with another field its own", () => {
    const ids = new StructuralIds();
    const value = { kind: "text", text: "hello" };
    const id = ids.of(value);
    assert.equal(ids.of({ kind: "text", text: "hello" }), id);
    assert.notEqual(ids.of({ ...value, text: "bye" }), id);
    assert.notEqual(ids.of(Object.assign({}, value, { text: "bye" })), id);
    assert.deepEqual(Object.keys(value), ["kind", "text"]);
  });

  it("numbers objects that cannot take a property, and numbers them again the same", () => {
    const ids = new StructuralIds();
    const frozen = Object.freeze({ kind: "text", text: "hello" });
    const id = ids.of(frozen);
    assert.equal(ids.of(frozen), id);
    assert.equal(ids.of({ kind: "text", text: "hello" }), id);
  });

  it("compares long texts by their characters, built apart or in another field's company", () => {
    const ids = new StructuralIds();
    const prompt = "You are a careful assistant. ".repeat(8);
    const id = ids.of({ kind: "text", text: prompt });
    assert.equal(ids.of({ kind: "text", text: ["You are a careful assistant. ".repeat(4), "You are a careful assistant. ".repeat(4)].join("") }), id);
    assert.notEqual(ids.of({ kind: "text", text: prompt + "!" }), id);
    assert.notEqual(ids.of({ kind: "text", text: prompt.replace("careful", "Careful") }), id);
    // A long text and the short texts around it stay apart from a field holding their concatenation.
    assert.notEqual(ids.of({ kind: "text", text: prompt, label: "a" }), ids.of({ kind: "text", text: prompt + "a" }));
    assert.notEqual(ids.of([prompt, "s0"]), ids.of(["s0", prompt]));
  });

  it("another table numbers the same object afresh", () => {
    const value = { kind: "number", value: 1 };
    const first = new StructuralIds();
    first.of({ other: true });
    const second = new StructuralIds();
    assert.equal(second.of(value), 1);
    assert.equal(first.of(value), 2);
  });
});
