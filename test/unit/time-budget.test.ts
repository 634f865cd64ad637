import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFile, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { applyConfig } from "../../server/src/core/config/apply-config.ts";
import { checkConfigText } from "../../server/src/core/config/config-file.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, NO_PRICES, ROOT } from "../helpers/memory-workspace.ts";

const CALLER = `import OpenAI from "openai";\nimport { SYSTEM } from "./prompts";\nconst client = new OpenAI();\nclient.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "system", content: SYSTEM }] });\n`;
const FILES = { "a.ts": CALLER, "b.ts": CALLER, "prompts.ts": `export const SYSTEM = "You answer in one word.";\n` };

function context(settings: Partial<typeof DEFAULT_SETTINGS>, files: Record<string, string> = FILES): AnalysisContext {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  return { workspace, prices: NO_PRICES, settings: { ...DEFAULT_SETTINGS, ...settings }, evaluator: new Evaluator(workspace) };
}

describe("per-file time budget", () => {
  it("a file over its budget is reported as not analysed, and the run goes on", () => {
    const spent = analyzeFile(path.join(ROOT, "a.ts"), context({ fileTimeBudgetMs: 0 }));
    assert.deepEqual(spent.calls, []);
    assert.equal(spent.findings.length, 1);
    assert.equal(spent.findings[0]!.rule, "parse-error");
    assert.match(spent.findings[0]!.message, /^Not analysed: took longer than 0 ms/);
  });

  it("with the default budget the same file is analysed", () => {
    const analysed = analyzeFile(path.join(ROOT, "a.ts"), context({}));
    assert.equal(analysed.calls.length, 1);
    assert.equal(analysed.findings.some((finding) => finding.rule === "parse-error"), false);
  });

  it("an evaluator shared across files (as in the CLI) is left usable after a file ran out of time", () => {
    const shared = context({ fileTimeBudgetMs: 0 });
    analyzeFile(path.join(ROOT, "a.ts"), shared);
    const next = analyzeFile(path.join(ROOT, "b.ts"), { ...shared, settings: { ...shared.settings, fileTimeBudgetMs: 10_000 } });
    const fresh = analyzeFile(path.join(ROOT, "b.ts"), context({}));
    assert.equal(next.calls.length, 1);
    assert.deepEqual(next.calls[0]!.inputTokens, fresh.calls[0]!.inputTokens);
  });

  it("is set by fileTimeBudgetMs in promptcost.config.json", () => {
    const checked = checkConfigText(`{ "fileTimeBudgetMs": 2500 }`);
    assert.ok(checked.ok);
    assert.equal(applyConfig(DEFAULT_SETTINGS, checked.config).fileTimeBudgetMs, 2500);
    assert.equal(checkConfigText(`{ "fileTimeBudgetMs": -1 }`).ok, false);
  });
});

describe("a file that cannot be read", () => {
  it("is reported as not analysed instead of passing as a file without calls", () => {
    const files = memoryFileSystem(FILES);
    const unreadable = { ...files, readFile: (file: string) => (file.endsWith("a.ts") ? undefined : files.readFile(file)) };
    const workspace = new Workspace([ROOT], unreadable);
    const result = analyzeFile(path.join(ROOT, "a.ts"), { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS });
    assert.equal(result.findings[0]?.rule, "parse-error");
    assert.match(result.findings[0]!.message, /could not be read/);
  });
});
