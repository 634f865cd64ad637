// The build writes the engine bundle's hash into it (esbuild.mjs engineHashStamp), so a `--cache` run keys its
// results by the build without reading the 12 MB bundle at each start (server/src/cli/engine-build-hash.ts).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT } from "./run-cli.ts";

const PLACEHOLDER = "@promptcost-unstamped@";

describe("the engine bundle's build hash", () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, "dist", "engine.cjs"), "latin1");

  it("is written in place of the placeholder, once, as the hash of the bundle with the placeholder", () => {
    assert.equal(text.includes(PLACEHOLDER), false, "the placeholder is left in the bundle");
    const stamps = [...text.matchAll(/"([A-Za-z0-9_-]{22})"/g)].filter(({ 0: literal, index }) => {
      const unstamped = text.slice(0, index + 1) + PLACEHOLDER + text.slice(index + literal.length - 1);
      return createHash("sha256").update(unstamped, "latin1").digest("base64url").slice(0, 22) === literal.slice(1, -1);
    });
    assert.equal(stamps.length, 1);
  });
});
