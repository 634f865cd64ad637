import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";

// LangChain's Ollama text-completion model (`Ollama`, beside `ChatOllama`) and the Google packages `ChatGoogle` comes
// from (`@langchain/google`, `-gauth`, `-webauth`): CopilotKit/CopilotKit e9387e0483's Ollama and Google adapters
// load them with `require` inside the function that calls them.

const callsOf = (files: Record<string, string>) =>
  analyzeProject(files).flatMap((analysis) => analysis.calls.map(({ call }) => `${call.range.line} ${call.provider} ${call.kind} ${call.model}`));

describe("LangChain Ollama and Google models", () => {
  it("reads the Ollama LLM's stream as an Ollama request, the class required where it is used", () => {
    const calls = callsOf({
      "src/ollama.ts": [
        `export async function complete(prompts: string[]) {`,
        `  const { Ollama } = require("@langchain/community/llms/ollama");`,
        `  const ollama = new Ollama({ model: "llama3:latest" });`,
        `  return ollama.stream(prompts);`,
        `}`,
        `import { Ollama as Local } from "@langchain/ollama";`,
        `export const short = (text: string) => new Local({ model: "qwen2.5:7b", numPredict: 64 }).invoke(text);`,
        ``,
      ].join("\n"),
    });
    assert.deepEqual(calls, ["4 ollama chat llama3:latest", "7 ollama chat qwen2.5:7b"]);
  });

  it("reads ChatGoogle of each Google package as a Google chat request, its model named by `model` or `modelName`", () => {
    const calls = callsOf({
      "src/google.ts": [
        `import { ChatGoogle } from "@langchain/google";`,
        `import { ChatGoogle as AuthChat } from "@langchain/google-gauth";`,
        `import { ChatGoogle as WebChat } from "@langchain/google-webauth";`,
        `export const a = (text: string) => new ChatGoogle({ model: "gemini-2.5-flash" }).invoke(text);`,
        `export const b = (text: string) => new AuthChat({ modelName: "gemini-2.5-pro" }).invoke(text);`,
        `export const c = (text: string) => new WebChat({ model: "gemini-2.0-flash" }).invoke(text);`,
        ``,
      ].join("\n"),
    });
    assert.deepEqual(calls, ["4 google chat gemini-2.5-flash", "5 google chat gemini-2.5-pro", "6 google chat gemini-2.0-flash"]);
  });
});
