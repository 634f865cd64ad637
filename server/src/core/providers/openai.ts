import type { PromptMessage, RequestExtra, Sdk } from "../types.ts";
import { toTextParts, type EvalScope, type ExternalValue } from "../resolve/values.ts";
import { ts } from "../ts.ts";
import { imageTokens, openAiToolsExtra, reasoningAssumption, schemaExtra } from "../tokens/request-extras.ts";
import { isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { noteSelfHosted, ParamReader, readMessages, readModel, readOutputCap, withModel, type ImagePart, type ModelRead } from "./call-params.ts";
import { deployedBaseUrl, LOCAL_SERVER_URL } from "./base-url.ts";

export type OpenAiShape = "chat" | "responses" | "completions" | "embeddings" | "batch" | "run";

/** The request-making methods of the `openai` client, by their path after the client. */
const METHODS: Record<string, { kind: RecognisedCall["kind"]; shape: OpenAiShape }> = {
  "chat.completions.create": { kind: "chat", shape: "chat" },
  "chat.completions.parse": { kind: "chat", shape: "chat" },
  "chat.completions.stream": { kind: "chat", shape: "chat" },
  "chat.completions.runTools": { kind: "chat", shape: "chat" },
  "beta.chat.completions.parse": { kind: "chat", shape: "chat" },
  "beta.chat.completions.stream": { kind: "chat", shape: "chat" },
  "beta.chat.completions.runTools": { kind: "chat", shape: "chat" },
  "beta.chat.completions.runFunctions": { kind: "chat", shape: "chat" },
  "responses.create": { kind: "chat", shape: "responses" },
  "responses.stream": { kind: "chat", shape: "responses" },
  "responses.parse": { kind: "chat", shape: "responses" },
  "responses.inputTokens.count": { kind: "count", shape: "responses" },
  "beta.responses.create": { kind: "chat", shape: "responses" },
  "beta.responses.stream": { kind: "chat", shape: "responses" },
  "completions.create": { kind: "chat", shape: "completions" },
  "embeddings.create": { kind: "embedding", shape: "embeddings" },
  // The Batch API: the requests are in an uploaded JSONL file, billed at batch rates.
  "batches.create": { kind: "batch", shape: "batch" },
  // Assistants runs: the model and instructions come from the assistant unless the run overrides them.
  "beta.threads.runs.create": { kind: "chat", shape: "run" },
  "beta.threads.runs.createAndPoll": { kind: "chat", shape: "run" },
  "beta.threads.runs.stream": { kind: "chat", shape: "run" },
  "beta.threads.runs.createAndStream": { kind: "chat", shape: "run" },
  "beta.threads.createAndRun": { kind: "chat", shape: "run" },
  "beta.threads.createAndRunPoll": { kind: "chat", shape: "run" },
  "beta.threads.createAndRunStream": { kind: "chat", shape: "run" },
  // Tool outputs handed back to a run that asked for them: the run goes on, a new model turn over the thread.
  "beta.threads.runs.submitToolOutputs": { kind: "chat", shape: "run" },
  "beta.threads.runs.submitToolOutputsAndPoll": { kind: "chat", shape: "run" },
  "beta.threads.runs.submitToolOutputsStream": { kind: "chat", shape: "run" },
};

/** WebSocket transports: Responses over a socket, and the Realtime API; a `response.create` event makes a request. */
const SOCKET_MODULES = ["openai/resources/beta/responses/ws", "openai/resources/responses/ws", "openai/resources/beta/responses/websocket", "openai/resources/responses/websocket", "openai/realtime/ws", "openai/realtime/websocket", "openai/beta/realtime/ws", "openai/beta/realtime/websocket"];
const SOCKET_CLASSES = new Set(["ResponsesWS", "OpenAIRealtimeWS", "OpenAIRealtimeWebSocket"]);

const CAP_PARAMS: Record<OpenAiShape, readonly string[]> = {
  chat: ["max_completion_tokens", "max_tokens"],
  responses: ["max_output_tokens"],
  completions: ["max_tokens"],
  embeddings: [],
  batch: [],
  run: ["max_completion_tokens"],
};

/** OpenAI's Node SDK: `new OpenAI()` (or `AzureOpenAI`) then `chat.completions.create(...)` and friends. */
export const openaiAdapter: ProviderAdapter = {
  sdk: "openai",
  modules: ["openai", ...SOCKET_MODULES],
  callNames: ["create", "parse", "stream", "runTools", "runFunctions", "count", "createAndPoll", "createAndStream", "createAndRun", "createAndRunPoll", "createAndRunStream", "submitToolOutputs", "submitToolOutputsAndPoll", "submitToolOutputsStream", "send"],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (SOCKET_MODULES.includes(callee.module)) return recogniseSocketEvent(path, context);
    if (!path.construction || !isClientClass(path.importName, ["OpenAI", "AzureOpenAI"])) return undefined;
    const names = propertyNames(path.rest);
    const api = names?.join(".");
    const method = api ? METHODS[api] : undefined;
    if (!method || !api) return undefined;
    const scope = context.scope ?? { file: context.file };
    const params = ParamReader.fromArgument(context.evaluator, paramsArgument(context, method.shape, scope), scope);
    // `responses.stream({ response_id })` resumes the stream of a response already made: no new request.
    if (api === "responses.stream" && params.has("response_id") && !params.has("input")) return undefined;
    const clientOptions = ParamReader.fromArgument(context.evaluator, path.construction.args[0], path.construction.scope);
    const baseProvider = path.importName === "AzureOpenAI" ? "azure" : "openai";
    const provider = providerFromBaseUrl(deployedBaseUrl(clientOptions, "baseURL") ?? deployedBaseUrl(clientOptions, "endpoint")) ?? baseProvider;
    return openAiRequestCall(params, { sdk: "openai", api, ...method, provider, model: readOpenAiModel(params, clientOptions, method.shape, provider) }, context);
  },
};

