import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { modelPrice, priceTable } from "../helpers/price-fixtures.ts";

// Named closures local to a wrapper (`const generate = async (candidate) => ...`), and which of a wrapper's
// request sites its call sites count.

const PRICES = priceTable({ openai: [modelPrice("gpt-4o-mini", { inputPerMTok: 0.15, outputPerMTok: 0.6 })] });
const CLIENT = `import OpenAI from "openai";\nexport const client = new OpenAI();\n`;

/** A chain of helpers, each calling the next, ending in `ask` (src/llm.ts) whose request sits as `body` gives it. */
function chain(body: string): Record<string, string> {
  return {
    "src/client.ts": CLIENT,
    "src/llm.ts": `import { client } from "./client";\nexport async function ask(question: string) {\n${body}\n}\n`,
    "src/a.ts": `import { ask } from "./llm";\nexport async function summarise(text: string) { return ask("Summarise " + text); }\n`,
    "src/b.ts": `import { summarise } from "./a";\nexport async function digest(text: string) { return summarise(text); }\n`,
    "src/c.ts": `import { digest } from "./b";\nexport async function report(text: string) { return digest(text); }\n`,
    "src/d.ts": `import { report } from "./c";\nexport async function weekly(text: string) { return report(text); }\n`,
  };
}

const DIRECT = `  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });`;
const THROUGH_LOCAL_CLOSURE = [
  `  const generate = async (model: string) => client.chat.completions.create({ model, messages: [{ role: "user", content: question }] });`,
  `  try {`,
  `    return await generate("gpt-4o-mini");`,
  `  } catch {`,
  `    return generate("gpt-4o-mini");`,
  `  }`,
].join("\n");

