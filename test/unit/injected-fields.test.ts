import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { callsInjectedField } from "../../server/src/core/providers/injected-fields.ts";
import { recogniserFor } from "../../server/src/core/providers/recognise.ts";
import { buildReport } from "../../server/src/core/report.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { ts } from "../../server/src/core/ts.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { analyzeProject } from "../helpers/analyze-project.ts";
import { callExpressions, NO_PRICES, projectWorkspace, ROOT } from "../helpers/memory-workspace.ts";

// A server whose LLM classes are built with an embedder (`new OpenAiLLM(getEmbeddingEngineSelection())`,
// kept as `this.embedder = embedder ?? new NativeEmbedder()`) and delegate to it, and whose vector
// database classes embed the query through the LLM class they are handed in a parameter object
// (`performSimilaritySearch({ input, LLMConnector })`): the query embedding is counted where the chat calls
// the vector database, four wrappers above the SDK call.

const EMBEDDER = (className: string, model: string) => `const { OpenAI } = require("openai");
class ${className} {
  constructor() {
    this.openai = new OpenAI();
    this.model = process.env.EMBEDDING_MODEL_PREF || "${model}";
  }
  async embedTextInput(textInput) {
    const result = await this.embedChunks(Array.isArray(textInput) ? textInput : [textInput]);
    return result?.[0] || [];
  }
  async embedChunks(textChunks = []) {
    const result = await this.openai.embeddings.create({ model: this.model, input: textChunks });
    return result.data.map((item) => item.embedding);
  }
}
module.exports = { ${className} };
`;

/** Embeds on this machine, with the same method names: no request. */
const NATIVE = `class NativeEmbedder {
  async embedTextInput(textInput) {
    const result = await this.embedChunks([textInput]);
    return result[0];
  }
  async embedChunks(textChunks = []) {
    return textChunks.map(() => [0, 1]);
  }
}
module.exports = { NativeEmbedder };
`;

/** An LLM class per vendor, built with the embedder to delegate to (the native one by default). */
const LLM = (className: string, delegate = "this.embedder.embedTextInput(textInput)") => `const { OpenAI } = require("openai");
const { NativeEmbedder } = require("../engines/native");
class ${className} {
  constructor(embedder = null, modelPreference = null) {
    this.openai = new OpenAI();
    this.model = modelPreference || "gpt-4o-mini";
    this.embedder = embedder ?? new NativeEmbedder();
  }
  async getChatCompletion(messages = null) {
    return await this.openai.chat.completions.create({ model: this.model, messages });
  }
  async embedTextInput(textInput) {
    return await ${delegate};
  }
}
module.exports = { ${className} };
`;

const HELPERS = (embedder: string, vendors: string[]) => `function getEmbeddingEngineSelection() {
  const { NativeEmbedder } = require("./engines/native");
  switch (process.env.EMBEDDING_ENGINE) {
    case "openai":
      const { OpenAiEmbedder } = require("./engines/openai");
      return new OpenAiEmbedder();
    case "mistral":
      const { MistralEmbedder } = require("./engines/mistral");
      return new MistralEmbedder();
    default:
      return new NativeEmbedder();
  }
}
function getLLMProvider({ provider = null, model = null } = {}) {
  const embedder = ${embedder};
  switch (provider ?? process.env.LLM_PROVIDER) {
${vendors.map((vendor) => `    case "${vendor}":\n      const { ${vendor} } = require("./providers/${vendor}");\n      return new ${vendor}(embedder, model);\n`).join("")}    default:
      throw new Error("unknown provider");
  }
}
function getVectorDbClass() {
  switch (process.env.VECTOR_DB) {
    case "pinecone":
      const { Pinecone } = require("./vectordb/pinecone");
      return new Pinecone();
    default:
      const { LanceDb } = require("./vectordb/lance");
      return new LanceDb();
  }
}
function toChunks(array, size) {
  return [array.slice(0, size)];
}
module.exports = { getEmbeddingEngineSelection, getLLMProvider, getVectorDbClass, toChunks };
`;