/**
 * The argument that holds the request's parameters: the first, except for Assistants runs, whose ids come
 * first (`runs.create(threadId, body)`, `runs.submitToolOutputs(runId, { thread_id, tool_outputs })`, and
 * `submitToolOutputs(threadId, runId, body)` in SDK v4): there it is the first argument that is an object.
 */
function paramsArgument(context: AdapterContext, shape: OpenAiShape, scope: EvalScope): ts.Expression | undefined {
  const args = context.node.arguments;
  if (shape !== "run" || args.length < 2) return args[0];
  return args.find((arg) => context.evaluator.evaluate(arg, scope).kind === "object") ?? args[0];
}

/** What an OpenAI-shaped request is, besides its parameters: who sends it, which endpoint, whose prices. */
export interface OpenAiRequest {
  sdk: Sdk;
  api: string;
  kind: RecognisedCall["kind"];
  shape: OpenAiShape;
  provider: string;
  model: ModelRead;
}

/**
 * An OpenAI-shaped request read from its parameters: the SDK's params object, or the JSON body sent to
 * the REST endpoint (the same keys), so both get the same messages, cap, tools and fixes.
 */
export function openAiRequestCall(params: ParamReader, request: OpenAiRequest, context: AdapterContext): RecognisedCall {
  const { api, provider, shape, kind } = request;
  const capNames = CAP_PARAMS[shape];
  const capName = capParamFor(shape, provider);
  const call = withModel<RecognisedCall>(
    {
      sdk: request.sdk,
      provider,
      api,
      kind,
      model: null,
      messages: [],
      ...(shape === "batch" ? { hasOutputCap: true, outputCap: null } : readOutputCap(params, capNames)),
      outputCapParam: capName,
      outputCapRequired: shape === "batch",
    },
    request.model,
  );
  const image: ImagePart = (detail) => {
    const { tokens, label } = imageTokens(provider, call.model, detail);
    return { kind: "dynamic", label, assumedTokens: tokens };
  };
  call.messages = readOpenAiMessages(params, shape, context, image);
  // `n`: that many completions of the prompt, each billed as output (the input once).
  const completions = shape === "chat" || shape === "completions" ? params.get("n") : undefined;
  if (completions?.kind === "number" && Number.isInteger(completions.value) && completions.value > 1) call.completions = completions.value;
  else if (completions !== undefined && completions.kind !== "number" && completions.kind !== "null") call.completionsAtRunTime = writtenValueText(params, "n");
  const extras = openAiExtras(params, shape, context, call.model);
  if (extras.length > 0) call.extras = extras;
  const reasoning = reasoningAssumption(call.model, { effort: params.string("reasoning_effort") ?? params.nested("reasoning").string("effort") });
  if (reasoning && kind === "chat") call.reasoning = reasoning;
  noteSelfHosted(call);
  const layout = params.literalLayout();
  if (layout && capName) {
    call.paramsObject = layout;
    call.capTemplate = `${capName}: $N`;
  }
  return call;
}

/** Vendors whose chat endpoint takes `max_completion_tokens` (OpenAI's name since its reasoning models); the others take `max_tokens`. */
const COMPLETION_TOKENS_VENDORS = new Set(["openai", "azure", "groq"]);

/**
 * The parameter a fix sets to cap a request's output: OpenAI's own for its API, `max_tokens` for other
 * vendors' OpenAI-compatible endpoints (Together's SDK has no `max_completion_tokens`: the fix would not
 * compile; DeepSeek, Mistral, OpenRouter and Ollama document `max_tokens`).
 */
