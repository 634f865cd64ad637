import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** The calls found in a one-file project, as `sdk provider kind api model cap` strings. */
function callsIn(source: string, file = "src/app.ts", extra: Record<string, string> = {}): string[] {
  return analyzeSource({ [file]: source, ...extra }, file, {}, NO_PRICES).calls.map(({ call }) => `${call.sdk} ${call.provider} ${call.kind} ${call.api} ${call.model} ${call.outputCap}`);
}

/** The one call of a source, priced with the real price table. */
function onlyPriced(source: string) {
  const { calls } = analyzeSource({ "src/app.ts": source }, "src/app.ts");
  assert.equal(calls.length, 1, `expected one call, found ${calls.length}`);
  return calls[0]!;
}

function only(source: string, file = "src/app.ts") {
  const { calls } = analyzeSource({ [file]: source }, file, {}, NO_PRICES);
  assert.equal(calls.length, 1, `expected one call, found ${calls.length}`);
  return calls[0]!;
}

/** The prompt of a call: static text joined, each dynamic part as <label>, a cache marker as *. */
function promptOf(source: string): string {
  return only(source)
    .call.messages.map((message) => `${message.role}${message.cacheMarker ? "*" : ""}: ${message.parts.map((part) => (part.kind === "static" ? part.text : `<${part.label}>`)).join("")}`)
    .join(" | ");
}

