import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls } from "../helpers/analyze-project.ts";

// One value that is a package's client on one branch and an instance of a project class on another (an
// embeddings factory with a case per vendor): a call through it is each of them, one request of several ways.

const FILES = {
  "src/jina.ts": [
    `export class JinaEmbeddings {`,
    `  constructor(private model: string) {}`,
    `  async embedQuery(query: string) {`,
    `    const response = await fetch("https://api.jina.ai/v1/embeddings", { method: "POST", body: JSON.stringify({ model: this.model, input: [query] }) });`,
    `    return response.json();`,
    `  }`,
    `}`,
    ``,
  ].join("\n"),
  "src/embeddings.ts": [
    `import { OpenAIEmbeddings } from "@langchain/openai";`,
    `import { JinaEmbeddings } from "./jina";`,
    `function getEmbeddings(provider: string, model: string) {`,
    `  let embeddings;`,
    `  switch (provider) {`,
    `    case "openai":`,
    `      embeddings = new OpenAIEmbeddings({ model });`,
    `      break;`,
    `    case "jina":`,
    `      embeddings = new JinaEmbeddings(model);`,
    `      break;`,
    `    default:`,
    `      throw new Error("unsupported");`,
    `  }`,
    `  return embeddings;`,
    `}`,
    `export async function search(provider: string, query: string) {`,
    `  return getEmbeddings(provider, "m").embedQuery(query);`,
    `}`,
    ``,
  ].join("\n"),
};

describe("a package's client beside a project class's instance", () => {
  it("reads the call through each of them: the project class's request is counted at the call, not again where written", () => {
    assert.deepEqual(countedCalls(analyzeProject(FILES)), ["src/embeddings.ts:18"]);
  });
});
