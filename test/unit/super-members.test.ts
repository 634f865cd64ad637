import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

const BASE = [
  `import OpenAI from "openai";`,
  `export class OpenAILLM {`,
  `  protected client: OpenAI;`,
  `  protected model: string;`,
  `  constructor(config: { model?: string; baseURL?: string } = {}) {`,
  `    this.client = new OpenAI({ baseURL: config.baseURL });`,
  `    this.model = config.model || "gpt-4o-mini";`,
  `  }`,
  `  async generateChat(messages: { role: "user"; content: string }[]) {`,
  `    return this.client.chat.completions.create({ model: this.model, messages, max_tokens: 200 });`,
  `  }`,
  `}`,
].join("\n");

/** `super.method(...)` in a subclass calls the base class's method on the same instance. */
describe("super calls", () => {
  it("reads `super.generateChat(messages)` as the base class's request, with the subclass's model", () => {
    const analyses = analyzeProject({
      "src/openai.ts": BASE,
      "src/deepseek.ts": [
        `import { OpenAILLM } from "./openai";`,
        `export class DeepSeekLLM extends OpenAILLM {`,
        `  constructor(config: { model?: string } = {}) {`,
        `    super({ baseURL: "https://api.deepseek.com", model: config.model || "deepseek-chat" });`,
        `  }`,
        `  async generateChat(messages: { role: "user"; content: string }[]) {`,
        `    try {`,
        `      return await super.generateChat(messages);`,
        `    } catch (error) {`,
        `      throw new Error("DeepSeek failed: " + String(error));`,
        `    }`,
        `  }`,
        `}`,
      ].join("\n"),
    });
    const described = describeCalls(analyses);
    assert.ok(described.includes("src/deepseek.ts:8 deepseek-chat via=generateChat wrapper=generateChat"), described.join("\n"));
  });

  it("leaves `super.x` unknown when the class extends nothing of the project", () => {
    const analyses = analyzeProject({
      "src/plain.ts": `export class Plain {\n  toString() { return super.toString(); }\n}\n`,
    });
    assert.deepEqual(describeCalls(analyses), []);
  });
});

/** A method a subclass inherits, called on an instance of the subclass made in another file. */
describe("inherited methods", () => {
  const files = (index: string, subclass = `import { OpenAILLM } from "./openai";\nexport class DeepSeekLLM extends OpenAILLM {\n  constructor() {\n    super({ baseURL: "https://api.deepseek.com", model: "deepseek-chat" });\n  }\n}\n`) => ({ "src/openai.ts": BASE, "src/deepseek.ts": subclass, "src/index.ts": index });

  it("reads a base class's wrapper method called on a subclass instance made in another file (twinny's SidebarProvider)", () => {
    const index = `import { DeepSeekLLM } from "./deepseek";\nexport async function run(prompt: string) {\n  const llm = new DeepSeekLLM();\n  return llm?.generateChat([{ role: "user", content: prompt }]);\n}\n`;
    const described = describeCalls(analyzeProject(files(index)));
    assert.ok(described.includes("src/index.ts:4 deepseek-chat via=generateChat wrapper=run"), described.join("\n"));
  });

  it("reads no request where the subclass overrides the method with one that makes none (the lookalike)", () => {
    const index = `import { DeepSeekLLM } from "./deepseek";\nexport async function run(prompt: string) {\n  return new DeepSeekLLM().generateChat([{ role: "user", content: prompt }]);\n}\n`;
    const subclass = `import { OpenAILLM } from "./openai";\nexport class DeepSeekLLM extends OpenAILLM {\n  async generateChat(messages: { role: "user"; content: string }[]) {\n    return { choices: [], messages };\n  }\n}\n`;
    const described = describeCalls(analyzeProject(files(index, subclass)));
    assert.deepEqual(described.filter((call) => call.startsWith("src/index.ts")), []);
  });
});
