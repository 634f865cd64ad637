import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { RULES, RULE_LIST } from "../../server/src/core/rules/index.ts";
import { docsUrl } from "../../server/src/core/rules/rule.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const RULES_DIRECTORY = path.join(REPO, "server/src/core/rules");
/** Files of the rules directory that are not rules. */
const NOT_RULES = new Set(["index.ts", "rule.ts"]);

describe("rule registry", () => {
  it("registers every rule file, under its file name", () => {
    const files = fs.readdirSync(RULES_DIRECTORY, { withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !NOT_RULES.has(entry.name));
    assert.deepEqual(files.map((entry) => entry.name.replace(/\.ts$/, "")).sort(), Object.keys(RULES).sort());
  });

  for (const [id, rule] of Object.entries(RULES)) {
    describe(id, () => {
      it("has the id of its key and its file, and opens its file with a doc block naming it", () => {
        assert.equal(rule.id, id);
        const source = fs.readFileSync(path.join(RULES_DIRECTORY, `${id}.ts`), "utf8");
        assert.match(source, new RegExp(`^/\\*\\*\\n \\* ${id}\\n`));
      });

      it("has a docs page with a heading, its default severity, why it costs money and examples", () => {
        const page = path.join(REPO, "docs/rules", `${id}.md`);
        assert.ok(fs.existsSync(page), `docs/rules/${id}.md is missing`);
        const text = fs.readFileSync(page, "utf8");
        assert.match(text, new RegExp(`^# ${id}\\n`));
        assert.match(text, new RegExp(`Default: \\*\\*${rule.defaultSeverity}`));
        assert.match(text, /^## Why it (costs money|matters)$/m);
        assert.ok(docsUrl(id).endsWith(`docs/rules/${id}.md`));
      });

      it("has a test file", () => {
        assert.ok(fs.existsSync(path.join(REPO, "test/unit/rules", `${id}.test.ts`)), `test/unit/rules/${id}.test.ts is missing`);
      });
    });
  }

  it("lists the rules in the registry in the order of CONTRACT.md (additions last)", () => {
    assert.deepEqual(
      RULE_LIST.map((rule) => rule.id),
      ["require-max-tokens", "prefer-cached-prefix", "no-dynamic-prefix", "max-context-tokens", "no-unbounded-context", "no-unbatched-loop", "prefer-smaller-model", "no-unknown-model", "no-deprecated-model", "parse-error", "invalid-directive"],
    );
  });
});