describe("LangChain.js", () => {
  const imports = `import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { ChatAnthropic } from "@langchain/anthropic";
import { ChatGoogleGenerativeAI } from "@langchain/google-genai";
import { ChatBedrockConverse } from "@langchain/aws";
import { ChatMistralAI } from "@langchain/mistralai";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { RunnableSequence } from "@langchain/core/runnables";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
`;

  it("takes the model and the cap from each chat model's constructor, for invoke, stream and batch", () => {
    const source = `${imports}
new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 }).invoke("hi");
new ChatAnthropic({ model: "claude-sonnet-4-5", maxTokens: 1000 }).stream("hi");
new ChatGoogleGenerativeAI({ model: "gemini-2.5-flash", maxOutputTokens: 300 }).batch(["a", "b"]);
new ChatBedrockConverse({ model: "anthropic.claude-3-5-haiku-20241022-v1:0", maxTokens: 50 }).invoke("hi");
new ChatMistralAI({ model: "mistral-large-latest" }).invoke("hi");`;
    assert.deepEqual(callsIn(source), [
      "langchain openai chat ChatOpenAI.invoke gpt-4o-mini 200",
      "langchain anthropic chat ChatAnthropic.stream claude-sonnet-4-5 1000",
      "langchain google chat ChatGoogleGenerativeAI.batch gemini-2.5-flash 300",
      "langchain bedrock chat ChatBedrockConverse.invoke anthropic.claude-3-5-haiku-20241022-v1:0 50",
      "langchain mistral chat ChatMistralAI.invoke mistral-large-latest null",
    ]);
  });

  it("follows the model through bind, withConfig, bindTools and withStructuredOutput, a bound cap winning", () => {
    const source = `${imports}
const model = new ChatOpenAI({ modelName: "gpt-4.1", maxTokens: 100 });
model.bind({ max_tokens: 20 }).invoke("a");
model.withConfig({ runName: "x" }).invoke("b");
model.bindTools([]).invoke("c");
model.withStructuredOutput({}).invoke("d");`;
    assert.deepEqual(callsIn(source), [
      "langchain openai chat ChatOpenAI.invoke gpt-4.1 20",
      "langchain openai chat ChatOpenAI.invoke gpt-4.1 100",
      "langchain openai chat ChatOpenAI.invoke gpt-4.1 100",
      "langchain openai chat ChatOpenAI.invoke gpt-4.1 100",
    ]);
  });

  it("reads prompt.pipe(model) and RunnableSequence chains, with the template's static text", () => {
    const source = `${imports}
const prompt = ChatPromptTemplate.fromMessages([["system", "Translate to {language}."], ["human", "{text}"]]);
const model = new ChatAnthropic({ model: "claude-haiku-4-5", maxTokens: 300 });
export const a = () => prompt.pipe(model).pipe(new StringOutputParser()).invoke({ language: "French", text: "hi" });
export const b = () => RunnableSequence.from([prompt, model, new StringOutputParser()]).invoke({});`;
    const { calls } = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES);
    assert.deepEqual(
      calls.map(({ call }) => `${call.api} ${call.model}`),
      ["ChatAnthropic.invoke claude-haiku-4-5", "ChatAnthropic.invoke claude-haiku-4-5"],
    );
    const system = calls[0]!.call.messages[0]!;
    assert.equal(system.role, "system");
    assert.deepEqual(system.parts.map((part) => (part.kind === "static" ? part.text : `<${part.label}>`)), ["Translate to ", "<{language}>", "."]);
  });

  it("reads messages passed to invoke: message classes and role tuples", () => {
    assert.equal(
      promptOf(`${imports}new ChatOpenAI({ model: "gpt-4o" }).invoke([new SystemMessage("Be brief."), ["human", "Hello"], new HumanMessage({ content: "Again" })]);`),
      "system: Be brief. | user: Hello | user: Again",
    );
  });

  it("a model known only by its LangChain base type (a field, a parameter) is a request of an unknown model; retrievers and tools are not (lookalikes)", () => {
    const source = `import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Embeddings } from "@langchain/core/embeddings";
import type { BaseRetriever } from "@langchain/core/retrievers";
import type { StructuredTool } from "@langchain/core/tools";
export class Titles {
  private chatModel: BaseChatModel | null = null;
  setModel(model: BaseChatModel) { this.chatModel = model; }
  async title(text: string) { return this.chatModel!.invoke("Title for: " + text); }
}
export async function search(embeddings: Embeddings, retriever: BaseRetriever, tool: StructuredTool, query: string) {
  await retriever.invoke(query);
  await tool.invoke({ query });
  return embeddings.embedQuery(query);
}`;
    const { calls } = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES);
    assert.deepEqual(
      calls.map(({ call }) => `${call.range.line} ${call.sdk} ${call.provider} ${call.kind} ${call.api} ${call.model}`),
      ["8 langchain unknown chat BaseChatModel.invoke null", "13 langchain unknown embedding Embeddings.embedQuery null"],
    );
    assert.match(calls[0]!.call.modelNote ?? "", /BaseChatModel by its declared type/);
  });

  it("a field typed BaseLanguageModel (the base of chat models and LLMs) is a request of an unknown model", () => {
    const source = `import type { BaseLanguageModel } from "@langchain/core/language_models/base";
export class LangchainLLM {
  private llmInstance: BaseLanguageModel;
  constructor(config: { model: unknown }) { this.llmInstance = config.model as BaseLanguageModel; }
  async generateChat(text: string) { return this.llmInstance.invoke(text); }
}`;
    const { calls } = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES);
    assert.deepEqual(calls.map(({ call }) => `${call.range.line} ${call.sdk} ${call.provider} ${call.kind} ${call.api} ${call.model}`), ["5 langchain unknown chat BaseLanguageModel.invoke null"]);
  });

  it("a parameter typed LanguageModelLike (any model: a chat model, an LLM, a bound runnable) is a request of an unknown model", () => {
    const source = `import type { LanguageModelLike } from "@langchain/core/language_models/base";
export async function answer(question: string, { model }: { model: LanguageModelLike }) {
  const rephrase = async (state: { query: string }) => model.invoke(state.query);
  return rephrase({ query: question });
}`;
    const { calls } = analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES);
    assert.deepEqual(calls.map(({ call }) => `${call.range.line} ${call.sdk} ${call.provider} ${call.kind} ${call.api} ${call.model}`), ["3 langchain unknown chat LanguageModelLike.invoke null"]);
  });

  it("a base-typed binding holding a known model is that model (the value wins over the type)", () => {
    const source = `import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatAnthropic } from "@langchain/anthropic";
const model: BaseChatModel = new ChatAnthropic({ model: "claude-haiku-4-5", maxTokens: 64 });
export const run = () => model.invoke("hi");`;
    assert.deepEqual(callsIn(source), ["langchain anthropic chat ChatAnthropic.invoke claude-haiku-4-5 64"]);
  });

  it("recognises initChatModel with a provider prefix, and embeddings", () => {
    const source = `import { initChatModel } from "langchain/chat_models/universal";\nimport { OpenAIEmbeddings } from "@langchain/openai";
const model = await initChatModel("anthropic:claude-sonnet-4-5", { maxTokens: 64 });
await model.invoke("hi");
await new OpenAIEmbeddings({ model: "text-embedding-3-small" }).embedQuery("hello");`;
    assert.deepEqual(callsIn(source), ["langchain anthropic chat initChatModel.invoke claude-sonnet-4-5 64", "langchain openai embedding OpenAIEmbeddings.embedQuery text-embedding-3-small 0"]);
  });

  it("does not report a prompt or a parser used without a model; a retriever's search is its store's query embedding", () => {
    const source = `${imports}import { MemoryVectorStore } from "langchain/vectorstores/memory";
const prompt = ChatPromptTemplate.fromTemplate("Tell me about {topic}");
await prompt.invoke({ topic: "x" });
await new StringOutputParser().invoke("text");
const store = new MemoryVectorStore(new OpenAIEmbeddings());
await store.asRetriever().invoke("query");`;
    assert.deepEqual(callsIn(source), ["langchain openai embedding OpenAIEmbeddings.embedQuery (asRetriever().invoke) null 0"]);
  });
});

