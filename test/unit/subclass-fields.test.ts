import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// An agent framework's base provider sends through the client and model its vendor subclasses set up
// (anything-llm's aibitat Provider.stream): `this.client` is what each subclass passes to `super(client)`.
const BASE = `class Provider {
  constructor(client) {
    this._client = client;
  }
  get client() {
    return this._client;
  }
  async stream(messages) {
    return this.client.chat.completions.create({ model: this.model, stream: true, messages });
  }
}
module.exports = Provider;
`;
const OPENAI = `const OpenAI = require("openai");
const Provider = require("./ai-provider.js");
class OpenAIProvider extends Provider {
  constructor(config = {}) {
    const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
    super(client);
    this.model = config.model ?? "gpt-4o-mini";
  }
}
module.exports = OpenAIProvider;
`;
const PACKAGE = `{"dependencies":{"openai":"4.0.0"}}`;

describe("a base class sending through what its subclasses set up", () => {
  it("reads the request at the base class's line once per subclass, the costliest standing for it", () => {
    const calls = describeCalls(analyzeProject({ "package.json": PACKAGE, "ai-provider.js": BASE, "openai.js": OPENAI }));
    assert.deepEqual(calls, ["ai-provider.js:9 gpt-4o-mini wrapper=stream"]);
  });

  it("leaves a base class no project class extends as it was: its client is not known, so no request", () => {
    assert.deepEqual(describeCalls(analyzeProject({ "package.json": PACKAGE, "ai-provider.js": BASE })), []);
  });
});
