// Clients wrapped by tracing packages (Langfuse, Braintrust, LangSmith) or by Instructor make the wrapped client's requests.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** The calls of a one-file project, as `sdk provider api model` strings. */
function callsIn(source: string): string[] {
  return analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.sdk} ${call.provider} ${call.api} ${call.model}`);
}

const OPENAI = `import OpenAI from "openai";\n`;
const ASK = `.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });`;

describe("clients wrapped by tracing packages", () => {
  it("reads requests on Langfuse's observeOpenAI, from either package, as the OpenAI client's", () => {
    assert.deepEqual(callsIn(`${OPENAI}import { observeOpenAI } from "langfuse";\nconst openai = observeOpenAI(new OpenAI(), { traceName: "t" });\nopenai${ASK}`), ["openai openai chat.completions.create gpt-4o-mini"]);
    assert.deepEqual(callsIn(`${OPENAI}import { observeOpenAI } from "@langfuse/openai";\nobserveOpenAI(new OpenAI())${ASK}`), ["openai openai chat.completions.create gpt-4o-mini"]);
  });

  it("reads Braintrust's and LangSmith's wrapOpenAI and wrapAnthropic, the client's base URL kept", () => {
    const groq = `${OPENAI}import { wrapOpenAI } from "langsmith/wrappers/openai";\nconst client = wrapOpenAI(new OpenAI({ baseURL: "https://api.groq.com/openai/v1" }));\nclient${ASK}`;
    assert.deepEqual(callsIn(groq), ["openai groq chat.completions.create gpt-4o-mini"]);
    const anthropic = `import Anthropic from "@anthropic-ai/sdk";\nimport { wrapAnthropic } from "braintrust";\nconst claude = wrapAnthropic(new Anthropic());\nclaude.messages.create({ model: "claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });`;
    assert.deepEqual(callsIn(anthropic), ["anthropic anthropic messages.create claude-haiku-4-5"]);
    assert.deepEqual(callsIn(`${OPENAI}import { wrapOpenAI } from "braintrust";\nimport { wrapSDK } from "langsmith/wrappers";\nwrapSDK(wrapOpenAI(new OpenAI()))${ASK}`), ["openai openai chat.completions.create gpt-4o-mini"]);
  });

  it("reads a request on Instructor's client as the client it was handed in its options, base URL kept", () => {
    const together = `${OPENAI}import Instructor from "@instructor-ai/instructor";\nconst oai = new OpenAI({ baseURL: "https://api.together.xyz/v1" });\nconst client = Instructor({ client: oai, mode: "JSON_SCHEMA" });\nclient.chat.completions.create({ model: "Qwen/Qwen2.5-7B-Instruct-Turbo", max_tokens: 10, max_retries: 3, response_model: { schema: {}, name: "S" }, messages: [{ role: "user", content: "hi" }] });`;
    assert.deepEqual(callsIn(together), ["openai together chat.completions.create Qwen/Qwen2.5-7B-Instruct-Turbo"]);
    assert.deepEqual(callsIn(`${OPENAI}import Instructor from "@instructor-ai/instructor";\nInstructor({ client: new OpenAI(), mode: "TOOLS" })${ASK}`), ["openai openai chat.completions.create gpt-4o-mini"]);
  });

  it("does not read Instructor's options without a client, or a lookalike package's Instructor, as a client", () => {
    assert.deepEqual(callsIn(`${OPENAI}import Instructor from "@instructor-ai/instructor";\nInstructor({ mode: "TOOLS" })${ASK}`), []);
    assert.deepEqual(callsIn(`${OPENAI}import Instructor from "acme-instructor";\nInstructor({ client: new OpenAI(), mode: "TOOLS" })${ASK}`), []);
  });

  it("reads PostHog's traced client classes as the SDKs' own, from a file that imports no SDK itself", () => {
    const posthog = `import { OpenAI, Anthropic } from "@posthog/ai";\nimport { PostHog } from "posthog-node";\nconst ph = new PostHog("key");\nconst client = new OpenAI({ apiKey: "k", posthog: ph });\nclient${ASK}\nconst claude = new Anthropic({ posthog: ph });\nclaude.messages.create({ model: "claude-haiku-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });\nph.capture({ distinctId: "u", event: "create" });`;
    assert.deepEqual(callsIn(posthog), ["openai openai chat.completions.create gpt-4o-mini", "anthropic anthropic messages.create claude-haiku-4-5"]);
    assert.deepEqual(callsIn(`import { AzureOpenAI } from "@posthog/ai/openai";\nconst client = new AzureOpenAI({ posthog: undefined });\nclient${ASK}`), ["openai azure chat.completions.create gpt-4o-mini"]);
  });

  it("does not read another export of the tracing package, or a lookalike package's OpenAI, as a client", () => {
    assert.deepEqual(callsIn(`import { withPrivacyMode } from "@posthog/ai";\nconst client = withPrivacyMode({});\nclient${ASK}`), []);
    assert.deepEqual(callsIn(`import { OpenAI } from "acme-ai";\nconst client = new OpenAI();\nclient${ASK}`), []);
  });

  it("follows a wrapped client exported from another file", () => {
    const files = {
      "src/lib/openai.ts": `${OPENAI}import { observeOpenAI } from "langfuse";\nexport const openai = observeOpenAI(new OpenAI());\n`,
      "src/app.ts": `import { openai } from "./lib/openai";\nexport const ask = () => openai${ASK}`,
    };
    const calls = analyzeSource(files, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.sdk} ${call.model}`);
    assert.deepEqual(calls, ["openai gpt-4o-mini"]);
  });

  it("does not read a lookalike wrapper of another package as the client", () => {
    // What acme's wrapOpenAI returns is not known to have the client's methods.
    assert.deepEqual(callsIn(`${OPENAI}import { wrapOpenAI } from "acme-metrics";\nconst client = wrapOpenAI(new OpenAI());\nclient${ASK}`), []);
    // A tracing package's other functions are not client wrappers either.
    assert.deepEqual(callsIn(`${OPENAI}import { traced } from "braintrust";\ntraced(new OpenAI())${ASK}`), []);
  });

  it("reads a project's own `new Proxy(model, handler)` layer as its target: the model it was handed", () => {
    // supermemory's withSupermemory(openai("gpt-5"), options) returns a Proxy intercepting doGenerate: the
    // request is still the model's (it was an unknown model).
    const layer = `export function withMemory<T extends object>(model: T, tag: string): T {\n  return new Proxy(model, { get(target, prop, receiver) { return Reflect.get(target, prop, receiver); } });\n}\n`;
    const app = `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nimport { withMemory } from "./memory";\nconst model = withMemory(openai("gpt-5"), "user-1");\nexport const run = () => generateText({ model, prompt: "hi", maxOutputTokens: 10 });\n`;
    const calls = analyzeSource({ "src/memory.ts": layer, "src/app.ts": app }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.provider} ${call.model}`);
    assert.deepEqual(calls, ["openai gpt-5"]);
    // A client made on first use behind an empty object's proxy is what its declared type says, as before.
    const lazy = `${OPENAI}let real: OpenAI | undefined;\nexport const client: OpenAI = new Proxy({} as any, { get(_target, prop) { real ??= new OpenAI(); return (real as any)[prop]; } });\nclient${ASK}`;
    assert.deepEqual(callsIn(lazy), ["openai openai chat.completions.create gpt-4o-mini"]);
    // A project class named Proxy is not the global one.
    assert.deepEqual(callsIn(`${OPENAI}class Proxy { constructor(readonly target: unknown) {} }\nconst client = new Proxy(new OpenAI());\n(client as any)${ASK}`), []);
  });
});
