import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A model object reaching a function inside another object (`input.llm`, `input.config.llm`), typed through
// the project's type aliases and interfaces with a base class each vendor extends: the call stands for the
// vendors' requests. A member typed with a class that makes no request stays what it is.

const BASE = `abstract class BaseLLM<C> {\n  constructor(protected config: C) {}\n  abstract generateObject(input: { prompt: string }): Promise<string>;\n}\nexport default BaseLLM;`;
const VENDOR = [
  `import OpenAI from "openai";`,
  `import BaseLLM from "../base/llm";`,
  `type Config = { model: string };`,
  `class OpenAILLM extends BaseLLM<Config> {`,
  `  client = new OpenAI();`,
  `  async generateObject(input: { prompt: string }) {`,
  `    const r = await this.client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: input.prompt }] });`,
  `    return r.choices[0]!.message.content ?? "";`,
  `  }`,
  `}`,
  `export default OpenAILLM;`,
].join("\n");

describe("members typed through the project's types", () => {
  it("a default-exported base class reached as a parameter, a member of a type alias two levels down, and a contextually typed parameter", () => {
    const analyses = analyzeProject({
      "src/base/llm.ts": BASE,
      "src/openai/llm.ts": VENDOR,
      "src/cache.ts": `export class Cache {\n  async generateObject(input: { prompt: string }) { return input.prompt; }\n}`,
      "src/types.ts": [
        `import BaseLLM from "./base/llm";`,
        `import { Cache } from "./cache";`,
        `export type Config = { llm: BaseLLM<any>; cache: Cache; name: string };`,
        `export interface AgentInput { config: Config; query: string }`,
        `export type Widget = { execute: (input: { llm: BaseLLM<any> }) => Promise<unknown> };`,
      ].join("\n"),
      "src/video.ts": `import BaseLLM from "./base/llm";\nexport const searchVideos = async (q: string, llm: BaseLLM<any>) => {\n  return llm.generateObject({ prompt: q });\n};`,
      "src/agent.ts": [
        `import { AgentInput } from "./types";`,
        `export async function answer(input: AgentInput) {`,
        `  await input.config.cache.generateObject({ prompt: input.query });`,
        `  return input.config.llm.generateObject({ prompt: input.query });`,
        `}`,
      ].join("\n"),
      "src/widget.ts": `import { Widget } from "./types";\nexport const widget: Widget = {\n  execute: async (input) => input.llm.generateObject({ prompt: "weather" }),\n};`,
    });
    assert.deepEqual(describeCalls(analyses), [
      "src/openai/llm.ts:7 gpt-4o-mini wrapper=generateObject",
      "src/video.ts:3 gpt-4o-mini via=generateObject wrapper=searchVideos",
      "src/agent.ts:4 gpt-4o-mini via=generateObject wrapper=answer",
      "src/widget.ts:3 gpt-4o-mini via=generateObject wrapper=execute",
    ]);
  });

  it("a destructured parameter typed with an interface, called with an object whose member cannot be followed; a field typed with a class nothing extends", () => {
    const analyses = analyzeProject({
      "src/base/llm.ts": BASE,
      "src/openai/llm.ts": VENDOR,
      "src/compact.ts": [
        `import BaseLLM from "./base/llm";`,
        `export interface CompactParams { id: string; model: BaseLLM<any> }`,
        `export async function compact({ id, model }: CompactParams) {`,
        `  return model.generateObject({ prompt: "Summarise " + id });`,
        `}`,
        `export async function label({ id, model }: { id: string; model: string }) {`,
        `  return id + model;`,
        `}`,
      ].join("\n"),
      "src/docs.ts": [
        `import BaseLLM from "./base/llm";`,
        `export default class Docs {`,
        `  private llm!: BaseLLM<any>;`,
        `  async index(url: string) { return this.llm.generateObject({ prompt: url }); }`,
        `}`,
      ].join("\n"),
      "src/core.ts": [
        `import { compact, label } from "./compact";`,
        `import Docs from "./docs";`,
        `export class Core {`,
        `  private docs: Docs;`,
        `  constructor(private readonly config: any) { this.docs = this.config.docs; }`,
        `  async handle(id: string) {`,
        `    await label({ id, model: this.config.model });`,
        `    await this.docs.index(id);`,
        `    return compact({ id, model: this.config.model });`,
        `  }`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), [
      "src/openai/llm.ts:7 gpt-4o-mini wrapper=generateObject",
      "src/compact.ts:4 gpt-4o-mini via=generateObject wrapper=compact",
      "src/docs.ts:4 gpt-4o-mini via=generateObject wrapper=index",
      "src/core.ts:8 gpt-4o-mini via=index>generateObject wrapper=handle",
      "src/core.ts:9 gpt-4o-mini via=compact>generateObject wrapper=handle",
    ]);
  });

  it("an interface re-exported by a workspace package's index, and a method inherited from a default-exported base class", () => {
    const analyses = analyzeProject({
      "package.json": JSON.stringify({ name: "app", workspaces: ["packages/*"] }),
      "packages/adapters/package.json": JSON.stringify({ name: "@acme/adapters", main: "dist/index.js", types: "dist/index.d.ts" }),
      "packages/adapters/src/base.ts": `export interface LlmApi {\n  complete(prompt: string): Promise<string>;\n}`,
      "packages/adapters/src/openai.ts": [
        `import OpenAI from "openai";`,
        `import type { LlmApi } from "./base.js";`,
        `export class OpenAIApi implements LlmApi {`,
        `  client = new OpenAI();`,
        `  async complete(prompt: string) { const r = await this.client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }); return r.choices[0]!.message.content ?? ""; }`,
        `}`,
      ].join("\n"),
      "packages/adapters/src/index.ts": `export type { LlmApi } from "./base.js";\nexport { OpenAIApi } from "./openai.js";`,
      "src/pipeline.ts": [
        `import type { LlmApi } from "@acme/adapters";`,
        `export default class BasePipeline {`,
        `  constructor(protected readonly api: LlmApi) {}`,
        `  protected async ask(input: string) { return this.api.complete("Answer: " + input); }`,
        `}`,
      ].join("\n"),
      "src/no-rerank.ts": [
        `import BasePipeline from "./pipeline.js";`,
        `export default class NoRerankPipeline extends BasePipeline {`,
        `  async run(input: string) { return this.ask(input); }`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), [
      "packages/adapters/src/openai.ts:5 gpt-4o-mini wrapper=complete",
      "src/pipeline.ts:4 gpt-4o-mini via=complete wrapper=ask",
      "src/no-rerank.ts:3 gpt-4o-mini via=ask>complete wrapper=run",
    ]);
  });

  it("a field set to null until later takes its declared class; a value read from a non-SDK package gives way to the parameter's declared type, an SDK client does not", () => {
    const analyses = analyzeProject({
      "src/base/llm.ts": BASE,
      "src/openai/llm.ts": VENDOR,
      "src/index-store.ts": [
        `import BaseLLM from "./base/llm";`,
        `export class IndexStore {`,
        `  constructor(private readonly embedder: BaseLLM<any>) {}`,
        `  async retrieve(query: string) { return this.embedder.generateObject({ prompt: query }); }`,
        `}`,
      ].join("\n"),
      "src/pipeline.ts": [
        `import OpenAI from "openai";`,
        `import { loadConfig } from "config-lib";`,
        `import BaseLLM from "./base/llm";`,
        `import { IndexStore } from "./index-store";`,
        `async function describe(model: BaseLLM<any>, text: string) { return model.generateObject({ prompt: text }); }`,
        `async function viaSdk(client: OpenAI, text: string) { return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] }); }`,
        `export class Pipeline {`,
        `  private store: IndexStore | null = null;`,
        `  async run(input: string) {`,
        `    await this.store?.retrieve(input);`,
        `    await viaSdk(new OpenAI(), input);`,
        `    return describe(loadConfig().models.chat, input);`,
        `  }`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses).filter((call) => call.startsWith("src/pipeline.ts")), [
      "src/pipeline.ts:5 gpt-4o-mini via=generateObject wrapper=describe",
      "src/pipeline.ts:6 gpt-4o wrapper=viaSdk",
      "src/pipeline.ts:10 gpt-4o-mini via=retrieve>generateObject wrapper=run",
      "src/pipeline.ts:11 gpt-4o via=viaSdk wrapper=run",
      "src/pipeline.ts:12 gpt-4o-mini via=describe>generateObject wrapper=run",
    ]);
  });

  it("a method declared to return a model, which returns undefined on a guard and an unknown model otherwise, stands for the declared type; one declared to return a string does not", () => {
    const analyses = analyzeProject({
      "src/base/llm.ts": BASE,
      "src/openai/llm.ts": VENDOR,
      "src/next-edit.ts": [
        `import BaseLLM from "./base/llm";`,
        `export class NextEdit {`,
        `  constructor(private readonly getLlm: () => Promise<BaseLLM<any> | undefined>, private readonly other: any) {}`,
        `  private async prepare(): Promise<BaseLLM<any> | undefined> {`,
        `    const llm = await this.getLlm();`,
        `    if (!llm) return undefined;`,
        `    return llm;`,
        `  }`,
        `  private async name(): Promise<string | undefined> {`,
        `    if (!this.other) return undefined;`,
        `    return this.other.name;`,
        `  }`,
        `  async complete(prompt: string) {`,
        `    const llm = await this.prepare();`,
        `    const named = await this.name();`,
        `    await named?.generateObject({ prompt });`,
        `    return llm?.generateObject({ prompt });`,
        `  }`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses).filter((call) => call.startsWith("src/next-edit.ts")), ["src/next-edit.ts:17 gpt-4o-mini via=generateObject wrapper=complete"]);
  });

  it("a class implementing an interface it imports from a package index that re-exports it, and an overloaded method (signatures first, the body last)", () => {
    const analyses = analyzeProject({
      "package.json": JSON.stringify({ name: "app", workspaces: ["packages/*"] }),
      "packages/core/package.json": JSON.stringify({ name: "@acme/core", main: "dist/index.js" }),
      "packages/core/src/model.ts": `export interface Model {\n  getResponse(request: { input: string }): Promise<string>;\n}`,
      "packages/core/src/index.ts": `export type { Model } from "./model";`,
      "packages/core/src/retry.ts": `import type { Model } from "./model";\nexport async function getResponseWithRetry(model: Model, request: { input: string }) {\n  return model.getResponse(request);\n}`,
      "packages/openai/src/responses.ts": [
        `import OpenAI from "openai";`,
        `import type { Model } from "@acme/core";`,
        `export class ResponsesModel implements Model {`,
        `  constructor(private readonly client: OpenAI) {}`,
        `  protected async fetch(request: { input: string }, stream: true): Promise<unknown>;`,
        `  protected async fetch(request: { input: string }, stream: false): Promise<unknown>;`,
        `  protected async fetch(request: { input: string }, stream: boolean) {`,
        `    return this.client.responses.create({ model: "gpt-4o-mini", input: request.input, stream });`,
        `  }`,
        `  async getResponse(request: { input: string }) { return String(await this.fetch(request, false)); }`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), [
      "packages/core/src/retry.ts:3 gpt-4o-mini via=getResponse>fetch wrapper=getResponseWithRetry",
      "packages/openai/src/responses.ts:8 gpt-4o-mini wrapper=fetch",
      "packages/openai/src/responses.ts:10 gpt-4o-mini via=fetch wrapper=getResponse",
    ]);
  });

  it("a variable written without a type, destructured from an awaited method's declared generic return type (`const { config } = await this.handler.loadConfig()`)", () => {
    const analyses = analyzeProject({
      "packages/config/package.json": JSON.stringify({ name: "@acme/config", main: "dist/index.js" }),
      "packages/config/src/index.ts": `export type { ConfigResult } from "./validation.js";\n`,
      "packages/config/src/validation.ts": `export interface ConfigResult<T> {\n  config: T | undefined;\n  errors: string[] | undefined;\n}\n`,
      "core/package.json": JSON.stringify({ name: "@acme/core", dependencies: { "@acme/config": "file:../packages/config" } }),
      "core/index.d.ts": `export interface ILLM {\n  complete(prompt: string): Promise<string>;\n}\nexport interface AppConfig {\n  selectedModelByRole: Record<string, ILLM | null>;\n}\n`,
      "core/llm/openai.ts": [
        `import OpenAI from "openai";`,
        `import { ILLM } from "../index";`,
        `export class OpenAILLM implements ILLM {`,
        `  client = new OpenAI();`,
        `  async complete(prompt: string) {`,
        `    const r = await this.client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });`,
        `    return r.choices[0]!.message.content ?? "";`,
        `  }`,
        `}`,
      ].join("\n"),
      // Names no model type: the class it imports reaches one through the types of its members.
      "core/config/handler.ts": `import { ConfigResult } from "@acme/config";\nimport { AppConfig } from "../index";\nexport class ConfigHandler {\n  profile: any;\n  async loadConfig(): Promise<ConfigResult<AppConfig>> {\n    return await this.profile.load();\n  }\n}\n`,
      "core/core.ts": [
        `import { ConfigHandler } from "./config/handler";`,
        `export class Core {`,
        `  configHandler = new ConfigHandler();`,
        `  async complete(prompt: string) {`,
        `    const { config } = await this.configHandler.loadConfig();`,
        `    const model = config?.selectedModelByRole.chat;`,
        `    if (!model) throw new Error("No chat model selected");`,
        `    return await model.complete(prompt);`,
        `  }`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["core/llm/openai.ts:6 gpt-4o wrapper=complete", "core/core.ts:8 gpt-4o via=complete wrapper=complete"]);
  });
});
