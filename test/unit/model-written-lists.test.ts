import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

const ASK = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function ask(question: string, model = "gpt-4o-mini") {\n  return (await client.chat.completions.create({ model, messages: [{ role: "user", content: question }], max_tokens: 100 })).choices[0]!.message.content ?? "";\n}\n`;

/**
 * A function that asks for a list and then makes a request per item the model wrote (split a post into a
 * thread, then shorten each post; infer insights, then score each) makes as many requests as the model
 * decides: not a wrapper, so its requests are counted where they are written, as an agent loop's are.
 */
describe("requests once per item of a list an earlier answer wrote", () => {
  it("keeps a split-then-shorten function's requests where they are written (map over the parsed answer)", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/thread.ts": [
        `import { ask } from "./llm";`,
        `export async function splitThread(content: string) {`,
        `  const posts: string[] = JSON.parse(await ask("Split into posts: " + content, "gpt-4.1"));`,
        `  return Promise.all(posts.map((post) => ask("Shorten: " + post, "gpt-4.1-mini")));`,
        `}`,
      ].join("\n"),
      "src/main.ts": `import { splitThread } from "./thread";\nexport async function main() { await splitThread("a long post"); }\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/thread.ts:3 gpt-4.1 via=ask", "src/thread.ts:4 gpt-4.1-mini via=ask"]);
  });

  it("follows the answer through destructuring and a mapping helper (`asyncMap(insights, ...)`), and a function calling it is no wrapper either, even written above it", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/async-map.ts": `export async function asyncMap<T, R>(list: T[], transform: (item: T) => Promise<R>): Promise<R[]> {\n  return Promise.all(list.map(transform));\n}\n`,
      "src/memory.ts": [
        `import { ask } from "./llm";`,
        `import { asyncMap } from "./async-map";`,
        `export async function remember(description: string) {`,
        `  await ask("Summarise: " + description, "gpt-4o");`,
        `  await reflect(description);`,
        `}`,
        `async function reflect(statements: string) {`,
        `  const { content: reply } = { content: await ask("Insights as JSON: " + statements, "gpt-4o") };`,
        `  const insights = JSON.parse(reply) as string[];`,
        `  return asyncMap(insights, async (insight) => ask("Score: " + insight, "gpt-4o-mini"));`,
        `}`,
      ].join("\n"),
      "src/main.ts": `import { remember } from "./memory";\nexport async function main() { await remember("a day"); }\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/memory.ts:4 gpt-4o via=ask", "src/memory.ts:8 gpt-4o via=ask", "src/memory.ts:10 gpt-4o-mini via=ask"]);
  });

  it("still follows a function mapping over its own parameter (not an answer) to its call sites", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/each.ts": [
        `import { ask } from "./llm";`,
        `export async function summariseAll(items: string[]) {`,
        `  const intro = await ask("Introduce: " + items.join(", "), "gpt-4o");`,
        `  return Promise.all(items.map((item) => ask(intro + item, "gpt-4o-mini")));`,
        `}`,
      ].join("\n"),
      "src/main.ts": `import { summariseAll } from "./each";\nexport async function main() { await summariseAll(["a", "b"]); }\n`,
    });
    const described = describeCalls(analyses);
    assert.ok(described.includes("src/main.ts:2 gpt-4o via=summariseAll>ask"), described.join("\n"));
    assert.ok(described.includes("src/main.ts:2 gpt-4o-mini via=summariseAll>ask"), described.join("\n"));
  });
});

describe("a variable assigned a wrapper by name", () => {
  it("reads a call of a `let` set to one of several wrappers in a switch as a call of each", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/messages.ts": `import { ask } from "./llm";\nexport async function greet(name: string) { return ask("Greet " + name, "gpt-4o"); }\nexport async function farewell(name: string) { return ask("Say goodbye to " + name, "gpt-4o-mini"); }\n`,
      "src/handler.ts": [
        `import { greet, farewell } from "./messages";`,
        `export async function handle(type: "start" | "leave", name: string) {`,
        `  let reply;`,
        `  switch (type) {`,
        `    case "start":`,
        `      reply = greet;`,
        `      break;`,
        `    case "leave":`,
        `      reply = farewell;`,
        `      break;`,
        `  }`,
        `  return await reply(name);`,
        `}`,
      ].join("\n"),
    });
    const described = describeCalls(analyses).filter((line) => line.startsWith("src/handler.ts"));
    assert.equal(described.length, 1, describeCalls(analyses).join("\n"));
    assert.match(described[0]!, /^src\/handler\.ts:12 /);
  });
});

describe("a tool loop written as callbacks", () => {
  const STREAM = [
    `export function stream(chatPath: string, payload: object, tools: object[], onFinish: (text: string) => void) {`,
    `  let text = "";`,
    `  const pending: object[] = [];`,
    `  function finish() {`,
    `    if (pending.length > 0) {`,
    `      const calls = pending.splice(0);`,
    `      return Promise.all(calls.map(runTool)).then(() => chatApi(chatPath, payload, tools));`,
    `    }`,
    `    onFinish(text);`,
    `  }`,
    `  function chatApi(path: string, body: object, withTools: object[]) {`,
    `    return fetch(path, { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], ...body, tools: withTools }) })`,
    `      .then((response) => response.json())`,
    `      .then((answer: { tool_calls?: object[]; content: string }) => { pending.push(...(answer.tool_calls ?? [])); text += answer.content; finish(); });`,
    `  }`,
    `  chatApi(chatPath, payload, tools);`,
    `}`,
    `declare function runTool(call: object): Promise<void>;`,
  ].join("\n");

  it("keeps the request where it is written when a nested function posts and a sibling callback calls it again, and a function calling it is no wrapper", () => {
    const analyses = analyzeProject({
      "src/stream.ts": STREAM,
      "src/chat.ts": `import { stream } from "./stream";\nexport function ask(question: string) { stream("https://api.openai.com/v1/chat/completions", { messages: [{ role: "user", content: question }] }, [], console.log); }\n`,
      "src/main.ts": `import { ask } from "./chat";\nexport function main() { ask("hello"); }\n`,
    });
    const described = describeCalls(analyses);
    assert.ok(!described.some((line) => line.startsWith("src/main.ts") || line.startsWith("src/chat.ts")), described.join("\n"));
  });

  it("does not follow a call through an interface one of whose implementations runs such a loop; the others' requests stay where they are written", () => {
    const analyses = analyzeProject({
      "src/stream.ts": STREAM,
      "src/api.ts": [
        `import { stream } from "./stream";`,
        `export interface LLMApi { chat(prompt: string): Promise<void>; }`,
        `export class LoopingApi implements LLMApi {`,
        `  async chat(prompt: string) { stream("https://api.openai.com/v1/chat/completions", { messages: [{ role: "user", content: prompt }] }, [], console.log); }`,
        `}`,
        `export class PlainApi implements LLMApi {`,
        `  async chat(prompt: string) {`,
        `    await fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }) });`,
        `  }`,
        `}`,
      ].join("\n"),
      "src/store.ts": `import type { LLMApi } from "./api";\nexport async function summarise(api: LLMApi, text: string) {\n  await api.chat("Summarise: " + text);\n}\n`,
    });
    const described = describeCalls(analyses);
    assert.ok(!described.some((line) => line.startsWith("src/store.ts")), described.join("\n"));
    assert.ok(described.some((line) => line.startsWith("src/api.ts:8 gpt-4o-mini")), described.join("\n"));
  });
});

describe("an AI SDK call running tool steps", () => {
  const run = (options: string) => `import { generateText, stepCountIs, isStepCount, tool } from "ai";\nimport { openai } from "@ai-sdk/openai";\nconst search = tool({ description: "search", inputSchema: undefined as never, execute: async () => "found" });\nconst MAX_STEPS = 6;\nexport async function answer(question: string, maxSteps: number) {\n  return generateText({ model: openai("gpt-4o"), prompt: question, tools: { search }, ${options} });\n}\n`;
  const main = `import { answer } from "./answer";\nexport async function main() { await answer("hello", 6); }\n`;

  it("keeps a generateText given tools and several steps (`stopWhen: stepCountIs(MAX_STEPS)` of a constant, or `isStepCount`, `maxSteps: 5`) where it is written: the model decides how many requests", () => {
    for (const options of ["stopWhen: stepCountIs(MAX_STEPS)", "stopWhen: isStepCount(MAX_STEPS)", "maxSteps: 5"]) {
      const described = describeCalls(analyzeProject({ "src/answer.ts": run(options), "src/main.ts": main }));
      assert.deepEqual(described, ["src/answer.ts:6 gpt-4o"], options);
    }
  });

  it("still follows one given one step (`stepCountIs(1)`, no step option, or a limit its caller passes) to its call sites", () => {
    for (const options of ["stopWhen: stepCountIs(1)", "maxOutputTokens: 100", "stopWhen: maxSteps ? stepCountIs(maxSteps) : undefined"]) {
      const described = describeCalls(analyzeProject({ "src/answer.ts": run(options), "src/main.ts": main }));
      assert.ok(described.includes("src/main.ts:2 gpt-4o via=answer"), `${options}\n${described.join("\n")}`);
    }
  });
});
