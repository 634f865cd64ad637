// The openai package before v4 and openai-edge: `new OpenAIApi(new Configuration(...)).createChatCompletion(...)`.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** The calls found in a one-file project, as `sdk provider kind api model cap` strings. */
function callsIn(source: string): string[] {
  return analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.sdk} ${call.provider} ${call.kind} ${call.api} ${call.model} ${call.outputCap}`);
}

describe("the OpenAIApi client of openai v3 and openai-edge", () => {
  it("reads createChatCompletion, createCompletion and createEmbedding, not the client's other methods", () => {
    const source = `import { Configuration, OpenAIApi } from "openai-edge";
const openai = new OpenAIApi(new Configuration({ apiKey: process.env.OPENAI_API_KEY }));
export async function run(q: string) {
  await openai.listModels();
  await openai.createModeration({ input: q });
  await openai.createEmbedding({ model: "text-embedding-ada-002", input: q.replace(/\\n/g, " ") });
  await openai.createCompletion({ model: "gpt-3.5-turbo-instruct", prompt: q, max_tokens: 64 });
  return openai.createChatCompletion({ model: "gpt-3.5-turbo", stream: true, max_tokens: 200, messages: [{ role: "user", content: q }] });
}
`;
    assert.deepEqual(callsIn(source), [
      "openai openai embedding createEmbedding text-embedding-ada-002 null",
      "openai openai chat createCompletion gpt-3.5-turbo-instruct 64",
      "openai openai chat createChatCompletion gpt-3.5-turbo 200",
    ]);
  });

  it("takes the vendor from the Configuration's basePath, the client required from openai", () => {
    const source = `const { Configuration, OpenAIApi } = require("openai");
const configuration = new Configuration({ apiKey: "k", basePath: "https://api.together.xyz/v1" });
const openai = new OpenAIApi(configuration);
openai.createChatCompletion({ model: "meta-llama/Llama-3.3-70B-Instruct-Turbo", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
`;
    assert.deepEqual(callsIn(source), ["openai together chat createChatCompletion meta-llama/Llama-3.3-70B-Instruct-Turbo 10"]);
  });

  it("does not read v4's client or another package's OpenAIApi as this client", () => {
    assert.deepEqual(callsIn(`import OpenAI from "openai";\nconst openai = new OpenAI();\nopenai.createChatCompletion({ model: "gpt-4o", messages: [] });\n`), []);
    assert.deepEqual(callsIn(`import { OpenAIApi } from "acme-openai";\nnew OpenAIApi().createChatCompletion({ model: "gpt-4o", messages: [] });\n`), []);
  });
});