function capParamFor(shape: OpenAiShape, provider: string): string {
  if (shape === "chat" && !COMPLETION_TOKENS_VENDORS.has(provider)) return "max_tokens";
  return CAP_PARAMS[shape][0] ?? "";
}

function recogniseSocketEvent(path: ReturnType<typeof splitClientPath>, context: AdapterContext): RecognisedCall | undefined {
  if (!path.importName || !SOCKET_CLASSES.has(path.importName)) return undefined;
  // `await OpenAIRealtimeWS.azure(azureClient)`: the socket of an Azure client, its deployment the model.
  const [factory, factoryCall, ...afterFactory] = path.rest;
  let rest = path.rest;
  let construction = path.construction;
  if (!construction && factory?.kind === "property" && factory.name === "azure" && factoryCall?.kind === "call" && factoryCall.args[0]) {
    const client = context.evaluator.evaluate(factoryCall.args[0], factoryCall.scope);
    const clientPath = client.kind === "external" ? splitClientPath(client) : undefined;
    construction = clientPath?.construction;
    rest = afterFactory;
    if (construction) {
      const deployment = ParamReader.fromArgument(context.evaluator, construction.args[0], construction.scope).get("deployment");
      construction = { ...construction, args: [] };
      if (propertyNames(rest)?.join(".") !== "send") return undefined;
      const call = socketCall(path.importName, { kind: "new", args: [], scope: construction.scope }, context);
      if (call && !call.model && deployment) withModel(call, { ...readModel(deployment), note: "the Azure deployment name, taken as the model" });
      if (call) call.provider = "azure";
      return call;
    }
  }
  if (!construction || propertyNames(rest)?.join(".") !== "send") return undefined;
  return socketCall(path.importName, construction, context);
}

function socketCall(className: string, construction: Extract<ExternalValue["steps"][number], { kind: "new" }>, context: AdapterContext): RecognisedCall | undefined {
  const path = { importName: className, construction };
  const event = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], context.scope ?? { file: context.file });
  if (event.string("type") !== "response.create") return undefined;
  const response = event.nested("response");
  const options = ParamReader.fromArgument(context.evaluator, path.construction.args[0], path.construction.scope);
  const model = event.get("model") ?? response.get("model") ?? options.get("model");
  const call = withModel<RecognisedCall>(
    { sdk: "openai", provider: "openai", api: `${path.importName}.send(response.create)`, kind: "chat", model: null, messages: [], ...readOutputCap(event.has("max_output_tokens") ? event : response, ["max_output_tokens", "max_response_output_tokens"]), outputCapParam: "max_output_tokens", outputCapRequired: false },
    model ? readModel(model) : { model: null, note: "the session's model" },
  );
  const instructions = event.get("instructions") ?? response.get("instructions");
  if (instructions) call.messages.push({ role: "developer", parts: toTextParts(instructions), cacheMarker: false });
  const input = event.get("input") ?? response.get("input");
  if (input?.kind === "array" || input?.kind === "unknown") call.messages.push(...readMessages(context.evaluator, input));
  else if (input) call.messages.push({ role: "user", parts: toTextParts(input), cacheMarker: false });
  else call.messages.push({ role: "user", parts: [{ kind: "dynamic", label: "conversation so far", collection: { bounded: false } }], cacheMarker: false, opaque: true });
  return call;
}

/** The model: the `model` parameter, else (Azure) the client's deployment, which names the model. */
function readOpenAiModel(params: ParamReader, clientOptions: ParamReader, shape: OpenAiShape, provider: string) {
  if (shape === "batch") return { model: null, note: "the batch's requests (and their model) are in the uploaded input file" };
  if (shape === "run") {
    const model = params.get("model");
    return model ? readModel(model) : { model: null, note: "the model of the assistant (set where it was created)" };
  }
  const model = params.get("model");
  if (!model && provider === "azure") {
    const deployment = clientOptions.get("deployment");
    if (deployment) {
      const read = readModel(deployment);
      return read.model ? { ...read, note: `the Azure deployment name, taken as the model` } : read;
    }
  }
  return readModel(model);
}

function openAiExtras(params: ParamReader, shape: OpenAiShape, context: AdapterContext, model: string | null): RequestExtra[] {
  const extras: RequestExtra[] = [];
  const evaluator = context.evaluator;
  const tools = openAiToolsExtra(evaluator, params.get("tools") ?? params.get("functions"), model);
  if (tools) extras.push(tools);
  if (shape === "chat") {
    const format = params.get("response_format");
    if (format?.kind === "object") {
      const reader = new ParamReader(evaluator, format);
      if (reader.string("type") === "json_schema") {
        const schema = schemaExtra(evaluator, reader.nested("json_schema").get("schema"));
        if (schema) extras.push(schema);
      }
    } else if (format) {
      // zodResponseFormat(Schema, "name"): the schema is built from a zod object at run time.
      const schema = schemaExtra(evaluator, format);
      if (schema) extras.push(schema);
    }
  } else if (shape === "responses") {
    const format = params.nested("text").get("format");
    if (format?.kind === "object") {
      const reader = new ParamReader(evaluator, format);
      if (reader.string("type") === "json_schema") {
        const schema = schemaExtra(evaluator, reader.get("schema"));
        if (schema) extras.push(schema);
      }
    } else if (format) {
      const schema = schemaExtra(evaluator, format);
      if (schema) extras.push(schema);
    }
  }
  return extras;
}

