import type { Evaluator } from "../resolve/evaluate.ts";
import { fullyStaticText, toTextParts, type AccessStep, type EvalScope, type ExternalValue, type Value } from "../resolve/values.ts";
import { ASSUMED_SCHEMA_TOKENS } from "../tokens/request-extras.ts";
import type { MessageRole, PromptMessage, TextPart } from "../types.ts";
import { argumentScope, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { ParamReader, readMessages, readModel, readOutputCap, withModel, type ModelRead } from "./call-params.ts";
import { deployedBaseUrl } from "./base-url.ts";
import { providerFromBaseUrl } from "./openai.ts";

/** A LangChain model class: the vendor it bills and the constructor fields for the model and the output cap. */
interface ModelClass {
  provider: string;
  kind: "chat" | "embedding" | "llm";
  modelFields?: readonly string[];
  capFields?: readonly string[];
  /** A base type (`BaseChatModel`, `Embeddings`): a value only known by its declared type, any vendor's model. */
  base?: true;
}

const OPENAI_CHAT: ModelClass = { provider: "openai", kind: "chat", capFields: ["maxTokens", "maxCompletionTokens", "max_tokens"] };
const CHAT: ModelClass = { provider: "", kind: "chat", capFields: ["maxTokens", "max_tokens"] };

const BASE_CHAT: ModelClass = { provider: "", kind: "chat", capFields: ["maxTokens"], base: true };
const BASE_LLM: ModelClass = { provider: "", kind: "llm", capFields: ["maxTokens"], base: true };
const BASE_EMBEDDINGS: ModelClass = { provider: "", kind: "embedding", base: true };

const GOOGLE_CHAT: ModelClass = { provider: "google", kind: "chat", capFields: ["maxOutputTokens"] };
const GOOGLE_AUTH_CLASSES: Record<string, ModelClass> = {
  ChatGoogle: GOOGLE_CHAT,
  GoogleLLM: { provider: "google", kind: "llm", capFields: ["maxOutputTokens"] },
  GoogleEmbeddings: { provider: "google", kind: "embedding" },
};
const OLLAMA_LLM: ModelClass = { provider: "ollama", kind: "llm", capFields: ["numPredict"] };

/** Classes by package; a package not listed is not a model package (retrievers, vector stores, parsers). */
const MODEL_CLASSES: Record<string, Record<string, ModelClass>> = {
  // The base types a project declares its model fields and parameters with (`chatModel: BaseChatModel`).
  "@langchain/core/language_models/chat_models": { BaseChatModel: BASE_CHAT, SimpleChatModel: BASE_CHAT },
  "@langchain/core/language_models/llms": { BaseLLM: BASE_LLM, LLM: BASE_LLM },
  // The base of both (`llm: BaseLanguageModel` given a chat model or an LLM, or the types naming any model:
  // `model: LanguageModelLike`): read as a chat model, messages in.
  "@langchain/core/language_models/base": { BaseLanguageModel: BASE_CHAT, BaseLanguageModelInterface: BASE_CHAT, LanguageModelLike: BASE_CHAT },
  "@langchain/core/embeddings": { Embeddings: BASE_EMBEDDINGS },
  "langchain/chat_models/base": { BaseChatModel: BASE_CHAT },
  "langchain/embeddings/base": { Embeddings: BASE_EMBEDDINGS },
  "@langchain/openai": {
    ChatOpenAI: OPENAI_CHAT,
    AzureChatOpenAI: { ...OPENAI_CHAT, provider: "azure", modelFields: ["model", "modelName", "azureOpenAIApiDeploymentName", "deploymentName"] },
    OpenAI: { provider: "openai", kind: "llm", capFields: ["maxTokens"] },
    AzureOpenAI: { provider: "azure", kind: "llm", capFields: ["maxTokens"], modelFields: ["model", "modelName", "azureOpenAIApiDeploymentName", "deploymentName"] },
    OpenAIEmbeddings: { provider: "openai", kind: "embedding" },
    AzureOpenAIEmbeddings: { provider: "azure", kind: "embedding", modelFields: ["model", "modelName", "azureOpenAIApiDeploymentName", "deploymentName"] },
  },
  "@langchain/anthropic": { ChatAnthropic: { ...CHAT, provider: "anthropic" } },
  "@langchain/google-genai": {
    ChatGoogleGenerativeAI: GOOGLE_CHAT,
    GoogleGenerativeAIEmbeddings: { provider: "google", kind: "embedding" },
  },
  "@langchain/google-vertexai": {
    ChatVertexAI: GOOGLE_CHAT,
    VertexAIEmbeddings: { provider: "google", kind: "embedding" },
  },
  "@langchain/google-vertexai-web": { ChatVertexAI: GOOGLE_CHAT },
  // The unified Google package, and the two it grew from (Google AI Studio or Vertex AI, by their credentials).
  "@langchain/google": { ChatGoogle: GOOGLE_CHAT },
  "@langchain/google-gauth": GOOGLE_AUTH_CLASSES,
  "@langchain/google-webauth": GOOGLE_AUTH_CLASSES,
  "@langchain/aws": {
    ChatBedrockConverse: { ...CHAT, provider: "bedrock" },
    BedrockEmbeddings: { provider: "bedrock", kind: "embedding" },
  },
  "@langchain/community/chat_models/bedrock": { BedrockChat: { ...CHAT, provider: "bedrock" } },
  "@langchain/community/chat_models/bedrock/web": { BedrockChat: { ...CHAT, provider: "bedrock" } },
  "@langchain/community/llms/bedrock": { Bedrock: { provider: "bedrock", kind: "llm", capFields: ["maxTokens"] } },
  "@langchain/community/llms/bedrock/web": { Bedrock: { provider: "bedrock", kind: "llm", capFields: ["maxTokens"] } },
  "@langchain/mistralai": { ChatMistralAI: { ...CHAT, provider: "mistral" }, MistralAIEmbeddings: { provider: "mistral", kind: "embedding" } },
  "@langchain/cohere": { ChatCohere: { ...CHAT, provider: "cohere" }, CohereEmbeddings: { provider: "cohere", kind: "embedding" } },
  "@langchain/groq": { ChatGroq: { ...CHAT, provider: "groq" } },
  "@langchain/deepseek": { ChatDeepSeek: { ...CHAT, provider: "deepseek" } },
  "@langchain/xai": { ChatXAI: { ...CHAT, provider: "xai" } },
  "@langchain/cerebras": { ChatCerebras: { ...CHAT, provider: "cerebras" } },
  "@langchain/ollama": { ChatOllama: { provider: "ollama", kind: "chat", capFields: ["numPredict"] }, Ollama: OLLAMA_LLM, OllamaEmbeddings: { provider: "ollama", kind: "embedding" } },
  "@langchain/community/llms/ollama": { Ollama: OLLAMA_LLM },
  "@langchain/community/chat_models/togetherai": { ChatTogetherAI: { ...CHAT, provider: "together" } },
  "@langchain/community/chat_models/fireworks": { ChatFireworks: { ...CHAT, provider: "fireworks" } },
  "@langchain/community/embeddings/fireworks": { FireworksEmbeddings: { provider: "fireworks", kind: "embedding" } },
  "@langchain/community/chat_models/ollama": { ChatOllama: { provider: "ollama", kind: "chat", capFields: ["numPredict"] } },
  // The pre-0.1 `langchain` package re-exported the integrations.
  "langchain/chat_models/openai": { ChatOpenAI: OPENAI_CHAT },
  "langchain/chat_models/anthropic": { ChatAnthropic: { ...CHAT, provider: "anthropic" } },
  "langchain/llms/openai": { OpenAI: { provider: "openai", kind: "llm", capFields: ["maxTokens"] } },
  "langchain/embeddings/openai": { OpenAIEmbeddings: { provider: "openai", kind: "embedding" } },
};

/** `initChatModel("gpt-4o", { modelProvider, maxTokens })` or `initChatModel("anthropic:claude-sonnet-4-5")`. */
const INIT_CHAT_MODEL_MODULES = new Set(["langchain/chat_models/universal", "langchain"]);

/** Modules whose values can hold a model further down a chain: prompts, runnables, chains, agents. */
const CHAIN_MODULES = [
  "@langchain/core/prompts",
  "@langchain/core/runnables",
  "@langchain/core/output_parsers",
  "langchain/prompts",
  "langchain/schema/runnable",
  "langchain/chains",
  "langchain/chains/combine_documents",
  "langchain/chains/retrieval",
  "langchain/agents",
  "@langchain/langgraph/prebuilt",
];

/** Methods that make requests; `batch` makes one per input (not the vendors' Batch API). */
const REQUEST_METHODS: Record<string, "request" | "embed"> = {
  invoke: "request",
  stream: "request",
  batch: "request",
  streamEvents: "request",
  streamLog: "request",
  call: "request",
  predict: "request",
  predictMessages: "request",
  generate: "request",
  embedQuery: "embed",
  embedDocuments: "embed",
};

/**
 * A vector store filled with documents embeds each of them: `SupabaseVectorStore.fromDocuments(docs,
 * new OpenAIEmbeddings(), ...)`, `fromTexts`, `store.addDocuments(docs)` on a store built with embeddings.
 */
const INGEST_METHODS = ["fromDocuments", "fromTexts", "addDocuments"];

/** A search of such a store embeds its query, once: `store.similaritySearch(query, k)`. */
const QUERY_METHODS = ["similaritySearch", "similaritySearchWithScore", "maxMarginalRelevanceSearch"];

/** So does a search through its retriever: `store.asRetriever(k).invoke(query)` (or the older `getRelevantDocuments`). */
const RETRIEVER_METHODS = ["invoke", "getRelevantDocuments"];

/** Steps that return a runnable with the same model: options, tools, structure, retries, a parser after it. */
const PASS_THROUGH = new Set(["bind", "bindTools", "withConfig", "withStructuredOutput", "withRetry", "withFallbacks", "withListeners", "pipe", "assign", "pick"]);

/**
 * LangChain.js: a chat model constructed with its model and output cap (`new ChatOpenAI({ model, maxTokens })`),
 * then `.invoke`, `.stream`, `.batch` on it, on `.bind()`/`.withConfig()`/`.bindTools()` of it, on
 * `prompt.pipe(model)` chains, `RunnableSequence.from([prompt, model])`, and chains built around it
 * (`new LLMChain({ llm, prompt })`, agents). A prompt or parser without a model sends nothing.
 */
export const langchainAdapter: ProviderAdapter = {
  sdk: "langchain",
  modules: [...Object.keys(MODEL_CLASSES), ...INIT_CHAT_MODEL_MODULES, ...CHAIN_MODULES],
  modulePrefixes: ["@langchain/", "langchain/"],
  callNames: [...Object.keys(REQUEST_METHODS), ...INGEST_METHODS, ...QUERY_METHODS, ...RETRIEVER_METHODS],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const last = callee.steps[callee.steps.length - 1];
    if (last?.kind === "property" && INGEST_METHODS.includes(last.name)) return recogniseStoreEmbedding(callee, context, "embedDocuments");
    if (last?.kind === "property" && QUERY_METHODS.includes(last.name)) return recogniseStoreEmbedding(callee, context, "embedQuery");
    if (last?.kind === "property" && RETRIEVER_METHODS.includes(last.name) && isRetriever(callee)) return recogniseStoreEmbedding(callee, context, "embedQuery", `asRetriever().${last.name}`);
    if (last?.kind !== "property" || !REQUEST_METHODS[last.name]) return undefined;
    const evaluator = context.evaluator;
    const chain = callee.steps.slice(0, -1);
    const found = findModel(evaluator, { ...callee, steps: chain }, 0);
    if (!found) return undefined;
    const method = last.name;
    const embed = REQUEST_METHODS[method] === "embed";
    if (embed !== (found.modelClass.kind === "embedding")) return undefined;
    const read = readModelSettings(evaluator, found);
    const input = context.node.arguments[0] ? evaluator.evaluate(context.node.arguments[0], argumentScope(context)) : undefined;
    const messages = embed ? embeddingInputs(input, method) : [...found.instructions, ...found.template, ...inputMessages(evaluator, input, found.template.length > 0, found.agent)];
    const kind: RecognisedCall["kind"] = embed ? "embedding" : "chat";
    const call = withModel<RecognisedCall>(
      {
        sdk: "langchain",
        provider: read.provider,
        api: `${found.modelClass.kind === "llm" ? "llm" : found.className}.${method}`,
        kind,
        model: null,
        messages,
        ...(embed ? { hasOutputCap: true, outputCap: 0 } : read.cap),
        outputCapParam: found.modelClass.capFields?.[0] ?? "maxTokens",
        outputCapRequired: embed,
      },
      read.model,
    );
    if (found.structured) call.extras = [{ kind: "response-format", label: "structured output schema (withStructuredOutput)", tokens: ASSUMED_SCHEMA_TOKENS, assumed: true }];
    if (found.agent) call.modelNote = [call.modelNote, "an agent makes one request per step"].filter(Boolean).join("; ");
    if (!embed && method === "batch") call.modelNote = [call.modelNote, "batch() sends one request per input"].filter(Boolean).join("; ");
    const layout = found.settings.literalLayout();
    if (layout && found.modelClass.capFields?.[0]) {
      call.paramsObject = layout;
      call.capTemplate = `${found.modelClass.capFields[0]}: $N`;
    }
    return call;
  },
};


