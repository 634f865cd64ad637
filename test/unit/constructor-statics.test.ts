import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { ROOT } from "../helpers/memory-workspace.ts";

// A chat app's bots (ChatALL's LangChainBot shape): the base class sends through a model kept in a static
// field, `this.constructor._chatModel`, which its `setupModel` fills with what the subclass's `_setupModel`
// makes, from the subclass's own `static _model`.
const BASE = `import { BufferMemory } from "langchain/memory";
export default class ChatBot {
  static _chatModel = undefined;
  async send(prompt) {
    const memory = new BufferMemory();
    await memory.chatHistory.addUserMessage(prompt);
    const model = this.constructor._chatModel;
    const messages = await memory.chatHistory.getMessages();
    await model.call(messages);
  }
  setupModel() {
    this.constructor._chatModel = this._setupModel();
  }
  _setupModel() {
    throw new Error("abstract");
  }
}
`;
// The vendor class declares no model; each concrete bot below it does.
const OPENAI_BOT = `import ChatBot from "./chat-bot";
import { ChatOpenAI } from "@langchain/openai";
export default class OpenAIBot extends ChatBot {
  _setupModel() {
    return new ChatOpenAI({ modelName: this.constructor._model ? this.constructor._model : "", streaming: true });
  }
}
`;
const GPT_4O = `import OpenAIBot from "./openai-bot";\nexport default class Gpt4oBot extends OpenAIBot {\n  static _model = "gpt-4o";\n}\n`;
const GPT_4O_MINI = `import OpenAIBot from "./openai-bot";\nexport default class Gpt4oMiniBot extends OpenAIBot {\n  static _model = "gpt-4o-mini";\n}\n`;
const PACKAGE = `{"dependencies":{"langchain":"0.3.0","@langchain/openai":"0.3.0"}}`;

function candidates(files: Record<string, string>): string[][] {
  return analyzeProject(files).flatMap((analysis) => analysis.calls.map(({ call }) => [`${path.relative(ROOT, call.file)}:${call.range.line}`, ...(call.modelCandidates ?? [String(call.model)])]));
}

describe("statics read through this.constructor", () => {
  it("reads the model each concrete subclass declares, through the static field the base class's method fills", () => {
    const files = { "package.json": PACKAGE, "chat-bot.js": BASE, "openai-bot.js": OPENAI_BOT, "gpt-4o-bot.js": GPT_4O, "gpt-4o-mini-bot.js": GPT_4O_MINI };
    const found = candidates(files);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]![0], "chat-bot.js:9");
    assert.deepEqual(found[0]!.slice(1).sort(), ["gpt-4o", "gpt-4o-mini"]);
  });

  it("reads a static a subclass declares again as one more model of the method's request", () => {
    const source = `import OpenAI from "openai";
const client = new OpenAI();
class Summariser {
  static model = "gpt-4o";
  summarise(text) {
    return client.chat.completions.create({ model: this.constructor.model, messages: [{ role: "user", content: text }] });
  }
}
export class CheapSummariser extends Summariser {
  static model = "gpt-4o-mini";
}
`;
    assert.deepEqual(candidates({ "package.json": `{"dependencies":{"openai":"4.0.0"}}`, "summariser.js": source }), [["summariser.js:6", "gpt-4o", "gpt-4o-mini"]]);
  });
  it("leaves out subclasses in test files, and a static object several subclasses declare", () => {
    const files = { "package.json": PACKAGE, "chat-bot.js": BASE, "openai-bot.js": OPENAI_BOT, "gpt-4o-bot.js": GPT_4O, "gpt-4o-mini-bot.js": GPT_4O_MINI, "bot.test.js": `import OpenAIBot from "./openai-bot";\nexport class DummyBot extends OpenAIBot {\n  static _model = "dummy-model";\n}\n` };
    assert.deepEqual(candidates(files)[0]!.slice(1).sort(), ["gpt-4o", "gpt-4o-mini"]);
    // continue's BaseLLM: { ...this.constructor.defaultOptions, ...options }, one defaults object per vendor.
    const base = `import OpenAI from "openai";
const client = new OpenAI();
export class BaseLLM {
  constructor(options) {
    const merged = { ...this.constructor.defaultOptions, ...options };
    this.model = merged.model;
  }
  embed(input) {
    return client.embeddings.create({ model: this.model, input });
  }
}
export class Voyage extends BaseLLM {
  static defaultOptions = { model: "voyage-3" };
}
export class Mistral extends BaseLLM {
  static defaultOptions = { model: "mistral-embed" };
}
`;
    assert.deepEqual(candidates({ "package.json": `{"dependencies":{"openai":"4.0.0"}}`, "llm.js": base }), [["llm.js:9", "null"]]);
  });
});
