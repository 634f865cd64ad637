import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { analyzeProject } from "../helpers/analyze-project.ts";
import { NO_PRICES } from "../helpers/memory-workspace.ts";

// An agent framework with one provider class per vendor (CommonJS): a session builds its provider from a
// config that may hold a ready instance (`typeof config.provider === "object"`), some providers hand their
// request to a mixed-in base through a bound callback, and retry when the result reports a failure.

/** Counted calls (not counted at their call sites), each as `file:line`. */
function counted(analyses: FileAnalysis[]): string[] {
  const report = buildReport(analyses, { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: NO_PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
  return report.calls
    .filter((call) => !call.countedAtCallSites)
    .map((call) => `${call.file}:${call.line}`)
    .sort();
}

/** A provider class of one vendor: line 8 makes its request. */
const provider = (className: string, sdk: string, model: string, request: string) => `${sdk}
class ${className} {
  constructor(config = {}) {
    this.client = new Client();
    this.model = config.model ?? "${model}";
  }
  async complete(messages) {
    return await this.client.${request};
  }
}
module.exports = ${className};
`;

const OPENAI = provider("OpenAIProvider", `const Client = require("openai");`, "gpt-4o-mini", "chat.completions.create({ model: this.model, messages })");
const ANTHROPIC = provider("AnthropicProvider", `const Client = require("@anthropic-ai/sdk");`, "claude-sonnet-4-5", "messages.create({ model: this.model, max_tokens: 512, messages })");

/** A session choosing its provider: `cases` are the switch's clauses; line 9 asks the provider. */
const session = (cases: string, guard = `    if (typeof config.provider === "object") return config.provider;`) => `const OpenAIProvider = require("./openai.js");
const AnthropicProvider = require("./anthropic.js");
const GroqProvider = require("./groq.js");
class Session {
  constructor(config) {
    this.config = config;
  }
  async reply(messages) {
    return await this.#build(this.config).complete(messages);
  }
  #build(config) {
${guard}
    switch (config.provider) {
${cases}
      default:
        throw new Error("unknown provider");
    }
  }
}
module.exports = Session;
`;

const APP = `const Session = require("./session.js");
async function handle(request) {
  return await new Session({ provider: request.provider, model: request.model }).reply(request.messages);
}
module.exports = { handle };
`;

const OPENAI_CASE = `      case "openai":\n        return new OpenAIProvider({ model: config.model });\n`;
const ANTHROPIC_CASE = `      case "anthropic":\n        return new AnthropicProvider({ model: config.model });\n`;
const GROQ_CASE = `      case "groq":\n        return new GroqProvider({ model: config.model });\n`;

/** A base mixed in by providers: it calls the chat callback it is given. */
const UNTOOLED = `class UnTooled {
  async complete(messages, chatCallback = null) {
    const response = await chatCallback({ messages });
    return { result: response };
  }
}
module.exports = UnTooled;
`;

/** A provider whose request is a private method handed on as `handOn` writes it (line 10 the request, line 13 the hand-off). */
const groq = (handOn: string, retry = "") => `const OpenAI = require("openai");
const UnTooled = require("./untooled.js");
const { StateGraph } = require("@langchain/langgraph");
class GroqProvider extends UnTooled {
  constructor(config = {}) {
    super();
    this.client = new OpenAI({ baseURL: "https://api.groq.com/openai/v1" });
    this.model = config.model ?? "llama-3.1-8b-instant";
  }
  async #chat({ messages = [] }) { return await this.client.chat.completions.create({ model: this.model, messages }); }
  async complete(messages) {
    const result = await this.run(messages);
    ${handOn}
    ${retry}
    return result;
  }
  async run(messages) { return { messages }; }
}
module.exports = GroqProvider;
`;

const project = (files: Record<string, string>) =>
  analyzeProject({ "src/openai.js": OPENAI, "src/anthropic.js": ANTHROPIC, "src/untooled.js": UNTOOLED, "src/groq.js": groq(`return await UnTooled.prototype.complete.call(this, messages, this.#chat.bind(this));`), "src/app.js": APP, ...files });

describe("a provider built from a config that may hold a ready instance", () => {
  it("reaches every class a switch returns beside the instance the config may hold", () => {
    const analyses = project({ "src/session.js": session(OPENAI_CASE + ANTHROPIC_CASE + GROQ_CASE) });
    // Without the `typeof` guard's run-time value taken apart, the Anthropic request stayed counted on its own.
    assert.deepEqual(counted(analyses), ["src/app.js:3"]);
  });

  it("leaves a class the switch does not return counted on its own (the lookalike)", () => {
    const analyses = project({ "src/session.js": session(OPENAI_CASE + GROQ_CASE) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/app.js:3"]);
  });
});

describe("a wrapper handed on by reference", () => {
  it("runs during the call it is handed to (`Base.prototype.complete.call(this, messages, this.#chat.bind(this))`)", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/app.js:3", "src/openai.js:8"]);
  });

  it("is not run by a call registering it as an event handler (the lookalike)", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE), "src/groq.js": groq(`this.events.on("reply", this.#chat.bind(this));`) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/groq.js:10", "src/openai.js:8"]);
  });

  it("is not run by a project function that only keeps it (the lookalike)", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE), "src/groq.js": groq(`this.keep(this.#chat.bind(this));\n  }\n  keep(callback) {\n    this.callbacks = [callback];`) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/groq.js:10", "src/openai.js:8"]);
  });

  it("runs during a call of a method of its own class that calls it", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE), "src/groq.js": groq(`return await this.withMessages(messages, this.#chat.bind(this));\n  }\n  async withMessages(messages, callback) {\n    return await callback({ messages });`) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/app.js:3", "src/openai.js:8"]);
  });

  it("is not run by a project function that returns a closure calling it (the lookalike)", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE), "src/groq.js": groq(`return this.guard(this.#chat.bind(this));\n  }\n  guard(handler) {\n    return (input) => handler(input).catch(() => null);`) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/groq.js:10", "src/openai.js:8"]);
  });

  it("is not run by a package function it is handed to, which may keep it (the lookalike)", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE), "src/groq.js": groq(`new StateGraph({}).addNode("chat", this.#chat.bind(this));`) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/groq.js:10", "src/openai.js:8"]);
  });

  it("is not one request of a project function calling it from a loop (a queue worker's `while (true)`; the lookalike)", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE), "src/groq.js": groq(`return await this.work(this.#chat.bind(this));\n  }\n  async work(job) {\n    while (true) await job({ messages: [] });`) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/groq.js:10", "src/openai.js:8"]);
  });

  it("is the function itself once bound (`const chat = this.#chat.bind(this); chat(...)`)", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE), "src/groq.js": groq(`const chat = this.#chat.bind(this);\n    return await chat({ messages });`) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/app.js:3", "src/openai.js:8"]);
  });
});

describe("a provider calling itself again when its result reports a failure", () => {
  const handOn = `const reply = await UnTooled.prototype.complete.call(this, messages, this.#chat.bind(this));`;

  it("is a retry: the provider stays a wrapper, counted where it is called", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE), "src/groq.js": groq(handOn, `if (reply.retryWithError) return this.complete([...messages, reply.retryWithError]);`) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/app.js:3", "src/openai.js:8"]);
  });

  it("is a loop the model decides when the result asks for more (the lookalike)", () => {
    const analyses = project({ "src/session.js": session(GROQ_CASE), "src/groq.js": groq(handOn, `if (reply.needsMore) return this.complete([...messages, reply.result]);`) });
    assert.deepEqual(counted(analyses), ["src/anthropic.js:8", "src/groq.js:13", "src/openai.js:8"]);
  });
});
