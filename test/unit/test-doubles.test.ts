import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

const callsIn = (source: string, file = "src/a.test.ts") => analyzeSource({ [file]: source }, file, {}, NO_PRICES).calls.map(({ call }) => `${call.api} ${call.model}`);

const OPENAI_CALL = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const f = () => client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });\n`;
const ANTHROPIC_CALL = `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nexport const f = () => client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });\n`;

describe("test doubles are not calls", () => {
  for (const [name, mock] of [
    ["vi.mock", `import { vi } from "vitest";\nvi.mock("openai");\n`],
    ["vi.mock with a factory", `import { vi } from "vitest";\nvi.mock("openai", () => ({ default: class {} }));\n`],
    ["jest.mock", `jest.mock("openai");\n`],
  ] as const) {
    it(`a client of a module replaced by ${name}`, () => {
      assert.deepEqual(callsIn(`${mock}${OPENAI_CALL}`), []);
    });
  }

  it("a client of a module the file does not mock is still a call", () => {
    assert.deepEqual(callsIn(`jest.mock("./db");\n${OPENAI_CALL}`), ["chat.completions.create gpt-4o"]);
    assert.deepEqual(callsIn(`jest.mock("openai");\n${ANTHROPIC_CALL}`), ["messages.create claude-sonnet-4-5"]);
    assert.deepEqual(callsIn(`jest.mock("@anthropic-ai/sdk");\n${ANTHROPIC_CALL}`), []);
  });

  for (const mock of ["MockLanguageModelV1", "MockLanguageModelV2", "MockLanguageModelV3"]) {
    it(`a Vercel AI SDK call with ${mock} from ai/test`, () => {
      const source = `import { generateText } from "ai";\nimport { ${mock} } from "ai/test";\nconst model = new ${mock}({ doGenerate: async () => ({}) as never });\nexport const a = () => generateText({ model, prompt: "hi" });\nexport const b = () => generateText({ model: new ${mock}({}), prompt: "hi" });\n`;
      assert.deepEqual(callsIn(source), []);
    });
  }

  it("a Vercel AI SDK call with a real model beside a mock one is still a call", () => {
    const source = `import { generateText } from "ai";\nimport { MockLanguageModelV2 } from "ai/test";\nimport { openai } from "@ai-sdk/openai";\nexport const mocked = () => generateText({ model: new MockLanguageModelV2({}), prompt: "hi" });\nexport const real = () => generateText({ model: openai("gpt-4o"), prompt: "hi" });\n`;
    assert.deepEqual(callsIn(source), ["generateText gpt-4o"]);
  });
});
