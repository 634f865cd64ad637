import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { recogniserFor } from "../../server/src/core/providers/recognise.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import type { AnalysisSettings } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { analyzeSource, memoryFileSystem, NO_PRICES, ROOT } from "../helpers/memory-workspace.ts";

/** The calls found in a project's entry file, as `sdk provider kind api model cap` strings (`[in wrapper]` when counted at its call sites). */
function callsIn(source: string, extra: Record<string, string> = {}, settings: Partial<AnalysisSettings> = {}): string[] {
  return analyzeSource({ "src/app.ts": source, ...extra }, "src/app.ts", settings, NO_PRICES).calls.map(({ call }) => `${call.sdk} ${call.provider} ${call.kind} ${call.api} ${call.model} ${call.outputCap}${call.wrapper ? " [in wrapper]" : ""}`);
}

function only(source: string) {
  const { calls } = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES);
  assert.equal(calls.length, 1, `expected one call, found ${calls.length}`);
  return calls[0]!;
}

/** The prompt of the one call: static text joined, each dynamic part as <label>. */
function promptOf(source: string): string {
  return only(source)
    .call.messages.map((message) => `${message.role}: ${message.parts.map((part) => (part.kind === "static" ? part.text : `<${part.label}>`)).join("")}`)
    .join(" | ");
}

