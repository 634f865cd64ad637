import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { modelPrice, priceTable } from "../helpers/price-fixtures.ts";

// The shapes real applications hide their requests behind, each written small. A call site is one entry,
// at the line where the request is made, with the model the code decides.

const OPENAI_CLIENT = `import OpenAI from "openai";\nexport const client = new OpenAI();\n`;
const PRICES = priceTable({
  openai: [modelPrice("gpt-4o-mini", { inputPerMTok: 0.15, outputPerMTok: 0.6 }), modelPrice("gpt-4o", { inputPerMTok: 2.5, outputPerMTok: 10 })],
  anthropic: [modelPrice("claude-sonnet-4-5", { inputPerMTok: 3, outputPerMTok: 15 })],
});

describe("request summaries", () => {
  it("a factory that returns a closure: the request is the closure's call, never the factory's", () => {
    const analyses = analyzeProject({
      "src/llm.ts": [
        `import { generateObject } from "ai";`,
        `import { openai } from "@ai-sdk/openai";`,
        `export function createGenerateObject(options: { model: string }) {`,
        `  return async (args: { prompt: string; schema: unknown }) => {`,
        `    return generateObject({ model: openai(options.model), prompt: args.prompt, schema: args.schema, maxTokens: 200 });`,
        `  };`,
        `}`,
      ].join("\n"),
      "src/use.ts": [
        `import { createGenerateObject } from "./llm";`,
        `const generate = createGenerateObject({ model: "gpt-4o" });`,
        `export async function run(topic: string) {`,
        `  return generate({ prompt: "About " + topic, schema: {} });`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:5 null wrapper=createGenerateObject", "src/use.ts:4 gpt-4o via=createGenerateObject wrapper=run"]);
  });

  it("a closure passed to a retry helper, a queue or a map over items: found, model resolved, loop kept", () => {
    const analyses = analyzeProject({
      "src/retry.ts": `export async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 0; ; i++) { try { return await fn(); } catch (e) { if (i >= attempts) throw e; } }\n}`,
      "src/llm.ts": [
        OPENAI_CLIENT,
        `import { withRetry } from "./retry";`,
        `export async function summarise(text: string, model: string) {`,
        `  return withRetry(() => client.chat.completions.create({ model, messages: [{ role: "user", content: text }], max_tokens: 100 }));`,
        `}`,
        `export async function summariseAll(items: string[]) {`,
        `  return Promise.all(items.map(async (item) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: item }], max_tokens: 50 })));`,
        `}`,
        `export function enqueue(queue: { add(fn: () => Promise<unknown>): void }, text: string) {`,
        `  queue.add(async () => summarise(text, "gpt-4o"));`,
        `}`,
      ].join("\n"),
      "src/use.ts": `import { summarise } from "./llm";\nexport const weekly = () => summarise("stats", "gpt-4o-mini");`,
    });
    const calls = analyses.flatMap((analysis) => analysis.calls.map((priced) => priced.call));
    assert.deepEqual(describeCalls(analyses), [
      "src/llm.ts:6 null wrapper=summarise",
      "src/llm.ts:9 gpt-4o-mini wrapper=summariseAll",
      "src/llm.ts:12 gpt-4o via=summarise wrapper=enqueue",
      "src/use.ts:2 gpt-4o-mini via=summarise",
    ]);
    assert.equal(calls.find((call) => call.range.line === 9)?.loop?.kind, "Promise.all");
  });

  it("a wrapper's retry, repair and fallback paths are one request: the main path stands, the others are retries", () => {
    const analyses = analyzeProject({
      "src/llm.ts": [
        OPENAI_CLIENT,
        `export async function ask(prompt: string, model: string) {`,
        `  try {`,
        `    return await client.chat.completions.create({ model, messages: [{ role: "user", content: prompt }], max_tokens: 100 });`,
        `  } catch (error) {`,
        `    return await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Repair: " + prompt }], max_tokens: 100 });`,
        `  }`,
        `}`,
      ].join("\n"),
      "src/use.ts": `import { ask } from "./llm";\nexport const run = () => ask("hello", "gpt-4o-mini");`,
    }, {}, PRICES);
    const site = analyses[1]!.calls;
    assert.equal(site.length, 1);
    // The main path prices the call (not the dearer repair); the repair is listed as a candidate.
    assert.equal(site[0]!.call.model, "gpt-4o-mini");
    assert.deepEqual(site[0]!.candidateCosts?.map((candidate) => candidate.model), ["gpt-4o-mini", "gpt-4o"]);
  });

  it("a text mode tried first inside a try that returns, then the object mode: one request per call site, not two", () => {
    const analyses = analyzeProject({
      "src/llm.ts": [
        `import { generateObject, generateText } from "ai";`,
        `import { openai } from "@ai-sdk/openai";`,
        `export async function complete(prompt: string, mode: "text" | "object") {`,
        `  if (mode === "text") {`,
        `    try {`,
        `      const result = await generateText({ model: openai("gpt-4o-mini"), prompt, maxTokens: 100 });`,
        `      return result.text;`,
        `    } catch (error) {`,
        `      console.warn("text mode failed", error);`,
        `    }`,
        `  }`,
        `  const { object } = await generateObject({ model: openai("gpt-4o-mini"), prompt, schema: {}, maxTokens: 100 });`,
        `  return object;`,
        `}`,
      ].join("\n"),
      "src/use.ts": `import { complete } from "./llm";\nexport const run = (text: string) => complete(text, "object");`,
    });
    assert.deepEqual(describeCalls(analyses).filter((line) => line.startsWith("src/use.ts")).length, 1);
  });

  it("a factory or builder that makes no request is never a call", () => {
    const analyses = analyzeProject({
      "src/tools.ts": [
        `import { tool, generateText } from "ai";`,
        `import { openai } from "@ai-sdk/openai";`,
        `export function makeSearchTool(index: string) {`,
        `  return tool({ description: "Search " + index, parameters: {}, execute: async (q: string) => generateText({ model: openai("gpt-4o-mini"), prompt: q, maxTokens: 10 }) });`,
        `}`,
      ].join("\n"),
      "src/use.ts": `import { makeSearchTool } from "./tools";\nexport const search = makeSearchTool("docs");`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/tools.ts:4 gpt-4o-mini wrapper=execute"]);
  });

  it("an interface field: the call stands for the costliest implementation, every candidate listed", () => {
    const analyses = analyzeProject({
      "src/engine.ts": `export interface Engine {\n  generate(prompt: string): Promise<string>;\n}`,
      "src/openai-engine.ts": [
        OPENAI_CLIENT,
        `import type { Engine } from "./engine";`,
        `export class OpenAiEngine implements Engine {`,
        `  async generate(prompt: string) { const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], max_tokens: 100 }); return r.choices[0]!.message.content ?? ""; }`,
        `}`,
      ].join("\n"),
      "src/anthropic-engine.ts": [
        `import Anthropic from "@anthropic-ai/sdk";`,
        `import type { Engine } from "./engine";`,
        `const anthropic = new Anthropic();`,
        `export class AnthropicEngine implements Engine {`,
        `  async generate(prompt: string) { const r = await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: prompt }] }); return String(r.content[0]); }`,
        `}`,
      ].join("\n"),
      "src/logging-engine.ts": [
        `import type { Engine } from "./engine";`,
        `export class LoggingEngine implements Engine {`,
        `  constructor(private readonly inner: Engine) {}`,
        `  async generate(prompt: string) { console.log(prompt); return this.inner.generate(prompt); }`,
        `}`,
      ].join("\n"),
      "src/service.ts": [
        `import type { Engine } from "./engine";`,
        `export class Service {`,
        `  constructor(private readonly engine: Engine) {}`,
        `  summarise(text: string) { return this.engine.generate("Summarise: " + text); }`,
        `}`,
      ].join("\n"),
    }, {}, PRICES);
    const report = buildReport(analyses, { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
    const site = report.calls.filter((call) => call.file === "src/service.ts");
    assert.equal(site.length, 1);
    assert.equal(site[0]!.model, "claude-sonnet-4-5");
    assert.deepEqual(site[0]!.modelCandidates?.map((candidate) => candidate.model), ["gpt-4o-mini", "claude-sonnet-4-5"]);
    // The implementations' own requests are counted at the call site, not again.
    assert.ok(report.calls.filter((call) => call.file !== "src/service.ts").every((call) => call.countedAtCallSites));
  });

  it("a dispatch table and a switch returning clients: one entry, every engine a candidate", () => {
    const analyses = analyzeProject({
      "src/engines.ts": [
        OPENAI_CLIENT,
        `import Anthropic from "@anthropic-ai/sdk";`,
        `const anthropic = new Anthropic();`,
        `const engines = {`,
        `  openai: { generate: (prompt: string) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], max_tokens: 100 }) },`,
        `  anthropic: { generate: (prompt: string) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: prompt }] }) },`,
        `};`,
        `export function run(provider: "openai" | "anthropic", prompt: string) {`,
        `  return engines[provider].generate(prompt);`,
        `}`,
        `function engineFor(provider: string) {`,
        `  switch (provider) {`,
        `    case "anthropic": return { generate: (prompt: string) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: prompt }] }) };`,
        `    default: return { generate: (prompt: string) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], max_tokens: 100 }) };`,
        `  }`,
        `}`,
        `export function viaSwitch(provider: string, prompt: string) {`,
        `  return engineFor(provider).generate(prompt);`,
        `}`,
      ].join("\n"),
    }, {}, PRICES);
    for (const line of [11, 20]) {
      const site = analyses[0]!.calls.filter((priced) => priced.call.range.line === line);
      assert.equal(site.length, 1, `one entry at line ${line}`);
      assert.equal(site[0]!.call.model, "claude-sonnet-4-5");
      assert.deepEqual(site[0]!.candidateCosts?.map((candidate) => candidate.model), ["gpt-4o-mini", "claude-sonnet-4-5"]);
    }
  });

  it("an async generator that streams a request, consumed elsewhere: the request is where it is consumed", () => {
    const analyses = analyzeProject({
      "src/llm.ts": [
        OPENAI_CLIENT,
        `export async function* streamAnswer(question: string, model: string) {`,
        `  const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: "user", content: question }], max_tokens: 100 });`,
        `  for await (const chunk of stream) yield chunk.choices[0]?.delta?.content ?? "";`,
        `}`,
      ].join("\n"),
      "src/use.ts": `import { streamAnswer } from "./llm";\nexport async function print() {\n  for await (const text of streamAnswer("hi", "gpt-4o")) process.stdout.write(text);\n}`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:5 null wrapper=streamAnswer", "src/use.ts:3 gpt-4o via=streamAnswer"]);
  });
  it("a base class whose public method calls a method each vendor subclass overrides: the call through the interface stands for every override", () => {
    const analyses = analyzeProject({
      // The interface in a declaration file, imported as "./index.js" and as ".".
      "src/index.d.ts": `export interface ChatModel {\n  chat(prompt: string): Promise<string>;\n}`,
      "src/base.ts": [
        `import type { ChatModel } from "./index.js";`,
        `export abstract class BaseChatModel implements ChatModel {`,
        `  async chat(prompt: string) {`,
        `    const text = this.format(prompt);`,
        `    return this.send(text);`,
        `  }`,
        `  protected format(prompt: string) { return "User: " + prompt; }`,
        `  protected abstract send(text: string): Promise<string>;`,
        `}`,
      ].join("\n"),
      "src/vendors/openai.ts": [
        OPENAI_CLIENT,
        `import { BaseChatModel } from "../base";`,
        `export class OpenAiChat extends BaseChatModel {`,
        `  protected async send(text: string) { const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }], max_tokens: 100 }); return r.choices[0]!.message.content ?? ""; }`,
        `}`,
      ].join("\n"),
      "src/vendors/anthropic.ts": [
        `import Anthropic from "@anthropic-ai/sdk";`,
        `import { BaseChatModel } from "../base";`,
        `const anthropic = new Anthropic();`,
        `export class AnthropicChat extends BaseChatModel {`,
        `  protected async send(text: string) { const r = await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: text }] }); return String(r.content[0]); }`,
        `}`,
      ].join("\n"),
      "src/review.ts": [
        `import type { ChatModel } from ".";`,
        `export async function review(llm: ChatModel, diff: string) {`,
        `  return llm.chat("Review this diff: " + diff);`,
        `}`,
      ].join("\n"),
      // The model object comes from somewhere the analysis cannot follow: the parameter's type stands.
      "src/handler.ts": [
        `import { review } from "./review";`,
        `declare function currentModel(): any;`,
        `export async function onReview(message: { diff: string }) {`,
        `  return review(currentModel(), message.diff);`,
        `}`,
        `function cachedModel() { return undefined; }`,
        `export async function onQuickReview(diff: string) {`,
        `  const llm = cachedModel();`,
        `  if (!llm) return;`,
        `  return review(llm, diff);`,
        `}`,
      ].join("\n"),
    }, {}, PRICES);
    const report = buildReport(analyses, { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
    const counted = report.calls.filter((call) => !call.countedAtCallSites);
    assert.deepEqual(counted.map((call) => `${call.file}:${call.line}`), ["src/handler.ts:4", "src/handler.ts:10"]);
    assert.equal(counted[0]!.model, "claude-sonnet-4-5");
    assert.deepEqual(counted[0]!.modelCandidates?.map((candidate) => candidate.model).sort(), ["claude-sonnet-4-5", "gpt-4o-mini"]);
  });
  it("a helper indexed while the base class it calls is still being indexed (an import cycle) is indexed again once the class is", () => {
    const analyses = analyzeProject({
      "src/base.ts": [
        `import type { ChatModel } from "./types";`,
        `import { SYSTEM_HINT } from "./rewrite";`,
        `export abstract class BaseChatModel implements ChatModel {`,
        `  async chat(prompt: string) { return this.send(SYSTEM_HINT + prompt); }`,
        `  protected abstract send(text: string): Promise<string>;`,
        `}`,
      ].join("\n"),
      "src/types.ts": `export interface ChatModel {\n  chat(prompt: string): Promise<string>;\n}`,
      "src/rewrite.ts": [
        `import type { ChatModel } from "./types";`,
        `export const SYSTEM_HINT = "Be brief. ";`,
        `export async function rewrite(llm: ChatModel, text: string) {`,
        `  return llm.chat("Rewrite: " + text);`,
        `}`,
      ].join("\n"),
      "src/vendor.ts": [
        OPENAI_CLIENT,
        `import { BaseChatModel } from "./base";`,
        `export class OpenAiChat extends BaseChatModel {`,
        `  protected async send(text: string) { const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }], max_tokens: 100 }); return r.choices[0]!.message.content ?? ""; }`,
        `}`,
      ].join("\n"),
      "src/handler.ts": [
        `import { rewrite } from "./rewrite";`,
        `import type { ChatModel } from "./types";`,
        `export async function onRewrite(llm: ChatModel, text: string) {`,
        `  return rewrite(llm, text);`,
        `}`,
      ].join("\n"),
    }, {}, PRICES);
    const report = buildReport(analyses, { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
    const counted = report.calls.filter((call) => !call.countedAtCallSites);
    assert.deepEqual(counted.map((call) => `${call.file}:${call.line} ${call.model}`), ["src/handler.ts:4 gpt-4o-mini"]);
  });
  it("an object literal typed with an interface whose method receives the model: the method's destructured parameter takes the interface's type", () => {
    const analyses = analyzeProject({
      "src/index.d.ts": [
        `export interface ChatModel { chat(prompt: string): Promise<string>; }`,
        `export interface CommandContext { llm: ChatModel; input: string; }`,
        `export interface Command { name: string; run: (context: CommandContext) => Promise<string>; }`,
      ].join("\n"),
      "src/vendor.ts": [
        OPENAI_CLIENT,
        `import type { ChatModel } from "./index.js";`,
        `export class OpenAiChat implements ChatModel {`,
        `  async chat(prompt: string) { const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], max_tokens: 100 }); return r.choices[0]!.message.content ?? ""; }`,
        `}`,
      ].join("\n"),
      "src/commands/summarise.ts": [
        `import { Command } from "../index.js";`,
        `const summarise: Command = {`,
        `  name: "summarise",`,
        `  run: async ({ llm, input }) => {`,
        `    return llm.chat("Summarise: " + input);`,
        `  },`,
        `};`,
        `export default summarise;`,
      ].join("\n"),
    }, {}, PRICES);
    assert.deepEqual(describeCalls(analyses), ["src/vendor.ts:6 gpt-4o-mini wrapper=chat", "src/commands/summarise.ts:5 gpt-4o-mini via=chat wrapper=run"]);
  });
  it("a base class's template method that no project code calls (jobs dispatched by a framework): each subclass's request stays where it is", () => {
    const analyses = analyzeProject({
      "src/base.ts": [
        `export abstract class BaseJob<T> {`,
        `  async handle(job: T) {`,
        `    console.log("start");`,
        `    return this.process(job);`,
        `  }`,
        `  abstract process(job: T): Promise<unknown>;`,
        `}`,
      ].join("\n"),
      "src/summarise-job.ts": [
        OPENAI_CLIENT,
        `import { BaseJob } from "./base";`,
        `type Payload = { text: string };`,
        `export class SummariseJob extends BaseJob<Payload> {`,
        `  async process(job: Payload) {`,
        `    return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: job.text }], max_tokens: 100 });`,
        `  }`,
        `}`,
      ].join("\n"),
      "src/worker.ts": [
        `declare const registry: Map<string, { handle(job: unknown): Promise<unknown> }>;`,
        `export function onJob(name: string, job: unknown) {`,
        `  return registry.get(name)?.handle(job);`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/summarise-job.ts:8 gpt-4o-mini wrapper=process"]);
  });
});
