import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { NO_PRICES } from "../helpers/memory-workspace.ts";

// Where a request line is when the application reaches its helper through its own abstractions: a
// package's higher-order function, a class's private method, a factory returning an instance, a repair
// call, a test calling a graph node.

const OPENAI_CLIENT = `import OpenAI from "openai";\nexport const client = new OpenAI();\n`;
const ASK = `client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_tokens: 100 })`;

function reportOf(files: Record<string, string>) {
  return buildReport(analyzeProject(files), { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: NO_PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
}

describe("request lines", () => {
  it("a helper wrapped by a package's higher-order function: the call of the wrapped helper is the request", () => {
    const analyses = analyzeProject({
      "src/llm.ts": [
        OPENAI_CLIENT,
        `import { traceable } from "langsmith/traceable";`,
        `import { memoizeAsync } from "some-cache-package";`,
        `async function askFunc(prompt: string) {`,
        `  return ${ASK};`,
        `}`,
        `export const ask = traceable(askFunc, { name: "ask" });`,
        `export const cachedAsk = memoizeAsync(askFunc);`,
        `export async function local(x: string) { return ask(x); }`,
        // Lookalikes: a package's function given a value, and one given a function that makes no request.
        `function format(text: string) { return text.trim(); }`,
        `export const limiter = memoizeAsync(format);`,
        `export const settings = memoizeAsync({ prompt: "x" });`,
      ].join("\n"),
      "src/use.ts": `import { ask, cachedAsk, limiter } from "./llm";\nexport const run = () => ask("hello");\nexport const again = () => cachedAsk("hello");\nexport const none = () => limiter("hello");\n`,
    });
    assert.deepEqual(describeCalls(analyses), [
      "src/llm.ts:7 gpt-4o wrapper=askFunc",
      "src/llm.ts:11 gpt-4o via=askFunc wrapper=local",
      "src/use.ts:2 gpt-4o via=askFunc",
      "src/use.ts:3 gpt-4o via=askFunc",
    ]);
  });

  it("a higher-order function of the project keeps its own meaning: what it returns is followed, not the function it is given", () => {
    const analyses = analyzeProject({
      "src/llm.ts": [
        OPENAI_CLIENT,
        `export function withJudge(fn: (prompt: string) => Promise<unknown>) {`,
        `  return async (prompt: string) => {`,
        `    const answer = await fn(prompt);`,
        `    return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Judge: " + String(answer) }], max_tokens: 10 });`,
        `  };`,
        `}`,
        `async function askFunc(prompt: string) {`,
        `  return ${ASK};`,
        `}`,
        `const judged = withJudge(askFunc);`,
        `export const run = () => judged("hello");`,
      ].join("\n"),
    });
    const atCallSite = describeCalls(analyses).filter((line) => line.startsWith("src/llm.ts:14"));
    // The judge's own request through the closure it returns, never the wrapped helper's taken for it.
    assert.deepEqual(atCallSite, ["src/llm.ts:14 gpt-4o-mini via=withJudge"]);
  });

  it("a class's private method (`this.#process`) is followed like any method; a private helper without a request is not", () => {
    const analyses = analyzeProject({
      "src/classifier.ts": [
        `import { generateObject } from "ai";`,
        `import { openai } from "@ai-sdk/openai";`,
        `export class Classifier {`,
        `  async #process({ content }: { content: string }) {`,
        `    const result = await generateObject({ model: openai("gpt-4o"), schema: {}, messages: [{ role: "user", content: this.#clean(content) }] });`,
        `    return result.object;`,
        `  }`,
        `  #clean(text: string) { return text.trim(); }`,
        `  async classify(request: { content: string }) { return this.#process(request); }`,
        `  label(text: string) { return this.#clean(text); }`,
        `}`,
      ].join("\n"),
      "src/job.ts": `import { Classifier } from "./classifier";\nexport async function run(content: string) {\n  const classifier = new Classifier();\n  classifier.label(content);\n  return classifier.classify({ content });\n}\n`,
    });
    assert.deepEqual(describeCalls(analyses), [
      "src/classifier.ts:5 gpt-4o wrapper=process",
      "src/classifier.ts:9 gpt-4o via=process wrapper=classify",
      "src/job.ts:5 gpt-4o via=classify>process wrapper=run",
    ]);
  });

  it("a factory returning an instance of a class with request methods: the method called on what it returns is the request", () => {
    const analyses = analyzeProject({
      "src/service.ts": [
        OPENAI_CLIENT,
        `export class Service {`,
        `  constructor(private readonly model = "gpt-4o") {}`,
        `  async run(prompt: string) { return client.chat.completions.create({ model: this.model, messages: [{ role: "user", content: prompt }], max_tokens: 100 }); }`,
        `}`,
        `export class Store {`,
        `  async run(key: string) { return key; }`,
        `}`,
        `export function createService(): Service { return new Service(); }`,
        `export const createStore = () => new Store();`,
      ].join("\n"),
      "src/job.ts": `import { createService, createStore } from "./service";\nexport async function process(topic: string) {\n  await createStore().run(topic);\n  const service = createService();\n  return service.run(topic);\n}\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/service.ts:6 gpt-4o wrapper=run", "src/job.ts:5 gpt-4o via=run wrapper=process"]);
  });

  it("a second request made only when the first came back without what was asked is a repair of it, not a second request", () => {
    const classify = (condition: string): string =>
      [
        `import { generateObject } from "ai";`,
        `import { openai } from "@ai-sdk/openai";`,
        `export async function classify(content: string) {`,
        `  const result = await generateObject({ model: openai("gpt-4o-mini"), schema: {}, prompt: content });`,
        `  if (${condition}) {`,
        `    const retry = await generateObject({ model: openai("gpt-4o"), schema: {}, prompt: "You MUST give a title. " + content });`,
        `    return retry.object;`,
        `  }`,
        `  return result.object;`,
        `}`,
      ].join("\n");
    const use = `import { classify } from "./classify";\nexport const run = (text: string) => classify(text);\n`;
    const repaired = reportOf({ "src/classify.ts": classify("!result.object.title"), "src/use.ts": use }).calls.filter((call) => call.file === "src/use.ts");
    assert.equal(repaired.length, 1);
    assert.equal(repaired[0]!.model, "gpt-4o-mini");
    // Lookalike: a follow-up asked for by what the first request returned is a request of its own.
    const followUp = reportOf({ "src/classify.ts": classify("result.object.needsDetail"), "src/use.ts": use }).calls.filter((call) => call.file === "src/use.ts");
    assert.deepEqual(followUp.map((call) => call.model).sort(), ["gpt-4o", "gpt-4o-mini"]);
  });
  it("a handler registered with a framework's object (`actionClient.action(handler)`) is not a wrapped helper: its request stays in it", () => {
    const analyses = analyzeProject({
      "src/actions.ts": [
        `"use server";`,
        `import { generateText } from "ai";`,
        `import { openai } from "@ai-sdk/openai";`,
        `import { createSafeActionClient } from "next-safe-action";`,
        `import { traceable } from "langsmith/traceable";`,
        `const actionClient = createSafeActionClient();`,
        `async function summarise(text: string) {`,
        `  return generateText({ model: openai("gpt-4o"), prompt: text });`,
        `}`,
        `export const summariseAction = actionClient.action(summarise);`,
        `export const tracedSummarise = traceable(summarise);`,
      ].join("\n"),
      "src/button.tsx": `"use client";\nimport { summariseAction, tracedSummarise } from "./actions";\nexport async function onClick(text: string) {\n  await summariseAction(text);\n  return tracedSummarise(text);\n}\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/actions.ts:8 gpt-4o wrapper=summarise", "src/button.tsx:5 gpt-4o via=summarise wrapper=onClick"]);
  });
});

describe("request lines: a dispatch one of whose ways is deeper than the wrappers followed", () => {
  // `this.callChatCompletion(...)` in a base class: one vendor's class sends in one hop, another in three.
  const BASE = `export default class Base {
  async callChatCompletion(messages: unknown[]): Promise<string> { throw new Error("not implemented"); }
  async chat(messages: unknown[]): Promise<string> {
    return this.respond(messages);
  }
  protected async respond(messages: unknown[]): Promise<string> {
    return this.callChatCompletion(messages);
  }
  async post(url: string, body: Record<string, unknown>) {
    return fetch(url, { method: "POST", body: JSON.stringify(body) });
  }
}`;
  const SHORT = `import Base from "./base";
export default class Local extends Base {
  async callChatCompletion(messages: unknown[]) {
    return (await this.post("http://localhost:1234/v1/chat/completions", { model: "local", messages })).text();
  }
}`;
  const LONG = `import Base from "./base";
export default class Vendor extends Base {
  async callChatCompletion(messages: unknown[]) {
    return this.complete(messages);
  }
  async complete(messages: unknown[]) {
    return this.stream({ model: "gpt-4o-mini", messages });
  }
  async stream(body: Record<string, unknown>) {
    return (await this.post("https://api.openai.com/v1/chat/completions", body)).text();
  }
}`;
  const counted = (files: Record<string, string>) => reportOf(files).calls.filter((call) => !call.countedAtCallSites).map((call) => `${call.file}:${call.line}`);

  it("is one request where the dispatch is called: the way cut short is not counted again where it is written", () => {
    assert.deepEqual(counted({ "src/base.ts": BASE, "src/local.ts": SHORT, "src/vendor.ts": LONG }), ["src/base.ts:4"]);
  });

  it("lookalike: a call whose only way is cut short keeps the request counted where it is written", () => {
    assert.deepEqual(counted({ "src/base.ts": BASE, "src/vendor.ts": LONG }), ["src/vendor.ts:4"]);
  });
});

describe("request lines: a request's repair hook", () => {
  const extract = (hookName: string): string =>
    [
      `import { generateObject, generateText } from "ai";`,
      `import { openai } from "@ai-sdk/openai";`,
      `export async function extract(content: string) {`,
      `  const hooks = {`,
      `    ${hookName}: async ({ text }: { text: string }) => {`,
      `      const fixed = await generateText({ model: openai("gpt-4o-mini"), prompt: "Fix this JSON: " + text });`,
      `      return fixed.text;`,
      `    },`,
      `  };`,
      `  const result = await generateObject({ model: openai("gpt-4o"), schema: {}, prompt: content, ...hooks });`,
      `  return result.object;`,
      `}`,
    ].join("\n");
  const use = `import { extract } from "./extract";\nexport const run = (text: string) => extract(text);\n`;

  it("runs during the request, on its failure path: the repair is counted at the call sites, as a candidate of the one request", () => {
    const report = reportOf({ "src/extract.ts": extract("experimental_repairText"), "src/use.ts": use });
    const atCallSite = report.calls.filter((call) => call.file === "src/use.ts");
    assert.equal(atCallSite.length, 1);
    assert.equal(atCallSite[0]!.model, "gpt-4o");
    // Nothing is left counted on its own inside the wrapper.
    assert.deepEqual(report.calls.filter((call) => call.file === "src/extract.ts" && !call.countedAtCallSites), []);
  });

  it("lookalike: a function stored under another key of an object does not run with the request: its request stays where it is written", () => {
    const report = reportOf({ "src/extract.ts": extract("summarise"), "src/use.ts": use });
    assert.deepEqual(report.calls.filter((call) => !call.countedAtCallSites).map((call) => `${call.file}:${call.line} ${call.model}`), ["src/extract.ts:6 gpt-4o-mini", "src/use.ts:2 gpt-4o"]);
  });
});

describe("request lines: calls from tests", () => {
  const node = [
    `import { generateText } from "ai";`,
    `import { openai } from "@ai-sdk/openai";`,
    `export async function summariseNode(state: { text: string }) {`,
    `  const { text } = await generateText({ model: openai("gpt-4o"), prompt: state.text });`,
    `  return { summary: text };`,
    `}`,
  ].join("\n");
  const caller = `import { summariseNode } from "./node";\nexport const run = () => summariseNode({ text: "hello" });\n`;

  it("a function only a test calls keeps its request line where it is written; the test's call is reported in the test", () => {
    for (const testFile of ["src/node.test.ts", "src/__tests__/node.ts", "src/node.spec.js", "src/node.vitest.ts"]) {
      const report = reportOf({ "src/node.ts": node, [testFile]: caller.replace("./node", testFile.includes("__tests__") ? "../node" : "./node") });
      assert.deepEqual(report.calls.filter((call) => !call.countedAtCallSites).map((call) => `${call.file}:${call.line}`), ["src/node.ts:4", `${testFile}:2`], testFile);
    }
  });

  it("a helper written in the test itself is counted at the test's calls, not once more where it is written", () => {
    const helper = [
      `import { generateText } from "ai";`,
      `import { openai } from "@ai-sdk/openai";`,
      `async function answer(prompt: string) {`,
      `  const { text } = await generateText({ model: openai("gpt-4o"), prompt });`,
      `  return text;`,
      `}`,
      `test("long", async () => { await answer("a long question"); });`,
      `test("short", async () => { await answer("short"); });`,
    ].join("\n");
    for (const testFile of ["src/answer.test.ts", "src/__tests__/answer.ts"]) {
      const report = reportOf({ [testFile]: helper });
      assert.deepEqual(report.calls.filter((call) => !call.countedAtCallSites).map((call) => `${call.file}:${call.line}`), [`${testFile}:7`, `${testFile}:8`], testFile);
    }
  });

  it("lookalike: a call from the application's own code is the request line", () => {
    const report = reportOf({ "src/node.ts": node, "src/graph.ts": caller });
    assert.deepEqual(report.calls.filter((call) => !call.countedAtCallSites).map((call) => `${call.file}:${call.line}`), ["src/graph.ts:2"]);
  });
});

describe("request lines: an SDK function imported under another name", () => {
  it("`import { generateText as generateWithModel } from \"ai\"` is the SDK's generateText, followed to the wrapper's call sites", () => {
    const analyses = analyzeProject({
      "src/text.ts": [
        `import { generateText as generateWithModel } from "ai";`,
        `import { openai } from "@ai-sdk/openai";`,
        `export const generateText = async (options: { prompt: string }) => generateWithModel({ ...options, model: openai("gpt-4o") });`,
      ].join("\n"),
      "src/use.ts": `import { generateText } from "./text";\nexport const run = (prompt: string) => generateText({ prompt });\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/text.ts:3 gpt-4o wrapper=generateText", "src/use.ts:2 gpt-4o via=generateText wrapper=run"]);
  });

  it("lookalike: a project function imported under another name is no SDK call", () => {
    const analyses = analyzeProject({
      "src/format.ts": `export function generateText(options: { prompt: string }) { return options.prompt.trim(); }\n`,
      "src/use.ts": `import { generateText as formatPrompt } from "./format";\nexport const run = (prompt: string) => formatPrompt({ prompt });\n`,
    });
    assert.deepEqual(describeCalls(analyses), []);
  });
  const singleton = (className: string, search: string) => [
    OPENAI_CLIENT,
    `export class ${className} {`,
    `  private static instance?: ${className};`,
    `  static createSingleton() { const service = new ${className}(); ${className}.instance = service; return service; }`,
    `  static getSingleton() { return ${className}.instance; }`,
    `  async search(query: string) { return ${search}; }`,
    `}`,
  ].join("\n");
  const lookup = (className: string) => `import { ${className} } from "./service";\nexport async function lookup(q: string) {\n  const service = ${className}.getSingleton();\n  if (!service) return [];\n  return service.search(q);\n}\n`;

  it("a static field set later (a singleton) stands for what its type says: the instance's request method is followed", () => {
    const analyses = analyzeProject({
      "src/service.ts": singleton("DocsService", `client.embeddings.create({ model: "text-embedding-3-small", input: query })`),
      "src/lookup.ts": lookup("DocsService"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/service.ts:8 text-embedding-3-small wrapper=search", "src/lookup.ts:5 text-embedding-3-small via=search wrapper=lookup"]);
  });

  it("lookalike: a singleton whose method makes no request is no request where it is called", () => {
    const analyses = analyzeProject({
      "src/service.ts": singleton("SearchCache", `[query.trim()]`),
      "src/lookup.ts": lookup("SearchCache"),
    });
    assert.deepEqual(describeCalls(analyses), []);
  });
});