describe("fetch to LLM endpoints", () => {
  it("reads an OpenAI chat body sent with fetch like chat.completions.create params", () => {
    const source = `export async function ask(question: string) {
  const res = await fetch("https://api.openai.com/v1/chat/completions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: question }], max_tokens: 200 }),
  });
  return res.json();
}`;
    assert.deepEqual(callsIn(source), ["http openai chat fetch /chat/completions gpt-4o-mini 200 [in wrapper]"]);
    assert.equal(promptOf(source), "system: Be brief. | user: <question>");
  });

  it("takes a POST written with no body (a model server's health probe) for no request", () => {
    // gemini-cli's isServerRunning: a 400 for the bodiless POST says the route exists.
    const source = `import axios from "axios";
export async function isServerRunning(port: number) {
  const controller = new AbortController();
  const response = await fetch(\`http://localhost:\${port}/v1beta/models/gemma3:generateContent\`, { method: "POST", signal: controller.signal });
  await axios.post("http://localhost:11434/api/chat");
  return response.status !== 404;
}
export async function ask(port: number, options: RequestInit) {
  await fetch(\`http://localhost:\${port}/v1beta/models/gemma3:generateContent\`, { method: "POST", ...options });
  return fetch(\`http://localhost:\${port}/v1beta/models/gemma3:generateContent\`, { method: "POST", body: JSON.stringify({ contents: "hi" }) });
}`;
    assert.deepEqual(callsIn(source), ["http local chat fetch :generateContent gemma3 null [in wrapper]", "http local chat fetch :generateContent gemma3 null [in wrapper]"]);
  });

  it("builds the URL from a base URL const and a path, by concatenation or a template", () => {
    const source = `const ANTHROPIC = "https://api.anthropic.com";
const GEMINI = "https://generativelanguage.googleapis.com/v1beta";
const body = JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 512, system: "Policy", messages: [{ role: "user", content: "hi" }] });
await fetch(ANTHROPIC + "/v1/messages", { method: "post", body });
const model = "gemini-2.5-flash";
await fetch(\`\${GEMINI}/models/\${model}:generateContent?key=\${process.env.GEMINI_KEY}\`, { method: "POST", body: JSON.stringify({ systemInstruction: { parts: [{ text: "Sys" }] }, contents: [{ role: "user", parts: [{ text: "hi" }] }], generationConfig: { maxOutputTokens: 100 } }) });
await fetch(\`\${GEMINI}/models/gemini-2.0-flash:streamGenerateContent?alt=sse\`, { method: "POST", body: JSON.stringify({ contents: "hello" }) });`;
    assert.deepEqual(callsIn(source), [
      "http anthropic chat fetch /v1/messages claude-sonnet-4-5 512",
      "http google chat fetch :generateContent gemini-2.5-flash 100",
      "http google chat fetch :streamGenerateContent gemini-2.0-flash null",
    ]);
  });

  it("names the vendor by the host, as for an OpenAI client's baseURL", () => {
    const source = `import axios from "axios";
const post = (url: string) => fetch(url, { method: "POST", body: JSON.stringify({ model: "m", messages: [] }) });
await fetch("https://api.groq.com/openai/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "llama-3.3-70b-versatile", messages: [] }) });
await fetch("https://openrouter.ai/api/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "anthropic/claude-sonnet-4.5", messages: [] }) });
await fetch("https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", { method: "POST", body: JSON.stringify({ messages: [] }) });
await axios.post("https://api.jina.ai/v1/embeddings", { model: "jina-embeddings-v3", input: ["a"] });
await fetch("http://localhost:11434/api/generate", { method: "POST", body: JSON.stringify({ model: "llama3.2", system: "S", prompt: "P", options: { num_predict: 64 } }) });`;
    assert.deepEqual(callsIn(source), [
      "http groq chat fetch /chat/completions llama-3.3-70b-versatile null",
      "http openrouter chat fetch /chat/completions anthropic/claude-sonnet-4.5 null",
      "http azure chat fetch /chat/completions gpt-4o null",
      "http jina embedding axios.post /embeddings jina-embeddings-v3 null",
      "http ollama chat fetch /api/generate llama3.2 64",
    ]);
  });

  it("reads legacy /completions, Gemini and Ollama embedding endpoints", () => {
    const source = `await fetch("https://api.openai.com/v1/completions", { method: "POST", body: JSON.stringify({ model: "gpt-3.5-turbo-instruct", prompt: "Say hi", max_tokens: 5 }) });
await fetch(\`\${process.env.MISTRAL_BASE}/fim/completions\`, { method: "POST", body: JSON.stringify({ model: "codestral-latest", prompt: "def f(", suffix: ")" }) });
await fetch("https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:batchEmbedContents", { method: "POST", body: JSON.stringify({ requests: [{ content: { parts: [{ text: "a" }] } }, { content: { parts: [{ text: "b" }] } }] }) });
await fetch("http://localhost:11434/api/embed", { method: "POST", body: JSON.stringify({ model: "nomic-embed-text", input: ["a", "b", "c"] }) });`;
    assert.deepEqual(callsIn(source), [
      "http openai chat fetch /completions gpt-3.5-turbo-instruct 5",
      "http openai chat fetch /completions codestral-latest null",
      "http google embedding fetch :batchEmbedContents text-embedding-004 0",
      "http ollama embedding fetch /api/embed nomic-embed-text 0",
    ]);
    const { calls } = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES);
    assert.deepEqual(calls.map(({ call }) => call.messages.length), [1, 1, 2, 3]);
    assert.deepEqual(callsIn(`await fetch("https://shop.example.com/completions", { method: "POST", body: JSON.stringify({ orderId: 5 }) });`), []);
  });

  it("a /completions body on a run-time base whose `model` key holds a value the caller may leave out still reads as the request (its keys say so)", () => {
    const complete = (body: string) => `export function complete(prefix: string, options: { model?: string; temperature?: number }) {
  return fetch(\`\${process.env.LLM_BASE}/fim/completions\`, { method: "POST", body: JSON.stringify(${body}) });
}
export function completeWith(prefix: string, settings: { model?: string }) {
  return complete(prefix, { ...settings, temperature: 0 });
}`;
    const use = `import { completeWith } from "./llm";\nexport const run = (settings: { model?: string }) => completeWith("def f(", settings);\n`;
    assert.deepEqual(describeCalls(analyzeProject({ "src/llm.ts": complete(`{ model: options.model, prompt: prefix, temperature: options.temperature }`), "src/app.ts": use })), [
      "src/llm.ts:2 null wrapper=complete",
      "src/llm.ts:5 null via=complete wrapper=completeWith",
      "src/app.ts:2 null via=completeWith>complete wrapper=run",
    ]);
    // Lookalikes: a body without the key that says which API it is for, and one without the prompt.
    assert.deepEqual(describeCalls(analyzeProject({ "src/llm.ts": complete(`{ engine: options.model, prompt: prefix }`), "src/app.ts": use })), []);
    assert.deepEqual(describeCalls(analyzeProject({ "src/llm.ts": complete(`{ model: options.model, text: prefix }`), "src/app.ts": use })), []);
  });

  it("reports a request made in a wrapper at the wrapper's call sites, with the caller's body", () => {
    const source = `async function complete(messages: unknown[], model = "gpt-4.1-mini") {
  const response = await fetch(\`\${process.env.OPENAI_BASE ?? "https://api.openai.com/v1"}/chat/completions\`, {
    method: "POST",
    body: JSON.stringify({ model, messages, max_completion_tokens: 300 }),
  });
  return response.json();
}
export const a = () => complete([{ role: "user", content: "one" }]);
export const b = () => complete([{ role: "user", content: "two" }], "gpt-4.1");`;
    assert.deepEqual(callsIn(source), [
      "http openai chat fetch /chat/completions gpt-4.1-mini 300 [in wrapper]",
      "http openai chat fetch /chat/completions gpt-4.1-mini 300",
      "http openai chat fetch /chat/completions gpt-4.1 300",
    ]);
  });

  it("finds a URL constant imported from a config module", () => {
    const config = `export const OPENAI_URL = "https://api.openai.com/v1/responses";`;
    const source = `import { OPENAI_URL } from "./config";
export async function summarise(text: string) {
  return fetch(OPENAI_URL, { method: "POST", body: JSON.stringify({ model: "gpt-4.1", instructions: "Summarise.", input: text, max_output_tokens: 400 }) });
}`;
    assert.deepEqual(callsIn(source, { "src/config.ts": config }), ["http openai chat fetch /responses gpt-4.1 400 [in wrapper]"]);
  });

  it("counts a body only known at run time as one part of assumed size, never as nothing", () => {
    const call = only(`export const send = (payload: unknown) => fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify(payload) });`).call;
    assert.equal(call.model, null);
    assert.equal(call.messages.length, 1);
    assert.equal(call.messages[0]!.parts[0]!.kind, "dynamic");
  });

  it("does not report GETs, other URLs, the app's own routes or unknown hosts' /responses", () => {
    const source = `await fetch("https://api.openai.com/v1/models");
await fetch("https://api.anthropic.com/v1/models?limit=100", { headers: {} });
await fetch("https://api.openai.com/v1/chat/completions");
await fetch("https://api.openai.com/v1/chat/completions", { method: "GET" });
await fetch("/api/chat", { method: "POST", body: JSON.stringify({ messages: [] }) });
await fetch("/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages: [] }) });
await fetch("https://example.com/api/data", { method: "POST", body: JSON.stringify({ model: "x" }) });
await fetch("http://localhost:3000/api/chat", { method: "POST", body: JSON.stringify({ model: "x", messages: [] }) });
await fetch("https://shop.example.com/responses", { method: "POST", body: JSON.stringify({ rating: 5 }) });
await fetch("https://api.openai.com/v1/files", { method: "POST", body: "x" });`;
    assert.deepEqual(callsIn(source), []);
  });

  it("does not take a fetch the file declares itself for the global one", () => {
    const source = `function fetch(url: string, init: object) { return Promise.resolve({ url, init }); }
fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages: [] }) });`;
    assert.deepEqual(callsIn(source), []);
  });
});

