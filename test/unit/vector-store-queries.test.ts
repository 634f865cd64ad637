import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";

// A LangChain vector store built with embeddings embeds its documents when they are added, and a search's
// query when it is searched: one embedding request each.

describe("LangChain vector store searches", () => {
  it("reads `store.similaritySearch(query, k)` as one embedding of the query, beside `addDocuments`", () => {
    const analyses = analyzeProject({
      "src/search.ts": [
        `import { OpenAIEmbeddings } from "@langchain/openai";`,
        `import { MemoryVectorStore } from "langchain/vectorstores/memory";`,
        `export async function search(documents: { pageContent: string; metadata: object }[], query: string) {`,
        `  const store = new MemoryVectorStore(new OpenAIEmbeddings({ model: "text-embedding-3-small" }));`,
        `  await store.addDocuments(documents);`,
        `  return store.similaritySearch(query, 4);`,
        `}`,
        ``,
      ].join("\n"),
    });
    const calls = analyses.flatMap((analysis) => analysis.calls.map(({ call }) => `${call.range.line} ${call.kind} ${call.model} ${call.api}`));
    assert.deepEqual(calls, ["5 embedding text-embedding-3-small OpenAIEmbeddings.embedDocuments (addDocuments)", "6 embedding text-embedding-3-small OpenAIEmbeddings.embedQuery (similaritySearch)"]);
  });
  it("reads a search through the store's retriever, `store.asRetriever(k).invoke(query)`, as one embedding of the query", () => {
    const analyses = analyzeProject({
      "src/search.ts": [
        `import { OpenAIEmbeddings } from "@langchain/openai";`,
        `import { MemoryVectorStore } from "langchain/vectorstores/memory";`,
        `import { RunnableLambda } from "@langchain/core/runnables";`,
        `export async function search(query: string) {`,
        `  const store = new MemoryVectorStore(new OpenAIEmbeddings({ model: "text-embedding-3-small" }));`,
        `  const retriever = store.asRetriever(3);`,
        `  const docs = await retriever.invoke(query);`,
        `  await store.asRetriever().getRelevantDocuments(query);`,
        `  await RunnableLambda.from((text: string) => text).invoke(query);`,
        `  return docs;`,
        `}`,
        ``,
      ].join("\n"),
    });
    const calls = analyses.flatMap((analysis) => analysis.calls.map(({ call }) => `${call.range.line} ${call.kind} ${call.model} ${call.api}`));
    assert.deepEqual(calls, [
      "7 embedding text-embedding-3-small OpenAIEmbeddings.embedQuery (asRetriever().invoke)",
      "8 embedding text-embedding-3-small OpenAIEmbeddings.embedQuery (asRetriever().getRelevantDocuments)",
    ]);
  });
});
