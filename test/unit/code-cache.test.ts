// requireWithCodeCache (server/src/code-cache.ts) runs a file as require would: its exports, text outside
// ASCII read as UTF-8, the same from V8's cached code as from the first compilation.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { requireWithCodeCache } from "../../server/src/code-cache.ts";

describe("requireWithCodeCache", () => {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-code-cache-unit-"));
  after(() => fs.rmSync(temporary, { recursive: true, force: true }));

  for (const [kind, text] of [
    ["ASCII", "plain text"],
    ["outside ASCII", "café ✓ 東京 🙂"],
  ] as const) {
    it(`gives the module's exports for a file of ${kind}`, () => {
      const file = path.join(temporary, `${kind.replace(/\W/g, "-")}.cjs`);
      fs.writeFileSync(file, `module.exports = { text: ${JSON.stringify(text)}, dir: __dirname };\n`);
      const cacheDirectory = path.join(temporary, `cache-${kind.replace(/\W/g, "-")}`);
      const first = requireWithCodeCache<{ text: string; dir: string }>(file, "test", cacheDirectory);
      assert.ok(first);
      assert.deepEqual(first.exports, { text, dir: temporary });
    });
  }
});
