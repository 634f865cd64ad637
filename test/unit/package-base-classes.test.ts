import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A project class extending a package's class (`class EnhancedChatOpenAI extends ChatOpenAI`): what it does not
// declare is the package's, on an instance made with what `super(...)` passes.

describe("project classes extending a package's class", () => {
  it("reads an inherited request method with the arguments `super(...)` passes", () => {
    const analyses = analyzeProject({
      "src/models.ts": [
        `import { ChatOpenAI } from "@langchain/openai";`,
        `export class EnhancedChatOpenAI extends ChatOpenAI {`,
        `  constructor(fields?: { model?: string; temperature?: number }) {`,
        `    super({ ...fields, temperature: 0 });`,
        `  }`,
        `}`,
        `export async function ask(question: string) {`,
        `  return new EnhancedChatOpenAI({ model: "gpt-4o-mini" }).invoke(question);`,
        `}`,
        ``,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/models.ts:8 gpt-4o-mini wrapper=ask"]);
  });

  it("reads a class without a constructor with the `new` arguments, and keeps the project's own override", () => {
    const analyses = analyzeProject({
      "src/models.ts": [
        `import { ChatAnthropic } from "@langchain/anthropic";`,
        `export class Plain extends ChatAnthropic {}`,
        `export class Offline extends ChatAnthropic {`,
        `  async invoke(input: string) { return { content: input }; }`,
        `}`,
        `export async function ask(question: string) {`,
        `  const online = await new Plain({ model: "claude-3-5-haiku-latest" }).invoke(question);`,
        `  const offline = await new Offline({ model: "claude-3-5-haiku-latest" }).invoke(question);`,
        `  return [online, offline];`,
        `}`,
        ``,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/models.ts:7 claude-3-5-haiku-latest wrapper=ask"]);
  });
});