describe("AWS Bedrock", () => {
  const client = `import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, CountTokensCommand } from "@aws-sdk/client-bedrock-runtime";\nconst client = new BedrockRuntimeClient({ region: "us-east-1" });\n`;

  it("recognises Converse and ConverseStream sent through client.send, with the cap and cachePoint blocks", () => {
    const source = `${client}await client.send(new ConverseCommand({ modelId: "anthropic.claude-3-5-sonnet-20240620-v1:0", system: [{ text: "Policy" }, { cachePoint: { type: "default" } }], messages: [{ role: "user", content: [{ text: "Hi" }] }], inferenceConfig: { maxTokens: 300 } }));
await client.send(new ConverseStreamCommand({ modelId: "amazon.nova-pro-v1:0", messages: [] }));`;
    assert.deepEqual(callsIn(source), [
      "bedrock bedrock chat ConverseCommand anthropic.claude-3-5-sonnet-20240620-v1:0 300",
      "bedrock bedrock chat ConverseStreamCommand amazon.nova-pro-v1:0 null",
    ]);
    assert.equal(promptOf(`${client}await client.send(new ConverseCommand({ modelId: "m", system: [{ text: "Policy" }, { cachePoint: { type: "default" } }], messages: [{ role: "user", content: [{ text: "Hi" }] }] }));`), "system*: Policy | user: Hi");
  });

  it("reads an InvokeModel body from the object given to JSON.stringify, in the model family's format", () => {
    const source = `${client}const body = { anthropic_version: "bedrock-2023-05-31", max_tokens: 100, system: "Be brief.", messages: [{ role: "user", content: "Hello" }] };
const command = new InvokeModelCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", body: JSON.stringify(body), contentType: "application/json" });
await client.send(command);`;
    const call = only(source);
    assert.equal(`${call.call.api} ${call.call.model} ${call.call.outputCap}`, "InvokeModelCommand anthropic.claude-3-haiku-20240307-v1:0 100");
    assert.equal(call.call.messages.map((message) => message.role).join(","), "system,user");
  });

  it("does not count an InvokeModel reranking (`{ query, documents }`, a rerank model id), beside a Cohere generation it does count", () => {
    const source = `${client}export async function rerank(model: string, query: string, documents: string[]) {
  const payload: any = { query, documents, top_n: documents.length };
  if (model.startsWith("cohere.rerank")) payload.api_version = 2;
  return client.send(new InvokeModelCommand({ modelId: model, body: JSON.stringify(payload), accept: "*/*" }));
}
await client.send(new InvokeModelCommand({ modelId: "amazon.rerank-v1:0", body: JSON.stringify({ queries: [{ type: "TEXT", textQuery: { text: "q" } }] }) }));
await client.send(new InvokeModelCommand({ modelId: "cohere.command-r-v1:0", body: JSON.stringify({ message: "Rank these documents", documents: [{ text: "a" }], max_tokens: 50 }) }));`;
    assert.deepEqual(callsIn(source), ["bedrock bedrock chat InvokeModelCommand cohere.command-r-v1:0 50"]);
  });

  it("counts CountTokens as kind count", () => {
    assert.deepEqual(callsIn(`${client}await client.send(new CountTokensCommand({ modelId: "anthropic.claude-sonnet-4-20250514-v1:0", input: { converse: { messages: [] } } }));`), [
      "bedrock bedrock count CountTokensCommand anthropic.claude-sonnet-4-20250514-v1:0 null",
    ]);
  });

  it("does not report other commands, nor commands of other AWS clients", () => {
    const source = `import { BedrockClient, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
import { BedrockRuntimeClient, ApplyGuardrailCommand } from "@aws-sdk/client-bedrock-runtime";
await new BedrockClient({}).send(new ListFoundationModelsCommand({}));
await new S3Client({}).send(new GetObjectCommand({ Bucket: "b", Key: "k" }));
await new BedrockRuntimeClient({}).send(new ApplyGuardrailCommand({}));`;
    assert.deepEqual(callsIn(source), []);
  });
});

