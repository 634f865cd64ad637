import assert from "node:assert/strict";
import { describe, it } from "node:test";
import v8 from "node:v8";
import vm from "node:vm";
import { HeapTrim } from "../../server/src/cli/heap-trim.ts";

const MiB = 1024 * 1024;

/** About `mib` MiB of arrays, each large enough to live outside the young generation (collected only by a full collection). */
function allocate(mib: number): number[][] {
  return Array.from({ length: mib / 8 }, () => new Array<number>(MiB).fill(1.5));
}

describe("a full collection between files when the heap has grown", () => {
  it("collects once the heap has grown by the step since the last collection, not before", () => {
    const trim = new HeapTrim(16 * MiB);
    trim.betweenFiles();
    assert.equal(trim.collections, 0);
    const kept = allocate(32);
    trim.betweenFiles();
    assert.equal(trim.collections, 1);
    // What was live then is the new floor: no collection until the heap grows by the step again.
    trim.betweenFiles();
    assert.equal(trim.collections, 1);
    assert.equal(kept.length, 4);
  });

  it("leaves the heap at what is live: garbage of the file before is gone", () => {
    const trim = new HeapTrim(16 * MiB);
    let garbage: number[][] | undefined = allocate(64);
    const before = v8.getHeapStatistics().used_heap_size;
    assert.equal(garbage.length, 8);
    garbage = undefined;
    trim.betweenFiles();
    assert.equal(trim.collections, 1);
    const after = v8.getHeapStatistics().used_heap_size;
    assert.ok(before - after > 48 * MiB, `${((before - after) / MiB).toFixed(1)} MiB freed`);
  });

  it("leaves V8's flags as they were (its code cache is keyed by them): a context made after has no `gc`", () => {
    const trim = new HeapTrim(16 * MiB);
    const kept = allocate(32);
    trim.betweenFiles();
    assert.equal(trim.collections, 1);
    assert.equal(vm.runInNewContext("typeof gc"), "undefined");
    assert.equal(kept.length, 4);
  });
});