describe("a project's own fetch method, and URLs built on a base known at run time", () => {
  const base = `export abstract class BaseLLM {
  apiBase?: string;
  fetch(url: URL | string, init?: RequestInit): Promise<Response> {
    return customFetch(new URL(url as any), { ...init });
  }
}`;

  it("reads this.fetch(url, init) of a base class as fetch, the endpoint from new URL(path, this.apiBase)", () => {
    const vendor = `import { BaseLLM } from "./base";
export class Vendor extends BaseLLM {
  protected endpoint(path: "chat/completions" | "responses") {
    return new URL(path, this.apiBase);
  }
  async *_streamChat(messages: unknown[]) {
    const response = await this.fetch(this.endpoint("chat/completions"), { method: "POST", body: JSON.stringify({ model: this.model, messages, max_tokens: 64 }) });
  }
  async embed(chunks: string[]) {
    return this.fetch(new URL("embeddings", this.apiBase), { method: "POST", body: JSON.stringify({ input: chunks, model: "text-embedding-3-small" }) });
  }
  async listModels() {
    return this.fetch(new URL("models", this.apiBase), { method: "GET" });
  }
}`;
    const calls = analyzeSource({ "src/base.ts": base, "src/vendor.ts": vendor }, "src/vendor.ts", {}, NO_PRICES).calls.map(({ call }) => call);
    assert.deepEqual(
      calls.map((call) => `${call.range.line} ${call.provider} ${call.api} ${call.model} ${call.outputCap}`),
      ["7 openai fetch /chat/completions null 64", "10 openai fetch /embeddings text-embedding-3-small null"],
    );
    assert.match(calls[0]!.modelNote ?? "", /not known statically: this\.model/);
    assert.match(calls[0]!.modelNote ?? "", /base URL is not known statically \(this\.apiBase\): priced as openai/);
  });

  it("takes messages and api/chat on a run-time base only with a body that only that API takes", () => {
    const source = `export class Client {
  apiBase?: string;
  async anthropic(messages: unknown[], system: string) {
    return fetch(new URL("messages", this.apiBase), { method: "POST", body: JSON.stringify({ model: "claude-haiku-4-5", max_tokens: 200, system, messages }) });
  }
  async ollama(prompt: string) {
    return fetch(\`\${this.apiBase}/api/generate\`, { method: "POST", body: JSON.stringify({ model: "llama3.2", prompt, options: { num_predict: 50 }, keep_alive: "5m" }) });
  }
  async ownMessages(text: string) {
    return fetch(new URL("messages", this.apiBase), { method: "POST", body: JSON.stringify({ text, threadId: 1 }) });
  }
  async ownChat(messages: unknown[]) {
    return fetch(\`\${process.env.NEXT_PUBLIC_API_URL}/api/chat\`, { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages }) });
  }
}`;
    assert.deepEqual(callsIn(source), ["http anthropic chat fetch /v1/messages claude-haiku-4-5 200 [in wrapper]", "http ollama chat fetch /api/generate llama3.2 50 [in wrapper]"]);
  });

  it("prefers a project fetch that makes its own request as a wrapper, and leaves other methods named fetch alone", () => {
    const source = `class Api {
  fetch(prompt: string) {
    return fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }) });
  }
}
export const answer = () => new Api().fetch("hello");
export const page = (store: { fetch(url: string, init: object): void }) => store.fetch("/api/items", { method: "POST", body: "{}" });`;
    assert.deepEqual(callsIn(source), ["http openai chat fetch /chat/completions gpt-4o-mini null [in wrapper]", "http openai chat fetch /chat/completions gpt-4o-mini null"]);
  });
});