/** `….asRetriever(…).invoke(…)`: the method is called on what a store's `asRetriever` returned. */
function isRetriever(callee: ExternalValue): boolean {
  const steps = callee.steps;
  const method = steps[steps.length - 3];
  return steps[steps.length - 2]?.kind === "call" && method?.kind === "property" && method.name === "asRetriever";
}

/** What a vector store built with embeddings sends them: its documents (`embedDocuments`) or a search's query (`embedQuery`). */
function recogniseStoreEmbedding(callee: ExternalValue, context: AdapterContext, method: "embedDocuments" | "embedQuery", through?: string): RecognisedCall | undefined {
  const evaluator = context.evaluator;
  const scope = argumentScope(context);
  const last = callee.steps[callee.steps.length - 1] as { name: string };
  // The embeddings: an argument of this call (fromDocuments) or of the store's construction (addDocuments).
  const candidates: { args: readonly import("../ts.ts").ts.Expression[]; scope: EvalScope }[] = [{ args: context.node.arguments, scope }];
  for (const step of callee.steps) if (step.kind === "new" || step.kind === "call") candidates.push({ args: step.args, scope: step.scope });
  let found: FoundModel | undefined;
  for (const candidate of candidates) {
    for (const argument of candidate.args) {
      const value = evaluator.evaluate(argument, candidate.scope);
      const model = value.kind === "external" ? findModel(evaluator, value, 1) : undefined;
      if (model?.modelClass.kind === "embedding") {
        found = model;
        break;
      }
    }
    if (found) break;
  }
  if (!found) return undefined;
  const read = readModelSettings(evaluator, found);
  const sent = context.node.arguments[0] ? evaluator.evaluate(context.node.arguments[0], scope) : undefined;
  const unknownSent: Value = method === "embedDocuments" ? { kind: "unknown", label: "documents", collection: { bounded: false } } : { kind: "unknown", label: "query" };
  return withModel<RecognisedCall>(
    {
      sdk: "langchain",
      provider: read.provider,
      api: `${found.className}.${method} (${through ?? last.name})`,
      kind: "embedding",
      model: null,
      messages: embeddingInputs(sent ?? unknownSent, method),
      hasOutputCap: true,
      outputCap: 0,
      outputCapParam: "",
      outputCapRequired: true,
    },
    read.model,
  );
}

