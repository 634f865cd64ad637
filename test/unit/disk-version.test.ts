import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFile, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { FileSystem } from "../../server/src/core/workspace/file-system.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, NO_PRICES, ROOT } from "../helpers/memory-workspace.ts";

/** A file system whose files can be replaced, as an edit saved from another program replaces them. */
function editableFileSystem(files: Record<string, string>): { fileSystem: FileSystem; replace(next: Record<string, string>): void } {
  let current = memoryFileSystem(files);
  return {
    fileSystem: {
      readFile: (file) => current.readFile(file),
      stat: (file) => current.stat(file),
      realpath: (file) => current.realpath(file),
      readFilePrefix: (file, maxBytes) => current.readFilePrefix(file, maxBytes),
    },
    replace: (next) => (current = memoryFileSystem(next)),
  };
}

const wrapper = (cap: number) =>
  `import OpenAI from "openai";\nconst client = new OpenAI();\nexport function ask(prompt: string) {\n  return client.chat.completions.create({ model: "gpt-4o", max_tokens: ${cap}, messages: [{ role: "user", content: prompt }] });\n}\n`;
const APP = `import { ask } from "./llm";\nexport const answer = () => ask("What is the capital of France?");\n`;

describe("file versions read from disk", () => {
  it("differ for an edit that keeps the length, so what depends on the file is worked out again", () => {
    const disk = editableFileSystem({ "src/llm.ts": wrapper(500), "src/app.ts": APP });
    const workspace = new Workspace([ROOT], disk.fileSystem);
    const context: AnalysisContext = { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
    const llm = path.join(ROOT, "src/llm.ts");
    const app = path.join(ROOT, "src/app.ts");
    const capAtCallSite = () => analyzeFile(app, context).calls.find((priced) => priced.call.via)?.call.outputCap;
    assert.equal(capAtCallSite(), 500);
    const before = workspace.versionOf(llm);

    assert.equal(wrapper(800).length, wrapper(500).length);
    disk.replace({ "src/llm.ts": wrapper(800), "src/app.ts": APP });
    workspace.invalidate(llm);

    assert.notEqual(workspace.versionOf(llm), before);
    assert.equal(capAtCallSite(), 800);
  });
});