describe("URLs and fetch functions of a browser chat client", () => {
  const body = `{ method: "POST", body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }) }`;

  it("follows a URL set on each branch after an empty placeholder, and takes the branch that is an LLM endpoint", () => {
    const source = `declare const azure: boolean; declare const dalle: boolean; declare const base: string;
export async function chat() {
  let chatPath = "";
  if (dalle) {
    chatPath = base + "/v1/images/generations";
  } else {
    chatPath = base + "/v1/chat/completions";
  }
  return fetch(chatPath, ${body});
}`;
    assert.deepEqual(callsIn(source), ["http openai chat fetch /chat/completions gpt-4o-mini null"]);
    // A placeholder that is not empty stays a value of its own: nothing here names an LLM endpoint.
    const other = `declare const dalle: boolean; declare const base: string;
export async function chat() {
  let path = "/v1/items";
  if (dalle) path = base + "/v1/images/generations";
  return fetch(path, ${body});
}`;
    assert.deepEqual(callsIn(other), []);
  });

  it("sees each path a URL joined from a choice may be: `+`, a template and join, through a method and a helper returning it or a run-time rebuild", () => {
    const paths = `const Paths = { Chat: "v1/chat/completions", Image: "v1/images/generations", Models: "v1/models", Usage: "v1/dashboard/billing/usage" };`;
    const rebuild = `function gatewayUrl(url: string) {
  const parts = url.split("/");
  if (parts[2] === "gateway.ai.cloudflare.com") return parts.slice(0, 7).concat(parts.slice(-2)).join("/");
  return url;
}`;
    const joined = (first: string, second: string, join: string) => `declare const dalle: boolean;
${paths}
${rebuild}
class Api {
  path(path: string) { return gatewayUrl(${join}); }
  async chat() { return fetch(this.path(dalle ? Paths.${first} : Paths.${second}), ${body}); }
}
export const api = new Api();`;
    for (const join of ['["https://api.openai.com", path].join("/")', '"https://api.openai.com/" + path', "`https://api.openai.com/${path}`"]) {
      assert.deepEqual(callsIn(joined("Image", "Chat", join)), ["http openai chat fetch /chat/completions gpt-4o-mini null"], join);
      // The same shape with no LLM endpoint among the paths is no request.
      assert.deepEqual(callsIn(joined("Models", "Usage", join)), [], join);
    }
  });

  it("reads a POST to a URL a function receives, through a local function handing it on, at each call site with the URL it passes", () => {
    const chat = `import { fetchEventSource } from "@fortaine/fetch-event-source";
import { CHAT_PATH } from "./constant";
export function streamWithThink(chatPath: string, requestPayload: any, controller: AbortController) {
  function chatApi(chatPath: string, requestPayload: any) {
    const chatPayload = { method: "POST", body: JSON.stringify({ ...requestPayload }), signal: controller.signal };
    fetchEventSource(chatPath, { ...chatPayload, async onmessage() {} });
  }
  chatApi(chatPath, requestPayload);
}
export function getJson(url: string) {
  return fetch(url, { headers: { accept: "application/json" } });
}`;
    const source = `import { streamWithThink, getJson } from "./chat";
import { CHAT_PATH } from "./constant";
export const ask = (controller: AbortController) => streamWithThink(CHAT_PATH, { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }, controller);
export const models = (controller: AbortController) => streamWithThink("https://api.openai.com/v1/models", { model: "gpt-4o-mini" }, controller);
export const read = () => getJson(CHAT_PATH);`;
    const extra = { "src/chat.ts": chat, "src/constant.ts": 'export const CHAT_PATH = "https://api.deepseek.com/chat/completions";' };
    assert.deepEqual(callsIn(source, extra), ["http deepseek chat fetchEventSource /chat/completions gpt-4o-mini null [in wrapper]"]);
    const { calls } = analyzeSource({ "src/app.ts": source, ...extra }, "src/app.ts", {}, NO_PRICES);
    assert.deepEqual(calls.map(({ call }) => call.range.line), [3]);
  });

  it("reads a POST helper whose file names no endpoint at the call sites of the files naming one that import it", () => {
    // A streaming helper forwarding its URL and the rest of its options to fetch (`fetchSSE(resource, options)`).
    const sse = `export async function fetchSSE(resource, options) {
  const { onMessage, onEnd, ...fetchOptions } = options;
  const resp = await fetch(resource, fetchOptions);
  await onMessage(await resp.text());
  await onEnd();
}`;
    const claude = `import { fetchSSE } from "../utils/fetch-sse.js";
export async function askClaude(config, question) {
  await fetchSSE(\`\${config.apiUrl}/v1/messages\`, {
    method: "POST",
    body: JSON.stringify({ model: "claude-3-5-haiku-20241022", max_tokens: 400, messages: [{ role: "user", content: question }] }),
    onMessage() {},
    onEnd() {},
  });
}`;
    // A base class's `post(url, headers, body)`, given the endpoint by a subclass.
    const base = `export default class Base {
  async post(url: string, headers: Record<string, string>, body: Record<string, unknown>) {
    return fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  }
}`;
    const openai = `import Base from "./base";
export default class OpenAI extends Base {
  constructor(private host: string) { super(); }
  async complete(question: string) {
    return this.post(\`\${this.host}/v1/chat/completions\`, {}, { model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });
  }
}`;
    const files = { "src/utils/fetch-sse.js": sse, "src/apis/claude.js": claude, "src/models/base.ts": base, "src/models/openai.ts": openai };
    assert.deepEqual(describeCalls(analyzeProject(files)), ["src/apis/claude.js:3 claude-3-5-haiku-20241022 via=fetchSSE wrapper=askClaude", "src/models/openai.ts:5 gpt-4o-mini via=post wrapper=complete"]);
  });

  it("leaves a POST helper alone when no file importing it names an endpoint", () => {
    const sse = `export async function fetchSSE(resource, options) {
  const { onMessage, ...fetchOptions } = options;
  await onMessage(await (await fetch(resource, fetchOptions)).text());
}`;
    const notes = `import { fetchSSE } from "./fetch-sse.js";
export const save = (note) => fetchSSE("/api/notes", { method: "POST", body: JSON.stringify({ model: "note", messages: [note] }), onMessage() {} });`;
    assert.deepEqual(describeCalls(analyzeProject({ "src/fetch-sse.js": sse, "src/notes.js": notes })), []);
  });

  it("keeps each model id a text joined from a choice may be", () => {
    const source = `import OpenAI from "openai";
declare const small: boolean;
export const ask = () => new OpenAI().chat.completions.create({ model: "gpt-4o" + (small ? "-mini" : ""), messages: [{ role: "user", content: "hi" }] });`;
    const { calls } = analyzeSource({ "src/app.ts": source, "package.json": JSON.stringify({ dependencies: { openai: "*" } }) }, "src/app.ts", {}, NO_PRICES);
    assert.deepEqual(calls.map(({ call }) => [call.model, call.modelCandidates]), [["gpt-4o-mini", ["gpt-4o-mini", "gpt-4o"]]]);
  });

  it("reads a project function named fetch (a desktop bridge or window.fetch) as fetch, and fetchEventSource as fetch streamed", () => {
    const stream = `export function fetch(url: string, options?: RequestInit): Promise<Response> {
  if ((window as any).__TAURI__) return tauriFetch(url, options);
  return window.fetch(url, options);
}
declare function tauriFetch(url: string, options?: RequestInit): Promise<Response>;`;
    const source = `import { fetch } from "./stream";
import { fetchEventSource } from "@microsoft/fetch-event-source";
export async function chat(stream: boolean) {
  const payload = ${body};
  if (stream) return fetchEventSource("https://api.deepseek.com/chat/completions", { ...payload, onmessage() {} });
  return fetch("https://api.openai.com/v1/chat/completions", ${body});
}
export const list = () => fetchEventSource("https://api.openai.com/v1/models", { onmessage() {} });`;
    assert.deepEqual(callsIn(source, { "src/stream.ts": stream }), [
      "http deepseek chat fetchEventSource /chat/completions gpt-4o-mini null [in wrapper]",
      "http openai chat fetch /chat/completions gpt-4o-mini null [in wrapper]",
    ]);
  });
});

