import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// Ollama's API reached through a base that ends in `/api` with the path added apart (`${baseUrl}/generate`):
// no `api/generate` in the text, but Ollama's default port is.

describe("Ollama's native API on its default port", () => {
  it("reads a POST to `${base}/generate` with base defaulting to http://localhost:11434/api", () => {
    const analyses = analyzeProject({
      "src/rerank.ts": [
        `export async function rate(baseUrl: string | undefined, query: string, document: string) {`,
        `  const base = (baseUrl || "http://localhost:11434/api").replace(/\\/+$/, "");`,
        "  const response = await fetch(`${base}/generate`, {",
        `    method: "post",`,
        "    body: JSON.stringify({ model: \"llama3.2\", prompt: `Query: ${query}\\n\\nDocument: ${document}`, stream: false }),",
        `  });`,
        `  return response.json();`,
        `}`,
        ``,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/rerank.ts:3 llama3.2 wrapper=rate"]);
  });
});