function countedLines(analyses: FileAnalysis[]): string[] {
  const report = buildReport(analyses, { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
  return report.calls.filter((call) => !call.countedAtCallSites).map((call) => `${call.file}:${call.line}`);
}

describe("named local closures", () => {
  it("counts a closure the wrapper only calls as one more level: the request line is four levels up, never five", () => {
    const analyses = analyzeProject(chain(THROUGH_LOCAL_CLOSURE));
    // generate -> ask -> summarise -> digest -> report: the call in weekly() would be a fifth level.
    assert.deepEqual(countedLines(analyses), ["src/c.ts:2"]);
  });

  it("climbs one level further when the request is written in the wrapper itself (the twin without the closure)", () => {
    const analyses = analyzeProject(chain(DIRECT));
    assert.deepEqual(countedLines(analyses), ["src/d.ts:2"]);
  });

  it("keeps a closure handed on by name (`map(generate)`) part of the wrapper around it", () => {
    const body = [
      `  const generate = async (model: string) => client.chat.completions.create({ model, messages: [{ role: "user", content: question }] });`,
      `  return Promise.all(["gpt-4o-mini"].map(generate));`,
    ].join("\n");
    const analyses = analyzeProject(chain(body));
    assert.ok(countedLines(analyses).includes("src/d.ts:2"), countedLines(analyses).join("\n"));
  });

  it("stops at a closure without parameters: its request is counted where it is written", () => {
    const body = [
      `  const run = async () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });`,
      `  return run();`,
    ].join("\n");
    const analyses = analyzeProject(chain(body));
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:3 gpt-4o-mini"]);
  });
});

describe("named local closures in a function only its framework calls", () => {
  /** A route handler whose closure `titled` (with a parameter) makes the request; `createChat` calls it. */
  const ROUTE = [
    `import { client } from "../../../src/client";`,
    `export async function POST(request: Request) {`,
    `  const { prompt, traced } = await request.json();`,
    `  const createChat = async (span?: { log(value: unknown): void }) => {`,
    `    const titled = async (label?: string) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: (label ?? "") + prompt }] });`,
    `    return traced ? await titled("Title: ") : await titled();`,
    `  };`,
    `  if (!traced) return await createChat();`,
    `  return await traced((span: { log(value: unknown): void }) => createChat(span));`,
    `}`,
    ``,
  ].join("\n");

  it("counts its requests at the calls of its outermost closure, not at the request it wrote", () => {
    const analyses = analyzeProject({
      "src/client.ts": CLIENT,
      "app/api/chat/route.ts": ROUTE,
      // Another route's handler of the same name, called by project code: no caller of this one.
      "app/api/upload/route.ts": `export async function POST(request: Request) { return request; }\n`,
      "src/uploads.ts": `import { POST } from "../app/api/upload/route";\nexport const upload = () => POST(new Request("http://x"));\n`,
      // A test calling this one does not make it the application's.
      "test/chat.test.ts": `import { POST } from "../app/api/chat/route";\nexport const run = () => POST(new Request("http://x"));\n`,
    });
    // The test's own call is an entry of its own, as any call of a wrapper is.
    assert.deepEqual(countedLines(analyses), ["app/api/chat/route.ts:8", "app/api/chat/route.ts:9", "test/chat.test.ts:2"]);
  });

  it("keeps the closures part of the handler when project code calls it", () => {
    const analyses = analyzeProject({
      "src/client.ts": CLIENT,
      "app/api/chat/route.ts": ROUTE,
      "src/warm.ts": `import { POST } from "../app/api/chat/route";\nexport async function warm() { return POST(new Request("http://x")); }\n`,
    });
    assert.deepEqual(countedLines(analyses), ["src/warm.ts:2"]);
  });
});

describe("named local closures in a component React renders", () => {
  /** A toolbar whose handler `handleGenerate` (with a parameter) makes the request; its buttons call it. */
  const TOOLBAR = [
    `import React from "react";`,
    `import { client } from "./client";`,
    `export default function Toolbar({ text }: { text: string }) {`,
    `  const handleGenerate = async (action: string) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: action + text }] });`,
    `  return React.createElement("div", null, React.createElement("button", { onClick: () => handleGenerate("insert") }), React.createElement("button", { onClick: () => handleGenerate("copy") }));`,
    `}`,
    ``,
  ].join("\n");
  const MOUNT = (render: string) => `import React from "react";\nimport Toolbar from "./toolbar";\nexport class Overlay {\n  show(text: string) {\n    return ${render};\n  }\n}\n`;

  it("counts the handler's request at the calls of the handler when React is handed the component (React.createElement(Toolbar, props))", () => {
    const analyses = analyzeProject({ "src/client.ts": CLIENT, "src/toolbar.ts": TOOLBAR, "src/overlay.ts": MOUNT(`React.createElement(Toolbar, { text })`) });
    assert.deepEqual(countedLines(analyses), ["src/toolbar.ts:5", "src/toolbar.ts:5"]);
  });

  it("lookalike: a project function calling the component itself is its caller, the handler part of it", () => {
    const analyses = analyzeProject({ "src/client.ts": CLIENT, "src/toolbar.ts": TOOLBAR, "src/overlay.ts": MOUNT(`Toolbar({ text })`) });
    assert.deepEqual(countedLines(analyses), ["src/overlay.ts:5"]);
  });
});

describe("named local closures in a function a package calls", () => {
  // nickscamara/open-deep-research eea0962: a research tool's `execute`, handed to the AI SDK in `streamText`'s
  // tools, calls its `analyzeAndPlan` closure once per turn of a loop the model's answers decide.
  const PACKAGE = `{"dependencies":{"ai":"4.0.0","@ai-sdk/openai":"1.0.0","express":"4.0.0"}}`;
  const ROUTE = (tools: string) =>
    [
      `import { generateText, streamText } from "ai";`,
      `import { openai } from "@ai-sdk/openai";`,
      `export async function POST(request: Request) {`,
      `  const { topic } = await request.json();`,
      `  return streamText({ model: openai("gpt-4o-mini"), prompt: topic, tools: ${tools} }).toDataStreamResponse();`,
      `}`,
      ``,
    ].join("\n");
  const EXECUTE = `async ({ topic }: { topic: string }) => {
    const analyzeAndPlan = async (findings: string[]) => (await generateText({ model: openai("gpt-4o-mini"), prompt: findings.join(" ") })).text;
    const findings: string[] = [];
    for (let next = topic; next; ) next = await analyzeAndPlan([...findings, next]);
    return findings;
  }`;

  it("counts the closure's requests at its calls, the function handed in a nested object literal", () => {
    const analyses = analyzeProject({ "package.json": PACKAGE, "app/api/chat/route.ts": ROUTE(`{ research: { description: "Research", execute: ${EXECUTE} } }`) });
    assert.deepEqual(countedLines(analyses), ["app/api/chat/route.ts:5", "app/api/chat/route.ts:8"]);
  });

  it("the same for one handed directly, as an express handler is (anonymous, it never stood for its closures)", () => {
    const app = `import express from "express";\nimport { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nconst app = express();\napp.post("/research", ${EXECUTE.replace("{ topic }: { topic: string }", "req: any, topic = req.body.topic")});\n`;
    assert.deepEqual(countedLines(analyzeProject({ "package.json": PACKAGE, "server.ts": app })), ["server.ts:8"]);
  });

  it("lookalike: the same object handed to a project function, which may call `execute` itself, keeps the closure part of it", () => {
    const analyses = analyzeProject({
      "package.json": PACKAGE,
      "src/run-tools.ts": `export async function runTools(tools: Record<string, { execute(input: { topic: string }): Promise<unknown> }>, topic: string) {\n  for (const tool of Object.values(tools)) await tool.execute({ topic });\n}\n`,
      "src/research.ts": `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nimport { runTools } from "./run-tools";\nexport const go = (topic: string) => runTools({ research: { execute: ${EXECUTE} } }, topic);\n`,
    });
    assert.ok(!countedLines(analyses).includes("src/research.ts:7"), countedLines(analyses).join(", "));
  });
});

describe("a wrapper's request sites, each counted at the call sites that reach it", () => {
  it("leaves a site too deep for the wrapper's call site counted where it is written, while the site it reaches is counted there", () => {
    const analyses = analyzeProject({
      "src/client.ts": CLIENT,
      "src/llm.ts": `import { client } from "./client";\nexport async function ask(question: string) {\n  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });\n}\n`,
      "src/a.ts": `import { ask } from "./llm";\nexport async function summarise(text: string) { return ask("Summarise " + text); }\n`,
      "src/b.ts": `import { summarise } from "./a";\nexport async function digest(text: string) { return summarise(text); }\n`,
      "src/c.ts": `import { digest } from "./b";\nexport async function report(text: string) { return digest(text); }\n`,
      "src/d.ts": `import { report } from "./c";\nimport { ask } from "./llm";\nexport async function both(text: string) {\n  await report(text);\n  return ask("Title for " + text);\n}\n`,
      "src/e.ts": `import { both } from "./d";\nexport async function main() { return both("hello"); }\n`,
    });
    // both() reaches ask() directly (line 5) but report() (line 4) only through four helpers more than it may follow.
    assert.deepEqual(countedLines(analyses), ["src/d.ts:4", "src/e.ts:2"]);
  });
});

describe("a named closure the function returns (a hook handing out its handlers)", () => {
  const HOOK = (returned: string, extra = "") =>
    [
      `import { client } from "./client";`,
      `export const useChat = ({ model }: { model: string }) => {`,
      `  const sendMessage = async (content: string) => {`,
      `    await client.chat.completions.create({ model, messages: [{ role: "user", content }] });`,
      `  };`,
      extra,
      `  return ${returned};`,
      `};`,
    ].join("\n");
  const CONTEXT = [
    `import { useChat } from "./use-chat";`,
    `export function ChatProvider() {`,
    `  const { sendMessage } = useChat({ model: "gpt-4o-mini" });`,
    `  const handleSend = async (text: string) => {`,
    `    await sendMessage(text);`,
    `  };`,
    `  return handleSend;`,
    `}`,
  ].join("\n");

  it("counts the request where the handler is called, not where the hook is", () => {
    const analyses = analyzeProject({ "src/client.ts": CLIENT, "src/use-chat.ts": HOOK("{ sendMessage }"), "src/context.ts": CONTEXT });
    assert.deepEqual(countedLines(analyses), ["src/context.ts:5"]);
    assert.deepEqual(describeCalls(analyses).filter((line) => line.startsWith("src/context.ts")), ["src/context.ts:5 gpt-4o-mini via=sendMessage wrapper=handleSend"]);
  });

  it("reads the handler as the inline twin `return { sendMessage: async (...) => ... }` is read", () => {
    const inline = HOOK("{ sendMessage: async (content: string) => { await client.chat.completions.create({ model, messages: [{ role: \"user\", content }] }); } }").replace(/ {2}const sendMessage = [\s\S]*? {2}};\n/, "");
    const analyses = analyzeProject({ "src/client.ts": CLIENT, "src/use-chat.ts": inline, "src/context.ts": CONTEXT });
    assert.deepEqual(countedLines(analyses), ["src/context.ts:5"]);
  });

  it("keeps a returned closure the hook also calls part of the hook", () => {
    const analyses = analyzeProject({ "src/client.ts": CLIENT, "src/use-chat.ts": HOOK("{ sendMessage }", `  void sendMessage("hello");`), "src/context.ts": CONTEXT });
    assert.ok(countedLines(analyses).includes("src/context.ts:3"), countedLines(analyses).join("\n"));
  });
});

describe("a named local closure called on one way of a branching", () => {
  // `useFast ? await createFast(body) : await client.messages.create(body)`: the closure's request is the
  // other way of the same request, read where the closure is called, not where it is written.
  const handler = (fastCall: string) => ({
    "src/handler.ts": [
      `import Anthropic from "@anthropic-ai/sdk";`,
      `const client = new Anthropic();`,
      `export async function createMessage(system: string, fast: boolean, thinking: boolean) {`,
      ...(fastCall.includes("createFast") ? [`  const createFast = (body: Anthropic.MessageCreateParams) => client.beta.messages.create({ ...body, betas: ["fast-mode"] });`] : []),
      `  if (thinking) {`,
      `    const body = { model: "claude-opus-4-1", max_tokens: 4000, system, messages: [] };`,
      `    return fast ? ${fastCall} : await client.messages.create(body);`,
      `  }`,
      `  const body = { model: "claude-sonnet-4-5", max_tokens: 1000, system, messages: [] };`,
      `  return fast ? ${fastCall} : await client.messages.create(body);`,
      `}`,
    ].join("\n"),
    "src/route.ts": `import { createMessage } from "./handler";\nexport async function POST(request: Request) {\n  const { fast, thinking } = await request.json();\n  return createMessage("You are helpful.", fast, thinking);\n}\n`,
  });
  const prices = priceTable({ anthropic: [modelPrice("claude-opus-4-1", { inputPerMTok: 15, outputPerMTok: 75 }), modelPrice("claude-sonnet-4-5", { inputPerMTok: 3, outputPerMTok: 15 })] });
  /** The report's entries at the route's call of the wrapper, each as `line model`. */
  const atRoute = (files: Record<string, string>) =>
    buildReport(analyzeProject(files, {}, prices), { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) })
      .calls.filter((call) => call.file === "src/route.ts")
      .map((call) => `${call.line} ${call.model}`);

  it("is one request with the other ways at the wrapper's call site, as the twin calling the beta method inline is", () => {
    assert.deepEqual(atRoute(handler(`await client.beta.messages.create({ ...body, betas: ["fast-mode"] })`)), ["4 claude-opus-4-1"]);
    assert.deepEqual(atRoute(handler("await createFast(body)")), ["4 claude-opus-4-1"]);
  });
});
