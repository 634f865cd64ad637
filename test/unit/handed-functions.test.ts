import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, NO_PRICES, recordParses, ROOT } from "../helpers/memory-workspace.ts";

// A call handing on a function by reference makes that function's request only when the callee calls it.
// The callee is asked first: `expect(create)` in a test never calls `create`, so what `create` is (an
// import whose module must be parsed to tell) is never looked up. On midday-ai/midday 47d252a a tRPC test
// handing query functions to `asMock(...)` and `expect(...)` parsed the `@midday/db/queries` barrel's modules
// for that (265 ms of parsing in that file's one-file run).

const LLM = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function ask(question: string) {\n  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });\n}\n`;
const DB = `export async function create(id: string) {\n  return { id };\n}\n`;
// The test makes a request of its own, so `create` is a callee name that may make one there.
const OWN = `import OpenAI from "openai";\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: "gpt-4o", messages: [] });\nimport { create } from "./db";\n`;

function analyse(files: Record<string, string>, file: string) {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  const parsed = recordParses(workspace);
  const analysis = analyzeFile(path.join(ROOT, file), { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS });
  return { calls: analysis.calls.map(({ call }) => `${path.relative(ROOT, call.file)}:${call.range.line} ${call.model}`), parsed };
}

describe("functions handed on by reference", () => {
  for (const [what, test] of [
    ["a global `expect`", `${OWN}it("x", () => { expect(create).toBeDefined(); });\n`],
    ["a local helper keeping it", `${OWN}const asMock = (fn: unknown) => fn as { mockResolvedValue(value: unknown): void };\nit("x", () => { asMock(create).mockResolvedValue({ id: "1" }); });\n`],
  ]) {
    it(`a function handed to ${what} is not looked up`, () => {
      const { calls, parsed } = analyse({ "src/db.ts": DB, "src/db.test.ts": test! }, "src/db.test.ts");
      assert.deepEqual(calls, ["src/db.test.ts:3 gpt-4o"]);
      assert.ok(!parsed.includes("src/db.ts"), parsed.join(", "));
    });
  }

  it("lookalike: a wrapper handed to a project function that calls it is a request there", () => {
    const run = `import { ask } from "./llm";\nexport async function twice(fn: (q: string) => Promise<unknown>) {\n  return fn("again");\n}\nexport async function main() {\n  return twice(ask);\n}\n`;
    const { calls } = analyse({ "src/llm.ts": LLM, "src/run.ts": run }, "src/run.ts");
    assert.deepEqual(calls, ["src/run.ts:6 gpt-4o-mini"]);
  });
});