interface FoundModel {
  className: string;
  module: string;
  modelClass: ModelClass;
  settings: ParamReader;
  /** For initChatModel: the first argument, the model id (maybe "provider:model"). */
  initModelId?: Value;
  /** Messages of a prompt template piped into the model, with `{variables}` as dynamic parts. */
  template: PromptMessage[];
  /** An agent's own system prompt (`createAgent({ systemPrompt })`, `createReactAgent({ prompt })`), sent before its state. */
  instructions: PromptMessage[];
  structured: boolean;
  agent: boolean;
  /** Call options bound with `.bind({ max_tokens })` or `.withConfig`: they override the constructor's. */
  bound: ParamReader[];
}

/**
 * The chat model a runnable chain ends up calling: the model class constructed at the start of the path,
 * or a model passed into one of its steps (`prompt.pipe(model)`, `RunnableSequence.from([prompt, model])`,
 * `new LLMChain({ llm })`), bounded in depth.
 */
function findModel(evaluator: Evaluator, value: ExternalValue, depth: number): FoundModel | undefined {
  if (depth > 4) return undefined;
  const steps = value.steps;
  const classes = MODEL_CLASSES[value.module];
  const [first, second] = steps;
  let found: FoundModel | undefined;
  let rest: AccessStep[] = [];
  if (classes && first?.kind === "property" && second?.kind === "new" && classes[first.name]) {
    found = {
      className: first.name,
      module: value.module,
      modelClass: classes[first.name]!,
      settings: ParamReader.fromArgument(evaluator, second.args[0], second.scope),
      template: [],
      instructions: [],
      structured: false,
      agent: false,
      bound: [],
    };
    rest = steps.slice(2);
  } else if (INIT_CHAT_MODEL_MODULES.has(value.module) && first?.kind === "property" && first.name === "initChatModel" && second?.kind === "call") {
    found = {
      className: "initChatModel",
      module: value.module,
      modelClass: { provider: "", kind: "chat", capFields: ["maxTokens"] },
      settings: ParamReader.fromArgument(evaluator, second.args[1], second.scope),
      ...(second.args[0] ? { initModelId: evaluator.evaluate(second.args[0], second.scope) } : {}),
      template: [],
      instructions: [],
      structured: false,
      agent: false,
      bound: [],
    };
    rest = steps.slice(2);
  } else if (!classes) {
    // A chain that does not start at a model: look for one passed into its steps.
    let template: PromptMessage[] = templateOf(evaluator, value);
    const agent = value.module === "@langchain/langgraph/prebuilt" || value.module === "langchain/agents" || (first?.kind === "property" && /Agent/.test(first.name));
    for (const step of steps) {
      if (step.kind !== "call" && step.kind !== "new") continue;
      for (const argument of step.args) {
        const options = evaluator.evaluate(argument, step.scope);
        const inner = modelIn(evaluator, options, depth);
        if (inner) {
          if (template.length === 0) template = templatesIn(evaluator, options);
          const instructions = agent ? agentInstructions(evaluator, options) : [];
          return { ...inner, template: template.length > 0 ? template : inner.template, instructions: instructions.length > 0 ? instructions : inner.instructions, agent: inner.agent || agent };
        }
      }
    }
    return undefined;
  } else return undefined;
  for (let index = 0; index < rest.length; index++) {
    const step = rest[index]!;
    if (step.kind !== "property") return undefined;
    if (!PASS_THROUGH.has(step.name)) return undefined;
    const call = rest[index + 1];
    if (call?.kind !== "call") return undefined;
    if (step.name === "withStructuredOutput") found.structured = true;
    if ((step.name === "bind" || step.name === "withConfig") && call.args[0]) found.bound.push(ParamReader.fromArgument(evaluator, call.args[0], call.scope));
    index++;
  }
  return found;
}

