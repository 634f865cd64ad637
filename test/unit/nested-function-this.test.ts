// `this` in a function declared inside a method: its own, unless the method only runs it with its own `this`
// (`processResponse.bind(this)()`, `step.call(this, ...)`), as LibreChat's AnthropicClient runs its retry loop.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

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
