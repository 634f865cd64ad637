import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";

// LangChain community's Fireworks embeddings (`@langchain/community/embeddings/fireworks`), beside its chat model.

describe("LangChain community embeddings", () => {
  it("reads FireworksEmbeddings' embedQuery as a Fireworks embedding request", () => {
    const analyses = analyzeProject({
      "src/embed.ts": [
        `import { FireworksEmbeddings } from "@langchain/community/embeddings/fireworks";`,
        `const embeddings = new FireworksEmbeddings({ model: "nomic-ai/nomic-embed-text-v1.5" });`,
        `export async function embed(text: string) {`,
        `  return embeddings.embedQuery(text);`,
        `}`,
        ``,
      ].join("\n"),
    });
    const calls = analyses.flatMap((analysis) => analysis.calls.map(({ call }) => `${call.range.line} ${call.provider} ${call.kind} ${call.model}`));
    assert.deepEqual(calls, ["4 fireworks embedding nomic-ai/nomic-embed-text-v1.5"]);
  });
});
