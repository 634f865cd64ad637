// `this` in a function declared inside a method: its own, unless the method only runs it with its own `this`
// (`processResponse.bind(this)()`, `step.call(this, ...)`), as LibreChat's AnthropicClient runs its retry loop.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";

const CLIENT = (run: string) => `const Anthropic = require("@anthropic-ai/sdk");
class AnthropicClient {
  getClient() {
    return new Anthropic({ apiKey: "k" });
  }
  async createResponse(client, options) {
    return await client.messages.create(options);
  }
  async sendCompletion(payload) {
    const requestOptions = { model: "claude-3-haiku-20240307", max_tokens: 10, messages: payload };
    async function processResponse() {
      return await this.createResponse(this.getClient(), requestOptions);
    }
    return await ${run};
  }
}
module.exports = AnthropicClient;
`;

function calls(run: string): string[] {
  return describeCalls(analyzeProject({ "src/anthropic.js": CLIENT(run) })).map((call) => call.replace(/ wrapper=\S+$/, ""));
}

describe("a function declared in a method", () => {
  it("sees the method's `this` when the method runs it bound to it", () => {
    assert.deepEqual(calls("processResponse.bind(this)()"), ["src/anthropic.js:12 claude-3-haiku-20240307 via=createResponse"]);
    assert.deepEqual(calls("processResponse.call(this)"), ["src/anthropic.js:12 claude-3-haiku-20240307 via=createResponse"]);
  });

  it("has its own `this` when the method calls it plainly", () => {
    assert.deepEqual(calls("processResponse()"), []);
  });
});

// gemini-cli's GeminiChat.sendMessageStream: `const streamWithRetries = async function* (this: GeminiChat) { ...
// this.makeApiCallAndProcessStream(...) ... }; return streamWithRetries.call(this);`.
const CHAT = `import OpenAI from "openai";
const client = new OpenAI();
export class Chat {
  private async ask(prompt: string) {
    return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
  }
  async send(prompt: string) {
    const withRetries = async function (this: Chat) {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          return await this.ask(prompt);
        } catch {
          continue;
        }
      }
    };
    return withRetries.call(this);
  }
}
`;

describe("a function expression run with the method's this", () => {
  it("reads `this` as the class instance, and its `this: T` annotation is no parameter of a wrapper of its own", () => {
    const analyses = analyzeProject({ "src/chat.ts": CHAT, "src/app.ts": `import { Chat } from "./chat";\nexport const run = (chat: Chat) => chat.send("hello");\n` });
    assert.deepEqual(countedCalls(analyses), ["src/app.ts:2"], describeCalls(analyses).join("\n"));
  });

  it("lookalike: one handed on elsewhere keeps a this of its own", () => {
    const handed = CHAT.replace("return withRetries.call(this);", "return setTimeout(withRetries, 10);");
    const analyses = analyzeProject({ "src/chat.ts": handed, "src/app.ts": `import { Chat } from "./chat";\nexport const run = (chat: Chat) => chat.send("hello");\n` });
    assert.ok(!countedCalls(analyses).includes("src/app.ts:2"), describeCalls(analyses).join("\n"));
  });
});