const VECTOR_DB = (className: string) => `const { toChunks, getEmbeddingEngineSelection } = require("../helpers");
class ${className} {
  async addDocumentToNamespace(namespace, documentText) {
    const EmbedderEngine = getEmbeddingEngineSelection();
    return await EmbedderEngine.embedChunks(toChunks([documentText], 10));
  }
  async performSimilaritySearch({ namespace = null, input = "", LLMConnector = null, topN = 4 }) {
    if (!namespace || !input || !LLMConnector) throw new Error("Invalid request");
    const queryVector = await LLMConnector.embedTextInput(input);
    return { contextTexts: [queryVector], topN };
  }
}
module.exports = { ${className} };
`;

const CHAT = `const { getVectorDbClass, getLLMProvider } = require("./helpers");
async function chatSync({ workspace, message }) {
  const LLMConnector = getLLMProvider({ provider: workspace?.chatProvider, model: workspace?.chatModel });
  const VectorDb = getVectorDbClass();
  return await VectorDb.performSimilaritySearch({ namespace: workspace.slug, input: message, LLMConnector, topN: 4 });
}
module.exports = { chatSync };
`;

const VENDORS = ["OpenAiLLM", "GroqLLM", "XaiLLM"];

function files(options: { embedder?: string; vendors?: Record<string, string> } = {}): Record<string, string> {
  const vendors = options.vendors ?? Object.fromEntries(VENDORS.map((vendor) => [vendor, LLM(vendor)]));
  return {
    "src/engines/openai.js": EMBEDDER("OpenAiEmbedder", "text-embedding-3-small"),
    "src/engines/mistral.js": EMBEDDER("MistralEmbedder", "mistral-embed"),
    "src/engines/native.js": NATIVE,
    ...Object.fromEntries(Object.entries(vendors).map(([vendor, text]) => [`src/providers/${vendor}.js`, text])),
    "src/helpers.js": HELPERS(options.embedder ?? "getEmbeddingEngineSelection()", Object.keys(vendors)),
    "src/vectordb/lance.js": VECTOR_DB("LanceDb"),
    "src/vectordb/pinecone.js": VECTOR_DB("Pinecone"),
    "src/chat.js": CHAT,
  };
}

