import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { CompactBpeCounter } from "../../server/src/core/tokens/compact-bpe.ts";
import { DEFAULT_WORKSPACE_OPTIONS, Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, NO_PRICES, ROOT } from "../helpers/memory-workspace.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const counter = new CompactBpeCounter(o200kBase);

/** Varied real text (prose, tables, code) repeated to a size: its density changes from place to place. */
function realText(bytes: number): string {
  const base = ["README.md", "CHANGELOG.md", "docs/editors.md", "server/src/core/analyze.ts"]
    .map((file) => fs.readFileSync(path.join(REPO, file), "utf8"))
    .join("\n");
  let text = "";
  for (let copy = 0; Buffer.byteLength(text) < bytes; copy++) text += `\n## Copy ${copy}\n${base}`;
  return text;
}

const APP = `import OpenAI from "openai";\nimport fs from "node:fs";\nimport path from "node:path";\nconst client = new OpenAI();\nconst DOCS = fs.readFileSync(path.join(__dirname, "docs.md"), "utf8");\nexport const ask = () => client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: DOCS }] });\n`;
/** Chat format around the one user message: 3 per message, the role, 3 for the reply primer. */
const OVERHEAD = 3 + 1 + 3;

function analyseWithDocs(docs: string, maxPromptBytes = DEFAULT_WORKSPACE_OPTIONS.maxPromptBytes) {
  const workspace = new Workspace([ROOT], memoryFileSystem({ "src/app.ts": APP, "src/docs.md": docs }), { ...DEFAULT_WORKSPACE_OPTIONS, maxPromptBytes });
  const analysis = analyzeFile(path.join(ROOT, "src/app.ts"), { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS });
  assert.equal(analysis.calls.length, 1);
  return analysis.calls[0]!.inputTokens;
}

describe("prompt files of every size", () => {
  it("counts a 1.2 MB prompt file exactly (it was estimated at bytes/4, +79%)", () => {
    const docs = realText(1.2 * 1024 * 1024);
    const started = performance.now();
    const tokens = analyseWithDocs(docs);
    const elapsed = performance.now() - started;
    assert.equal(tokens.static, counter.count(docs) + OVERHEAD);
    assert.equal(tokens.exact, true);
    assert.notEqual(tokens.static, Math.round(Buffer.byteLength(docs) / 4) + OVERHEAD);
    // Not a timing assertion on a shared machine: a bound far above the ~1 s it takes, against a hang.
    assert.ok(elapsed < 60_000, `${elapsed} ms`);
  });

  it("past the read limit, estimates from samples scaled to the file's size, with a range that holds the exact count", () => {
    const docs = realText(1024 * 1024);
    const exact = counter.count(docs) + OVERHEAD;
    const tokens = analyseWithDocs(docs, 128 * 1024);
    assert.equal(tokens.exact, false);
    assert.ok(tokens.range, "a range");
    assert.ok(tokens.range.low <= exact && exact <= tokens.range.high, `${exact} outside ${tokens.range.low}-${tokens.range.high}`);
    assert.ok(Math.abs(tokens.static - exact) / exact < 0.1, `${tokens.static} vs exact ${exact}`);
    assert.notEqual(tokens.static, Math.round(Buffer.byteLength(docs) / 4) + OVERHEAD);
  });
});
