import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";

// An app's request helper forwarding the options it is given with one of its own added (`fetch(url, {
// ...options, signal: AbortSignal.timeout(ms) })`): the call site's options say the method and the body.

function checker(fetchOptions: string): string {
  return [
    `export class Checker {`,
    `  private async performApiRequest(url: string, options: RequestInit, timeout = 10000) {`,
    `    try {`,
    `      const response = await fetch(url, ${fetchOptions});`,
    `      return response.ok;`,
    `    } catch {`,
    `      return false;`,
    `    }`,
    `  }`,
    `  async checkEmbeddings(apiKey: string) {`,
    `    return this.performApiRequest("https://api.openai.com/v1/embeddings", {`,
    `      method: "POST",`,
    `      headers: { Authorization: \`Bearer \${apiKey}\` },`,
    `      body: JSON.stringify({ model: "text-embedding-3-small", input: ["test"] }),`,
    `    });`,
    `  }`,
    `  async listModels(baseUrl: string) {`,
    "    return this.performApiRequest(`${baseUrl}/models`, { method: \"GET\" });",
    `  }`,
    `}`,
    ``,
  ].join("\n");
}

describe("fetch options a helper is given and forwards", () => {
  it("reads a request through `{ ...options, signal }` at the call site passing an LLM endpoint", () => {
    const analyses = analyzeProject({ "src/checker.ts": checker("{ ...options, signal: AbortSignal.timeout(timeout) }") });
    assert.deepEqual(countedCalls(analyses), ["src/checker.ts:11"]);
    assert.ok(describeCalls(analyses).some((call) => call.startsWith("src/checker.ts:11 text-embedding-3-small")), describeCalls(analyses).join("\n"));
  });

  it("does not when the helper's own options say the method (`{ ...options, method: 'GET' }`)", () => {
    const analyses = analyzeProject({ "src/checker.ts": checker(`{ ...options, method: "GET" }`) });
    assert.deepEqual(countedCalls(analyses), []);
  });

  it("reads a class's own `fetch` forwarding `{ ...init, signal }` as fetch where it is called, with no hop through it", () => {
    const analyses = analyzeProject({
      "src/client.ts": [
        `export class Client {`,
        `  async fetch(url: string, init: RequestInit) {`,
        `    return globalThis.fetch(url, { ...init, signal: AbortSignal.timeout(30000) });`,
        `  }`,
        `  async chat(prompt: string) {`,
        `    return this.fetch("https://api.openai.com/v1/chat/completions", {`,
        `      method: "POST",`,
        `      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }),`,
        `    });`,
        `  }`,
        `}`,
        ``,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/client.ts:6 gpt-4o-mini wrapper=chat"]);
  });
});
