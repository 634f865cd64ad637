import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as path from "node:path";
import { wrappersCalledThrough as calledThrough } from "../../server/src/core/call-sites.ts";
import { analyzeProject } from "../helpers/analyze-project.ts";
import { analyzeSource, NO_PRICES, ROOT } from "../helpers/memory-workspace.ts";

/** The calls of a file, as `line sdk provider api model [in wrapper]` strings. */
function callsOf(files: Record<string, string>, entry: string): string[] {
  return analyzeSource(files, entry, {}, NO_PRICES).calls.map(({ call }) => `${call.range.line} ${call.sdk} ${call.provider} ${call.api} ${call.model}${call.wrapper ? " [in wrapper]" : ""}`);
}

// The app's fetch helper: it forwards its URL and init to a fetcher it is given, or a default one.
const UTILS = `export const defaultAPIURLPath = "/v1/chat/completions";
declare function getUniversalFetch(): (input: string, init: RequestInit) => Promise<Response>;
interface FetchSSEOptions extends RequestInit {
  onMessage(data: string): Promise<void>;
  fetcher?: (input: string, options: RequestInit) => Promise<Response>;
}
export async function fetchSSE(input: string, options: FetchSSEOptions) {
  const { onMessage, fetcher = getUniversalFetch(), ...fetchOptions } = options;
  const resp = await fetcher(input, fetchOptions);
  await onMessage(await resp.text());
}
export async function getSettings(): Promise<{ apiURL: string; apiURLPath: string; apiModel: string }> {
  return JSON.parse(localStorage.getItem("settings") ?? "{}");
}`;