describe("axios, ky and got POSTs to LLM endpoints", () => {
  it("reads axios.post data, an axios.create instance with a baseURL, and axios({ method: 'post' })", () => {
    const source = `import axios from "axios";
await axios.post("https://api.groq.com/openai/v1/chat/completions", { model: "llama-3.3-70b-versatile", messages: [{ role: "user", content: "hi" }], max_tokens: 50 });
const openai = axios.create({ baseURL: "https://api.openai.com/v1", headers: {} });
await openai.post("/embeddings", { model: "text-embedding-3-small", input: ["a", "b"] });
await axios({ method: "post", url: "https://api.anthropic.com/v1/messages", data: { model: "claude-haiku-4-5", max_tokens: 100, messages: [] } });
await axios.request({ method: "POST", url: "https://api.openai.com/v1/responses", data: { model: "gpt-4.1", input: "x" } });`;
    assert.deepEqual(callsIn(source), [
      "http groq chat axios.post /chat/completions llama-3.3-70b-versatile 50",
      "http openai embedding axios.post /embeddings text-embedding-3-small null",
      "http anthropic chat axios /v1/messages claude-haiku-4-5 100",
      "http openai chat axios.request /responses gpt-4.1 null",
    ]);
  });

  it("reads ky and got json bodies, with a prefixUrl instance", () => {
    const source = `import ky from "ky";
import got from "got";
await ky.post("http://localhost:11434/api/chat", { json: { model: "llama3.2", messages: [{ role: "user", content: "hi" }], options: { num_predict: 80 } } }).json();
await got.post("https://api.deepseek.com/chat/completions", { json: { model: "deepseek-chat", messages: [] } }).json();
const api = ky.create({ prefixUrl: "https://api.openai.com/v1" });
await api.post("chat/completions", { json: { model: "gpt-4o", messages: [] } });
await got("https://api.openai.com/v1/chat/completions", { method: "POST", json: { model: "gpt-4o-mini", messages: [] } });`;
    assert.deepEqual(callsIn(source), [
      "http ollama chat ky.post /api/chat llama3.2 80",
      "http deepseek chat got.post /chat/completions deepseek-chat null",
      "http openai chat ky.post /chat/completions gpt-4o null",
      "http openai chat got /chat/completions gpt-4o-mini null",
    ]);
  });

  it("does not report axios GETs, other URLs, or a default-GET axios config", () => {
    const source = `import axios from "axios";
await axios.get("https://api.openai.com/v1/models");
await axios.post("https://hooks.slack.com/services/x", { text: "hi" });
await axios({ url: "https://api.openai.com/v1/chat/completions", data: { model: "gpt-4o", messages: [] } });
await axios.post("/api/chat", { messages: [] });`;
    assert.deepEqual(callsIn(source), []);
  });
});

