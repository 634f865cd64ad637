import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** The calls found in a one-file project, as `sdk provider kind api model cap` strings. */
function callsIn(source: string): string[] {
  return analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.sdk} ${call.provider} ${call.kind} ${call.api} ${call.model} ${call.outputCap}`);
}

/** Each call's prompt: static text joined, each dynamic part as <label>. */
function promptsIn(source: string): string[] {
  return analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) =>
    call.messages.map((message) => `${message.role}: ${message.parts.map((part) => (part.kind === "static" ? part.text : `<${part.label}>`)).join("")}`).join(" | "),
  );
}

describe("legacy @azure/openai", () => {
  const client = `import { OpenAIClient, AzureKeyCredential, OpenAIKeyCredential } from "@azure/openai";
const client = new OpenAIClient("https://acme.openai.azure.com/", new AzureKeyCredential(process.env.AZURE_KEY!));
`;

  it("reads getChatCompletions and streamChatCompletions: the deployment as the model, messages, maxTokens", () => {
    const source = `${client}
await client.getChatCompletions("gpt-4o", [{ role: "system", content: "Be brief." }, { role: "user", content: question }], { maxTokens: 128 });
const events = await client.streamChatCompletions("gpt-35-turbo", [{ role: "user", content: "hi" }]);`;
    assert.deepEqual(callsIn(source), ["azure-openai azure chat getChatCompletions gpt-4o 128", "azure-openai azure chat streamChatCompletions gpt-35-turbo null"]);
    assert.deepEqual(promptsIn(source), ["system: Be brief. | user: <question>", "user: hi"]);
  });

  it("reads getEmbeddings (each input billed) and getCompletions prompts", () => {
    const source = `${client}
await client.getEmbeddings("text-embedding-3-small", ["first", "second"]);
await client.getCompletions("gpt-35-turbo-instruct", ["Say hi"], { maxTokens: 5 });`;
    assert.deepEqual(callsIn(source), ["azure-openai azure embedding getEmbeddings text-embedding-3-small 0", "azure-openai azure chat getCompletions gpt-35-turbo-instruct 5"]);
    assert.deepEqual(promptsIn(source), ["user: first | user: second", "user: Say hi"]);
  });

  it("takes a client made with an OpenAIKeyCredential alone as OpenAI's own API", () => {
    const source = `import { OpenAIClient, OpenAIKeyCredential } from "@azure/openai";
const client = new OpenAIClient(new OpenAIKeyCredential(process.env.OPENAI_API_KEY!));
await client.getChatCompletions("gpt-4o-mini", [{ role: "user", content: "hi" }]);`;
    assert.deepEqual(callsIn(source), ["azure-openai openai chat getChatCompletions gpt-4o-mini null"]);
  });

  it("does not report the client's other methods or a namesake of another package", () => {
    const source = `${client}
await client.getImages("dall-e-3", "a cat", {});
import { OpenAIClient as Other } from "./local-client";
await new Other().getChatCompletions("gpt-4o", []);`;
    assert.deepEqual(callsIn(source), []);
  });
});

describe("Vercel AI SDK entry points", () => {
  it("reads the AI SDK 3.0 experimental_ names like the functions they became", () => {
    const source = `import { experimental_streamText, experimental_generateObject as generateObject } from "ai";
import { openai } from "@ai-sdk/openai";
experimental_streamText({ model: openai("gpt-4o"), prompt: "hi", maxTokens: 10 });
generateObject({ model: openai("gpt-4o-mini"), prompt: "x", schema: {} });`;
    assert.deepEqual(callsIn(source), ["vercel-ai openai chat streamText gpt-4o 10", "vercel-ai openai chat generateObject gpt-4o-mini null"]);
  });

  it("reads generate and stream of a ToolLoopAgent at the call line", () => {
    const source = `import { ToolLoopAgent } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
const agent = new ToolLoopAgent({ model: anthropic("claude-sonnet-4-5"), instructions: "You are terse.", maxOutputTokens: 300 });
const a = await agent.generate({ prompt: "one" });
const b = agent.stream({ prompt: "two" });`;
    assert.deepEqual(callsIn(source), ["vercel-ai anthropic chat Agent.generate claude-sonnet-4-5 300", "vercel-ai anthropic chat Agent.stream claude-sonnet-4-5 300"]);
  });

  it("reads the agent UI stream helpers as one request of the agent, the UI messages as its history", () => {
    const source = `import { ToolLoopAgent, createAgentUIStreamResponse, createAgentUIStream, pipeAgentUIStreamToResponse } from "ai";
