import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { MAX_UNCLOSED_BRACKETS, tooManyUnclosedBrackets, unclosedBrackets } from "../../server/src/core/workspace/unclosed-brackets.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, NO_PRICES, ROOT } from "../helpers/memory-workspace.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HEADER = `import OpenAI from "openai";\nconst openai = new OpenAI();\n`;
/** The shape of the fuzz input that took the TypeScript parser 15 s: each fragment leaves `(` and `{` open. */
const FRAGMENT = `export async function ask(question: strt async function ask(question: string) {\n  const completion = await openai.chat.completions.create({\n    model: "acme-small",\n    mell" is in no price table\n`;
const BALANCED_CALL = `export const ask = (q: string) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });\n`;

describe("unclosed brackets", () => {
  it("counts none in brackets inside strings, comments, templates and regular expressions", () => {
    const line = [
      `const a = "((([[[{{{";`,
      `const b = '((( [[[';`,
      `// ((( [[[ {{{`,
      `/* ((( */`,
      `const c = \`((( \${ [1, 2].map((x) => \`[[\${x}\`) } {{{\`;`,
      `const d = /\\(\\(\\[[(]/g.test(a) ? 1 / 2 : /[{]/.source;`,
      `const e = (a.length) / 2 / (b.length);`,
    ].join("\n");
    const text = Array.from({ length: 40 }, () => line).join("\n");
    assert.equal(unclosedBrackets(text), 0);
    // The plain character count is far over the limit, so this went through the scanner.
    assert.equal(tooManyUnclosedBrackets(text), undefined);
  });

  it("counts none in every fixture and example file that parses without errors", () => {
    const files: string[] = [];
    const walk = (directory: string): void => {
      for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory() && entry.name !== "node_modules") walk(full);
        else if (/\.[cm]?[jt]sx?$/.test(entry.name) && !entry.name.includes("draft")) files.push(full);
      }
    };
    walk(path.join(REPO, "test/fixtures"));
    walk(path.join(REPO, "examples/src"));
    assert.ok(files.length > 20);
    for (const file of files) assert.equal(unclosedBrackets(fs.readFileSync(file, "utf8")), 0, file);
  });

  it("counts what a broken file leaves open", () => {
    assert.equal(unclosedBrackets("f(a, [1, {b: `x${(`"), 5);
    // Each fragment opens `ask(`, a function body `{`, `create(` and an object `{`.
    assert.equal(unclosedBrackets(FRAGMENT.repeat(10)), 40);
  });

  it("reports a file past the limit as not analysed instead of parsing it, and analyses it again once fixed", () => {
    // 52 open: just over the limit, so without the guard this parses in a fraction of a second and the test fails fast.
    const broken = HEADER + FRAGMENT.repeat(13);
    assert.ok(unclosedBrackets(broken) > MAX_UNCLOSED_BRACKETS);
    const file = path.join(ROOT, "src/ask.ts");
    const workspace = new Workspace([ROOT], memoryFileSystem({ "src/ask.ts": broken }));
    const analyse = () => analyzeFile(file, { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) });
    workspace.setOverlay(file, broken, 1);
    const first = analyse();
    assert.equal(first.calls.length, 0);
    assert.deepEqual(
      first.findings.map((finding) => [finding.rule, finding.message]),
      [["parse-error", `Not analysed: ${unclosedBrackets(broken)} brackets are never closed (over ${MAX_UNCLOSED_BRACKETS}, the TypeScript parser can take minutes on such text).`]],
    );
    // The next version is parsed afresh (not incrementally from the empty tree kept for the broken one).
    workspace.setOverlay(file, HEADER + BALANCED_CALL, 2);
    const fixed = analyse();
    assert.deepEqual(
      fixed.calls.map(({ call }) => [call.model, call.range.line]),
      [["gpt-4o", 3]],
    );
    assert.deepEqual(fixed.findings.filter((finding) => finding.rule === "parse-error"), []);
  });
});
