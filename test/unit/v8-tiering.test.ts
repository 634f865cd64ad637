import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TIERING_FLAGS, tuneTiering } from "../../server/src/v8-tiering.ts";

describe("V8 tiering flags", () => {
  it("sets each flag when node was given none of them", () => {
    assert.deepEqual(tuneTiering(["--enable-source-maps"], "11.3.244.8-node.38"), [...TIERING_FLAGS]);
  });

  it("leaves another V8's defaults alone (measured on Node 20's V8 11 only)", () => {
    assert.deepEqual(tuneTiering([], "12.4.254.21-node.33"), []);
    assert.deepEqual(tuneTiering([], "11.3.244.8-node.38"), [...TIERING_FLAGS]);
  });

  it("leaves a flag the user gave node as given, in either spelling", () => {
    assert.deepEqual(tuneTiering(["--interrupt_budget=1000"], "11.3.244.8-node.38"), TIERING_FLAGS.filter((flag) => !flag.startsWith("--interrupt-budget")));
    assert.deepEqual(tuneTiering(["--max-inlined-bytecode-size", "10", "--interrupt-budget=5"], "11.3.244.8-node.38"), []);
  });
});
