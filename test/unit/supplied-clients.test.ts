import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";

// Shapes of LibreChat's Assistants code (api/server/services): requests through a client a class or a
// function is given, written in code no call site stands for.
const PACKAGE = `{"dependencies":{"openai":"4.0.0"}}`;

// A run manager: the client comes in through the constructor's options object; `run` consumes the stream.
const MANAGER = `class RunManager {
  constructor(fields) {
    this.req = fields.req;
    this.openai = fields.openai;
  }
  async run({ thread_id, body }) {
    const stream = this.openai.beta.threads.runs.createAndStream(thread_id, body);
    for await (const event of stream) await this.handle(event);
  }
  async handle(event) {}
}
module.exports = { RunManager };
`;
const CONTROLLER = `const OpenAI = require("openai");
const { RunManager } = require("./run-manager.js");
async function chat(req) {
  const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
  const manager = new RunManager({ req, openai });
  await manager.run({ thread_id: req.thread, body: { assistant_id: req.assistant, model: "gpt-4o-mini" } });
}
module.exports = { chat };
`;

// A polling loop that calls itself while the run asks for tools, the client a member of its options.
const POLLER = `const { APIError } = require("openai");
/** @param {{ openai: import("openai").OpenAI, run_id: string, thread_id: string }} params */
async function runAssistant({ openai, run_id, thread_id }) {
  const run = await poll(openai, run_id);
  if (run.status !== "requires_action") return run;
  const toolRun = await openai.beta.threads.runs.submitToolOutputs(thread_id, run.id, { tool_outputs: [] }).catch((error) => {
    if (error instanceof APIError) return { id: run_id };
    throw error;
  });
  return await runAssistant({ openai, run_id: toolRun.id, thread_id });
}
async function poll(openai, run_id) {
  return { status: "requires_action", id: run_id };
}
module.exports = { runAssistant };
`;
const POLLER_CALLER = `const OpenAI = require("openai");
const { runAssistant } = require("./poller.js");
async function handle(req) {
  const openai = new OpenAI();
  return runAssistant({ openai, run_id: req.run, thread_id: req.thread });
}
module.exports = { handle };
`;

describe("requests through a client a class or function is given", () => {
  it("reads a method's request through each `new` of its class that passes the client, at the method's line", () => {
    const analyses = analyzeProject({ "package.json": PACKAGE, "run-manager.js": MANAGER, "controller.js": CONTROLLER });
    assert.deepEqual(describeCalls(analyses), ["run-manager.js:7 null"]);
    assert.deepEqual(countedCalls(analyses), ["run-manager.js:7"]);
  });

  it("reads a request in a function that calls itself through each project call that passes the client", () => {
    const analyses = analyzeProject({ "package.json": PACKAGE, "poller.js": POLLER, "caller.js": POLLER_CALLER });
    assert.deepEqual(countedCalls(analyses), ["poller.js:6"]);
  });

  it("finds nothing when no project code passes a client: what the call is on stays unknown", () => {
    assert.deepEqual(describeCalls(analyzeProject({ "package.json": PACKAGE, "run-manager.js": MANAGER, "poller.js": POLLER })), []);
  });

  it("reads an Assistants run's model from its body, the argument after the ids", () => {
    const source = `import OpenAI from "openai";
const openai = new OpenAI();
export async function start(threadId: string) {
  return openai.beta.threads.runs.create(threadId, { assistant_id: "asst_1", model: "gpt-4o" });
}
`;
    assert.deepEqual(describeCalls(analyzeProject({ "package.json": PACKAGE, "start.ts": source })), ["start.ts:4 gpt-4o wrapper=start"]);
  });
});

