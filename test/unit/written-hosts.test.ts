import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** `line provider` of each call of one file. */
function providers(file: string, source: string): string[] {
  return analyzeSource({ [file]: source }, file, {}, NO_PRICES).calls.map(({ call }) => `${call.range.line} ${call.provider}`);
}

const SOURCE = `import OpenAI from "openai";
import { generateText } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
declare const server: { port: number };
declare const version: string;
export async function viaClient() {
  const openai = new OpenAI({ apiKey: "sk-test", baseURL: \`http://127.0.0.1:\${server.port}/v1\` });
  await openai.chat.completions.create({ model: "gpt-5", messages: [{ role: "user", content: "Hello" }] });
}
export async function viaProvider() {
  const model = createOpenAI({ apiKey: "sk-test", baseURL: \`http://localhost:\${server.port}/v1\` }).chat("gpt-5");
  await generateText({ model, messages: [{ role: "user", content: "Hello" }] });
}
export async function vendorHost() {
  const openai = new OpenAI({ baseURL: \`https://api.groq.com/openai/\${version}\` });
  await openai.chat.completions.create({ model: "llama-3.3-70b-versatile", messages: [] });
}
export async function runTimeHost(host: string) {
  const openai = new OpenAI({ baseURL: \`https://\${host}/v1\` });
  await openai.chat.completions.create({ model: "gpt-4o", messages: [] });
}
`;

describe("a base URL whose port or path is only known at run time", () => {
  it("says where requests go by the scheme and host written before it: a server on this machine, a vendor's host", () => {
    assert.deepEqual(providers("src/client.ts", SOURCE), ["8 local", "12 local", "16 groq", "20 openai"]);
  });

  it("in a test, a request to a server on this machine is to the test's own stand-in, not a request (typebot's private-URL tests)", () => {
    assert.deepEqual(providers("src/client.test.ts", SOURCE), ["16 groq", "20 openai"]);
  });
});