/** A model inside a value passed to a chain step: the value itself, an array element, or an object's field. */
function modelIn(evaluator: Evaluator, value: Value, depth: number): FoundModel | undefined {
  if (value.kind === "external") return findModel(evaluator, value, depth + 1);
  if (value.kind === "array") {
    for (const element of value.elements) {
      const found = modelIn(evaluator, element, depth + 1);
      if (found) return found;
    }
  }
  if (value.kind === "object" && depth < 3) {
    // `runnable`: the chain `new RunnableWithMessageHistory({ runnable, getMessageHistory })` adds history to.
    for (const name of ["llm", "model", "chatModel", "combineDocsChain", "llmChain", "questionAnsweringChain", "agent", "runnable"]) {
      const field = evaluator.objectProperty(value, name);
      const found = field ? modelIn(evaluator, field, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function templatesIn(evaluator: Evaluator, value: Value): PromptMessage[] {
  if (value.kind === "external") return templateOf(evaluator, value);
  if (value.kind === "array") {
    for (const element of value.elements) {
      const template = templatesIn(evaluator, element);
      if (template.length > 0) return template;
    }
  }
  if (value.kind === "object") {
    const prompt = evaluator.objectProperty(value, "prompt");
    if (prompt) return templatesIn(evaluator, prompt);
  }
  return [];
}

/** The messages of a prompt template at the start of a path: ChatPromptTemplate.fromMessages / fromTemplate, PromptTemplate. */
function templateOf(evaluator: Evaluator, value: ExternalValue): PromptMessage[] {
  if (!value.module.endsWith("/prompts")) return [];
  const [first, second, third] = value.steps;
  if (first?.kind !== "property") return [];
  if ((first.name === "ChatPromptTemplate" || first.name === "PromptTemplate") && second?.kind === "property" && third?.kind === "call" && third.args[0]) {
    const argument = evaluator.evaluate(third.args[0], third.scope);
    if (second.name === "fromMessages") return templateMessages(evaluator, argument, third.scope);
    if (second.name === "fromTemplate") return [{ role: "user", parts: templateParts(argument), cacheMarker: false }];
  }
  if (first.name === "PromptTemplate" && second?.kind === "new" && second.args[0]) {
    const settings = ParamReader.fromArgument(evaluator, second.args[0], second.scope);
    const template = settings.get("template");
    if (template) return [{ role: "user", parts: templateParts(template), cacheMarker: false }];
  }
  return [];
}

const ROLE_NAMES: Record<string, MessageRole> = { system: "system", human: "user", user: "user", ai: "assistant", assistant: "assistant", placeholder: "user", developer: "developer" };
const MESSAGE_CLASSES: Record<string, MessageRole> = {
  SystemMessage: "system",
  HumanMessage: "user",
  AIMessage: "assistant",
  ToolMessage: "tool",
  ChatMessage: "user",
  SystemMessagePromptTemplate: "system",
  HumanMessagePromptTemplate: "user",
  AIMessagePromptTemplate: "assistant",
};

/** `[["system", "..."], ["human", "{input}"], new MessagesPlaceholder("history"), new SystemMessage("...")]`. */
function templateMessages(evaluator: Evaluator, value: Value, scope: EvalScope): PromptMessage[] {
  if (value.kind !== "array") return [{ role: "user", parts: [{ kind: "dynamic", label: "prompt messages" }], cacheMarker: false, opaque: true }];
  const messages: PromptMessage[] = [];
  for (const element of value.elements) {
    if (element.kind === "array") {
      const role = fullyStaticText(element.elements[0] ?? { kind: "null" }) ?? "user";
      const content = element.elements[1];
      messages.push({ role: ROLE_NAMES[role] ?? "user", parts: content ? templateParts(content) : [], cacheMarker: false });
      continue;
    }
    if (element.kind === "external") {
      const message = messageFromClass(evaluator, element, true);
      if (message) messages.push(message);
      else messages.push({ role: "user", parts: [{ kind: "dynamic", label: "message history", collection: { bounded: false } }], cacheMarker: false, opaque: true });
      continue;
    }
    messages.push(...readMessages(evaluator, { kind: "array", elements: [element] }));
  }
  void scope;
  return messages;
}

/** An agent's system prompt given as text or a SystemMessage; a function or a template there is no fixed text. */
function agentInstructions(evaluator: Evaluator, options: Value): PromptMessage[] {
  if (options.kind !== "object") return [];
  for (const name of ["systemPrompt", "prompt", "stateModifier", "messageModifier"]) {
    const value = evaluator.objectProperty(options, name);
    if (!value) continue;
    if (value.kind === "external") {
      const message = messageFromClass(evaluator, value, false);
      return message?.role === "system" ? [message] : [];
    }
    if (value.kind === "function") return [];
    const parts = toTextParts(value);
    return parts.length > 0 ? [{ role: "system", parts, cacheMarker: false }] : [];
  }
  return [];
}

/** `new HumanMessage("...")`, `new SystemMessage({ content })`, `HumanMessagePromptTemplate.fromTemplate("...")`; a MessagesPlaceholder is a history. */
function messageFromClass(evaluator: Evaluator, value: ExternalValue, template: boolean): PromptMessage | undefined {
  const [first, second, third] = value.steps;
  if (first?.kind !== "property") return undefined;
  if (first.name === "MessagesPlaceholder") return { role: "user", parts: [{ kind: "dynamic", label: "message history", collection: { bounded: false } }], cacheMarker: false, opaque: true };
  const role = MESSAGE_CLASSES[first.name];
  if (!role) return undefined;
  let content: Value | undefined;
  if (second?.kind === "new" && second.args[0]) {
    const argument = evaluator.evaluate(second.args[0], second.scope);
    content = argument.kind === "object" ? evaluator.objectProperty(argument, "content") : argument;
  } else if (second?.kind === "property" && second.name === "fromTemplate" && third?.kind === "call" && third.args[0]) {
    content = evaluator.evaluate(third.args[0], third.scope);
  }
  if (!content) return { role, parts: [], cacheMarker: false };
  return { role, parts: template ? templateParts(content) : toTextParts(content), cacheMarker: false };
}

/** A template's text with each `{variable}` a dynamic part (`{{` and `}}` are literal braces). */
function templateParts(value: Value): TextPart[] {
  const parts: TextPart[] = [];
  for (const part of toTextParts(value)) {
    if (part.kind !== "static") {
      parts.push(part);
      continue;
    }
    const pattern = /\{\{|\}\}|\{([A-Za-z_][\w.]*)\}/g;
    let last = 0;
    let text = "";
    for (let match = pattern.exec(part.text); match; match = pattern.exec(part.text)) {
      text += part.text.slice(last, match.index);
      last = match.index + match[0].length;
      if (match[0] === "{{") text += "{";
      else if (match[0] === "}}") text += "}";
      else {
        if (text) parts.push({ ...part, text });
        text = "";
        parts.push({ kind: "dynamic", label: `{${match[1]}}` });
      }
    }
    text += part.text.slice(last);
    if (text) parts.push({ ...part, text });
  }
  return parts;
}

/**
 * What `.invoke(input)` sends: a string, a list of messages, or (for a template) the variables it fills; an agent's
 * input is its state, the conversation under `messages` (`agent.invoke({ messages: [new HumanMessage(prompt)] })`).
 */
function inputMessages(evaluator: Evaluator, input: Value | undefined, hasTemplate: boolean, agent: boolean): PromptMessage[] {
  if (!input || hasTemplate) return [];
  const state = agent && input.kind === "object" ? evaluator.objectProperty(input, "messages") : undefined;
  if (state) return inputMessages(evaluator, state, false, false);
  if (input.kind === "array") {
    const messages: PromptMessage[] = [];
    for (const element of input.elements) {
      if (element.kind === "external") {
        messages.push(messageFromClass(evaluator, element, false) ?? { role: "user", parts: [{ kind: "dynamic", label: "message" }], cacheMarker: false, opaque: true });
      } else if (element.kind === "array") {
        const role = fullyStaticText(element.elements[0] ?? { kind: "null" }) ?? "user";
        const content = element.elements[1];
        messages.push({ role: ROLE_NAMES[role] ?? "user", parts: content ? toTextParts(content) : [], cacheMarker: false });
      } else messages.push(...readMessages(evaluator, { kind: "array", elements: [element] }));
    }
    return messages;
  }
  if (input.kind === "object") return [{ role: "user", parts: [{ kind: "dynamic", label: "chain input" }], cacheMarker: false }];
  return readMessages(evaluator, input.kind === "unknown" ? input : { kind: "array", elements: [input] });
}

function embeddingInputs(input: Value | undefined, method: string): PromptMessage[] {
  if (!input) return [];
  if (method === "embedDocuments" && input.kind === "array") return input.elements.map((element) => ({ role: "user", parts: toTextParts(element), cacheMarker: false }));
  if (method === "embedDocuments") return [{ role: "user", parts: [{ kind: "dynamic", label: "documents", collection: { bounded: false } }], cacheMarker: false }];
  return [{ role: "user", parts: toTextParts(input), cacheMarker: false }];
}

/** Model id, vendor and cap from the constructor, overridden by bound call options. */
function readModelSettings(evaluator: Evaluator, found: FoundModel): { provider: string; model: ModelRead; cap: { hasOutputCap: boolean; outputCap: number | null } } {
  const settings = found.settings;
  const fields = found.modelClass.modelFields ?? ["model", "modelName", "model_name"];
  let provider = found.modelClass.provider;
  let model: ModelRead;
  if (found.modelClass.base) {
    model = { model: null, note: `${found.className} by its declared type: which vendor's model it is is decided where it is made` };
  } else if (found.initModelId) {
    model = readModel(found.initModelId);
    const explicit = settings.string("modelProvider");
    if (model.model && model.model.includes(":") && !explicit) {
      const [prefix, ...restParts] = model.model.split(":");
      provider = normaliseProvider(prefix!);
      model = { ...model, model: restParts.join(":") };
    } else provider = normaliseProvider(explicit ?? inferProvider(model.model));
  } else {
    const field = fields.find((name) => settings.has(name));
    model = field ? readModel(settings.get(field)) : { model: null, note: `no model field: the ${found.className} default model` };
  }
  const baseUrl = deployedBaseUrl(settings.nested("configuration"), "baseURL") ?? deployedBaseUrl(settings, "baseUrl") ?? deployedBaseUrl(settings, "baseURL");
  if (provider === "openai" && baseUrl) provider = providerFromBaseUrl(baseUrl) ?? provider;
  const capFields = found.modelClass.capFields ?? [];
  let cap = readOutputCap(settings, capFields);
  if (!cap.hasOutputCap) {
    // Bedrock's LLM takes the vendor's own body fields through modelKwargs.
    const kwargs = settings.nested("modelKwargs");
    const kwargCap = readOutputCap(kwargs, ["max_tokens", "max_tokens_to_sample", "max_gen_len", "maxTokens"]);
    if (kwargCap.hasOutputCap) cap = kwargCap;
  }
  for (const bound of found.bound) {
    const boundCap = readOutputCap(bound, [...capFields, "max_tokens", "maxTokens", "max_completion_tokens"]);
    if (boundCap.hasOutputCap) cap = boundCap;
  }
  void evaluator;
  return { provider: provider || "unknown", model, cap };
}

/** initChatModel's own inference from the model name. */
function inferProvider(model: string | null): string {
  if (!model) return "unknown";
  if (/^(gpt-|o1|o3|o4|chatgpt|text-embedding)/.test(model)) return "openai";
  if (/^claude/.test(model)) return "anthropic";
  if (/^gemini/.test(model)) return "google";
  if (/^(mistral|mixtral|codestral|ministral|magistral)/.test(model)) return "mistral";
  if (/^command/.test(model)) return "cohere";
  if (/^deepseek/.test(model)) return "deepseek";
  if (/^grok/.test(model)) return "xai";
  if (/^(amazon|anthropic\.|meta\.|us\.)/.test(model)) return "bedrock";
  return "unknown";
}

function normaliseProvider(name: string): string {
  const aliases: Record<string, string> = { google_genai: "google", "google-genai": "google", google_vertexai: "google", "google-vertexai": "google", bedrock: "bedrock", bedrock_converse: "bedrock", azure_openai: "azure", mistralai: "mistral", together: "together", fireworks: "fireworks" };
  return aliases[name] ?? name;
}
