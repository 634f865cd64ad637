import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** The calls found in a one-file project, as `sdk provider api model cap` strings. */
function callsIn(source: string, file = "src/app.ts"): string[] {
  return analyzeSource({ [file]: source }, file, {}, NO_PRICES).calls.map(({ call }) => `${call.sdk} ${call.provider} ${call.kind} ${call.api} ${call.model} ${call.outputCap}`);
}

describe("OpenAI", () => {
  const client = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
  const cases: [string, string][] = [
    [`client.chat.completions.create({ model: "gpt-4o", messages: [], max_tokens: 10 })`, "openai openai chat chat.completions.create gpt-4o 10"],
    [`client.chat.completions.create({ model: "gpt-4o", messages: [], max_completion_tokens: 20 })`, "openai openai chat chat.completions.create gpt-4o 20"],
    [`client.chat.completions.parse({ model: "gpt-4o", messages: [] })`, "openai openai chat chat.completions.parse gpt-4o null"],
    [`client.chat.completions.stream({ model: "gpt-4o", messages: [] })`, "openai openai chat chat.completions.stream gpt-4o null"],
    [`client.beta.chat.completions.parse({ model: "gpt-4o", messages: [] })`, "openai openai chat beta.chat.completions.parse gpt-4o null"],
    [`client.responses.create({ model: "gpt-4.1", input: "hi", max_output_tokens: 30 })`, "openai openai chat responses.create gpt-4.1 30"],
    [`client.responses.stream({ model: "gpt-4.1", input: "hi" })`, "openai openai chat responses.stream gpt-4.1 null"],
    [`client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "hi", max_tokens: 5 })`, "openai openai chat completions.create gpt-3.5-turbo-instruct 5"],
    [`client.embeddings.create({ model: "text-embedding-3-small", input: "hi" })`, "openai openai embedding embeddings.create text-embedding-3-small null"],
  ];
  for (const [call, expected] of cases) {
    it(`recognises ${call.slice(0, 40)}`, () => assert.deepEqual(callsIn(`${client}${call};`), [expected]));
  }

  it("recognises a named import, a require and a client built inline", () => {
    assert.deepEqual(callsIn(`import { OpenAI } from "openai";\nnew OpenAI().chat.completions.create({ model: "gpt-4o", messages: [] });`), ["openai openai chat chat.completions.create gpt-4o null"]);
    assert.deepEqual(callsIn(`const OpenAI = require("openai");\nconst c = new OpenAI();\nc.chat.completions.create({ model: "gpt-4o", messages: [] });`, "src/app.js"), [
      "openai openai chat chat.completions.create gpt-4o null",
    ]);
    assert.deepEqual(callsIn(`const { OpenAI } = require("openai");\nconst c = new OpenAI();\nc.embeddings.create({ model: "text-embedding-3-large", input: "x" });`, "src/app.cjs"), [
      "openai openai embedding embeddings.create text-embedding-3-large null",
    ]);
  });

  it("recognises a client passed as a parameter typed with the SDK class", () => {
    assert.deepEqual(callsIn(`import OpenAI from "openai";\nexport function run(c: OpenAI) { return c.chat.completions.create({ model: "gpt-4o", messages: [] }); }`), [
      "openai openai chat chat.completions.create gpt-4o null",
    ]);
  });

  it("takes the provider from an OpenAI-compatible base URL and Azure from AzureOpenAI", () => {
    assert.deepEqual(callsIn(`import OpenAI from "openai";\nconst g = new OpenAI({ baseURL: "https://api.groq.com/openai/v1" });\ng.chat.completions.create({ model: "llama-3.3-70b-versatile", messages: [] });`), [
      "openai groq chat chat.completions.create llama-3.3-70b-versatile null",
    ]);
    assert.deepEqual(callsIn(`import { AzureOpenAI } from "openai";\nconst a = new AzureOpenAI();\na.chat.completions.create({ model: "gpt-4o", messages: [] });`), ["openai azure chat chat.completions.create gpt-4o null"]);
  });
});

describe("Anthropic", () => {
  const client = `import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\n`;
  const params = `{ model: "claude-sonnet-4-5", max_tokens: 100, messages: [] }`;
  const cases: [string, string][] = [
    [`anthropic.messages.create(${params})`, "anthropic anthropic chat messages.create claude-sonnet-4-5 100"],
    [`anthropic.messages.stream(${params})`, "anthropic anthropic chat messages.stream claude-sonnet-4-5 100"],
    [`anthropic.beta.messages.create(${params})`, "anthropic anthropic chat beta.messages.create claude-sonnet-4-5 100"],
    [`anthropic.beta.messages.stream(${params})`, "anthropic anthropic chat beta.messages.stream claude-sonnet-4-5 100"],
    [`anthropic.messages.countTokens({ model: "claude-sonnet-4-5", messages: [] })`, "anthropic anthropic count messages.countTokens claude-sonnet-4-5 null"],
  ];
  for (const [call, expected] of cases) {
    it(`recognises ${call.slice(0, 40)}`, () => assert.deepEqual(callsIn(`${client}${call};`), [expected]));
  }
});

