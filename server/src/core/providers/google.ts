import type { PromptMessage } from "../types.ts";
import { toTextParts, type ExternalValue, type Value } from "../resolve/values.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { imageTokens, reasoningAssumption, schemaExtra } from "../tokens/request-extras.ts";
import { argumentScope, isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { contentParts, ParamReader, readMessages, readModel, readOutputCap, withModel, type ImagePart } from "./call-params.ts";

const GENAI_METHODS: Record<string, { api: string; kind: RecognisedCall["kind"] }> = {
  "models.generateContent": { api: "models.generateContent", kind: "chat" },
  "models.generateContentStream": { api: "models.generateContentStream", kind: "chat" },
  "models.countTokens": { api: "models.countTokens", kind: "count" },
  "models.computeTokens": { api: "models.computeTokens", kind: "count" },
  "models.embedContent": { api: "models.embedContent", kind: "embedding" },
  "interactions.create": { api: "interactions.create", kind: "chat" },
  "batches.create": { api: "batches.create", kind: "batch" },
  "batches.createEmbeddings": { api: "batches.createEmbeddings", kind: "batch" },
};

export const GEMINI_IMAGE: ImagePart = () => {
  const { tokens, label } = imageTokens("google", null, null);
  return { kind: "dynamic", label, assumedTokens: tokens };
};

/**
 * `@google/genai`: `new GoogleGenAI({...}).models.generateContent({ model, contents, config })`, a chat made
 * by `ai.chats.create({ model, config })` then `chat.sendMessage({ message })` (chats.create itself sends
 * nothing), `interactions.create`, and batches. `caches.create` only stores content: not a request.
 */
export const googleGenAiAdapter: ProviderAdapter = {
  sdk: "google-genai",
  modules: ["@google/genai"],
  callNames: ["generateContent", "generateContentStream", "countTokens", "computeTokens", "embedContent", "sendMessage", "sendMessageStream", "create", "createEmbeddings", "sendClientContent", "sendRealtimeInput"],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (!path.construction || !isClientClass(path.importName, ["GoogleGenAI"])) return undefined;
    const chat = recogniseChatMessage(path.rest, context) ?? recogniseLiveMessage(path.rest, context);
    if (chat) return chat;
    const names = propertyNames(path.rest);
    const method = names ? GENAI_METHODS[names.join(".")] : undefined;
    if (!method) return undefined;
    const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], argumentScope(context));
    const config = params.nested("config");
    const messages: PromptMessage[] = [];
    const system = config.get("systemInstruction") ?? params.get("system_instruction");
    if (system) messages.push(systemMessage(context.evaluator, system));
    if (method.api === "interactions.create") messages.push(...readContents(context.evaluator, params.get("input")));
    else if (method.kind === "batch") messages.push({ role: "user", parts: [{ kind: "dynamic", label: "batch requests", collection: { bounded: false } }], cacheMarker: false, opaque: true });
    else messages.push(...readContents(context.evaluator, params.get("contents")));
    const call = withModel<RecognisedCall>(
      {
        sdk: "google-genai",
        provider: "google",
        api: method.api,
        kind: method.kind,
        model: null,
        messages,
        ...(method.kind === "batch" ? { hasOutputCap: true, outputCap: null } : readOutputCap(config, ["maxOutputTokens"])),
        outputCapParam: "config.maxOutputTokens",
        outputCapRequired: method.kind === "batch",
      },
      readModel(params.get("model")),
    );
    addGeminiExtras(call, context, config);
    const configLayout = config.literalLayout();
    const paramsLayout = params.literalLayout();
    if (configLayout) {
      call.paramsObject = configLayout;
      call.capTemplate = "maxOutputTokens: $N";
    } else if (paramsLayout && !params.has("config")) {
      call.paramsObject = paramsLayout;
      call.capTemplate = "config: { maxOutputTokens: $N }";
    }
    return call;
  },
};

