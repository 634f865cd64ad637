import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { recogniserFor, type RecognisedAt } from "../../server/src/core/providers/recognise.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { callExpressions, projectWorkspace, ROOT } from "../helpers/memory-workspace.ts";

// A server as anything-llm is built: a vector database class per vendor embeds the query through the LLM
// class it is handed (`LLMConnector.embedTextInput(input)`), one per vendor, and each LLM class hands the
// text to the embedder it was built with, one per vendor again. A call site of the vector database reaches
// the embedders' requests through databases x LLM classes x embedders ways.

const EMBEDDER = (index: number) => `const { OpenAI } = require("openai");
class Embedder${index} {
  constructor() {
    this.openai = new OpenAI();
  }
  async embedTextInput(textInput) {
    return await this.openai.embeddings.create({ model: "text-embedding-3-small", input: textInput });
  }
}
module.exports = { Embedder${index} };
`;

const NATIVE = `class NativeEmbedder {
  async embedTextInput(textInput) {
    return [textInput.length];
  }
}
module.exports = { NativeEmbedder };
`;

const LLM = (index: number) => `const { OpenAI } = require("openai");
const { NativeEmbedder } = require("../engines/native");
class Llm${index} {
  constructor(embedder = null) {
    this.openai = new OpenAI();
    this.embedder = embedder ?? new NativeEmbedder();
  }
  async getChatCompletion(messages = null) {
    return await this.openai.chat.completions.create({ model: "gpt-4o-mini", messages });
  }
  async embedTextInput(textInput) {
    return await this.embedder.embedTextInput(textInput);
  }
}
module.exports = { Llm${index} };
`;

const VECTOR_DB = (index: number) => `const { getEmbedder } = require("../helpers");
class VectorDb${index} {
  async addDocument(documentText) {
    return await getEmbedder().embedTextInput(documentText);
  }
  async performSimilaritySearch({ input = "", LLMConnector = null }) {
    const queryVector = await LLMConnector.embedTextInput(input);
    return { contextTexts: [queryVector] };
  }
}
module.exports = { VectorDb${index} };
`;

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

const switchOf = (count: number, path: string, name: string, args = "") => `  switch (process.env.CHOICE) {
${range(count)
  .map((index) => `    case "${index}":\n      const { ${name}${index} } = require("./${path}${index}");\n      return new ${name}${index}(${args});\n`)
  .join("")}    default:
      throw new Error("unknown");
  }`;

function project(databases: number, llms: number, embedders: number): Record<string, string> {
  const files: Record<string, string> = {
    "src/engines/native.js": NATIVE,
    "src/helpers.js": `function getEmbedder() {
${switchOf(embedders, "engines/e", "Embedder")}
}
function getLLMProvider() {
  const embedder = getEmbedder();
${switchOf(llms, "providers/l", "Llm", "embedder")}
}
function getVectorDbClass() {
${switchOf(databases, "vectordb/v", "VectorDb")}
}
module.exports = { getEmbedder, getLLMProvider, getVectorDbClass };
`,
    "src/chat.js": `const { getVectorDbClass, getLLMProvider } = require("./helpers");
async function chat(message) {
  const LLMConnector = getLLMProvider();
  const VectorDb = getVectorDbClass();
  return await VectorDb.performSimilaritySearch({ input: message, LLMConnector });
}
module.exports = { chat };
`,
  };
  for (const index of range(embedders)) files[`src/engines/e${index}.js`] = EMBEDDER(index);
  for (const index of range(llms)) files[`src/providers/l${index}.js`] = LLM(index);
  for (const index of range(databases)) files[`src/vectordb/v${index}.js`] = VECTOR_DB(index);
  return files;
}

/** The chat's call of the vector database, recognised once its wrappers are indexed: what it gave, and how many evaluations that took. */
function readChat(files: Record<string, string>): { results: RecognisedAt[]; evaluations: number } {
  const workspace = projectWorkspace(files);
  const evaluator = new Evaluator(workspace);
  const recogniser = recogniserFor(evaluator);
  const file = workspace.getParsedFile(path.join(ROOT, "src/chat.js"))!;
  const call = callExpressions(file.sourceFile).find((node) => node.expression.getText().endsWith("performSimilaritySearch"))!;
  // The wrapper index, made on first use, reads each wrapper alone: made before counting.
  recogniser.candidateNames(file);
  let evaluations = 0;
  const evaluate = evaluator.evaluate.bind(evaluator);
  evaluator.evaluate = (expression, scope) => {
    evaluations++;
    return evaluate(expression, scope);
  };
  return { results: recogniser.recognise(call, file), evaluations };
}

describe("a wrapper's request sites read once per scope", () => {
  it("reads each LLM class's embedder once, however many vector databases lead to it", () => {
    const one = readChat(project(1, 6, 6));
    const six = readChat(project(6, 6, 6));
    // The same requests: every database hands the LLM class the same text.
    assert.equal(six.results.length, one.results.length);
    // Read down each way, six databases take five times the evaluations of one (1,261 against 250); read
    // once per scope, the embedders' sites are read once per LLM class whichever database leads there.
    assert.ok(six.evaluations < 2 * one.evaluations, `${six.evaluations} evaluations for six databases, ${one.evaluations} for one`);
  });
});

describe("a remembered read and the wrappers in progress", () => {
  // `b`'s site `a(text)` is read at the same depth in the same scope from `a("q")` (where `a` is being read
  // further up: it makes no request of its own there) and from `r("q")` (where it makes `a`'s request).
  const files = {
    "src/llm.ts": `import OpenAI from "openai";
const client = new OpenAI();
export async function a(text: string) {
  await b(text);
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
}
export async function b(text: string) {
  if (text.length > 3) return a(text);
  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
}
export async function r(text: string) {
  return b(text);
}
`,
    "src/app.ts": `import { a, r } from "./llm";\nexport async function run() {\n  await a("q");\n  await r("q");\n}\n`,
  };

  /** The requests of the app's calls, in order, as `model via wrapper sites`. */
  function requestsOf(calls: string[]): string[] {
    const workspace = projectWorkspace(files);
    const recogniser = recogniserFor(new Evaluator(workspace));
    const file = workspace.getParsedFile(path.join(ROOT, "src/app.ts"))!;
    const found = callExpressions(file.sourceFile);
    return calls.flatMap((name) => {
      const call = found.find((node) => node.expression.getText() === name)!;
      return recogniser.recognise(call, file).map((result) => `${name}: ${result.recognised.model} via ${(result.via ?? []).map((hop) => hop.function).join(">")}`);
    });
  }

  it("is reused only where each wrapper it checked is in progress as it was: `r` reaches `a`'s own request", () => {
    const alone = requestsOf(["r"]);
    assert.ok(alone.some((request) => request.startsWith("r: gpt-4o via r>b>a")), alone.join("\n"));
    assert.deepEqual(requestsOf(["a", "r"]).filter((request) => request.startsWith("r:")), alone);
  });
});
