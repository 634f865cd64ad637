import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { NO_PRICES } from "../helpers/memory-workspace.ts";

// A CommonJS server choosing its LLM class at run time: one class per vendor, each required inside the
// `case` of a switch on a setting with a default, returned by a helper of another file
// (`getLLMProvider()`), and called through what the helper returns, from handlers that route handlers call.

const vendor = (className: string, options: string, model: string) => `const { OpenAI } = require("openai");
class ${className} {
  constructor(embedder = null, modelPreference = null) {
    this.openai = new OpenAI(${options});
    this.model = modelPreference || "${model}";
  }
  async getChatCompletion(messages = null, { temperature = 0.7 }) {
    return await this.openai.chat.completions.create({ model: this.model, messages, temperature });
  }
}
module.exports = { ${className} };
`;

/** A class with the same method names that makes no request: a lookalike vendor. */
const ECHO = `class EchoLLM {
  constructor(embedder = null, modelPreference = null) {
    this.model = modelPreference || "echo";
  }
  async getChatCompletion(messages = null, { temperature = 0.7 }) {
    return { textResponse: messages[messages.length - 1].content, temperature };
  }
}
module.exports = { EchoLLM };
`;

const HELPERS = (discriminant: string) => `function getLLMProvider({ provider = null, model = null } = {}) {
  const selection = ${discriminant};
  switch (selection) {
    case "openai":
      const { OpenAiLLM } = require("./providers/openai");
      return new OpenAiLLM(null, model);
    case "groq":
      const { GroqLLM } = require("./providers/groq");
      return new GroqLLM(null, model);
    case "echo":
      const { EchoLLM } = require("./providers/echo");
      return new EchoLLM(null, model);
    default:
      throw new Error("unknown provider " + selection);
  }
}
async function resolveConnector({ workspace }) {
  return { connector: getLLMProvider({ provider: workspace?.chatProvider, model: workspace?.chatModel }), routing: null };
}
module.exports = { getLLMProvider, resolveConnector };
`;

const CHAT = `const { resolveConnector } = require("./helpers");
async function resolveOrError({ workspace }) {
  try {
    const result = await resolveConnector({ workspace });
    return { ...result, error: null };
  } catch (error) {
    return { connector: null, routing: null, error: error.message };
  }
}
async function chatSync({ workspace, message }) {
  const { connector, error } = await resolveOrError({ workspace });
  if (error) return null;
  return await connector.getChatCompletion([{ role: "user", content: message }], { temperature: 0.2 });
}
module.exports.ChatHandler = { chatSync };
`;

const ENDPOINTS = `const { ChatHandler } = require("./chat");
function chatEndpoints(app) {
  app.post("/v1/chat", [validApiKey], async (request, response) => {
    const result = await ChatHandler.chatSync({ workspace: request.body.workspace, message: request.body.message });
    response.status(200).json(result);
  });
}
function validApiKey(request, response, next) {
  next();
}
module.exports = { chatEndpoints };
`;

const SERVER = `const express = require("express");
const { chatEndpoints } = require("./endpoints");
const app = express();
function boot(router) {
  chatEndpoints(router);
}
boot(app);
`;

function project(discriminant: string, extra: Record<string, string> = {}) {
  return analyzeProject({
    "src/providers/openai.js": vendor("OpenAiLLM", "{ apiKey: process.env.OPEN_AI_KEY }", "gpt-4o-mini"),
    "src/providers/groq.js": vendor("GroqLLM", `{ baseURL: "https://api.groq.com/openai/v1" }`, "llama-3.1-8b-instant"),
    "src/providers/echo.js": ECHO,
    "src/helpers.js": HELPERS(discriminant),
    "src/chat.js": CHAT,
    "src/endpoints.js": ENDPOINTS,
    "src/server.js": SERVER,
    ...extra,
  });
}