describe("configured endpoints", () => {
  const gateway = { endpoints: [{ baseURL: "https://llm.acme.internal", provider: "azure", api: "openai" as const }] };

  it("takes a configured base URL as an LLM endpoint, priced as its provider", () => {
    const source = `await fetch("https://llm.acme.internal/v2/responses", { method: "POST", body: JSON.stringify(request) });`;
    assert.deepEqual(callsIn(source), [], "an unknown host's /responses with a body that does not read as one needs the config");
    assert.deepEqual(callsIn(source, {}, gateway), ["http azure chat fetch /responses null null"]);
    const answer = `await fetch("https://llm.acme.internal/v2/responses", { method: "POST", body: JSON.stringify({ model: "gpt-4o", input: "hi" }) });`;
    assert.deepEqual(callsIn(answer), ["http openai chat fetch /responses gpt-4o null"], "a body that reads as a Responses request says it");
    assert.deepEqual(callsIn(answer, {}, gateway), ["http azure chat fetch /responses gpt-4o null"]);
  });

  it("accepts a configured relative base (the app's proxy to a vendor) and Ollama's paths under it", () => {
    const settings = { endpoints: [{ baseURL: "/api/llm", provider: "openai" }, { baseURL: "http://gpu-box:8080", api: "ollama" as const }] };
    const source = `await fetch("/api/llm/chat/completions", { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages: [] }) });
await fetch("http://gpu-box:8080/api/chat", { method: "POST", body: JSON.stringify({ model: "qwen3", messages: [] }) });
await fetch("http://gpu-box:8080/api/other", { method: "POST", body: JSON.stringify({ model: "qwen3", messages: [] }) });`;
    assert.deepEqual(callsIn(source, {}, settings), ["http openai chat fetch /chat/completions gpt-4o null", "http ollama chat fetch /api/chat qwen3 null"]);
  });
});

describe("the text gate for requests without an SDK", () => {
  function mayRequest(files: Record<string, string>, entry: string): boolean {
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    const file = path.join(ROOT, entry);
    return recogniserFor(new Evaluator(workspace)).mayRequest(file, files[entry]!);
  }

  it("passes a file that names fetch and an endpoint, itself or in a module it imports", () => {
    assert.equal(mayRequest({ "a.ts": `fetch(\`\${base}/chat/completions\`, init)` }, "a.ts"), true);
    assert.equal(mayRequest({ "a.ts": `import { URL } from "./urls";\nfetch(URL, init)`, "urls.ts": `export const URL = "https://x/v1/messages";` }, "a.ts"), true);
  });

  it("passes a POST helper once a project file naming an endpoint imports it, in a workspace kept across edits", () => {
    const files = { "sse.ts": `export const fetchSSE = (url: string, init: RequestInit) => fetch(url, init);`, "notes.ts": `import { fetchSSE } from "./sse";\nfetchSSE("/api/notes", init);` };
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    workspace.projectFiles = Object.keys(files).map((file) => path.join(ROOT, file));
    const helper = path.join(ROOT, "sse.ts");
    assert.equal(recogniserFor(new Evaluator(workspace)).mayRequest(helper, files["sse.ts"]), false);
    workspace.setOverlay(path.join(ROOT, "notes.ts"), `import { fetchSSE } from "./sse";\nfetchSSE(\`\${base}/v1/chat/completions\`, init);`, 2);
    assert.equal(recogniserFor(new Evaluator(workspace)).mayRequest(helper, files["sse.ts"]), true);
  });

  it("skips files that use fetch or axios for anything else, without parsing them", () => {
    assert.equal(mayRequest({ "a.ts": `import axios from "axios";\naxios.post("/api/users", user); fetch("/api/items")` }, "a.ts"), false);
    assert.equal(mayRequest({ "a.ts": `const path = "/chat/completions";` }, "a.ts"), false, "an endpoint named but nothing sent");
  });
});

