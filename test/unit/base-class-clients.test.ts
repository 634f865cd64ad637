// A client handed to a base class through `super(client)` and read there (`this._client`, a `client` getter),
// and a class exported by `module.exports = Class` and required: the request on it is the client's.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

const BASE = `class Provider {
  _client;
  constructor(client) {
    this._client = client;
  }
  get client() {
    return this._client;
  }
}
module.exports = Provider;
`;

const SUBCLASS = (superArgument: string) => `const OpenAI = require("openai");
const Provider = require("./base.js");
class OpenAIProvider extends Provider {
  constructor(config = {}) {
    const client = new OpenAI({ apiKey: config.apiKey });
    super(${superArgument});
    this.model = config.model || "gpt-4o";
  }
  async complete(messages) {
    return this.client.chat.completions.create({ model: this.model, max_tokens: 10, messages });
  }
  async direct(messages) {
    return this._client.chat.completions.create({ model: this.model, max_tokens: 10, messages });
  }
}
module.exports = OpenAIProvider;
`;

function calls(files: Record<string, string>): string[] {
  return analyzeSource(files, "src/openai.js", {}, NO_PRICES).calls.map(({ call }) => `${call.range.line} ${call.sdk} ${call.model}`);
}

describe("clients passed to a base class", () => {
  it("reads the client a subclass passes to super(), through the base class's field and getter, across required files", () => {
    assert.deepEqual(calls({ "src/base.js": BASE, "src/openai.js": SUBCLASS("client") }), ["10 openai gpt-4o", "13 openai gpt-4o"]);
  });

  it("finds no request when what the subclass passes to super() is not a client", () => {
    assert.deepEqual(calls({ "src/base.js": BASE, "src/openai.js": SUBCLASS("{ name: \"metrics\" }") }), []);
  });

  it("keeps a required module that exports an object of names as that object", () => {
    const files = {
      "src/clients.js": `const OpenAI = require("openai");\nmodule.exports = { openai: new OpenAI() };\n`,
      "src/openai.js": `const clients = require("./clients.js");\nclients.openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 5, messages: [] });\n`,
    };
    assert.deepEqual(calls(files), ["2 openai gpt-4o-mini"]);
  });
});
