import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { textMayExport } from "../../server/src/core/resolve/modules.ts";
import { describeCalls } from "../helpers/analyze-project.ts";
import { memoryFileSystem, NO_PRICES, ROOT } from "../helpers/memory-workspace.ts";

// A name imported from a barrel (`export * from "./a"; export * from "./b"; ...`) is looked for in each module
// it re-exports, in order. A module whose text does not name it cannot give it, unless it passes on other
// modules' exports itself: those are not parsed to be sure.

const MAIN = [
  `import OpenAI from "openai";`,
  `import { MODEL, SYSTEM } from "./prompts";`,
  `const client = new OpenAI();`,
  `export async function run(question: string) {`,
  `  return client.chat.completions.create({ model: MODEL, messages: [{ role: "system", content: SYSTEM }, { role: "user", content: question }] });`,
  `}`,
  ``,
].join("\n");

function analyseMain(files: Record<string, string>) {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  workspace.projectFiles = Object.keys(files).map((file) => path.join(ROOT, file)).sort();
  const analyses = [analyzeFile(path.join(ROOT, "src/main.ts"), { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS })];
  const parsed = Object.keys(files).filter((file) => workspace.isParsed(path.join(ROOT, file)));
  return { calls: describeCalls(analyses), parsed };
}

describe("names looked up through `export *`", () => {
  const files = {
    "src/main.ts": MAIN,
    "src/prompts/index.ts": `export * from "./greetings";\nexport * from "./format";\nexport * from "./nested";\n`,
    "src/prompts/greetings.ts": `export const GREETING = "Hello there";\n`,
    "src/prompts/format.ts": `export function format(text: string) { return text.trim(); }\n`,
    "src/prompts/nested.ts": `export * from "./deep";\n`,
    "src/prompts/deep.ts": `export const MODEL = "gpt-4o-mini";\nexport const SYSTEM = "You write short titles.";\n`,
  };

  it("finds a name two barrels down, through a module that names it only by passing on another's exports", () => {
    assert.deepEqual(analyseMain(files).calls, ["src/main.ts:5 gpt-4o-mini wrapper=run"]);
  });

  it("parses no module of the barrel whose text does not name what is looked for", () => {
    const { parsed } = analyseMain(files);
    assert.ok(!parsed.includes("src/prompts/greetings.ts") && !parsed.includes("src/prompts/format.ts"), parsed.join(", "));
    assert.ok(parsed.includes("src/prompts/deep.ts"), parsed.join(", "));
  });

  it("lookalike: a module naming the model only in another word gives nothing, and the call stays unresolved", () => {
    const { calls } = analyseMain({ ...files, "src/prompts/deep.ts": `export const MODEL_NAME = "gpt-4o-mini";\nexport const SYSTEM = "You write short titles.";\n` });
    assert.deepEqual(calls, ["src/main.ts:5 null wrapper=run"]);
  });
});

describe("types looked up through `export *`", () => {
  // A parameter typed with LangChain's chat model, handed on by a workspace package's barrel.
  const files = {
    "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - 'packages/*'\n",
    "packages/providers/package.json": `{ "name": "@acme/providers", "main": "src/index.ts" }`,
    "packages/providers/src/index.ts": `export * from "./limits";\nexport * from "./llm";\n`,
    "packages/providers/src/limits.ts": `export const MAX_TITLE_WORDS = 8;\n`,
    "packages/providers/src/llm.ts": `import { BaseChatModel } from "@langchain/core/language_models/chat_models";\nexport { BaseChatModel };\n`,
    "apps/api/src/main.ts": `import type { BaseChatModel } from "@acme/providers";\nexport async function title(text: string, model: BaseChatModel) {\n  return model.invoke(\`Title for: \${text}\`);\n}\n`,
  };

  it("finds the type in the module that hands it on, without parsing the one that does not name it", () => {
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    workspace.projectFiles = Object.keys(files).filter((file) => file.endsWith(".ts")).map((file) => path.join(ROOT, file)).sort();
    const analyses = [analyzeFile(path.join(ROOT, "apps/api/src/main.ts"), { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS })];
    assert.deepEqual(describeCalls(analyses), ["apps/api/src/main.ts:3 null wrapper=title"]);
    assert.equal(workspace.isParsed(path.join(ROOT, "packages/providers/src/limits.ts")), false);
  });
});

describe("textMayExport", () => {
  it("is true where a module names the export or may pass on exports it does not name", () => {
    assert.equal(textMayExport(`export const MODEL = "x";`, "MODEL"), true);
    assert.equal(textMayExport(`export { model as MODEL } from "./m";`, "MODEL"), true);
    assert.equal(textMayExport(`export /* all */ * from "./m";`, "MODEL"), true);
    assert.equal(textMayExport(`export\n// all of it\n* from "./m";`, "MODEL"), true);
    assert.equal(textMayExport(`module.exports = require("./m");`, "MODEL"), true);
    assert.equal(textMayExport(`export const \\u004dODEL = "x";`, "MODEL"), true);
    assert.equal(textMayExport(`export const $ask = () => "x";`, "$ask"), true);
  });

  it("is false where the name appears only inside other words", () => {
    assert.equal(textMayExport(`export const MODEL_NAME = "x"; export const SUBMODEL = 1; export const $MODEL = 2;`, "MODEL"), false);
    assert.equal(textMayExport(`/** exported models */ export const a = 2 * 3;`, "MODEL"), false);
  });
});