describe("Azure OpenAI, Mistral, Cohere", () => {
  it("takes an AzureOpenAI client's deployment as the model when the request names none", () => {
    const call = only(`import { AzureOpenAI } from "openai";\nconst azure = new AzureOpenAI({ deployment: "gpt-4o", apiVersion: "2024-10-21" });\nazure.chat.completions.create({ messages: [] });`);
    assert.equal(`${call.call.provider} ${call.call.model}`, "azure gpt-4o");
    assert.match(call.call.modelNote ?? "", /deployment/);
  });

  it("recognises Mistral 1.x chat.complete, chat.stream and embeddings, and the 0.x client", () => {
    const source = `import { Mistral } from "@mistralai/mistralai";\nimport MistralClient from "@mistralai/mistralai";
const mistral = new Mistral({ apiKey: "k" });
mistral.chat.complete({ model: "mistral-large-latest", messages: [], maxTokens: 50 });
mistral.chat.stream({ model: "mistral-small-latest", messages: [] });
mistral.embeddings.create({ model: "mistral-embed", inputs: ["a"] });
new MistralClient("k").chat({ model: "open-mistral-7b", messages: [] });`;
    assert.deepEqual(callsIn(source), [
      "mistral mistral chat chat.complete mistral-large-latest 50",
      "mistral mistral chat chat.stream mistral-small-latest null",
      "mistral mistral embedding embeddings.create mistral-embed 0",
      "mistral mistral chat chat open-mistral-7b null",
    ]);
  });

  it("recognises Cohere v1 (message, preamble) and v2 (messages) chat and embed", () => {
    const source = `import { CohereClient, CohereClientV2 } from "cohere-ai";
const co = new CohereClient({ token: "t" });
co.chat({ model: "command-r-plus", preamble: "Be brief.", message: "Hi", maxTokens: 20 });
co.embed({ model: "embed-english-v3.0", texts: ["a"], inputType: "search_query" });
new CohereClientV2({}).chat({ model: "command-a-03-2025", messages: [] });`;
    assert.deepEqual(callsIn(source), [
      "cohere cohere chat chat command-r-plus 20",
      "cohere cohere embedding embed embed-english-v3.0 0",
      "cohere cohere chat v2.chat command-a-03-2025 null",
    ]);
    assert.equal(promptOf(`import { CohereClient } from "cohere-ai";\nnew CohereClient({}).chat({ model: "command-r", preamble: "Be brief.", message: "Hi" });`), "system: Be brief. | user: Hi");
    // v1 history messages carry their text in \`message\`, with upper-case roles.
    assert.equal(
      promptOf(`import { CohereClient } from "cohere-ai";\nnew CohereClient({}).chat({ model: "command-r", chatHistory: [{ role: "USER", message: "Earlier question" }, { role: "CHATBOT", message: "Earlier answer" }], message: "Hi" });`),
      "user: Earlier question | assistant: Earlier answer | user: Hi",
    );
  });

  it("recognises the ollama client: chat, generate and embed on a client or the default instance; listing and pulling models are no requests, nor a project object named ollama", () => {
    const source = `import ollama, { Ollama } from "ollama";
const client = new Ollama({ host: "http://localhost:11434" });
client.chat({ model: "llama3.1", messages: [{ role: "user", content: "Hi" }], options: { num_predict: 64 } });
ollama.generate({ model: "qwen3", system: "Be brief.", prompt: "Hi" });
client.embed({ model: "nomic-embed-text", input: ["a", "b"] });
client.list();
ollama.pull({ model: "llama3.1" });
const local = { chat: (body: unknown) => body };
local.chat({ model: "llama3.1", messages: [] });`;
    assert.deepEqual(callsIn(source), [
      "ollama ollama chat chat llama3.1 64",
      "ollama ollama chat generate qwen3 null",
      "ollama ollama embedding embed nomic-embed-text 0",
    ]);
    assert.equal(promptOf(`import ollama from "ollama";\nollama.generate({ model: "qwen3", system: "Be brief.", prompt: "Hi" });`), "system: Be brief. | user: Hi");
  });
});

