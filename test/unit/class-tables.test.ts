import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeInOrder } from "../helpers/analyze-project.ts";

/** `line api` of the calls of src/manager.ts, in a project where src/custom.ts holds a project subclass that makes no request of its own. */
function calls(manager: string): string[] {
  const files = {
    "src/providers.ts": `export enum Providers {\n  CUSTOM = "custom",\n  OPENAI = "openai",\n  OLLAMA = "ollama",\n}\n`,
    "src/custom.ts": `import { OpenAIEmbeddings } from "@langchain/openai";
export class CustomEmbeddings extends OpenAIEmbeddings {
  async embedQuery(text: string): Promise<number[]> {
    return [text.length];
  }
}
`,
    "src/manager.ts": manager,
  };
  return analyzeInOrder(files, ["src/manager.ts"]).flatMap((analysis) => analysis.calls.map(({ call }) => `${call.range.line} ${call.api}`));
}

const IMPORTS = `import { OpenAIEmbeddings } from "@langchain/openai";
import { OllamaEmbeddings } from "@langchain/ollama";
import { CustomEmbeddings } from "./custom";
import { Providers } from "./providers";
`;

const PING = `export async function ping(provider: Providers, config: Record<string, unknown>) {
  const Embedder = CONSTRUCTORS[provider];
  const model = new Embedder(config);
  await model.embedQuery("test");
}
`;

describe("a table of embedding classes read with a run-time key", () => {
  it("reads entries named by computed keys (`[Providers.OPENAI]: OpenAIEmbeddings`)", () => {
    const source = `${IMPORTS}const CONSTRUCTORS = {
  [Providers.OPENAI]: OpenAIEmbeddings,
  [Providers.OLLAMA]: OllamaEmbeddings,
};
${PING}`;
    assert.deepEqual(calls(source), ["12 OpenAIEmbeddings.embedQuery"]);
  });

  it("makes an instance of each class, a project class written first not hiding the package's (obsidian-copilot's embedding ping)", () => {
    const source = `${IMPORTS}const CONSTRUCTORS = {
  custom: CustomEmbeddings,
  openai: OpenAIEmbeddings,
  ollama: OllamaEmbeddings,
};
${PING}`;
    assert.deepEqual(calls(source), ["13 OpenAIEmbeddings.embedQuery"]);
  });

  it("leaves a table of the project's own classes alone: a subclass making no request makes none", () => {
    const source = `${IMPORTS}const CONSTRUCTORS = {
  custom: CustomEmbeddings,
};
${PING}`;
    assert.deepEqual(calls(source), []);
  });
});
