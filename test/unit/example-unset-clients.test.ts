// A factory choosing a client by env variables that the project's env example leaves unset (karakeep's
// InferenceClientFactory.build: `if (config.openAIApiKey) return OpenAI...; if (config.ollamaBaseUrl) return
// Ollama...; return null;` beside a .env.sample naming neither): the example's way makes no client, so no
// request; the factory's returns are read without the example's word, each client kept.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";

const FACTORY = (fallback: string) => `import OpenAI from "openai";
class OpenAIClient {
  private openai = new OpenAI();
  constructor(private config: { model: string }) {}
  async infer(prompt: string) {
    return this.openai.chat.completions.create({ model: this.config.model, messages: [{ role: "user", content: prompt }] });
  }
}
export function build(): OpenAIClient | null {
  if (process.env.OPENAI_API_KEY) return new OpenAIClient({ model: "gpt-4o-mini" });
  ${fallback}
}
`;

const CALLER = `import { build } from "./factory";
export async function run(prompt: string) {
  const client = build();
  if (!client) throw new Error("no client");
  return client.infer(prompt);
}
`;

function callersCalls(fallback: string, example: string): string[] {
  return describeCalls(analyzeProject({ "src/factory.ts": FACTORY(fallback), "src/a.ts": CALLER, ".env.example": example }))
    .filter((call) => call.startsWith("src/a.ts:"))
    .map((call) => call.replace(/ via=.*$/, ""));
}

describe("a client chosen by env variables the env example leaves unset", () => {
  it("is each client the factory makes, when the example's way makes none", () => {
    assert.deepEqual(callersCalls("return null;", "DATA_DIR=/data\n"), ["src/a.ts:5 gpt-4o-mini"]);
  });
  it("is still the example's way when that way makes a client", () => {
    // OPENAI_API_KEY unset in the example: the second client, the one a user who copied it gets.
    const fallback = `return { infer: async (prompt: string) => prompt };`;
    assert.deepEqual(callersCalls(fallback, "DATA_DIR=/data\n"), []);
  });
});

describe("a client the env example rules out of a factory", () => {
  // karakeep's EmbeddingClientFactory.build: `if (env.EMBEDDING_OPENAI_API_KEY) return new OpenAIEmbeddingClient();
  // return InferenceClientFactory.build();` with the key unset in the example: the fallback client stands.
  const FILES = {
    "src/clients.ts": `import OpenAI from "openai";
const openai = new OpenAI();
export class EmbeddingClient {
  async embed(text: string) {
    return openai.embeddings.create({ model: "text-embedding-3-large", input: text });
  }
}
export class InferenceClient {
  async embed(text: string) {
    return openai.embeddings.create({ model: "text-embedding-3-small", input: text });
  }
}
export function build(): EmbeddingClient | InferenceClient {
  if (process.env.EMBEDDING_OPENAI_API_KEY) return new EmbeddingClient();
  return new InferenceClient();
}
`,
    "src/a.ts": `import { build } from "./clients";
export async function index(text: string) {
  const client = build();
  return client.embed(text);
}
`,
    ".env.example": "OPENAI_API_KEY=sk-...\n",
  };

  it("counts the ruled-out client's request at the call site, once, priced as the example's way", () => {
    const analyses = analyzeProject(FILES);
    assert.deepEqual(countedCalls(analyses), ["src/a.ts:4"]);
    assert.deepEqual(describeCalls(analyses).filter((call) => call.startsWith("src/a.ts:")).map((call) => call.replace(/ via=.*$/, "")), ["src/a.ts:4 text-embedding-3-small"]);
  });
});