describe("OpenAI-compatible vendors through baseURL", () => {
  const cases: [string, string][] = [
    ["https://api.groq.com/openai/v1", "groq"],
    ["https://api.deepseek.com", "deepseek"],
    ["https://openrouter.ai/api/v1", "openrouter"],
    ["https://api.together.xyz/v1", "together"],
    ["https://api.fireworks.ai/inference/v1", "fireworks"],
    ["https://api.x.ai/v1", "xai"],
    ["http://localhost:11434/v1", "ollama"],
    ["http://127.0.0.1:8000/v1", "local"],
  ];
  for (const [url, provider] of cases) {
    it(`takes ${provider} from ${url}`, () => {
      const call = only(`import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: "${url}" });\nc.chat.completions.create({ model: "m", messages: [] });`);
      assert.equal(call.call.provider, provider);
    });
  }

  it("takes the vendor from the fallback of an env base URL when it names one", () => {
    const call = only(`import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: process.env.BASE_URL ?? "https://api.groq.com/openai/v1" });\nc.chat.completions.create({ model: "m", messages: [] });`);
    assert.equal(call.call.provider, "groq");
  });

  it("keeps the list price when the env base URL only falls back to a local server (a dev default)", () => {
    for (const fallback of ["http://localhost:8080/v1", "http://127.0.0.1:11434/v1"]) {
      const call = onlyPriced(`import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL ?? "${fallback}" });\nc.chat.completions.create({ model: "gpt-4.1", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });`);
      assert.equal(call.call.provider, "openai", fallback);
      assert.equal(call.price?.id, "gpt-4.1");
      assert.ok((call.cost.perRequest ?? 0) > 0, fallback);
    }
  });

  it("prices a vendor's API model behind a local proxy (LiteLLM, Helicone) at its list price", () => {
    const call = onlyPriced(`import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: "http://localhost:4000" });\nc.chat.completions.create({ model: "gpt-4.1", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });`);
    assert.equal(call.price?.id, "gpt-4.1");
    assert.ok((call.cost.perRequest ?? 0) > 0);
  });

  it("leaves a self-hosted open-weights model unpriced, never $0, with a finding that says how to price it", () => {
    const analysis = analyzeSource({ "src/a.ts": `import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: "http://localhost:11434/v1" });\nc.chat.completions.create({ model: "llama3.1", max_tokens: 10, messages: [] });` }, "src/a.ts");
    assert.equal(analysis.calls[0]!.cost.perRequest, null);
    const finding = analysis.findings.find((candidate) => candidate.rule === "no-unknown-model");
    assert.match(finding?.message ?? "", /self-hosted server \(ollama\).*pricing\.selfHosted/);
  });
});

