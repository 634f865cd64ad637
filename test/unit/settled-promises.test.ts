// A value awaited through `.catch(handler)` or `.finally(cleanup)` (karakeep's search handler:
// `const clients = await (async () => ({ embeddingClient: Factory.build() }))().catch(...)`): the value the
// promise settles to when it does not fail, as an `await` alone is read.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

const CLIENT = `import OpenAI from "openai";
export interface EmbeddingClient { embedText(inputs: string[]): Promise<number[][]>; }
export class OpenAIEmbeddingClient implements EmbeddingClient {
  private openAI = new OpenAI();
  async embedText(inputs: string[]) {
    const r = await this.openAI.embeddings.create({ model: "text-embedding-3-small", input: inputs });
    return r.data.map((d) => d.embedding);
  }
}
export class Factory { static build(): EmbeddingClient | null { return new OpenAIEmbeddingClient(); } }
`;

const caller = (made: string) => `import { Factory } from "./client";
export async function search(q: string) {
  const clients = await ${made};
  const c = clients?.c;
  if (!c) return;
  return c.embedText([q]);
}
`;

function callsIn(made: string): string[] {
  return describeCalls(analyzeProject({ "src/client.ts": CLIENT, "src/a.ts": caller(made) }))
    .filter((call) => call.startsWith("src/a.ts:"))
    .map((call) => call.replace(/ via=.*$/, ""));
}

describe("a promise settled through catch or finally", () => {
  it("is the value it settles to: an async IIFE's object, then .catch", () => {
    assert.deepEqual(callsIn(`(async () => ({ c: Factory.build() }))().catch(() => null)`), ["src/a.ts:6 text-embedding-3-small"]);
  });
  it("is the value it settles to: Promise.resolve, then .finally", () => {
    assert.deepEqual(callsIn(`(async () => ({ c: Factory.build() }))().finally(() => undefined)`), ["src/a.ts:6 text-embedding-3-small"]);
  });
  it("is an object's own catch method's value when it has one", () => {
    assert.deepEqual(callsIn(`({ c: Factory.build(), catch: () => ({ c: null }) }).catch()`), []);
  });
});