/** The counted calls (not counted at their call sites), each as `file:line model [candidates]`. */
function counted(analyses: FileAnalysis[]): string[] {
  const report = buildReport(analyses, { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: NO_PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
  return report.calls.filter((call) => !call.countedAtCallSites).map((call) => `${call.file}:${call.line} ${call.model}${call.modelCandidates ? ` [${call.modelCandidates.map((candidate) => candidate.model).join(", ")}]` : ""}`);
}

describe("a method calling an object its class was given when built", () => {
  it("counts the query embedding where the chat calls the vector database: vector database -> LLM class -> the embedder it was built with -> SDK", () => {
    // The embedders' own requests are counted at their call sites (the chat's, and the vector databases' document embedding).
    const lines = counted(analyzeProject(files()));
    assert.deepEqual(lines.filter((line) => !line.startsWith("src/providers/")), ["src/vectordb/lance.js:5 text-embedding-3-small [text-embedding-3-small, mistral-embed]", "src/vectordb/pinecone.js:5 text-embedding-3-small [text-embedding-3-small, mistral-embed]", "src/chat.js:5 text-embedding-3-small [text-embedding-3-small, mistral-embed]"]);
  });

  it("finds no request where the LLM classes are built with the local embedder, whose methods have the same names (the lookalike)", () => {
    const lines = counted(analyzeProject(files({ embedder: `new (require("./engines/native").NativeEmbedder)()` })));
    assert.ok(!lines.some((line) => line.startsWith("src/chat.js")), lines.join("\n"));
  });

  it("follows a field set from a constructor parameter, not a field the class sets itself (the lookalike)", () => {
    const own = LLM("OpenAiLLM").replace("this.embedder = embedder ?? new NativeEmbedder();", "this.embedder = new NativeEmbedder();");
    const lines = counted(analyzeProject(files({ vendors: { OpenAiLLM: own } })));
    assert.ok(!lines.some((line) => line.startsWith("src/chat.js")), lines.join("\n"));
  });
});

describe("callsInjectedField", () => {
  /** Whether the first call of `method`'s body calls an injected field, in a class with this constructor. */
  function injected(constructor: string, call: string, fileName = "a.js"): boolean {
    const source = ts.createSourceFile(fileName, `class A {\n  ${constructor}\n  run(text) {\n    return ${call};\n  }\n}\n`, ts.ScriptTarget.Latest, true, fileName.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS);
    const method = (source.statements[0] as ts.ClassDeclaration).members.find((member) => ts.isMethodDeclaration(member))!;
    const node = ((method as ts.MethodDeclaration).body!.statements[0] as ts.ReturnStatement).expression as ts.CallExpression;
    return callsInjectedField(node, method);
  }

  it("takes a field set from a parameter, with a default or not, and an untyped parameter property", () => {
    assert.equal(injected("constructor(embedder = null) { this.embedder = embedder ?? new Local(); }", "this.embedder.embed(text)"), true);
    assert.equal(injected("constructor(embedder) { this.embedder = !embedder ? new Local() : embedder; }", "this.embedder.embed(text)"), true);
    assert.equal(injected("constructor(private readonly embedder) {}", "this.embedder.embed(text)", "a.ts"), true);
  });

  it("leaves a field the constructor builds itself, a typed parameter, and a deeper SDK path (the lookalikes)", () => {
    assert.equal(injected("constructor(embedder) { this.embedder = new Local(embedder); }", "this.embedder.embed(text)"), false);
    assert.equal(injected("constructor(private readonly ide: IDE) {}", "this.ide.showToast(text)", "a.ts"), false);
    assert.equal(injected("constructor(client: Client) { this.client = client; }", "this.client.embed(text)", "a.ts"), false);
    assert.equal(injected("constructor(client) { this.client = client; }", "this.client.embeddings.create(text)"), false);
  });
});

describe("one request through every class of a dispatch", () => {
  /** The requests the chat's vector database call makes, as recognised (before they are merged into one entry). */
  function recognisedAtChat(project: Record<string, string>): number {
    const workspace = projectWorkspace(project);
    const recogniser = recogniserFor(new Evaluator(workspace));
    const file = workspace.getParsedFile(path.join(ROOT, "src/chat.js"))!;
    const call = callExpressions(file.sourceFile).find((node) => node.expression.getText().endsWith("performSimilaritySearch"))!;
    return recogniser.recognise(call, file).length;
  }

  it("reads the embedders' requests once, however many vector databases and LLM classes lead to them", () => {
    // 2 vector databases x 3 LLM classes x 2 requesting embedders would be 12 ways to 2 requests.
    assert.equal(recognisedAtChat(files()), 2);
  });

  it("keeps the ways of LLM classes that send the embedder something else (the lookalike)", () => {
    const vendors = { OpenAiLLM: LLM("OpenAiLLM"), GroqLLM: LLM("GroqLLM", `this.embedder.embedTextInput("query: " + textInput)`), XaiLLM: LLM("XaiLLM") };
    assert.equal(recognisedAtChat(files({ vendors })), 4);
  });
});

describe("a loop over batches that stops at the first failure", () => {
  const batches = (after: string) =>
    analyzeProject({
      "src/embedder.js": `const { Ollama } = require("ollama");
class OllamaEmbedder {
  constructor() {
    this.client = new Ollama({ host: process.env.EMBEDDING_BASE_PATH });
    this.model = "nomic-embed-text";
    this.batchSize = 8;
  }
  async embedChunks(textChunks = []) {
    const data = [];
    for (let i = 0; i < textChunks.length; i += this.batchSize) {
      try {
        const res = await this.client.embed({ model: this.model, input: textChunks.slice(i, i + this.batchSize) });
        data.push(...res.embeddings);
      } catch (error) {
        break;
      }
      ${after}
    }
    return data;
  }
}
module.exports = { OllamaEmbedder };
`,
      "src/app.js": `const { OllamaEmbedder } = require("./embedder");\nasync function embedAll(chunks) {\n  return await new OllamaEmbedder().embedChunks(chunks);\n}\nmodule.exports = { embedAll };\n`,
    });

  it("is a wrapper: a break in its catch leaves on an error, the items decide how many turns it makes", () => {
    assert.deepEqual(counted(batches("")), ["src/app.js:3 nomic-embed-text"]);
  });

  it("stays an open loop when the answers can end it early (the lookalike)", () => {
    assert.deepEqual(counted(batches("if (data.length >= 100) break;")), ["src/embedder.js:12 nomic-embed-text"]);
  });
});