const CHAT_METHODS: Record<string, { api: string; kind: RecognisedCall["kind"] }> = {
  sendMessage: { api: "startChat.sendMessage", kind: "chat" },
  sendMessageStream: { api: "startChat.sendMessageStream", kind: "chat" },
};

/** `ai.chats.create({ model, config, history }).sendMessage({ message })`. */
function recogniseChatMessage(rest: ExternalValue["steps"], context: AdapterContext): RecognisedCall | undefined {
  const [chats, create, createCall, send, ...extra] = rest;
  if (extra.length > 0 || chats?.kind !== "property" || chats.name !== "chats" || create?.kind !== "property" || create.name !== "create") return undefined;
  if (createCall?.kind !== "call" || send?.kind !== "property" || (send.name !== "sendMessage" && send.name !== "sendMessageStream")) return undefined;
  const evaluator = context.evaluator;
  const chatParams = ParamReader.fromArgument(evaluator, createCall.args[0], createCall.scope);
  const config = chatParams.nested("config");
  const request = ParamReader.fromArgument(evaluator, context.node.arguments[0], argumentScope(context));
  const messages: PromptMessage[] = [];
  const system = config.get("systemInstruction");
  if (system) messages.push(systemMessage(evaluator, system));
  messages.push(...readContents(evaluator, chatParams.get("history")));
  // Every turn resends the history so far: one more part of run-time size.
  messages.push({ role: "user", parts: [{ kind: "dynamic", label: "chat history so far", collection: { bounded: false } }], cacheMarker: false, opaque: true });
  messages.push(...readContents(evaluator, request.get("message")));
  const requestConfig = request.nested("config");
  const cap = requestConfig.has("maxOutputTokens") ? readOutputCap(requestConfig, ["maxOutputTokens"]) : readOutputCap(config, ["maxOutputTokens"]);
  const call = withModel<RecognisedCall>(
    { sdk: "google-genai", provider: "google", api: `chats.${send.name}`, kind: "chat", model: null, messages, ...cap, outputCapParam: "config.maxOutputTokens", outputCapRequired: false },
    readModel(chatParams.get("model")),
  );
  addGeminiExtras(call, context, config);
  return call;
}

/**
 * The Live API: `const session = await ai.live.connect({ model, config })` then `session.sendClientContent({ turns })`
 * or `session.sendRealtimeInput({ text | audio | media })`; each turn makes the model answer. connect itself sends nothing.
 */
function recogniseLiveMessage(rest: ExternalValue["steps"], context: AdapterContext): RecognisedCall | undefined {
  const [live, connect, connectCall, send, ...extra] = rest;
  if (extra.length > 0 || live?.kind !== "property" || live.name !== "live" || connect?.kind !== "property" || connect.name !== "connect") return undefined;
  if (connectCall?.kind !== "call" || send?.kind !== "property" || (send.name !== "sendClientContent" && send.name !== "sendRealtimeInput")) return undefined;
  const evaluator = context.evaluator;
  const connectParams = ParamReader.fromArgument(evaluator, connectCall.args[0], connectCall.scope);
  const config = connectParams.nested("config");
  const request = ParamReader.fromArgument(evaluator, context.node.arguments[0], argumentScope(context));
  const messages: PromptMessage[] = [];
  const system = config.get("systemInstruction");
  if (system) messages.push(systemMessage(evaluator, system));
  messages.push({ role: "user", parts: [{ kind: "dynamic", label: "session so far", collection: { bounded: false } }], cacheMarker: false, opaque: true });
  const turns = request.get("turns") ?? request.get("text");
  if (turns) messages.push(...readContents(evaluator, turns));
  else messages.push({ role: "user", parts: [{ kind: "dynamic", label: "realtime input (audio, video or text)" }], cacheMarker: false });
  return withModel<RecognisedCall>(
    { sdk: "google-genai", provider: "google", api: `live.${send.name}`, kind: "chat", model: null, messages, ...readOutputCap(config, ["maxOutputTokens"]), outputCapParam: "config.maxOutputTokens", outputCapRequired: false },
    readModel(connectParams.get("model")),
  );
}

