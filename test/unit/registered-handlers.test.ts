import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A handler registered for an event or a command runs when the event comes, not when the function that
// registers it is called: its requests stay in the handler. A callback given to `map` runs with the call.

/** A module exporting one function that makes a gpt-4o request with the text it is given. */
const llmModule = (name: string) =>
  [
    `import OpenAI from "openai";`,
    `const client = new OpenAI();`,
    `export async function ${name}(text: string) {`,
    `  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });`,
    `}`,
  ].join("\n");

describe("registered handlers", () => {
  it("a request in an `on(...)` handler stays there; one in a `map` callback belongs to the function around it", () => {
    const analyses = analyzeProject({
      "src/llm.ts": `import OpenAI from "openai";\nexport const client = new OpenAI();`,
      "src/core.ts": [
        `import { client } from "./llm";`,
        `export class Core {`,
        `  constructor(private readonly messenger: { on(type: string, fn: (msg: { text: string }) => unknown): void }) {`,
        `    this.register(messenger);`,
        `    this.summariseAll(["a", "b"]);`,
        `  }`,
        `  register(messenger: { on(type: string, fn: (msg: { text: string }) => unknown): void }) {`,
        `    const on = messenger.on.bind(messenger);`,
        `    on("chat", async (msg) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: msg.text }] }));`,
        `    messenger.on("ping", () => undefined);`,
        `  }`,
        `  summariseAll(items: string[]) {`,
        `    return Promise.all(items.map((item) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: item }] })));`,
        `  }`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/core.ts:5 gpt-4o-mini via=summariseAll", "src/core.ts:9 gpt-4o", "src/core.ts:13 gpt-4o-mini wrapper=summariseAll"]);
  });
});

describe("callbacks kept by a setter", () => {
  it("a request in a callback handed to `setOnReplyCallback(...)` stays there, not at the call of the function setting it", () => {
    const analyses = analyzeProject({
      "src/llm.ts": llmModule("reply"),
      "src/comments.ts": [
        `import { reply } from "./llm";`,
        `export function setupComments(controller: { setOnReplyCallback(fn: (text: string) => Promise<unknown>): void }, context: string) {`,
        `  controller.setOnReplyCallback(async (text) => {`,
        `    await reply(context + text);`,
        `  });`,
        `}`,
      ].join("\n"),
      "src/explain.ts": [
        `import { setupComments } from "./comments";`,
        `export function explain(controller: { setOnReplyCallback(fn: (text: string) => Promise<unknown>): void }) {`,
        `  setupComments(controller, "diff");`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o wrapper=reply", "src/comments.ts:4 gpt-4o via=reply"]);
  });
});

describe("promise continuations", () => {
  it("a request in a `.then(...)` callback stays there; one awaited in the function's own body belongs to the function", () => {
    const analyses = analyzeProject({
      "src/llm.ts": llmModule("summarise"),
      "src/draft.ts": [
        `import { summarise } from "./llm";`,
        `export async function draft(load: () => Promise<string>, notes: string) {`,
        `  const later = load().then((text) => summarise(text));`,
        `  const now = await summarise(notes);`,
        `  return [await later, now];`,
        `}`,
        `export const run = () => draft(async () => "x", "y");`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), [
      "src/llm.ts:4 gpt-4o wrapper=summarise",
      "src/draft.ts:3 gpt-4o via=summarise",
      "src/draft.ts:4 gpt-4o via=summarise wrapper=draft",
      "src/draft.ts:7 gpt-4o via=draft>summarise",
    ]);
  });
});

describe("React hooks that keep a callback for later", () => {
  const files = (hook: string) => ({
    "src/llm.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function summarise(text: string) {\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });\n}\n`,
    "src/use-summary.ts": [
      `import { summarise } from "./llm";`,
      `declare function ${hook}<T>(fn: () => Promise<T>, deps?: unknown[]): unknown;`,
      `export function useSummary(options: { text: string }) {`,
      `  const run = ${hook}(async () => summarise(options.text), [options.text]);`,
      `  return run;`,
      `}`,
    ].join("\n"),
    "src/panel.ts": `import { useSummary } from "./use-summary";\nexport function Panel(props: { text: string }) {\n  return useSummary({ text: props.text });\n}\n`,
  });

  it("a request in a useCallback or useEffect callback is made when it runs later, not when the hook is called", () => {
    for (const hook of ["useCallback", "useEffect"]) {
      assert.deepEqual(describeCalls(analyzeProject(files(hook))), ["src/llm.ts:4 gpt-4o wrapper=summarise", "src/use-summary.ts:4 gpt-4o via=summarise"], hook);
    }
  });

  it("lookalike: a callback a helper runs during the call (a retry) belongs to the function around it", () => {
    const calls = describeCalls(analyzeProject(files("withRetry")));
    assert.ok(calls.includes("src/panel.ts:3 gpt-4o via=useSummary>summarise wrapper=Panel"), calls.join("\n"));
  });
});