describe("a JavaScript server posting to each provider with node-fetch (SillyTavern's)", () => {
  /** `callsIn` for a JavaScript entry file, `src/app.js`. */
  function jsCallsIn(files: Record<string, string>): string[] {
    return analyzeSource(files, "src/app.js", {}, NO_PRICES).calls.map(({ call }) => `${call.sdk} ${call.provider} ${call.kind} ${call.api} ${call.model} ${call.outputCap}${call.wrapper ? " [in wrapper]" : ""}`);
  }

  it("reads Anthropic's host written apart from the path, behind a reverse proxy the request may name", () => {
    const source = `const fetch = require("node-fetch").default;
router.post("/caption-image", async (request, response) => {
  const baseUrl = request.body.reverse_proxy ? request.body.reverse_proxy : "https://api.anthropic.com/v1";
  const url = \`\${baseUrl}/messages\`;
  const body = { model: request.body.model, messages: [{ role: "user", content: request.body.prompt }], max_tokens: 4096 };
  const result = await fetch(url, { body: JSON.stringify(body), method: "POST" });
  return response.send(await result.json());
});`;
    assert.deepEqual(jsCallsIn({ "src/app.js": source }), ["http anthropic chat fetch /v1/messages null 4096"]);
  });

  it("reads Ollama's /api/generate on a base the request names when the body sends images beside a prompt", () => {
    const source = `const fetch = require("node-fetch").default;
ollama.post("/caption-image", async (request, response) => {
  const fetchResponse = await fetch(\`\${request.body.server_url}/api/generate\`, { method: "POST", body: JSON.stringify({ model: request.body.model, prompt: request.body.prompt, images: [request.body.image], stream: false }) });
  return response.send(await fetchResponse.json());
});
images.post("/generate", async (request, response) => {
  const imageResponse = await fetch(\`\${request.body.server_url}/api/generate\`, { method: "POST", body: JSON.stringify({ model: request.body.model, prompt: request.body.prompt, width: 512 }) });
  return response.send(await imageResponse.json());
});`;
    assert.deepEqual(jsCallsIn({ "src/app.js": source }), ["http ollama chat fetch /api/generate null null"]);
  });

  it("takes the alternative of a URL whose endpoint the body fits: a chat body goes to /chat/completions, not /completions", () => {
    const source = `const fetch = require("node-fetch").default;
async function send(request) {
  const apiUrl = request.body.custom_url;
  const endpointUrl = request.body.text ? \`\${apiUrl}/completions\` : \`\${apiUrl}/chat/completions\`;
  const body = { messages: request.body.messages, model: request.body.model, max_tokens: 300 };
  return fetch(endpointUrl, { method: "POST", body: JSON.stringify(body) });
}
module.exports = { send };`;
    assert.deepEqual(jsCallsIn({ "src/app.js": source }), ["http openai chat fetch /chat/completions null 300 [in wrapper]"]);
  });

  it("reads a helper given the whole fetch options at its call site, with the options passed there", () => {
    const source = `const fetch = require("node-fetch").default;
async function sendOpenAIRequest(request, response) {
  const endpointUrl = \`\${request.body.base}/chat/completions\`;
  const config = { method: "post", body: JSON.stringify({ model: "gpt-4o-mini", messages: request.body.messages, max_tokens: 200 }) };
  makeRequest(config, response);
  async function makeRequest(config, response) {
    const fetchResponse = await fetch(endpointUrl, config);
    response.send(await fetchResponse.json());
  }
}
module.exports = { sendOpenAIRequest };`;
    const found = analyzeSource({ "src/app.js": source }, "src/app.js", {}, NO_PRICES).calls;
    // The helper's own site stands for its callers (`wrapper`); the call passing the options is the request.
    assert.deepEqual(
      found.map(({ call }) => `${call.range.line} ${call.model} ${call.outputCap}${call.wrapper ? ` [in ${call.wrapper.name}]` : ""}`),
      ["5 gpt-4o-mini 200 [in sendOpenAIRequest]", "7 null null [in makeRequest]"],
    );
  });

  it("takes a helper calling itself again after an HTTP failure (`status === 429`, `!ok`) for a retry, counted where it is called", () => {
    const helper = (again: string) => `const fetch = require("node-fetch").default;
async function send(request, response) {
  const endpointUrl = \`\${request.body.base}/chat/completions\`;
  const config = { method: "post", body: JSON.stringify({ model: "gpt-4o-mini", messages: request.body.messages, max_tokens: 200 }) };
  makeRequest(config, response, 5);
  async function makeRequest(config, response, retries) {
    const fetchResponse = await fetch(endpointUrl, config);
    ${again} {
      setTimeout(() => makeRequest(config, response, retries - 1), 1000);
      return;
    }
    response.send(await fetchResponse.json());
  }
}
module.exports = { send };`;
    const lines = (again: string) => analyzeSource({ "src/app.js": helper(again) }, "src/app.js", {}, NO_PRICES).calls.map(({ call }) => `${call.range.line}${call.wrapper ? ` [in ${call.wrapper.name}]` : ""}`);
    assert.deepEqual(lines("if (fetchResponse.status === 429 && retries > 0)"), ["5 [in send]", "7 [in makeRequest]"]);
    assert.deepEqual(lines("if (!fetchResponse.ok && retries > 0)"), ["5 [in send]", "7 [in makeRequest]"]);
    // Again on success, as a loop the answers decide: no definite number of requests, each counted where it is made.
    assert.deepEqual(lines("if (fetchResponse.ok && retries > 0)"), ["7"]);
  });

  it("follows a member read off a require where it is called (a switch per source loading each module), to the wrapper's callers", () => {
    const files = {
      "src/vectors/openai.js": `const fetch = require("node-fetch").default;
async function getBatch(texts, model) {
  const response = await fetch("https://api.openai.com/v1/embeddings", { method: "POST", body: JSON.stringify({ input: texts, model: model || "text-embedding-3-small" }) });
  return response.json();
}
async function getVector(text, model) {
  const vectors = await getBatch([text], model);
  return vectors[0];
}
module.exports = { getVector };`,
      "src/app.js": `async function vectorOf(source, text) {
  switch (source) {
    case "openai":
      return require("./vectors/openai").getVector(text);
  }
  throw new Error("unknown source");
}
async function query(source, text) {
  return vectorOf(source, text);
}
module.exports = { query };`,
    };
    const found = analyzeSource(files, "src/app.js", {}, NO_PRICES).calls;
    assert.deepEqual(
      found.map(({ call }) => `${call.range.line} ${call.kind} ${call.model} via ${call.via?.map((hop) => hop.function).join(" > ")}${call.wrapper ? ` [in ${call.wrapper.name}]` : ""}`),
      ["4 embedding text-embedding-3-small via getVector > getBatch [in vectorOf]", "9 embedding text-embedding-3-small via vectorOf > getVector > getBatch [in query]"],
    );
  });

  it("reads Cohere's own API on its host (v1 chat, v2 embed), and not a /v1/chat elsewhere", () => {
    const source = `const fetch = require("node-fetch").default;
const API_COHERE = "https://api.cohere.ai/v1";
async function chat(request) {
  const body = { model: "command-r-plus", message: request.body.message, preamble: "You are a helpful assistant.", chat_history: request.body.history, max_tokens: 300 };
  return fetch(API_COHERE + "/chat", { method: "POST", body: JSON.stringify(body) });
}
async function embed(texts) {
  return fetch("https://api.cohere.com/v2/embed", { method: "POST", body: JSON.stringify({ model: "embed-english-v3.0", texts, input_type: "search_document" }) });
}
async function other() {
  return fetch("https://example.com/v1/chat", { method: "POST", body: JSON.stringify({ model: "x", message: "hi" }) });
}
module.exports = { chat, embed, other };`;
    assert.deepEqual(jsCallsIn({ "src/app.js": source }), ["http cohere chat fetch /v1/chat command-r-plus 300 [in wrapper]", "http cohere embedding fetch /v2/embed embed-english-v3.0 0 [in wrapper]"]);
  });
});

