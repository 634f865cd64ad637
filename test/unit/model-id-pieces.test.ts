import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { analyzeSource } from "../helpers/memory-workspace.ts";

// A model named as "provider/model" and taken apart before the client is made (LangGraph's templates:
// `loadChatModel(configuration.queryModel)` slices at the "/"): the pieces are the text's, read without running it.

/** The LangGraph template's loader: `initChatModel(model, { modelProvider })` with the id cut at its first "/". */
const loader = [
  `import { initChatModel } from "langchain/chat_models/universal";`,
  `export async function loadChatModel(fullySpecifiedName: string) {`,
  `  const index = fullySpecifiedName.indexOf("/");`,
  `  const provider = fullySpecifiedName.slice(0, index);`,
  `  const model = fullySpecifiedName.slice(index + 1);`,
  `  return await initChatModel(model, { modelProvider: provider });`,
  `}`,
].join("\n");

describe("model ids taken apart", () => {
  it("a provider/model id cut with indexOf and slice, or split, names the model", () => {
    const analyses = analyzeProject({
      "src/utils.ts": loader,
      "src/graph.ts": [
        `import { initChatModel } from "langchain/chat_models/universal";`,
        `import { loadChatModel } from "./utils";`,
        `export async function answer(config: { configurable?: { queryModel?: string } }, query: string) {`,
        `  const model = await loadChatModel(config.configurable?.queryModel || "anthropic/claude-3-5-haiku-latest");`,
        `  return model.invoke(query);`,
        `}`,
        `export async function route(query: string) {`,
        `  const [provider, name] = "openai/gpt-4o-mini".split("/");`,
        `  const model = await initChatModel(name, { modelProvider: provider });`,
        `  return model.invoke(query);`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/graph.ts:5 claude-3-5-haiku-latest wrapper=answer", "src/graph.ts:10 gpt-4o-mini wrapper=route"]);
  });

  it("a choice of ids is not taken apart: one way's pieces would be read at another's positions", () => {
    const analyses = analyzeProject({
      "src/graph.ts": [
        `import { initChatModel } from "langchain/chat_models/universal";`,
        `export async function route(fast: boolean, query: string) {`,
        `  const [provider, name] = (fast ? "openai/gpt-4o-mini" : "anthropic/claude-sonnet-4-5").split("/");`,
        `  const model = await initChatModel(name, { modelProvider: provider });`,
        `  return model.invoke(query);`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/graph.ts:5 null wrapper=route"]);
  });

  it("a suffix tested before it is cut off: only the branch that runs is read", () => {
    const analyses = analyzeProject({
      "src/anthropic.ts": [
        `import Anthropic from "@anthropic-ai/sdk";`,
        `const client = new Anthropic();`,
        `const FAST_SUFFIX = ":fast";`,
        `export async function send(prompt: string) {`,
        `  const id = "claude-sonnet-4-5";`,
        `  const modelId = id.endsWith(FAST_SUFFIX) ? id.slice(0, -FAST_SUFFIX.length) : id;`,
        `  return client.messages.create({ model: modelId, max_tokens: 100, messages: [{ role: "user", content: prompt }] });`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/anthropic.ts:7 claude-sonnet-4-5 wrapper=send"]);
  });
});

/** The input tokens of the one request of `src/app.ts`: an OpenAI client, `declarations`, then `run(parameter)` sending `content`. */
function inputTokensOf(declarations: string[], parameter: string, content: string) {
  const source = [
    `import OpenAI from "openai";`,
    `const client = new OpenAI();`,
    ...declarations,
    `export async function run(${parameter}) {`,
    `  return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: ${content} }] });`,
    `}`,
  ].join("\n");
  const [request] = analyzeSource({ "src/app.ts": source }, "src/app.ts").calls;
  assert.ok(request);
  return request.inputTokens;
}

describe("a text standing beside a run-time value", () => {
  it("`(post || \"\").trim().length` is the post's length, known at run time only", () => {
    const tokens = inputTokensOf([], "post: string | undefined", "`Shorten the post to fewer than ${(post || \"\").trim().length} characters.`");
    assert.ok(tokens.dynamic > 0, JSON.stringify(tokens));
  });

  it("`template.replace(\"{reflections}\", reflections || \"\")` puts the run-time value in the template", () => {
    const tokens = inputTokensOf([`const TEMPLATE = "Follow these rules when you write the post: {reflections}";`], "reflections: string | undefined", `TEMPLATE.replace("{reflections}", reflections || "")`);
    assert.ok(tokens.dynamic > 0, JSON.stringify(tokens));
  });

  it("a label capitalised with charAt and slice is the label's text", () => {
    const tokens = inputTokensOf([`const capitalize = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);`], "", `"List the fields: " + capitalize("sentiment")`);
    assert.deepEqual([tokens.dynamic, tokens.exact], [0, true]);
  });
});
