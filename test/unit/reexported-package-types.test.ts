import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A monorepo package handing on a package's type (`export { BaseChatModel }` of LangChain's): a parameter typed
// with it, imported from the project package, is LangChain's base chat model.

const WORKSPACE = {
  "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - 'packages/*'\n",
  "apps/api/package.json": `{ "name": "api" }`,
  "packages/providers/package.json": `{ "name": "@acme/providers", "main": "src/index.ts" }`,
  "packages/providers/src/index.ts": `export * from "./llm";\n`,
};

function titleFile(importLine: string): string {
  return [
    importLine,
    `export async function title(text: string, model: BaseChatModel): Promise<string> {`,
    "  const response = await model.invoke(`Title for: ${text}`);",
    `  return String(response.content);`,
    `}`,
    ``,
  ].join("\n");
}

describe("package types handed on by a project package", () => {
  it("reads `import { X } from 'pkg'; export { X }` in the project package as the package's type", () => {
    const analyses = analyzeProject({
      ...WORKSPACE,
      "packages/providers/src/llm.ts": `import { BaseChatModel } from "@langchain/core/language_models/chat_models";\nexport const kind = "llm";\nexport { BaseChatModel };\n`,
      "apps/api/src/title.ts": titleFile(`import { BaseChatModel } from "@acme/providers";`),
    });
    assert.deepEqual(describeCalls(analyses), ["apps/api/src/title.ts:3 null wrapper=title"]);
  });

  it("reads `export { X as Y } from 'pkg'` the same way", () => {
    const analyses = analyzeProject({
      ...WORKSPACE,
      "packages/providers/src/llm.ts": `export { BaseChatModel as ChatModel } from "@langchain/core/language_models/chat_models";\n`,
      "apps/api/src/title.ts": titleFile(`import { ChatModel as BaseChatModel } from "@acme/providers";`),
    });
    assert.deepEqual(describeCalls(analyses), ["apps/api/src/title.ts:3 null wrapper=title"]);
  });

  it("leaves a type the project package declares itself to the project (no request from a class with no requests)", () => {
    const analyses = analyzeProject({
      ...WORKSPACE,
      "packages/providers/src/llm.ts": `export class BaseChatModel { async invoke(input: string) { return { content: input }; } }\n`,
      "apps/api/src/title.ts": titleFile(`import { BaseChatModel } from "@acme/providers";`),
    });
    assert.deepEqual(describeCalls(analyses), []);
  });
});