describe("Vercel AI SDK", () => {
  it("takes the vendor from every @ai-sdk provider factory", () => {
    const source = `import { generateText } from "ai";
import { mistral } from "@ai-sdk/mistral";
import { bedrock } from "@ai-sdk/amazon-bedrock";
import { groq } from "@ai-sdk/groq";
import { xai } from "@ai-sdk/xai";
import { deepseek } from "@ai-sdk/deepseek";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
generateText({ model: mistral("mistral-large-latest"), prompt: "a" });
generateText({ model: bedrock("anthropic.claude-3-5-sonnet-20240620-v1:0"), prompt: "a" });
generateText({ model: groq("llama-3.3-70b-versatile"), prompt: "a" });
generateText({ model: xai("grok-3"), prompt: "a" });
generateText({ model: deepseek("deepseek-chat"), prompt: "a" });
generateText({ model: createOpenAICompatible({ name: "x", baseURL: "https://api.together.xyz/v1" })("meta-llama/Llama-3-70b"), prompt: "a" });`;
    assert.deepEqual(
      callsIn(source).map((line) => line.split(" ").slice(1, 2).concat(line.split(" ")[4]!).join(" ")),
      ["mistral mistral-large-latest", "bedrock anthropic.claude-3-5-sonnet-20240620-v1:0", "groq llama-3.3-70b-versatile", "xai grok-3", "deepseek deepseek-chat", "together meta-llama/Llama-3-70b"],
    );
  });

  it("prices Claude on Vertex AI as Anthropic's model, and Gemini on Vertex as Google's", () => {
    const analysis = analyzeSource(
      {
        "src/a.ts": `import { generateText } from "ai";
import { vertexAnthropic } from "@ai-sdk/google-vertex/anthropic";
import { vertex } from "@ai-sdk/google-vertex";
generateText({ model: vertexAnthropic("claude-sonnet-4-5@20250929"), prompt: "a", maxOutputTokens: 10 });
generateText({ model: vertex("gemini-2.5-flash"), prompt: "a", maxOutputTokens: 10 });`,
      },
      "src/a.ts",
    );
    assert.deepEqual(analysis.calls.map((priced) => `${priced.call.provider} ${priced.call.model} ${priced.price?.id ?? "unpriced"}`), ["anthropic claude-sonnet-4-5@20250929 claude-sonnet-4-5", "google gemini-2.5-flash gemini-2.5-flash"]);
  });

  it("recognises embed and embedMany with an embedding model", () => {
    const source = `import { embed, embedMany } from "ai";\nimport { openai } from "@ai-sdk/openai";
embed({ model: openai.embedding("text-embedding-3-small"), value: "a" });
embedMany({ model: openai.textEmbeddingModel("text-embedding-3-large"), values: ["a", "b"] });`;
    assert.deepEqual(callsIn(source), ["vercel-ai openai embedding embed text-embedding-3-small 0", "vercel-ai openai embedding embedMany text-embedding-3-large 0"]);
  });

  it("marks providerOptions cache control on a message, and reads system and instructions", () => {
    const source = `import { generateText } from "ai";\nimport { anthropic } from "@ai-sdk/anthropic";
generateText({ model: anthropic("claude-sonnet-4-5"), system: "Policy", messages: [{ role: "user", content: "Long context", providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }, { role: "user", content: "Q" }] });`;
    assert.equal(promptOf(source), "system: Policy | user*: Long context | user: Q");
    const agent = `import { Experimental_Agent as Agent } from "ai";\nimport { openai } from "@ai-sdk/openai";
const agent = new Agent({ model: openai("gpt-4.1"), instructions: "You are terse.", maxOutputTokens: 99 });
agent.generate({ prompt: "Hi" });`;
    assert.deepEqual(callsIn(agent), ["vercel-ai openai chat Agent.generate gpt-4.1 99"]);
    assert.equal(promptOf(agent), "system: You are terse. | user: Hi");
  });

  it("reads models behind wrapLanguageModel, customProvider, a provider registry and the gateway", () => {
    const source = `import { generateText, wrapLanguageModel, customProvider, createProviderRegistry, gateway } from "ai";
import { openai } from "@ai-sdk/openai";
import { anthropic } from "@ai-sdk/anthropic";
const provider = customProvider({ languageModels: { fast: openai("gpt-4.1-mini") } });
const registry = createProviderRegistry({ anthropic });
generateText({ model: wrapLanguageModel({ model: openai("gpt-4o"), middleware: [] }), prompt: "a" });
generateText({ model: provider.languageModel("fast"), prompt: "a" });
generateText({ model: registry.languageModel("anthropic:claude-haiku-4-5"), prompt: "a" });
generateText({ model: gateway("google/gemini-2.5-flash"), prompt: "a" });
generateText({ model: "xai/grok-4", prompt: "a" });`;
    assert.deepEqual(
      callsIn(source).map((line) => `${line.split(" ")[1]} ${line.split(" ")[4]}`),
      ["openai gpt-4o", "openai gpt-4.1-mini", "anthropic claude-haiku-4-5", "google gemini-2.5-flash", "xai grok-4"],
    );
  });

  it("prices a provider factory given a choice of ids at the costliest, each id a candidate (it was the last one written)", () => {
    const head = `import { generateText, gateway } from "ai";\nimport { openai } from "@ai-sdk/openai";\n`;
    const ternary = onlyPriced(`${head}export const run = (fast: boolean) => generateText({ model: openai(fast ? "gpt-4o" : "gpt-4o-mini"), prompt: "hi" });\n`);
    assert.equal(ternary.call.model, "gpt-4o");
    assert.deepEqual(ternary.call.modelCandidates, ["gpt-4o", "gpt-4o-mini"]);
    const table = onlyPriced(`${head}const MODELS: Record<string, string> = { fast: "gpt-4.1-mini", smart: "gpt-4.1" };\nexport const run = (tier: string) => generateText({ model: openai.chat(MODELS[tier]), prompt: "hi" });\n`);
    assert.equal(table.call.model, "gpt-4.1");
    const routed = onlyPriced(`${head}export const run = (pro: boolean) => generateText({ model: gateway(pro ? "anthropic/claude-sonnet-4-5" : "openai/gpt-4o-mini"), prompt: "hi" });\n`);
    assert.equal(routed.call.model, "claude-sonnet-4-5");
    assert.equal(routed.call.provider, "anthropic");
    assert.deepEqual(routed.call.candidateProviders, { "gpt-4o-mini": ["openai"] });
  });

  it("prices each default of a provider switch given one run-time model by the vendor that sells it", () => {
    // srcbook: `const model = aiModel || defaults[aiProvider]; switch (aiProvider) { case "openai": return
    // openai.chat(model); case "anthropic": return anthropic(model); ... }`: every id meets every factory.
    const source = `import { generateText } from "ai";\nimport { createOpenAI } from "@ai-sdk/openai";\nimport { createAnthropic } from "@ai-sdk/anthropic";\nconst DEFAULTS: Record<string, string> = { openai: "gpt-4o", anthropic: "claude-sonnet-4-5" };\nfunction modelFor(provider: string, chosen: string | null) {\n  const model = chosen || DEFAULTS[provider];\n  switch (provider) {\n    case "openai": return createOpenAI({}).chat(model);\n    case "anthropic": return createAnthropic({})(model);\n  }\n}\nexport const run = (provider: string, chosen: string | null) => generateText({ model: modelFor(provider, chosen)!, prompt: "hi" });\n`;
    const call = onlyPriced(source);
    assert.deepEqual([...(call.call.modelCandidates ?? [])].sort(), ["claude-sonnet-4-5", "gpt-4o"]);
    assert.ok(call.candidateCosts?.every((candidate) => candidate.perRequest !== null), JSON.stringify(call.candidateCosts));
    assert.equal(call.unpricedCandidates, undefined);
  });
});