function readOpenAiMessages(params: ParamReader, shape: OpenAiShape, context: AdapterContext, image: ImagePart): PromptMessage[] {
  const evaluator = context.evaluator;
  switch (shape) {
    case "chat":
      return readMessages(evaluator, params.get("messages"), { image });
    case "responses": {
      const messages: PromptMessage[] = [];
      const instructions = params.get("instructions");
      if (instructions) messages.push({ role: "developer", parts: toTextParts(instructions), cacheMarker: false });
      const input = params.get("input");
      if (input && (input.kind === "array" || input.kind === "unknown")) messages.push(...readMessages(evaluator, input, { image }));
      else if (input) messages.push({ role: "user", parts: toTextParts(input), cacheMarker: false });
      return messages;
    }
    case "run": {
      const messages: PromptMessage[] = [];
      const instructions = params.get("instructions") ?? params.get("additional_instructions");
      if (instructions) messages.push({ role: "system", parts: toTextParts(instructions), cacheMarker: false });
      // The thread's messages are stored server-side: one history of run-time size.
      messages.push({ role: "user", parts: [{ kind: "dynamic", label: "thread messages", collection: { bounded: false } }], cacheMarker: false, opaque: true });
      return messages;
    }
    case "completions": {
      const prompt = params.get("prompt");
      return prompt ? [{ role: "user", parts: toTextParts(prompt), cacheMarker: false }] : [];
    }
    case "embeddings": {
      const input = params.get("input");
      if (!input) return [];
      if (input.kind === "array") {
        // Each input is embedded on its own; they are billed as the sum of their tokens.
        return input.elements.map((element) => ({ role: "user", parts: toTextParts(element), cacheMarker: false }));
      }
      return [{ role: "user", parts: toTextParts(input), cacheMarker: false }];
    }
    case "batch":
      return [{ role: "user", parts: [{ kind: "dynamic", label: "batch input file", collection: { bounded: false } }], cacheMarker: false, opaque: true }];
  }
}

/**
 * The vendor behind an OpenAI-compatible base URL; unknown hosts keep OpenAI. A server on this machine
 * is self-hosted (Ollama on its port 11434, vLLM, LM Studio, llama.cpp): it costs nothing per token unless
 * the config prices it.
 */
export function providerFromBaseUrl(baseUrl: string | null): string | undefined {
  if (!baseUrl) return undefined;
  const hosts: [RegExp, string][] = [
    [/groq\.com/, "groq"],
    [/deepseek\.com/, "deepseek"],
    [/openrouter\.ai/, "openrouter"],
    [/together\.(xyz|ai)/, "together"],
    [/fireworks\.ai/, "fireworks"],
    [/api\.x\.ai/, "xai"],
    [/mistral\.ai/, "mistral"],
    [/perplexity\.ai/, "perplexity"],
    [/cerebras\.ai/, "cerebras"],
    [/deepinfra\.com/, "deepinfra"],
    [/api\.anthropic\.com/, "anthropic"],
    [/generativelanguage\.googleapis\.com/, "google"],
    [/openai\.azure\.com|services\.ai\.azure\.com|cognitiveservices\.azure\.com/, "azure"],
    [/bedrock-runtime\.|bedrock-mantle\./, "bedrock"],
    [/api\.moonshot\.(ai|cn)/, "moonshot"],
    [/dashscope/, "alibaba"],
    [/api\.sambanova\.ai/, "sambanova"],
    [/api\.hyperbolic\.xyz/, "hyperbolic"],
    [/api\.jina\.ai/, "jina"],
    [/api\.voyageai\.com/, "voyage"],
    [/api\.cohere\.(?:ai|com)/, "cohere"],
    [/nvidia\.com/, "nvidia"],
    [/:11434\b|ollama/, "ollama"],
    [LOCAL_SERVER_URL, "local"],
  ];
  return hosts.find(([pattern]) => pattern.test(baseUrl))?.[1];
}

/** How a parameter's value is written at the call (`completions` of `n: completions`), or its name. */
function writtenValueText(params: ParamReader, name: string): string {
  const node = params.written(name)?.node;
  return node && ts.isPropertyAssignment(node) ? node.initializer.getText() : name;
}