describe("providers registered as objects of their handlers (anse's)", () => {
  const files = (list: string) => ({
    "src/types.ts": `export interface Provider { id: string; handlePrompt: (payload: { prompt: string }, signal?: AbortSignal) => Promise<unknown> }`,
    "src/providers/openai/handler.ts": `import type { Provider } from "../../types";
export const handlePrompt: Provider["handlePrompt"] = async (payload, signal) => fetchChat(payload.prompt, signal);
const fetchChat = async (prompt: string, signal?: AbortSignal) => fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "gpt-4o", max_tokens: 300, messages: [{ role: "user", content: prompt }] }), signal });`,
    "src/providers/openai/index.ts": `import { handlePrompt } from "./handler";
import type { Provider } from "../../types";
const providerOpenAI = () => {
  const provider: Provider = { id: "provider-openai", handlePrompt };
  return provider;
};
export default providerOpenAI;`,
    "src/stores/provider.ts": `import providerOpenAI from "../providers/openai";
export const providerList = [${list}];
export const getProviderById = (id: string) => providerList.find((provider) => provider.id === id);`,
    "src/logics/conversation.ts": `import { getProviderById } from "../stores/provider";
export const callProviderHandler = async (providerId: string, prompt: string, signal?: AbortSignal) => {
  const provider = getProviderById(providerId);
  if (!provider) return;
  return await provider.handlePrompt?.({ prompt }, signal);
};`,
  });
  const calls = (list: string) =>
    analyzeSource(files(list), "src/logics/conversation.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.range.line} ${call.model} via [${call.via?.map((hop) => hop.function).join(" > ")}]`);

  it("reads a call of a provider found in the registry's list as a call of the handler the provider object holds", () => {
    assert.deepEqual(calls("providerOpenAI()"), ["5 gpt-4o via [handlePrompt > fetchChat]"]);
  });

  it("reads the call through every provider holding the handler, one that has none left out", () => {
    const files_ = {
      ...files("providerOpenAI(), providerAzure(), providerLocal()"),
      "src/providers/azure/handler.ts": `export const handlePrompt = async (payload: { prompt: string }, signal?: AbortSignal) => fetch("https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01", { method: "POST", body: JSON.stringify({ max_tokens: 300, messages: [{ role: "user", content: payload.prompt }] }), signal });`,
      "src/providers/azure/index.ts": `import { handlePrompt } from "./handler";
export default function providerAzure() {
  return { id: "provider-azure", handlePrompt };
}`,
      "src/providers/local.ts": `export default function providerLocal() {
  return { id: "provider-local" };
}`,
    };
    files_["src/stores/provider.ts"] = files_["src/stores/provider.ts"]!.replace(`import providerOpenAI from "../providers/openai";`, `import providerOpenAI from "../providers/openai";
import providerAzure from "../providers/azure";
import providerLocal from "../providers/local";`);
    const [call] = analyzeSource(files_, "src/logics/conversation.ts", {}, NO_PRICES).calls.map(({ call }) => call);
    const reached = new Set([...(call?.via ?? []).map((hop) => path.relative(ROOT, hop.file)), ...(call?.reachedWrappers ?? []).map((id) => path.relative(ROOT, id.replace(/:\d+(?:@\d+)?$/, "")))]);
    assert.deepEqual([...reached].filter((file) => file.endsWith("handler.ts")).sort(), ["src/providers/azure/handler.ts", "src/providers/openai/handler.ts"]);
  });

  it("reads no request through a list of objects holding no handler (the lookalike)", () => {
    assert.deepEqual(calls(`{ id: "provider-none", handlePrompt: undefined }`), []);
  });
});
