import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import type { EvalScope, Value } from "../../server/src/core/resolve/values.ts";
import { ts } from "../../server/src/core/ts.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { analyzeSource, memoryFileSystem, NO_PRICES, recordParses, ROOT } from "../helpers/memory-workspace.ts";

const callsIn = (source: string, file = "src/a.test.ts") => analyzeSource({ [file]: source }, file, {}, NO_PRICES).calls.map(({ call }) => `${call.api} ${call.model}`);
const callsWith = (files: Record<string, string>, file: string) => analyzeSource(files, file, {}, NO_PRICES).calls.map(({ call }) => `${call.api} ${call.model}`);

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

  describe("a test that replaces the project's own wrapper module", () => {
    const llms = `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nexport function createGenerate() {\n  return (prompt: string) => generateText({ model: openai("gpt-4o"), prompt });\n}\nexport function summarise(text: string) {\n  return generateText({ model: openai("gpt-4o-mini"), prompt: text });\n}\n`;
    const feature = `import { createGenerate } from "./llms";\nexport async function classify(text: string) {\n  const generate = createGenerate();\n  return generate(text);\n}\n`;
    const test = (mock: string) => `import { vi, it } from "vitest";\n${mock}\nimport { classify } from "./feature";\nimport { summarise } from "./llms";\nit("x", async () => { await classify("a"); await summarise("b"); });\n`;
    const filesWith = (mock: string) => ({ "src/llms.ts": llms, "src/feature.ts": feature, "src/feature.test.ts": test(mock) });

    it("a feature called from a test that auto-mocks the wrapper module makes no request", () => {
      assert.deepEqual(callsWith(filesWith(`vi.mock("./llms");`), "src/feature.test.ts"), []);
    });

    it("a factory mock without the real module replaces every export", () => {
      assert.deepEqual(callsWith(filesWith(`vi.mock("./llms", () => ({ createGenerate: vi.fn() }));`), "src/feature.test.ts"), []);
    });

    it("a partial mock replaces only the names it lists beside the real module", () => {
      const partial = `vi.mock("./llms", async (importOriginal) => ({ ...(await importOriginal<object>()), createGenerate: vi.fn() }));`;
      assert.deepEqual(callsWith(filesWith(partial), "src/feature.test.ts"), ["generateText gpt-4o-mini"]);
      const block = `vi.mock("./llms", async () => {\n  const actual = await vi.importActual<object>("./llms");\n  return { ...actual, summarise: vi.fn() };\n});`;
      assert.deepEqual(callsWith(filesWith(block), "src/feature.test.ts"), ["generateText gpt-4o"]);
    });

    it("a mocked module stands for the modules it re-exports", () => {
      const files = { ...filesWith(`vi.mock("./llms");`), "src/llms.ts": `export * from "./llms/make";\n`, "src/llms/make.ts": llms };
      assert.deepEqual(callsWith(files, "src/feature.test.ts"), []);
    });

    // A mocked wrapper's body never runs: a call of it is not read with its arguments. On elie222/inbox-zero
    // 4f70dce its 424 test files mocking `@/utils/llms` and the like read every call down to the mock first.
    describe("a call of a mocked wrapper is not read with its arguments", () => {
      const fixtures = `export const longEmail = ["Dear team,", "the quarterly numbers are in."].join("\\n");\n`;
      const withFixture = (mock: string) => ({ ...filesWith(mock), "src/fixtures.ts": fixtures, "src/summarise.test.ts": `import { vi, it } from "vitest";\n${mock}\nimport { summarise } from "./llms";\nimport { longEmail } from "./fixtures";\nit("x", async () => { await summarise(longEmail); });\n` });
      const parsedFor = (files: Record<string, string>) => {
        const workspace = new Workspace([ROOT], memoryFileSystem(files));
        const parsed = recordParses(workspace);
        const analysis = analyzeFile(path.join(ROOT, "src/summarise.test.ts"), { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS });
        return { calls: analysis.calls.map(({ call }) => `${call.api} ${call.model}`), parsed };
      };

      it("what the test passes it (an imported fixture) is never looked up", () => {
        const { calls, parsed } = parsedFor(withFixture(`vi.mock("./llms");`));
        assert.deepEqual(calls, []);
        assert.ok(!parsed.includes("src/fixtures.ts"), parsed.join(", "));
      });

      it("lookalike: unmocked, the call is read with the fixture, a request", () => {
        const { calls, parsed } = parsedFor(withFixture(`vi.mock("./db");`));
        assert.deepEqual(calls, ["generateText gpt-4o-mini"]);
        assert.ok(parsed.includes("src/fixtures.ts"), parsed.join(", "));
      });

      it("what was read through it under the mock is not what a test without the mock gets, in the same run", () => {
        const brief = `import { summarise } from "./llms";\nexport async function brief(text: string) {\n  return summarise(text);\n}\n`;
        const caller = (mock: string) => `import { vi, it } from "vitest";\n${mock}\nimport { brief } from "./brief";\nit("x", async () => { await brief("b"); });\n`;
        const files = { ...filesWith(`vi.mock("./llms");`), "src/brief.ts": brief, "src/mocked.test.ts": caller(`vi.mock("./llms");`), "src/real.test.ts": caller(`vi.mock("./db");`) };
        const workspace = new Workspace([ROOT], memoryFileSystem(files));
        const context = { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
        const calls = ["src/mocked.test.ts", "src/real.test.ts", "src/mocked.test.ts"].map((file) => analyzeFile(path.join(ROOT, file), context).calls.map(({ call }) => `${call.api} ${call.model}`));
        assert.deepEqual(calls, [[], ["generateText gpt-4o-mini"], []]);
      });
    });

    it("mocking an unrelated module of the project leaves the requests", () => {
      const files = { ...filesWith(`vi.mock("./db");`), "src/db.ts": "export const db = {};\n" };
      assert.deepEqual(callsWith(files, "src/feature.test.ts"), ["generateText gpt-4o", "generateText gpt-4o-mini"]);
    });
  });

  describe("a test that replaces the module making the clients (a factory of LLM classes)", () => {
    const llm = `import OpenAI from "openai";\nexport class OpenAILLM {\n  private client = new OpenAI();\n  constructor(private model: string) {}\n  async generate(prompt: string) {\n    return this.client.chat.completions.create({ model: this.model, messages: [{ role: "user", content: prompt }] });\n  }\n}\n`;
    const factory = `import { OpenAILLM } from "./llm";\nexport class LLMFactory {\n  static create(model: string) {\n    return new OpenAILLM(model);\n  }\n}\n`;
    const memory = `import { LLMFactory } from "./factory";\nimport { OpenAILLM } from "./llm";\nexport class Memory {\n  private llm = LLMFactory.create("gpt-4o");\n  private vision = new OpenAILLM("gpt-4o-mini");\n  async add(text: string) {\n    return this.llm.generate(text);\n  }\n  async describe(url: string) {\n    return this.vision.generate(url);\n  }\n}\n`;
    const test = (mock: string) => `${mock}\nimport { Memory } from "./memory";\nit("x", async () => {\n  const memory = new Memory();\n  await memory.add("a");\n  await memory.describe("b");\n});\n`;
    const filesWith = (mock: string) => ({ "src/llm.ts": llm, "src/factory.ts": factory, "src/memory.ts": memory, "src/memory.test.ts": test(mock) });

    it("a request through an instance the mocked factory would have made is not one; an instance made elsewhere still requests", () => {
      const mock = `jest.mock("./factory", () => ({ LLMFactory: { create: jest.fn(() => ({ generate: jest.fn() })) } }));`;
      assert.deepEqual(callsWith(filesWith(mock), "src/memory.test.ts"), ["chat.completions.create gpt-4o-mini"]);
    });

    it("without the mock, both requests stand", () => {
      assert.deepEqual(callsWith(filesWith(""), "src/memory.test.ts").sort(), ["chat.completions.create gpt-4o", "chat.completions.create gpt-4o-mini"]);
    });

    // The instance is the mock's: its method is not read with what the call passes. On Mintplex-Labs/anything-llm
    // 72aabbd the chat handler's test read each of ~40 providers' completion methods with the handler's messages.
    describe("a method of an instance the mocked factory would have made is not read with its arguments", () => {
      const fixtures = `export const longEmail = ["Dear team,", "the quarterly numbers are in."].join("\\n");\n`;
      const summariser = `import { LLMFactory } from "./factory";\nimport { longEmail } from "./fixtures";\nexport class Summariser {\n  private llm = LLMFactory.create("gpt-4o");\n  async summarise(greeting: string) {\n    return this.llm.generate(greeting + longEmail);\n  }\n}\n`;
      const caller = (mock: string) => `${mock}\nimport { Summariser } from "./summariser";\nit("x", async () => {\n  const summariser = new Summariser();\n  await summariser.summarise("Hello");\n});\n`;
      /** The calls found, and how often what the method sends (`greeting + longEmail`) was evaluated with the test's "Hello" bound. */
      const bindsHello = (scope: EvalScope | undefined): boolean => {
        for (let current = scope; current; current = current.parent) {
          for (const value of current.bindings?.values() ?? []) if (value.kind === "text" && value.parts.some((part) => part.kind === "static" && part.text === "Hello")) return true;
        }
        return false;
      };
      const readFor = (mock: string) => {
        const workspace = new Workspace([ROOT], memoryFileSystem({ "src/llm.ts": llm, "src/factory.ts": factory, "src/fixtures.ts": fixtures, "src/summariser.ts": summariser, "src/summariser.test.ts": caller(mock) }));
        const evaluator = new Evaluator(workspace);
        let sent = 0;
        const inner = evaluator as unknown as { evaluateInner(expression: ts.Expression, scope: EvalScope): Value };
        const evaluateInner = inner.evaluateInner.bind(evaluator);
        inner.evaluateInner = (expression, scope) => {
          if (ts.isBinaryExpression(expression) && expression.getText() === "greeting + longEmail" && bindsHello(scope)) sent++;
          return evaluateInner(expression, scope);
        };
        const analysis = analyzeFile(path.join(ROOT, "src/summariser.test.ts"), { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator });
        return { calls: analysis.calls.map(({ call }) => `${call.api} ${call.model}`), sent };
      };

      it("what the method would send is never evaluated", () => {
        const { calls, sent } = readFor(`jest.mock("./factory", () => ({ LLMFactory: { create: jest.fn(() => ({ generate: jest.fn() })) } }));`);
        assert.deepEqual(calls, []);
        assert.equal(sent, 0);
      });

      it("lookalike: unmocked, the method is read with what the test passes, a request", () => {
        const { calls, sent } = readFor("");
        assert.deepEqual(calls, ["chat.completions.create gpt-4o"]);
        assert.ok(sent > 0);
      });
    });
  });

  describe("a test that mocks one SDK of a helper choosing its SDK by the configured model", () => {
    const llm = [
      `import OpenAI from "openai";`,
      `import Anthropic from "@anthropic-ai/sdk";`,
      `import ollama from "ollama";`,
      `import { getConfig } from "./config";`,
      `export async function complete(prompt: string) {`,
      `  const { MODEL: model } = await getConfig();`,
      `  if (model.includes("claude")) return new Anthropic().messages.create({ model, max_tokens: 100, messages: [{ role: "user", content: prompt }] });`,
      `  if (model.includes("llama")) return ollama.chat({ model, messages: [{ role: "user", content: prompt }] });`,
      `  return new OpenAI().chat.completions.create({ model: model || "gpt-4o", messages: [{ role: "user", content: prompt }] });`,
      `}`,
      `export async function describeImage(url: string) {`,
      `  await complete(url);`,
      `  return new Anthropic().messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: url }] });`,
      `}`,
    ].join("\n");
    const config = `export async function getConfig() { return { MODEL: process.env.MODEL ?? "gpt-4o" }; }\n`;
    const test = (mock: string) => `import { vi, it } from "vitest";\n${mock}\nimport { complete, describeImage } from "./llm";\nit("x", async () => { await complete("a"); await describeImage("b"); });\n`;
    const filesWith = (mock: string) => ({ "src/config.ts": config, "src/llm.ts": llm, "src/llm.test.ts": test(mock) });

    it("drives the choice down the mocked way: no way of that choice is a request; a request beside the choice still is", () => {
      assert.deepEqual(callsWith(filesWith(`vi.mock("openai");`), "src/llm.test.ts"), ["messages.create claude-sonnet-4-5"]);
    });

    it("mocking none of the SDKs leaves each call of the helper one request (its ways merged), beside the other request", () => {
      assert.equal(callsWith(filesWith(`vi.mock("./db");`), "src/llm.test.ts").length, 3);
    });
  });
});