import { openai } from "@ai-sdk/openai";
const agent = new ToolLoopAgent({ model: openai("gpt-4.1"), instructions: "Help.", maxOutputTokens: 500 });
export async function POST(request: Request) {
  const { messages } = await request.json();
  return createAgentUIStreamResponse({ agent, uiMessages: messages });
}
export const stream = (uiMessages: unknown[]) => createAgentUIStream({ agent, uiMessages });
export const pipe = (response: unknown, uiMessages: unknown[]) => pipeAgentUIStreamToResponse({ response, agent, uiMessages });`;
    assert.deepEqual(callsIn(source), [
      "vercel-ai openai chat createAgentUIStreamResponse gpt-4.1 500",
      "vercel-ai openai chat createAgentUIStream gpt-4.1 500",
      "vercel-ai openai chat pipeAgentUIStreamToResponse gpt-4.1 500",
    ]);
    assert.deepEqual(promptsIn(source)[0], "system: Help. | user: <messages>");
  });

  it("does not report image, speech or transcription functions (no prices for them) or UI helpers without an agent", () => {
    const source = `import { experimental_generateImage, experimental_generateSpeech, experimental_transcribe, createUIMessageStreamResponse } from "ai";
import { openai } from "@ai-sdk/openai";
await experimental_generateImage({ model: openai.image("dall-e-3"), prompt: "a cat" });
await experimental_generateSpeech({ model: openai.speech("tts-1"), text: "hi" });
await experimental_transcribe({ model: openai.transcription("whisper-1"), audio: new Uint8Array() });
createUIMessageStreamResponse({ stream });`;
    assert.deepEqual(callsIn(source), []);
  });
});

describe("@google/generative-ai batchEmbedContents", () => {
  it("reads each request's content as an embedded input", () => {
    const source = `import { GoogleGenerativeAI } from "@google/generative-ai";
const model = new GoogleGenerativeAI(process.env.KEY!).getGenerativeModel({ model: "text-embedding-004" });
await model.batchEmbedContents({ requests: [{ content: { role: "user", parts: [{ text: "first" }] } }, { content: { role: "user", parts: [{ text: "second" }] } }] });
await model.batchEmbedContents({ requests: texts.map((text) => ({ content: { role: "user", parts: [{ text }] } })) });`;
    assert.deepEqual(callsIn(source).map((line) => line.split(" ").slice(0, 5).join(" ")), [
      "google-generative-ai google embedding batchEmbedContents text-embedding-004",
      "google-generative-ai google embedding batchEmbedContents text-embedding-004",
    ]);
    const prompts = promptsIn(source);
    assert.equal(prompts[0], "user: first | user: second");
    assert.match(prompts[1]!, /^user: <.+>$/);
  });
});

describe("@google-cloud/vertexai", () => {
  it("reads VertexAI's getGenerativeModel like @google/generative-ai's, also under preview", () => {
    const source = `import { VertexAI } from "@google-cloud/vertexai";
const vertexAI = new VertexAI({ project: process.env.PROJECT!, location: "us-central1" });
const model = vertexAI.getGenerativeModel({ model: "gemini-1.5-flash", generationConfig: { maxOutputTokens: 64 } });
await model.generateContent("Say hello");
await vertexAI.preview.getGenerativeModel({ model: "gemini-2.0-flash" }).generateContentStream({ contents: [{ role: "user", parts: [{ text: "x" }] }] });
vertexAI.getGenerativeModel({ model: "gemini-1.5-pro" });`;
    assert.deepEqual(callsIn(source), [
      "google-generative-ai google chat generateContent gemini-1.5-flash 64",
      "google-generative-ai google chat generateContentStream gemini-2.0-flash null",
    ]);
    assert.equal(promptsIn(source)[0], "user: Say hello");
  });

  it("does not take another package's VertexAI class for the client", () => {
    const source = `import { VertexAI } from "@google/generative-ai";
new VertexAI({}).getGenerativeModel({ model: "gemini-1.5-flash" }).generateContent("hi");`;
    assert.deepEqual(callsIn(source), []);
  });
});
