// SDK clients a function receives instead of making (CommonJS applications built like LibreChat's server):
// a client handed in as a parameter and called by its full path, a value a function makes from one of its
// parameters, a module re-exported with `...require(...)`, a base class required by name whose method calls
// the request its subclasses override, a `let` set by a destructuring assignment, the rest of a destructured
// parameter, and a field a method sets to what a call makes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

/** The calls reported in one file, as `line model via=...` (without the function they are written in). */
function callsIn(files: Record<string, string>, file: string): string[] {
  return describeCalls(analyzeProject(files))
    .filter((call) => call.startsWith(`${file}:`))
    .map((call) => call.slice(file.length + 1).replace(/ wrapper=\S+$/, ""));
}

const CREATE_RUN = `async function createRun({ openai, thread_id, body }) {\n  return await openai.beta.threads.runs.create(thread_id, body);\n}\nmodule.exports = { createRun };\n`;

const CALLER = (client: string) => `const OpenAI = require("openai");
const { createRun } = require("./runs/index.js");
const chat = async (req) => {
  const openai = ${client};
  return await createRun({ openai, thread_id: "t", body: { assistant_id: "a" } });
};
module.exports = chat;
`;

describe("a client a function receives", () => {
  it("is the request where a call site passes an SDK client, through a file that imports no SDK and a module re-exported with a spread", () => {
    const files = { "src/runs/handle.js": CREATE_RUN, "src/runs/index.js": `const handle = require("./handle.js");\nmodule.exports = {\n  ...handle,\n};\n`, "src/chat.js": CALLER("new OpenAI()") };
    assert.deepEqual(callsIn(files, "src/chat.js"), ["5 null via=createRun"]);
  });

  it("is no request where the call site passes something else with the same path", () => {
    const files = { "src/runs/handle.js": CREATE_RUN, "src/runs/index.js": `const handle = require("./handle.js");\nmodule.exports = {\n  ...handle,\n};\n`, "src/chat.js": CALLER(`{ beta: { threads: { runs: { create: async () => ({}) } } } }`) };
    assert.deepEqual(callsIn(files, "src/chat.js"), []);
  });

  it("reads a client passed as an argument by its full path in a file that imports the SDK", () => {
    const source = (argument: string) => `const OpenAI = require("openai");
async function complete(client, messages) {
  return await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 10, messages });
}
async function handler() {
  return complete(${argument}, []);
}
module.exports = { handler };
`;
    assert.deepEqual(callsIn({ "src/a.js": source("new OpenAI()") }, "src/a.js"), ["6 gpt-4o-mini via=complete"]);
    assert.deepEqual(callsIn({ "src/a.js": source("{ chat: { completions: { create: async () => null } } }") }, "src/a.js"), []);
  });
});

const TITLE_CHAIN = `const { LLMChain } = require("langchain/chains");
const makeChain = ({ prompt, ...config }) => new LLMChain({ prompt, ...config });
const runTitleChain = async ({ llm, text }) => {
  const chain = makeChain({ llm, prompt: "Title: {text}" });
  return (await chain.call({ text })).text;
};
module.exports = runTitleChain;
`;

describe("a value a function makes from its parameter", () => {
  it("is the request where the call site passes a model, through the rest of a destructured parameter", () => {
    const files = {
      "src/title.js": TITLE_CHAIN,
      "src/use.js": `const { ChatOpenAI } = require("@langchain/openai");\nconst runTitleChain = require("./title.js");\nasync function title(text) {\n  return runTitleChain({ llm: new ChatOpenAI({ model: "gpt-4o-mini" }), text });\n}\nmodule.exports = { title };\n`,
    };
    assert.deepEqual(callsIn(files, "src/use.js"), ["4 gpt-4o-mini via=runTitleChain"]);
  });

  it("is no request where what the call site passes is no model", () => {
    const files = {
      "src/title.js": TITLE_CHAIN,
      "src/use.js": `const runTitleChain = require("./title.js");\nasync function title(text) {\n  return runTitleChain({ llm: "none", text });\n}\nmodule.exports = { title };\n`,
    };
    assert.deepEqual(callsIn(files, "src/use.js"), []);
  });
});

const BASE = `class BaseClient {
  async sendCompletion() {
    throw new Error("must be implemented");
  }
  async sendMessage(message, opts = {}) {
    return await this.sendCompletion([{ role: "user", content: message }], opts);
  }
}
module.exports = BaseClient;
`;

const SUBCLASS = (request: string) => `const OpenAI = require("openai");
const BaseClient = require("./base.js");
class OpenAIClient extends BaseClient {
  async sendCompletion(payload, opts = {}) {
    return await this.chatCompletion({ payload });
  }
  async chatCompletion({ payload }) {
    const openai = new OpenAI();
    return ${request};
  }
}
module.exports = OpenAIClient;
`;

const CONTROLLER = `const EditController = async (req, res, initializeClient) => {
  let client = null;
  ({ client } = await initializeClient({ req }));
  return await client.sendMessage(req.body.text, {});
};
module.exports = EditController;
`;

const ROUTE = `const EditController = require("./edit.js");
const OpenAIClient = require("./openai.js");
const initializeClient = async ({ req }) => {
  const client = new OpenAIClient();
  return { client };
};
async function route(req, res) {
  await EditController(req, res, initializeClient);
}
module.exports = route;
`;

describe("a base class required by name (CommonJS) and a client made by a function a controller receives", () => {
  it("follows the base class's method to the subclass's request, at the route passing the client's factory", () => {
    const files = { "src/base.js": BASE, "src/openai.js": SUBCLASS(`openai.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: payload })`), "src/edit.js": CONTROLLER, "src/route.js": ROUTE };
    assert.deepEqual(callsIn(files, "src/route.js"), ["8 gpt-4o via=EditController>sendMessage>sendCompletion>chatCompletion"]);
  });

  it("finds nothing at the route when the subclass's override makes no request", () => {
    const files = { "src/base.js": BASE, "src/openai.js": SUBCLASS(`openai.models.list()`), "src/edit.js": CONTROLLER, "src/route.js": ROUTE };
    assert.deepEqual(callsIn(files, "src/route.js"), []);
  });
});

const FIELD_CLIENT = (made: string) => `const { GoogleGenerativeAI } = require("@google/generative-ai");
class GoogleClient {
  constructor(apiKey) {
    this.apiKey = apiKey;
    this.initializeClient();
  }
  createLLM(options) {
    return ${made};
  }
  initializeClient() {
    this.client = this.createLLM({ model: "gemini-1.5-flash" });
  }
  async getCompletion(contents) {
    const client = this.client;
    return await client.generateContent({ contents });
  }
}
module.exports = GoogleClient;
`;

describe("a field no declaration names, set by a method", () => {
  it("reads what the method sets it to when that is what a call makes", () => {
    const files = { "src/google.js": FIELD_CLIENT(`new GoogleGenerativeAI(this.apiKey).getGenerativeModel({ model: options.model })`) };
    assert.deepEqual(callsIn(files, "src/google.js"), ["15 gemini-1.5-flash"]);
  });

  it("finds no request when the method sets it to something that is no client", () => {
    const files = { "src/google.js": FIELD_CLIENT(`new Map([["model", options.model]])`) };
    assert.deepEqual(callsIn(files, "src/google.js"), []);
  });
});
