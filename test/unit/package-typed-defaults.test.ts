import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// `configurable.model || "gpt-4o"` where `configurable` is read off a parameter typed by a package (LangGraph's
// RunnableConfig): the field is a run-time value like any other, so the text after `||` is its default.

describe("a field of a package-typed parameter with a default", () => {
  it("falls back to the text after `||`, as a run-time value does", () => {
    const analyses = analyzeProject({
      "src/graph.ts": [
        `import type { RunnableConfig } from "@langchain/core/runnables";`,
        `import { initChatModel } from "langchain/chat_models/universal";`,
        `function ensureConfiguration(config: RunnableConfig) {`,
        `  const configurable = (config?.configurable || {}) as { queryModel?: string };`,
        `  return { queryModel: configurable.queryModel || "gpt-4o" };`,
        `}`,
        `export async function answer(state: { query: string }, config: RunnableConfig) {`,
        `  const model = await initChatModel(ensureConfiguration(config).queryModel, { modelProvider: "openai" });`,
        `  return model.invoke(state.query);`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/graph.ts:9 gpt-4o wrapper=answer"]);
  });
});