describe("batch and count calls; configuration is not a request", () => {
  it("makes Anthropic message batches kind batch, with the first request's model and cap", () => {
    assert.deepEqual(
      callsIn(`import Anthropic from "@anthropic-ai/sdk";\nnew Anthropic().messages.batches.create({ requests: [{ custom_id: "1", params: { model: "claude-haiku-4-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }] } }] });`),
      ["anthropic anthropic batch messages.batches.create claude-haiku-4-5 100"],
    );
  });

  it("makes OpenAI batches.create kind batch, its model in the input file", () => {
    const call = only(`import OpenAI from "openai";\nnew OpenAI().batches.create({ input_file_id: "file-1", endpoint: "/v1/chat/completions", completion_window: "24h" });`);
    assert.equal(`${call.call.kind} ${call.call.model}`, "batch null");
    assert.match(call.call.modelNote ?? "", /input file/);
  });

  it("counts token-counting calls as kind count, at no cost", () => {
    const source = `import { GoogleGenAI } from "@google/genai";\nimport Anthropic from "@anthropic-ai/sdk";
new GoogleGenAI({}).models.countTokens({ model: "gemini-2.5-flash", contents: "hi" });
new Anthropic().messages.countTokens({ model: "claude-sonnet-4-5", messages: [] });`;
    assert.deepEqual(callsIn(source).map((line) => line.split(" ").slice(2, 4).join(" ")), ["count models.countTokens", "count messages.countTokens"]);
  });

  it("does not report assistants.create, caches.create, chats.create, getGenerativeModel or startChat", () => {
    const source = `import OpenAI from "openai";\nimport { GoogleGenAI } from "@google/genai";\nimport { GoogleGenerativeAI } from "@google/generative-ai";
new OpenAI().beta.assistants.create({ model: "gpt-4o", instructions: "x" });
const ai = new GoogleGenAI({});
ai.caches.create({ model: "gemini-2.5-flash", config: { contents: [] } });
const chat = ai.chats.create({ model: "gemini-2.5-flash" });
const model = new GoogleGenerativeAI("k").getGenerativeModel({ model: "gemini-2.0-flash" });
const session = model.startChat({ history: [] });`;
    assert.deepEqual(callsIn(source), []);
  });

  it("reports the messages sent on a chat made by chats.create or startChat, with its model", () => {
    const source = `import { GoogleGenAI } from "@google/genai";\nimport { GoogleGenerativeAI } from "@google/generative-ai";
const chat = new GoogleGenAI({}).chats.create({ model: "gemini-2.5-flash", config: { maxOutputTokens: 100 } });
await chat.sendMessage({ message: "hello" });
const session = new GoogleGenerativeAI("k").getGenerativeModel({ model: "gemini-2.0-flash" }).startChat({ history: [] });
await session.sendMessageStream("hi");`;
    assert.deepEqual(callsIn(source), ["google-genai google chat chats.sendMessage gemini-2.5-flash 100", "google-generative-ai google chat startChat.sendMessageStream gemini-2.0-flash null"]);
  });
});

