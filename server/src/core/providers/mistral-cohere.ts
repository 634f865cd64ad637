import type { PromptMessage } from "../types.ts";
import { toTextParts, type ExternalValue } from "../resolve/values.ts";
import { argumentScope, isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { ParamReader, readMessages, readModel, readOutputCap, withModel } from "./call-params.ts";

type Shape = "chat" | "fim" | "embeddings" | "batch" | "agent" | "generate" | "cohere-v1-chat";

const MISTRAL_METHODS: Record<string, { kind: RecognisedCall["kind"]; shape: Shape }> = {
  // @mistralai/mistralai 1.x: new Mistral({ apiKey }).chat.complete(...)
  "chat.complete": { kind: "chat", shape: "chat" },
  "chat.stream": { kind: "chat", shape: "chat" },
  "chat.parse": { kind: "chat", shape: "chat" },
  "fim.complete": { kind: "chat", shape: "fim" },
  "fim.stream": { kind: "chat", shape: "fim" },
  "agents.complete": { kind: "chat", shape: "agent" },
  "agents.stream": { kind: "chat", shape: "agent" },
  "embeddings.create": { kind: "embedding", shape: "embeddings" },
  "batch.jobs.create": { kind: "batch", shape: "batch" },
  // 0.x: new MistralClient(apiKey).chat(...)
  chat: { kind: "chat", shape: "chat" },
  chatStream: { kind: "chat", shape: "chat" },
  embeddings: { kind: "embedding", shape: "embeddings" },
};

/** Mistral's SDK: `new Mistral({ apiKey }).chat.complete({ model, messages, maxTokens })`, and the 0.x MistralClient. */
export const mistralAdapter: ProviderAdapter = {
  sdk: "mistral",
  modules: ["@mistralai/mistralai"],
  callNames: ["complete", "stream", "parse", "create", "chat", "chatStream", "embeddings"],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (!path.construction || !isClientClass(path.importName, ["Mistral", "MistralClient"])) return undefined;
    const names = propertyNames(path.rest);
    const api = names?.join(".");
    const method = api ? MISTRAL_METHODS[api] : undefined;
    if (!method || !api) return undefined;
    const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], argumentScope(context));
    return readRequest("mistral", api, method.kind, method.shape, params, context);
  },
};

const COHERE_METHODS: Record<string, { kind: RecognisedCall["kind"]; v1: Shape; v2: Shape }> = {
  chat: { kind: "chat", v1: "cohere-v1-chat", v2: "chat" },
  chatStream: { kind: "chat", v1: "cohere-v1-chat", v2: "chat" },
  generate: { kind: "chat", v1: "generate", v2: "generate" },
  generateStream: { kind: "chat", v1: "generate", v2: "generate" },
  embed: { kind: "embedding", v1: "embeddings", v2: "embeddings" },
};

/**
 * Cohere's SDK: `new CohereClient({ token }).chat({ model, message, preamble, chatHistory, maxTokens })` (v1),
 * `new CohereClientV2().chat({ model, messages, maxTokens })` or `client.v2.chat(...)` (v2), and `embed`.
 */
export const cohereAdapter: ProviderAdapter = {
  sdk: "cohere",
  modules: ["cohere-ai"],
  callNames: Object.keys(COHERE_METHODS),
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (!path.construction || !isClientClass(path.importName, ["CohereClient", "CohereClientV2"])) return undefined;
    const names = propertyNames(path.rest);
    if (!names) return undefined;
    const v2 = path.importName === "CohereClientV2" || names[0] === "v2";
    const methodName = names[0] === "v2" ? names.slice(1).join(".") : names.join(".");
    const method = COHERE_METHODS[methodName];
    if (!method) return undefined;
    const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], argumentScope(context));
    return readRequest("cohere", v2 ? `v2.${methodName}` : methodName, method.kind, v2 ? method.v2 : method.v1, params, context);
  },
};

/**
 * A POST to Cohere's own API (`https://api.cohere.ai/v1/chat`, `/v2/chat`, `/v1/embed`, `/v1/generate`): its
 * body read as the SDK's parameters, in the API's snake_case (`chat_history`, `max_tokens`).
 */
export function cohereHttpCall(params: ParamReader, api: string, path: string, context: AdapterContext): RecognisedCall {
  const [, version, operation] = /^\/(v[12])\/(chat|embed|generate)$/.exec(path) ?? [];
  const shape: Shape = operation === "embed" ? "embeddings" : operation === "generate" ? "generate" : version === "v1" ? "cohere-v1-chat" : "chat";
  const call = readRequest("cohere", api, operation === "embed" ? "embedding" : "chat", shape, params, context);
  call.sdk = "http";
  if (call.kind !== "embedding") {
    call.outputCapParam = "max_tokens";
    if (call.capTemplate) call.capTemplate = "max_tokens: $N";
  }
  return call;
}

function readRequest(sdk: "mistral" | "cohere", api: string, kind: RecognisedCall["kind"], shape: Shape, params: ParamReader, context: AdapterContext): RecognisedCall {
  const evaluator = context.evaluator;
  const messages: PromptMessage[] = [];
  switch (shape) {
    case "chat":
    case "agent":
      messages.push(...readMessages(evaluator, params.get("messages")));
      break;
    case "cohere-v1-chat": {
      const preamble = params.get("preamble");
      if (preamble) messages.push({ role: "system", parts: toTextParts(preamble), cacheMarker: false });
      const history = params.get("chatHistory") ?? params.get("chat_history");
      if (history) messages.push(...readMessages(evaluator, history, { roleAliases: { USER: "user", CHATBOT: "assistant", SYSTEM: "system" }, textKey: "message" }));
      const message = params.get("message");
      if (message) messages.push({ role: "user", parts: toTextParts(message), cacheMarker: false });
      break;
    }
    case "fim":
    case "generate": {
      const prompt = params.get("prompt");
      if (prompt) messages.push({ role: "user", parts: toTextParts(prompt), cacheMarker: false });
      const suffix = params.get("suffix");
      if (suffix) messages.push({ role: "user", parts: toTextParts(suffix), cacheMarker: false });
      break;
    }
    case "embeddings": {
      const inputs = params.get("inputs") ?? params.get("input") ?? params.get("texts");
      if (inputs?.kind === "array") messages.push(...inputs.elements.map((element) => ({ role: "user" as const, parts: toTextParts(element), cacheMarker: false })));
      else if (inputs) messages.push({ role: "user", parts: toTextParts(inputs), cacheMarker: false });
      break;
    }
    case "batch":
      messages.push({ role: "user", parts: [{ kind: "dynamic", label: "batch input files", collection: { bounded: false } }], cacheMarker: false, opaque: true });
      break;
  }
  const noCap = kind === "embedding" || kind === "batch";
  const model = shape === "agent" && !params.has("model") ? { model: null, note: "the agent's model (set where the agent was created)" } : readModel(params.get("model"));
  const call = withModel<RecognisedCall>(
    {
      sdk,
      provider: sdk,
      api,
      kind,
      model: null,
      messages,
      ...(noCap ? { hasOutputCap: true, outputCap: kind === "embedding" ? 0 : null } : readOutputCap(params, ["maxTokens", "max_tokens"])),
      outputCapParam: "maxTokens",
      outputCapRequired: noCap,
    },
    model,
  );
  const layout = params.literalLayout();
  if (layout && !noCap) {
    call.paramsObject = layout;
    call.capTemplate = "maxTokens: $N";
  }
  return call;
}