describe("POSTs to a URL known only at run time", () => {
  it("reads a chat body sent through the app's fetch helper to a URL from stored settings, at the call sites of the function sending it", () => {
    const engine = `import { fetchSSE, getSettings } from "./utils";
export async function sendMessage(prompt: string) {
  const settings = await getSettings();
  const body = { model: settings.apiModel, temperature: 0, stream: true, messages: [{ role: "user", content: prompt }] };
  await fetchSSE(settings.apiURL + settings.apiURLPath, {
    method: "POST",
    body: JSON.stringify(body),
    onMessage: async () => {},
  });
}`;
    const app = `import { sendMessage } from "./engine";
export async function onClick() {
  await sendMessage("Translate this");
}`;
    assert.deepEqual(callsOf({ "src/utils.ts": UTILS, "src/engine.ts": engine, "src/app.ts": app }, "src/app.ts"), ["3 http openai fetch (run-time URL) null"]);
  });

  it("needs the body of an LLM request: a POST of other JSON to a run-time URL, or a GET, is none", () => {
    const engine = `import { fetchSSE, getSettings } from "./utils";
export async function save(note: string) {
  const settings = await getSettings();
  await fetchSSE(settings.apiURL, { method: "POST", body: JSON.stringify({ note, tags: [] }), onMessage: async () => {} });
}
export async function listModels(model: string) {
  const settings = await getSettings();
  await fetchSSE(settings.apiURL, { method: "GET", onMessage: async () => {} });
}
export async function image(prompt: string) {
  const settings = await getSettings();
  await fetchSSE(settings.apiURL, { method: "POST", body: JSON.stringify({ model: "dall-e-3", prompt, size: "1024x1024" }), onMessage: async () => {} });
}
export async function speech(input: string) {
  const settings = await getSettings();
  await fetchSSE(settings.apiURL, { method: "POST", body: JSON.stringify({ model: "tts-1", input, voice: "alloy" }), onMessage: async () => {} });
}`;
    const app = `import { save, listModels, image, speech } from "./engine";
export async function run() {
  await save("x");
  await listModels("m");
  await image("a cat");
  await speech("hello");
}`;
    assert.deepEqual(callsOf({ "src/utils.ts": UTILS, "src/engine.ts": engine, "src/app.ts": app }, "src/app.ts"), []);
  });

  it("takes no key a spread of unknown content may set for the body's word: a proxy's `{ message, ...(id && { conversationId }) }` is no Gemini request", () => {
    const engine = `import { fetchSSE, getSettings } from "./utils";
export async function ask(question: string, session: { id?: string; parent?: string }) {
  const settings = await getSettings();
  await fetchSSE(settings.apiURL, { method: "POST", body: JSON.stringify({ message: question, stream: true, ...(session.id && { conversationId: session.id }) }), onMessage: async () => {} });
}
export async function generate(question: string, extra: Record<string, unknown>) {
  const settings = await getSettings();
  await fetchSSE(settings.apiURL, { method: "POST", body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: question }] }], ...extra }), onMessage: async () => {} });
}`;
    const app = `import { ask, generate } from "./engine";
export async function run() {
  await ask("x", {});
  await generate("y", {});
}`;
    assert.deepEqual(callsOf({ "src/utils.ts": UTILS, "src/engine.ts": engine, "src/app.ts": app }, "src/app.ts"), ["4 http google fetch (run-time URL) null"]);
  });

  it("counts a chat body posted to the app's own route once: on the server, where the request reaches the vendor", () => {
    // The browser posts { model, messages } to its own backend; the route handler sends it on to the vendor.
    const client = `import { fetchSSE } from "./utils";
export async function ask(prompt: string, model: string) {
  await fetchSSE("/api/chat", { method: "POST", body: JSON.stringify({ model, messages: [{ role: "user", content: prompt }] }), onMessage: async () => {} });
}
export async function askOrigin(prompt: string, model: string) {
  await fetch(\`\${window.location.origin}/api/translate\`, { method: "POST", body: JSON.stringify({ model, messages: [{ role: "user", content: prompt }] }) });
}`;
    const route = `import { getSettings } from "../../../src/utils";
export async function POST(req: Request) {
  const { model, messages } = await req.json();
  const settings = await getSettings();
  return fetch(settings.apiURL + settings.apiURLPath, { method: "POST", body: JSON.stringify({ model, messages }) });
}`;
    const files = { "src/utils.ts": UTILS, "src/client.ts": client, "app/api/chat/route.ts": route };
    assert.deepEqual(callsOf(files, "src/client.ts"), []);
    assert.deepEqual(callsOf(files, "app/api/chat/route.ts"), ["5 http openai fetch (run-time URL) null [in wrapper]"]);
  });

  it("reads a helper given its URL by a call site that names its own route as no request there", () => {
    const api = `export const CHAT_ROUTE = "/api/chat";
export async function post(url: string, init: RequestInit) {
  return fetch(url, init);
}`;
    const client = `import { post, CHAT_ROUTE } from "./api";
export async function ask(prompt: string) {
  return post(CHAT_ROUTE, { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] }) });
}
export async function askVendor(prompt: string, baseUrl: string) {
  return post(baseUrl, { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] }) });
}`;
    assert.deepEqual(callsOf({ "src/api.ts": api, "src/client.ts": client }, "src/client.ts"), ["6 http openai fetch (run-time URL) gpt-4o [in wrapper]"]);
  });

  it("reaches every vendor class of a table of classes (`new cls()` with `cls = providerToEngine[provider]`), each request counted at the call site", () => {
    // Settings come from storage filled key by key at run time: nothing says which provider is set.
    const storage = `export async function loadSettings(keys: string[]): Promise<Record<string, any>> {
  const result: Record<string, any> = {};
  for (const key of keys) result[key] = localStorage.getItem(key);
  return result;
}`;
    const settings = `import { loadSettings } from "./storage";
export const defaultProvider = "OpenAI";
export async function providerSetting(): Promise<{ provider: "OpenAI" | "Claude"; apiURL: string; apiURLPath: string; model: string }> {
  const settings = (await loadSettings(["provider", "apiURL", "apiURLPath", "model"])) as any;
  if (!settings.provider) settings.provider = defaultProvider;
  return settings;
}`;
    const base = `import { fetchSSE } from "../utils";
import { providerSetting } from "../settings";
import type { IEngine } from "./interfaces";
export abstract class AbstractOpenAI implements IEngine {
  async baseBody(): Promise<Record<string, any>> {
    const settings = await providerSetting();
    return { model: settings.model, temperature: 0 };
  }
  async sendMessage(prompt: string): Promise<void> {
    const settings = await providerSetting();
    const body = await this.baseBody();
    body["messages"] = [{ role: "user", content: prompt }];
    await fetchSSE(settings.apiURL + settings.apiURLPath, { method: "POST", body: JSON.stringify(body), onMessage: async () => {} });
  }
}
export class OpenAI extends AbstractOpenAI {}`;
    const claude = `import { fetchSSE } from "../utils";
import { providerSetting } from "../settings";
import type { IEngine } from "./interfaces";
export class Claude implements IEngine {
  async sendMessage(prompt: string): Promise<void> {
    const settings = await providerSetting();
    await fetchSSE(settings.apiURL, { method: "POST", body: JSON.stringify({ model: settings.model, system: "Translate.", max_tokens: 4096, messages: [{ role: "user", content: prompt }] }), onMessage: async () => {} });
  }
}`;
    const engines = `import { OpenAI } from "./openai";
import { Claude } from "./claude";
import type { IEngine } from "./interfaces";
export const providerToEngine: Record<string, { new (): IEngine }> = { OpenAI, Claude: Claude };
export function getEngine(provider: string): IEngine {
  const cls = providerToEngine[provider];
  return new cls();
}`;
    const translate = `import { getEngine } from "./engines";
import { providerSetting } from "./settings";
export async function translate(text: string) {
  const settings = await providerSetting();
  const engine = getEngine(settings.provider);
  await engine.sendMessage("Translate: " + text);
}`;
    const app = `import { translate } from "./translate";
export async function onClick() {
  await translate("hello");
}`;
    const files = {
      "src/utils.ts": UTILS,
      "src/storage.ts": storage,
      "src/settings.ts": settings,
      "src/engines/interfaces.ts": "export interface IEngine { sendMessage(prompt: string): Promise<void> }",
      "src/engines/openai.ts": base,
      "src/engines/claude.ts": claude,
      "src/engines/index.ts": engines,
      "src/translate.ts": translate,
      "src/app.ts": app,
    };
    const analyses = analyzeProject(files);
    const counted = analyses.flatMap((analysis) => analysis.calls.filter(({ call }) => call.wrapper === undefined || !calledThrough(analyses).has(call.wrapper.id)).map(({ call }) => `${path.relative(ROOT, call.file)}:${call.range.line} ${call.api}`));
    // One request at the call site: each engine's POST is reached there, so none is counted on its own.
    assert.deepEqual(counted, ["src/app.ts:3 fetch (run-time URL)"]);
  });

  it("reads `new URL(text)` as that text: a static path that is no LLM endpoint stays none, whatever the body", () => {
    const source = `export async function run() {
  const url = new URL("https://generativelanguage.googleapis.com/v1beta/interactions");
  url.searchParams.set("alt", "sse");
  return fetch(url, { method: "POST", body: JSON.stringify({ model: "gemini-2.5-flash", input: "hi", stream: true }) });
}`;
    assert.deepEqual(callsOf({ "src/app.ts": source }, "src/app.ts"), []);
  });

  it("leaves a URL made of a parameter through locals (`new URL(path, this.apiBase)`) to the call sites", () => {
    const llm = `export const CHAT_PATH = "v1/chat/completions";
export class Llm {
  apiBase = process.env.API_BASE!;
  async special(path: string, prompt: string) {
    const endpoint = new URL(path, this.apiBase);
    return fetch(endpoint, { method: "POST", body: JSON.stringify({ model: "m-1", messages: [{ role: "user", content: prompt }] }) });
  }
}`;
    const app = `import { Llm, CHAT_PATH } from "./llm";
export async function edit() {
  return new Llm().special(CHAT_PATH, "fix this");
}`;
    const files = { "src/llm.ts": llm, "src/app.ts": app };
    assert.deepEqual(callsOf(files, "src/llm.ts"), []);
    assert.deepEqual(callsOf(files, "src/app.ts"), ["3 http openai fetch /chat/completions m-1"]);
  });
});
