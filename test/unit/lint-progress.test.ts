import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LintProgress } from "../../server/src/cli/progress.ts";
import { SharedWork } from "../../server/src/core/shared-work.ts";

function stream(isTTY: boolean) {
  const writes: string[] = [] as string[];
  return { writes, isTTY, columns: 60, write: (text: string) => writes.push(text) };
}

/** A clock the test moves: each file takes `step` ms. */
function steppingClock(step: number): () => number {
  let now = 0;
  return () => (now += step);
}

const analysis = (calls: number) => () => ({ analysis: { calls: new Array<unknown>(calls) }, cached: false });

describe("lint progress", () => {
  it("draws nothing during the first second, then one line redrawn in place, cleared at the end", () => {
    const out = stream(true);
    const progress = new LintProgress(out, 4, { cwd: "/repo", debug: false, live: true, clock: steppingClock(300) });
    progress.time("/repo/src/a.ts", analysis(2));
    assert.equal(out.writes.length, 0);
    progress.time("/repo/src/b.ts", analysis(0));
    progress.time("/repo/src/very/deep/folder/with/a/long/name/c.ts", analysis(1));
    const line = out.writes.at(-1)!;
    assert.match(line, /^\r\x1b\[2Kpromptcost: 3\/4 files, 3 calls /);
    assert.ok(line.length - "\r\x1b[2K".length <= 59, `fits 60 columns: ${line}`);
    progress.finish();
    assert.equal(out.writes.at(-1), "\r\x1b[2K");
  });

  it("prints nothing when stderr is not a terminal, unless --debug, which lists each file and the slowest", () => {
    const quiet = stream(false);
    const silent = new LintProgress(quiet, 2, { cwd: "/repo", debug: false, live: false, clock: steppingClock(2000) });
    silent.time("/repo/a.ts", analysis(1));
    silent.finish();
    assert.equal(quiet.writes.length, 0);

    const debug = stream(false);
    const progress = new LintProgress(debug, 2, { cwd: "/repo", debug: true, live: false, clock: steppingClock(5) });
    progress.time("/repo/a.ts", analysis(1));
    progress.time("/repo/b.ts", () => ({ analysis: { calls: [] }, cached: true }));
    progress.finish();
    const text = debug.writes.join("");
    assert.match(text, /promptcost: +5\.0 ms {2}a\.ts\n/);
    assert.match(text, /promptcost: +cached {2}b\.ts\n/);
    assert.match(text, /promptcost: 2 files \(1 analysed\) in [\d.]+ ms; the 1 slowest:\npromptcost: +5\.0 ms {2}a\.ts\n$/);
  });

  it("with --debug, says which part of a file's time indexed imports for the files after it, and the run's sum", () => {
    const out = stream(false);
    const shared = new SharedWork(steppingClock(1500));
    const progress = new LintProgress(out, 2, { cwd: "/repo", debug: true, live: false, clock: steppingClock(2000), shared });
    // The first file makes an index entry (1.5 s on the shared clock); the second reuses it.
    progress.time("/repo/first.test.ts", () => shared.measure("imports", () => {
      shared.entriesMade++;
      return { analysis: { calls: [] }, cached: false };
    }));
    progress.time("/repo/second.ts", analysis(1));
    progress.finish();
    const text = out.writes.join("");
    assert.match(text, /promptcost: +2\.00 s {2}first\.test\.ts \(1\.50 s of it indexing for later files\)\n/);
    assert.match(text, /promptcost: +2\.00 s {2}second\.ts\n/);
    assert.match(text, /in [\d.]+ s \(1\.50 s of it indexing, each once for every file: imported files 1\.50 s for 1 entry, the project's classes 0\.0 ms\); the 2 slowest:/);
  });

  it("with --debug, says which part of a file's time was the run's setup (the compiler's load, the project's import names), and the run's sum", () => {
    const out = stream(false);
    const shared = new SharedWork(steppingClock(100));
    const progress = new LintProgress(out, 3, { cwd: "/repo", debug: true, live: false, clock: steppingClock(1000), shared });
    // The first file loads the compiler (100 ms on the shared clock) and indexes an import (100 ms); the second reads the project's import names (100 ms).
    progress.time("/repo/a.ts", () => {
      shared.setup("compiler", () => undefined);
      return shared.measure("imports", () => ({ analysis: { calls: [] }, cached: false }));
    });
    progress.time("/repo/b.ts", () => shared.setup("importNames", () => ({ analysis: { calls: [] }, cached: false })));
    progress.time("/repo/c.ts", analysis(0));
    progress.finish();
    const text = out.writes.join("");
    assert.match(text, /promptcost: +1\.00 s {2}a\.ts \(100\.0 ms of it indexing for later files, 100\.0 ms the run's setup\)\n/);
    assert.match(text, /promptcost: +1\.00 s {2}b\.ts \(100\.0 ms of it the run's setup\)\n/);
    assert.match(text, /promptcost: +1\.00 s {2}c\.ts\n/);
    assert.match(text, /; 200\.0 ms the run's setup: the compiler's load 100\.0 ms, the project's import names 100\.0 ms\); the 3 slowest:/);
  });

  it("with --debug, lists the index entries that took longest, each its own part, and how many times one was made", () => {
    const out = stream(false);
    const shared = new SharedWork(steppingClock(100));
    const progress = new LintProgress(out, 1, { cwd: "/repo", debug: true, live: false, clock: steppingClock(2000), shared });
    progress.time("/repo/first.ts", () => {
      // helpers.ts: read at 100 and 600 (500 ms), with models.ts inside it made twice (100 ms each).
      shared.entry("/repo/helpers.ts", () => {
        shared.entry("/repo/models.ts", () => undefined);
        shared.entry("/repo/models.ts", () => undefined);
      });
      return { analysis: { calls: [] }, cached: false };
    });
    progress.finish();
    const text = out.writes.join("");
    assert.match(text, /promptcost: the 2 slowest index entries, each its own part \(the entries made inside it left out\):\npromptcost: +300\.0 ms {2}helpers\.ts\npromptcost: +200\.0 ms {2}models\.ts \(made 2 times\)\n$/);
  });
});