describe("vendors' own SDKs shaped like OpenAI's", () => {
  it("reads together-ai's chat.completions.create and stream, priced by Together (llamacoder's routes)", () => {
    const source = `import Together from "together-ai";
const together = new Together();
export async function title(prompt: string) {
  await together.chat.completions.create({ model: "Qwen/Qwen3.5-9B", max_tokens: 24, messages: [{ role: "user", content: prompt }] });
  return together.chat.completions.stream({ model: "deepseek-ai/DeepSeek-V3", max_tokens: 2000, messages: [{ role: "user", content: prompt }] });
}
`;
    assert.deepEqual(callsIn(source), ["together-ai together chat chat.completions.create Qwen/Qwen3.5-9B 24", "together-ai together chat chat.completions.stream deepseek-ai/DeepSeek-V3 2000"]);
  });

  it("reads groq-sdk's chat.completions.create and embeddings, not its other resources", () => {
    const source = `import Groq from "groq-sdk";
const groq = new Groq();
export async function ask(prompt: string) {
  await groq.models.list();
  await groq.embeddings.create({ model: "nomic-embed-text-v1_5", input: [prompt] });
  return groq.chat.completions.create({ model: "llama-3.3-70b-versatile", max_tokens: 100, messages: [{ role: "user", content: prompt }] });
}
`;
    assert.deepEqual(callsIn(source), ["groq-sdk groq embedding embeddings.create nomic-embed-text-v1_5 null", "groq-sdk groq chat chat.completions.create llama-3.3-70b-versatile 100"]);
  });

  it("reads token.js's chat.completions.create with the provider each request names, and its fork fluency.js (twinny's chat)", () => {
    const source = (module: string) => `import { TokenJS } from "${module}";
const tokenjs = new TokenJS();
export async function ask(prompt: string, provider: any, model: string) {
  await tokenjs.chat.completions.create({ provider: "anthropic", model: "claude-sonnet-4-5", max_tokens: 300, messages: [{ role: "user", content: prompt }] });
  await tokenjs.chat.completions.create({ provider: "gemini", model: "gemini-2.5-flash", messages: [{ role: "user", content: prompt }] });
  return tokenjs.chat.completions.create({ provider, model, stream: true, messages: [{ role: "user", content: prompt }] });
}
`;
    const expected = ["token.js anthropic chat chat.completions.create claude-sonnet-4-5 300", "token.js google chat chat.completions.create gemini-2.5-flash null", "token.js unknown chat chat.completions.create null null"];
    assert.deepEqual(callsIn(source("token.js")), expected);
    assert.deepEqual(callsIn(source("fluency.js")), expected);
  });

  it("reads nothing of a TokenJS class of another package, nor token.js's other resources", () => {
    const source = `import { TokenJS } from "token-counter";
import { TokenJS as Client } from "token.js";
export async function count(prompt: string) {
  await new Client().models.list();
  return new TokenJS().chat.completions.create({ provider: "openai", model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
}
`;
    assert.deepEqual(callsIn(source), []);
  });
});

describe("a request body not known statically", () => {
  it("is read as of unseen content, never as none: OpenAI's, Anthropic's and Google's request passed whole (twinny's create(requestBody))", () => {
    const cases: [string, string][] = [
      [`import OpenAI from "openai";\nconst client = new OpenAI();\nexport const send = (requestBody: any) => client.chat.completions.create(requestBody);\n`, "user: <requestBody.messages>"],
      [`import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nexport const send = (body: any) => client.messages.create(body);\n`, "user: <body.messages>"],
      [`import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({});\nexport const send = (request: any) => ai.models.generateContent(request);\n`, "user: <request.contents>"],
    ];
    for (const [source, prompt] of cases) assert.equal(promptOf(source), prompt);
  });

  it("keeps what a literal body says, content and all (the lookalike)", () => {
    assert.equal(promptOf(`import OpenAI from "openai";\nconst client = new OpenAI();\nexport const send = (question: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Q: " + question }] });\n`), "user: Q: <question>");
  });
});
