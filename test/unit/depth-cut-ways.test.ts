import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DepthCutWays } from "../../server/src/core/providers/depth-cut-ways.ts";

describe("depth-cut ways", () => {
  it("keeps the cuts of work of its own (a wrapper index entry made mid-read) out of the ways open and the count around it", () => {
    // gemini-cli's tokenCalculation.ts read alone made the entries of files it does not import while its one way
    // was open: their cuts became that way's (37 wrapper sites reached instead of 3) and differed from the
    // workspace report, where those entries were made before.
    const ways = new DepthCutWays();
    const read = ways.readWay(() => {
      const before = ways.noted;
      ways.apart(() => ways.note(["elsewhere.ts:1@2"]));
      assert.equal(ways.noted, before, "a cut inside the entry is not one of this read");
      ways.note(["own.ts:3@4"]);
      return [];
    });
    assert.deepEqual(read.cut, ["own.ts:3@4"]);
  });

  it("notes a cut to every way open around it otherwise", () => {
    const ways = new DepthCutWays();
    let inner: string[] = [];
    const outer = ways.readWay(() => {
      inner = ways.readWay(() => {
        ways.note(["deep.ts:5@6"]);
        return [];
      }).cut;
      return [];
    });
    assert.deepEqual(inner, ["deep.ts:5@6"]);
    assert.deepEqual(outer.cut, ["deep.ts:5@6"]);
  });
});
