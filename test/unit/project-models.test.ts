import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";

// A custom AI SDK provider written in the project: its models are instances of its own class, built with the
// model id, and forward to a vendor it is configured with.

const PROVIDER = [
  `export class ForwardingModel {`,
  `  readonly specificationVersion = "v3";`,
  `  provider: string;`,
  `  constructor(public readonly modelId: string, readonly config: { provider?: string }) {`,
  `    this.provider = config.provider ?? "openai";`,
  `  }`,
  `  async doGenerate(options: unknown) { return options; }`,
  `}`,
  `export function createForwarding(options: { provider?: string } = {}) {`,
  `  const create = (modelId: string) => new ForwardingModel(modelId, { provider: options.provider || "openai" });`,
  `  const provider = function (modelId: string) { return create(modelId); };`,
  `  return provider;`,
  `}`,
].join("\n");

function modelsAt(test: string, provider = PROVIDER): string[] {
  const analyses = analyzeProject({ "src/provider.ts": provider, "test/chat.test.ts": test });
  return analyses.flatMap((analysis) => analysis.calls.map(({ call }) => `${call.provider} ${call.model}`));
}

describe("a model class of the project's own", () => {
  it("is read as the model id it was built with, priced as the vendor it forwards to", () => {
    const test = `import { generateText } from "ai";\nimport { createForwarding } from "../src/provider";\nconst forward = createForwarding({ provider: "cohere" });\nexport const run = () => generateText({ model: forward("command-r-plus"), prompt: "hi" });\n`;
    assert.deepEqual(modelsAt(test), ["cohere command-r-plus"]);
  });

  it("keeps the vendor unknown when the class names no known one", () => {
    const test = `import { generateText } from "ai";\nimport { createForwarding } from "../src/provider";\nconst forward = createForwarding({ provider: "mem0" });\nexport const run = () => generateText({ model: forward("gpt-4o"), prompt: "hi" });\n`;
    assert.deepEqual(modelsAt(test), ["unknown gpt-4o"]);
  });

  it("is not read from a class that is not a model (no doGenerate or doStream)", () => {
    const test = `import { generateText } from "ai";\nimport { createForwarding } from "../src/provider";\nconst forward = createForwarding({ provider: "cohere" });\nexport const run = () => generateText({ model: forward("command-r-plus"), prompt: "hi" });\n`;
    assert.deepEqual(modelsAt(test, PROVIDER.replace("async doGenerate", "async run")), ["unknown null"]);
  });
});