describe("Google", () => {
  it("recognises @google/genai models.generateContent and generateContentStream", () => {
    const source = `import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({ apiKey: "k" });
ai.models.generateContent({ model: "gemini-2.5-flash", contents: "hi", config: { maxOutputTokens: 64 } });
ai.models.generateContentStream({ model: "gemini-2.5-pro", contents: "hi" });`;
    assert.deepEqual(callsIn(source), [
      "google-genai google chat models.generateContent gemini-2.5-flash 64",
      "google-genai google chat models.generateContentStream gemini-2.5-pro null",
    ]);
  });

  it("recognises @google/generative-ai getGenerativeModel then generateContent, with the model's config", () => {
    const source = `import { GoogleGenerativeAI } from "@google/generative-ai";
const genAI = new GoogleGenerativeAI("k");
const model = genAI.getGenerativeModel({ model: "gemini-2.0-flash", generationConfig: { maxOutputTokens: 99 } });
model.generateContent("hello");
genAI.getGenerativeModel({ model: "gemini-2.5-pro" }).generateContentStream({ contents: [{ role: "user", parts: [{ text: "x" }] }] });`;
    assert.deepEqual(callsIn(source), [
      "google-generative-ai google chat generateContent gemini-2.0-flash 99",
      "google-generative-ai google chat generateContentStream gemini-2.5-pro null",
    ]);
  });

  it("does not count getGenerativeModel itself as a request", () => {
    assert.deepEqual(callsIn(`import { GoogleGenerativeAI } from "@google/generative-ai";\nconst m = new GoogleGenerativeAI("k").getGenerativeModel({ model: "gemini-2.0-flash" });`), []);
  });
});

describe("Vercel AI SDK", () => {
  const imports = `import { generateText, streamText, generateObject, streamObject } from "ai";
import { openai } from "@ai-sdk/openai";
import { anthropic } from "@ai-sdk/anthropic";
import { google } from "@ai-sdk/google";
`;
  it("recognises each function with each model factory", () => {
    const source = `${imports}
generateText({ model: openai("gpt-4o"), prompt: "a", maxOutputTokens: 50 });
streamText({ model: anthropic("claude-sonnet-4-5"), prompt: "b", maxTokens: 60 });
generateObject({ model: google("gemini-2.5-flash"), prompt: "c" });
streamObject({ model: openai.chat("gpt-4.1"), prompt: "d" });`;
    assert.deepEqual(callsIn(source), [
      "vercel-ai openai chat generateText gpt-4o 50",
      "vercel-ai anthropic chat streamText claude-sonnet-4-5 60",
      "vercel-ai google chat generateObject gemini-2.5-flash null",
      "vercel-ai openai chat streamObject gpt-4.1 null",
    ]);
  });

  it("recognises a namespace import of ai and a provider made by createOpenAI", () => {
    const source = `import * as ai from "ai";\nimport { createOpenAI } from "@ai-sdk/openai";\nconst myOpenAI = createOpenAI({ apiKey: "k" });\nai.generateText({ model: myOpenAI("gpt-4o-mini"), prompt: "x" });`;
    assert.deepEqual(callsIn(source), ["vercel-ai openai chat generateText gpt-4o-mini null"]);
  });
});

describe("lookalikes are not LLM calls", () => {
  it("ignores objects that merely have messages.create or chat.completions.create", () => {
    const source = `const queue = { messages: { create(x: unknown) { return x; } } };
const fake = { chat: { completions: { create: (x: unknown) => x } } };
queue.messages.create({ model: "gpt-4o", max_tokens: 1 });
fake.chat.completions.create({ model: "gpt-4o", messages: [] });
function generateText(x: unknown) { return x; }
generateText({ model: "gpt-4o", prompt: "x" });`;
    assert.deepEqual(callsIn(source), []);
  });

  it("ignores a client of another library with the same method names", () => {
    const source = `import Twilio from "twilio";\nconst t = new Twilio();\nt.messages.create({ body: "hi" });\nimport { Client } from "@slack/web-api";\nnew Client().chat.completions.create({});`;
    assert.deepEqual(callsIn(source), []);
  });

  it("ignores an untyped parameter called openai", () => {
    assert.deepEqual(callsIn(`export function f(openai: any) { return openai.chat.completions.create({ model: "gpt-4o", messages: [] }); }`), []);
  });
});

describe("file kinds", () => {
  const source = `import OpenAI from "openai";\nconst c = new OpenAI();\nc.chat.completions.create({ model: "gpt-4o", messages: [] });`;
  for (const extension of [".ts", ".tsx", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs"]) {
    it(`reads ${extension}`, () => assert.equal(callsIn(source, `src/app${extension}`).length, 1));
  }
});