/** Response schema and thinking of a Gemini request's config. */
export function addGeminiExtras(call: RecognisedCall, context: AdapterContext, config: ParamReader): void {
  const schema = config.get("responseSchema") ?? config.get("responseJsonSchema");
  const extra = schema ? schemaExtra(context.evaluator, schema) : undefined;
  if (extra) call.extras = [extra];
  const thinking = config.nested("thinkingConfig");
  const reasoning = reasoningAssumption(call.model, { budgetTokens: thinking.number("thinkingBudget"), effort: thinking.string("thinkingLevel")?.toLowerCase() });
  if (reasoning && call.kind === "chat") call.reasoning = reasoning;
}

const GENERATIVE_AI_METHODS: Record<string, { api: string; kind: RecognisedCall["kind"] }> = {
  generateContent: { api: "generateContent", kind: "chat" },
  generateContentStream: { api: "generateContentStream", kind: "chat" },
  countTokens: { api: "countTokens", kind: "count" },
  embedContent: { api: "embedContent", kind: "embedding" },
  batchEmbedContents: { api: "batchEmbedContents", kind: "embedding" },
};

/** The client class of each package with the generative-model API: Vertex AI's Node SDK has the same shape. */
const GENERATIVE_MODEL_CLIENTS: Record<string, string> = { "@google/generative-ai": "GoogleGenerativeAI", "@google-cloud/vertexai": "VertexAI" };

/**
 * `@google/generative-ai`: `genAI.getGenerativeModel({ model, systemInstruction, generationConfig })`
 * then `model.generateContent(request)`. The model handle carries the model and the output cap.
 * `@google-cloud/vertexai` the same from `new VertexAI({ project, location })`, also under `.preview`.
 */
export const googleGenerativeAiAdapter: ProviderAdapter = {
  sdk: "google-generative-ai",
  modules: Object.keys(GENERATIVE_MODEL_CLIENTS),
  callNames: ["generateContent", "generateContentStream", "countTokens", "embedContent", "batchEmbedContents", "sendMessage", "sendMessageStream"],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    const clientClass = GENERATIVE_MODEL_CLIENTS[callee.module];
    if (!path.construction || !clientClass || !isClientClass(path.importName, [clientClass])) return undefined;
    const steps = callee.module === "@google-cloud/vertexai" && path.rest[0]?.kind === "property" && path.rest[0].name === "preview" ? path.rest.slice(1) : path.rest;
    const [getModel, modelCall, ...tail] = steps;
    if (getModel?.kind !== "property" || (getModel.name !== "getGenerativeModel" && getModel.name !== "getGenerativeModelFromCachedContent")) return undefined;
    // `model.startChat({ history })` then `chat.sendMessage(text)`: startChat itself sends nothing.
    const chat = tail[0]?.kind === "property" && tail[0].name === "startChat" && tail[1]?.kind === "call" && tail.length === 3;
    const method = chat ? tail[2] : tail[0];
    if ((!chat && tail.length !== 1) || modelCall?.kind !== "call" || method?.kind !== "property") return undefined;
    const api = chat ? CHAT_METHODS[method.name] : GENERATIVE_AI_METHODS[method.name];
    if (!api) return undefined;
    const evaluator = context.evaluator;
    const modelParams = ParamReader.fromArgument(evaluator, modelCall.args[0], modelCall.scope);
    const request = context.node.arguments[0] ? evaluator.evaluate(context.node.arguments[0], argumentScope(context)) : undefined;
    const requestParams = new ParamReader(evaluator, request?.kind === "object" ? request : undefined);
    const modelRead = readModel(modelParams.get("model"));
    const model = modelRead.model;
    const messages: PromptMessage[] = [];
    const system = modelParams.get("systemInstruction") ?? requestParams.get("systemInstruction");
    if (system) messages.push(systemMessage(evaluator, system));
    if (chat && tail[1]?.kind === "call") {
      const startParams = ParamReader.fromArgument(evaluator, tail[1].args[0], tail[1].scope);
      messages.push(...readContents(evaluator, startParams.get("history")));
    }
    if (api.api === "batchEmbedContents") messages.push(...batchEmbedInputs(evaluator, requestParams.get("requests")));
    else if (request?.kind === "object") messages.push(...readContents(evaluator, requestParams.get("contents")));
    else if (request) messages.push(...readContents(evaluator, request));
    const requestConfig = requestParams.nested("generationConfig");
    const cap = requestConfig.has("maxOutputTokens")
      ? readOutputCap(requestConfig, ["maxOutputTokens"])
      : readOutputCap(modelParams.nested("generationConfig"), ["maxOutputTokens"]);
    const call: RecognisedCall = {
      sdk: "google-generative-ai",
      provider: "google",
      api: api.api,
      kind: api.kind,
      model,
      messages,
      ...cap,
      outputCapParam: "generationConfig.maxOutputTokens",
      outputCapRequired: false,
    };
    withModel(call, modelRead);
    const reasoning = reasoningAssumption(model, {});
    if (reasoning && api.kind === "chat") call.reasoning = reasoning;
    return call;
  },
};