describe("a client class of another package that is the SDK's own", () => {
  it("takes LibreChat's CustomOpenAIClient (a subclass of openai's OpenAI) as an OpenAI client", () => {
    const source = `const { CustomOpenAIClient: OpenAI } = require("@librechat/agents");
async function complete(text) {
  const openai = new OpenAI({ apiKey: process.env.KEY });
  return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
}
module.exports = { complete };
`;
    const packageJson = `{"dependencies":{"@librechat/agents":"2.0.0"}}`;
    assert.deepEqual(describeCalls(analyzeProject({ "package.json": packageJson, "complete.js": source })), ["complete.js:4 gpt-4o-mini wrapper=complete"]);
  });
});

describe("a destructured member the caller does not pass", () => {
  it("is undefined: a branch on it is not taken", () => {
    const source = `import OpenAI from "openai";
const openai = new OpenAI();
function pickModel({ cheap, tier }: { cheap?: boolean; tier: string }) {
  if (cheap) return "gpt-4o-mini";
  return "gpt-4o";
}
export async function ask(text: string) {
  return openai.chat.completions.create({ model: pickModel({ tier: "pro" }), messages: [{ role: "user", content: text }] });
}
`;
    const [analysis] = analyzeProject({ "package.json": PACKAGE, "ask.ts": source });
    const [call] = analysis!.calls;
    assert.equal(call?.call.model, "gpt-4o");
    assert.deepEqual(call?.call.modelCandidates ?? [], []);
  });
});

describe("a `let` corrected in a branch that is not taken at its value", () => {
  it("keeps the initializer, a setting's default standing for the setting (LibreChat's title model)", () => {
    const source = `import OpenAI from "openai";
const CURRENT_MODEL = "current_model";
const openai = new OpenAI();
export async function title(options: { titleModel?: string }, current: string, text: string) {
  let model = options.titleModel ?? process.env.TITLE_MODEL ?? "gpt-4o-mini";
  if (model === CURRENT_MODEL) {
    model = current;
  }
  return openai.chat.completions.create({ model, max_tokens: 16, messages: [{ role: "user", content: text }] });
}
`;
    assert.deepEqual(describeCalls(analyzeProject({ "package.json": PACKAGE, "title.ts": source })), ["title.ts:9 gpt-4o-mini wrapper=title"]);
  });

  it("stays unknown when the branch may be taken", () => {
    const source = `import OpenAI from "openai";
const openai = new OpenAI();
export async function title(options: { titleModel?: string; useCurrent?: boolean }, current: string, text: string) {
  let model = options.titleModel ?? "gpt-4o-mini";
  if (options.useCurrent) {
    model = current;
  }
  return openai.chat.completions.create({ model, max_tokens: 16, messages: [{ role: "user", content: text }] });
}
`;
    assert.deepEqual(describeCalls(analyzeProject({ "package.json": PACKAGE, "title.ts": source })), ["title.ts:8 null wrapper=title"]);
  });
});

describe("a `let` set in a branch on another value", () => {
  // bolt.diy's create-summary.ts: `summary` is one of several returns, some undefined, one only known at run
  // time; the branch may be taken, so the text it sets stays a possibility, as with any run-time condition.
  it("is not taken as left unset when that value is only partly known", () => {
    const source = (condition: string) => `import OpenAI from "openai";
const openai = new OpenAI();
function context(messages: { summary?: string }[]) {
  if (messages.length === 0) return { summary: undefined };
  let summary: string | undefined;
  for (const message of messages) summary = message.summary;
  return { summary };
}
export async function summarise(messages: { summary?: string }[], flag: boolean, text: string) {
  const { summary } = context(messages);
  let previous: string | undefined = undefined;
  if (${condition}) {
    previous = "Below is the chat summary so far; use it as the history of the conversation: " + summary;
  }
  return openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "system", content: "Summarise. " + previous }, { role: "user", content: text }] });
}
`;
    const staticTokens = (condition: string) => analyzeProject({ "package.json": PACKAGE, "summary.ts": source(condition) })[0]!.calls[0]!.inputTokens.static;
    assert.equal(staticTokens("summary && summary.length > 0"), staticTokens("flag"));
  });
});