/** The counted calls (not counted at their call sites) outside the vendor classes, each as `file:line model [candidates]`. */
function counted(analyses: FileAnalysis[]): string[] {
  const report = buildReport(analyses, { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: NO_PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
  return report.calls.filter((call) => !call.countedAtCallSites && !call.file.startsWith("src/providers/")).map((call) => `${call.file}:${call.line} ${call.model}${call.modelCandidates ? ` [${call.modelCandidates.map((candidate) => candidate.model).join(", ")}]` : ""}`);
}

describe("functions returning instances of classes chosen at run time", () => {
  it("counts the request at the route handler's call, through a helper returning one instance per vendor (classes required inside the switch's cases)", () => {
    assert.deepEqual(counted(project(`provider ?? process.env.LLM_PROVIDER ?? "openai"`)), ["src/endpoints.js:4 gpt-4o-mini [gpt-4o-mini, llama-3.1-8b-instant]"]);
  });

  it("follows only the vendor a definite setting picks, and none when it picks the class that makes no request", () => {
    assert.deepEqual(counted(project(`"groq"`)), ["src/endpoints.js:4 llama-3.1-8b-instant"]);
    assert.deepEqual(counted(project(`"echo"`)), []);
  });

  it("finds no request through a helper returning instances of classes without request methods", () => {
    const analyses = project(`provider ?? "echo"`, {
      "src/helpers.js": `function getLLMProvider({ provider = null } = {}) {\n  const { EchoLLM } = require("./providers/echo");\n  return new EchoLLM(null, provider);\n}\nasync function resolveConnector({ workspace }) {\n  return { connector: getLLMProvider({ provider: workspace?.chatProvider }), routing: null };\n}\nmodule.exports = { getLLMProvider, resolveConnector };\n`,
    });
    assert.deepEqual(counted(analyses), []);
  });
});

describe("route handlers registered by a function", () => {
  it("keeps the request in the handler a route registers, not at the call of the function registering the route", () => {
    const lines = counted(project(`"openai"`));
    assert.deepEqual(lines, ["src/endpoints.js:4 gpt-4o-mini"]);
    assert.ok(!lines.some((line) => line.startsWith("src/server.js")));
  });

  it("still runs a callback handed to a call that is no route registration (a retry helper) with the function around it", () => {
    const analyses = project(`"openai"`, {
      "src/endpoints.js": `const { ChatHandler } = require("./chat");\nasync function retry(run) {\n  return await run();\n}\nasync function answer(workspace, message) {\n  return await retry(async () => ChatHandler.chatSync({ workspace, message }));\n}\nmodule.exports = { answer };\n`,
      "src/server.js": `const { answer } = require("./endpoints");\nanswer({ chatProvider: "openai" }, "hi");\n`,
    });
    assert.deepEqual(counted(analyses), ["src/server.js:2 gpt-4o-mini"]);
  });
});

// An agent framework: the provider instance is built from a switch on a setting the constructor defaults,
// kept in a field declared null and set through a setter by one method, and used by another.
const AGENT_PROVIDER = (className: string, module: string, request: string, model: string) => `const Client = require("${module}");
class ${className} {
  constructor(config = {}) {
    const { model = "${model}" } = config;
    this.client = new Client();
    this.model = model;
  }
  async complete(messages) {
    return await this.client.${request};
  }
}
module.exports = ${className};
`;

const AGENT = (fieldWrite: string) => `const OpenAIProvider = require("./openai.js");
const AnthropicProvider = require("./anthropic.js");
class Agent {
  _providerInstance = null;
  defaultProvider = null;
  constructor(props = {}) {
    const { provider = "openai", ...rest } = props;
    this.defaultProvider = { provider, ...rest };
  }
  get providerInstance() {
    return this._providerInstance;
  }
  set providerInstance(value) {
    this._providerInstance = value;
  }
  providerFor(config) {
    if (typeof config.provider === "object") return config.provider;
    switch (config.provider) {
      case "openai":
        return new OpenAIProvider();
      case "anthropic":
        return new AnthropicProvider();
      default:
        throw new Error("unknown provider");
    }
  }
  async reply(messages) {
    ${fieldWrite}
    return await this.execute(messages);
  }
  async execute(messages, depth = 0) {
    const completion = await this.providerInstance.complete(messages);
    if (completion.toolCall && depth < 5) return await this.execute([...messages, completion], depth + 1);
    return completion;
  }
}
module.exports = Agent;
`;

function agent(fieldWrite: string) {
  return analyzeProject({
    "src/openai.js": AGENT_PROVIDER("OpenAIProvider", "openai", `responses.create({ model: this.model, input: messages })`, "gpt-4o-mini"),
    "src/anthropic.js": AGENT_PROVIDER("AnthropicProvider", "@anthropic-ai/sdk", `messages.create({ model: this.model, max_tokens: 100, messages })`, "claude-3-5-haiku-latest"),
    "src/agent.js": AGENT(fieldWrite),
  });
}

describe("a field declared null and set by a method", () => {
  it("reads what a method sets through the setter, each provider a switch on a defaulted setting (or a value passed in) can build", () => {
    assert.deepEqual(counted(agent(`this.providerInstance = this.providerFor({ ...this.defaultProvider });`)), ["src/agent.js:32 gpt-4o-mini [gpt-4o-mini, claude-3-5-haiku-latest]"]);
  });

  it("finds no request when what the method sets makes none", () => {
    const lines = counted(agent(`this.providerInstance = { complete: async (messages) => ({ toolCall: null, messages }) };`));
    assert.deepEqual(lines.filter((line) => line.startsWith("src/agent.js")), []);
  });
});

describe("static factory methods of a class", () => {
  const inference = (build: string) => `import OpenAI from "openai";
export interface InferenceClient {
  inferFromText(prompt: string): Promise<string>;
}
export class OpenAIInferenceClient implements InferenceClient {
  private openAI = new OpenAI();
  constructor(private config: { textModel: string }) {}
  static fromConfig(): OpenAIInferenceClient {
    return new OpenAIInferenceClient({ textModel: "gpt-4o-mini" });
  }
  async inferFromText(prompt: string) {
    const response = await this.openAI.chat.completions.create({ model: this.config.textModel, max_tokens: 100, messages: [{ role: "user", content: prompt }] });
    return response.choices[0]?.message.content ?? "";
  }
}
export class InferenceClientFactory {
  static build(): InferenceClient | null {
    ${build}
  }
}
`;
  const use = `import { InferenceClientFactory } from "./inference";
export async function summarize(text: string) {
  const client = InferenceClientFactory.build();
  if (!client) throw new Error("no inference client configured");
  return client.inferFromText(text);
}
`;
  const countedAt = (build: string) => describeCalls(analyzeProject({ "src/inference.ts": inference(build), "src/use.ts": use })).filter((call) => call.startsWith("src/use.ts"));

  it("counts the request where what a static factory of an imported class returns is called", () => {
    assert.deepEqual(countedAt(`if (process.env.INFERENCE_KEY) return OpenAIInferenceClient.fromConfig();\n    return null;`), ["src/use.ts:5 gpt-4o-mini via=inferFromText wrapper=summarize"]);
  });

  it("finds no request where the static factory returns no instance that makes one", () => {
    assert.deepEqual(countedAt(`return null;`), []);
  });
});

// A builder that reads the instance it makes before returning it (`handler.getModel()` to clip a setting):
// that read, of a value made from its parameters, is a site read at each call, and what it returns still has
// the classes' wrapper methods.
describe("a factory that calls a method of the instance it returns", () => {
  const handler = (className: string, module: string, request: string, model: string) => `import Client from "${module}";
export class ${className} implements ApiHandler {
  private client = new Client();
  constructor(private readonly options: { modelId?: string }) {}
  async *createMessage(system: string, messages: { role: string; content: string }[]) {
    yield await this.client.${request};
  }
  getModel() {
    return { id: this.options.modelId ?? "${model}", maxTokens: 8192 };
  }
}
import type { ApiHandler } from "./index";
`;
  const files = {
    "src/api/anthropic.ts": handler("AnthropicHandler", "@anthropic-ai/sdk", `messages.create({ model: this.getModel().id, max_tokens: 1024, system, messages: messages as any })`, "claude-sonnet-4-5"),
    "src/api/openai.ts": handler("OpenAiHandler", "openai", `chat.completions.create({ model: this.getModel().id, messages: messages as any })`, "gpt-4o"),
    "src/api/index.ts": `import { AnthropicHandler } from "./anthropic";
import { OpenAiHandler } from "./openai";
export interface ApiHandler {
  createMessage(system: string, messages: { role: string; content: string }[]): AsyncGenerator<unknown>;
  getModel(): { id: string; maxTokens: number };
}
function createHandler(provider: string | undefined, options: { modelId?: string; budget?: number }, mode: string): ApiHandler {
  switch (provider) {
    case "openai":
      return new OpenAiHandler({ modelId: mode === "plan" ? undefined : options.modelId });
    default:
      return new AnthropicHandler({ modelId: mode === "plan" ? undefined : options.modelId });
  }
}
export function buildApiHandler(configuration: { provider?: string; modelId?: string; budget?: number }, mode: string): ApiHandler {
  const { provider, ...options } = configuration;
  const handler = createHandler(provider, options, mode);
  if (options.budget && options.budget > handler.getModel().maxTokens) options.budget = handler.getModel().maxTokens - 1;
  return handler;
}
`,
    "src/commit.ts": `import { buildApiHandler } from "./api";
export async function commitMessage(diff: string, provider?: string) {
  const api = buildApiHandler({ provider }, "act");
  let text = "";
  for await (const chunk of api.createMessage("Write a commit message.", [{ role: "user", content: diff }])) text += String(chunk);
  return text;
}
`,
  };

  it("counts the request where a method of what the builder returns is called", () => {
    const lines = counted(analyzeProject(files));
    assert.equal(lines.length, 1);
    // One request: either vendor's model may stand (the costliest), both are candidates.
    assert.match(lines[0]!, /^src\/commit\.ts:5 \S+ \[(claude-sonnet-4-5, gpt-4o|gpt-4o, claude-sonnet-4-5)\]$/);
  });
});