/** `batchEmbedContents({ requests: [{ content }, ...] })`: each request's content is embedded and billed. */
function batchEmbedInputs(evaluator: Evaluator, requests: Value | undefined): PromptMessage[] {
  if (requests?.kind !== "array") return readMessages(evaluator, requests ?? { kind: "unknown", label: "requests", collection: { bounded: false } });
  return requests.elements.flatMap((request) => {
    if (request.kind !== "object") return readContents(evaluator, request);
    return readContents(evaluator, new ParamReader(evaluator, request).get("content"));
  });
}

export function systemMessage(evaluator: Evaluator, value: Value): PromptMessage {
  if (value.kind === "object") {
    const reader = new ParamReader(evaluator, value);
    return { role: "system", parts: contentParts(evaluator, reader.get("parts") ?? reader.get("text")).parts, cacheMarker: false };
  }
  return { role: "system", parts: contentParts(evaluator, value).parts, cacheMarker: false };
}

/** Gemini `contents`: a string, an array of strings or parts, or `{ role, parts }` turns. */
export function readContents(evaluator: Evaluator, value: Value | undefined): PromptMessage[] {
  if (!value) return [];
  if (value.kind === "array" && value.elements.every((element) => element.kind === "object" && new ParamReader(evaluator, element).has("parts"))) {
    return readMessages(evaluator, value, { roleAliases: { model: "assistant" }, image: GEMINI_IMAGE });
  }
  if (value.kind === "array") {
    const parts = value.elements.flatMap((element) => {
      if (element.kind !== "object") return toTextParts(element);
      const reader = new ParamReader(evaluator, element);
      if (reader.has("inlineData") || reader.has("fileData")) return [GEMINI_IMAGE(null)];
      return contentParts(evaluator, reader.get("text")).parts;
    });
    return [{ role: "user", parts, cacheMarker: false }];
  }
  if (value.kind === "object") {
    const reader = new ParamReader(evaluator, value);
    if (reader.has("parts")) return readMessages(evaluator, { kind: "array", elements: [value] }, { roleAliases: { model: "assistant" }, image: GEMINI_IMAGE });
    return [{ role: "user", parts: contentParts(evaluator, reader.get("text")).parts, cacheMarker: false }];
  }
  // A request only known at run time is most often the user's text; only a collection reads as a history.
  if (value.kind === "unknown" && !value.collection) return [{ role: "user", parts: toTextParts(value), cacheMarker: false }];
  return readMessages(evaluator, value.kind === "unknown" ? value : { kind: "array", elements: [value] });
}
