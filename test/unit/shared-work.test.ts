// `--debug` tells a file's own analysis from the indexing it does for the files after it (shared-work.ts): the
// wrapper index entries of the files it imports and the project's heritage index, measured once each.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { SharedWork } from "../../server/src/core/shared-work.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, prices, ROOT } from "../helpers/memory-workspace.ts";

/** A clock that moves one millisecond each time it is read: a measure adds 1 per outermost measure. */
function countingClock(): () => number {
  let now = 0;
  return () => now++;
}

describe("shared work", () => {
  it("counts a measure inside another once", () => {
    const shared = new SharedWork(countingClock());
    shared.measure("imports", () => shared.measure("classes", () => shared.measure("imports", () => undefined)));
    assert.deepEqual(shared.byKind, { imports: 1, classes: 0 });
  });

  it("notes each index entry's own time, the entries made inside it left out, summed over the times it was made", () => {
    const shared = new SharedWork(countingClock());
    // outer: read at 0 and 5 (5 ms), inner: 1 and 2 (1 ms), then inner again: 3 and 4 (1 ms).
    shared.entry("/repo/outer.ts", () => {
      shared.entry("/repo/inner.ts", () => undefined);
      shared.entry("/repo/inner.ts", () => undefined);
    });
    assert.deepEqual(Object.fromEntries(shared.entries), { "/repo/outer.ts": { ms: 3, made: 1 }, "/repo/inner.ts": { ms: 2, made: 2 } });
  });

  it("charges the first file importing a wrapper module with its entry (one measure around one entry: 3 ms on this clock), and not the files after it nor the module itself", () => {
    const files = {
      "src/llm.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function ask(prompt: string) {\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });\n}\n`,
      "src/first.ts": `import { ask } from "./llm";\nask("Summarise the report");\n`,
      "src/second.ts": `import { ask } from "./llm";\nask("Translate the report");\n`,
    };
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    workspace.projectFiles = Object.keys(files).map((file) => path.join(ROOT, file)).sort();
    const evaluator = new Evaluator(workspace);
    evaluator.sharedWork = new SharedWork(countingClock());
    const context = { workspace, prices: prices(), settings: DEFAULT_SETTINGS, evaluator };
    const measured = (file: string): { calls: number; imports: number } => {
      const shared = evaluator.sharedWork!;
      shared.analysing = path.join(ROOT, file);
      const before = shared.byKind.imports;
      const calls = analyzeFile(shared.analysing, context).calls.length;
      return { calls, imports: shared.byKind.imports - before };
    };
    assert.deepEqual(measured("src/first.ts"), { calls: 1, imports: 3 });
    assert.deepEqual(measured("src/second.ts"), { calls: 1, imports: 0 });
    assert.deepEqual(measured("src/llm.ts"), { calls: 1, imports: 0 });
    assert.deepEqual([...evaluator.sharedWork!.entries].map(([file, { made }]) => [path.relative(ROOT, file), made]), [["src/llm.ts", 1]]);
  });

  it("charges the first JavaScript file asking for the project's classes with the heritage index, once", () => {
    const files = {
      "src/provider.ts": `import OpenAI from "openai";\nexport interface Provider { complete(prompt: string): Promise<unknown> }\nexport class OpenAiProvider implements Provider {\n  client = new OpenAI();\n  complete(prompt: string) { return this.client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] }); }\n}\n`,
      "src/a.js": `export function run(provider) { return provider.complete("Summarise"); }\n`,
      "src/b.js": `export function again(provider) { return provider.complete("Translate"); }\n`,
    };
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    workspace.projectFiles = Object.keys(files).map((file) => path.join(ROOT, file)).sort();
    const evaluator = new Evaluator(workspace);
    const shared = (evaluator.sharedWork = new SharedWork(countingClock()));
    const context = { workspace, prices: prices(), settings: DEFAULT_SETTINGS, evaluator };
    shared.analysing = path.join(ROOT, "src/a.js");
    analyzeFile(shared.analysing, context);
    const afterFirst = shared.byKind.classes;
    assert.ok(afterFirst > 0, "the first file made the heritage index");
    shared.analysing = path.join(ROOT, "src/b.js");
    analyzeFile(shared.analysing, context);
    assert.equal(shared.byKind.classes, afterFirst);
  });
});
