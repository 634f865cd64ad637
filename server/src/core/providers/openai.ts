import type { PromptMessage } from "../types.ts";
import { toTextParts, type ExternalValue } from "../resolve/values.ts";
import { isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { ParamReader, readMessages, readModel, readOutputCap } from "./call-params.ts";

/** The request-making methods of the `openai` client, by their path after the client. */
const METHODS: Record<string, { api: string; kind: RecognisedCall["kind"]; shape: "chat" | "responses" | "completions" | "embeddings" }> = {
  "chat.completions.create": { api: "chat.completions.create", kind: "chat", shape: "chat" },
  "chat.completions.parse": { api: "chat.completions.parse", kind: "chat", shape: "chat" },
  "chat.completions.stream": { api: "chat.completions.stream", kind: "chat", shape: "chat" },
  "beta.chat.completions.parse": { api: "beta.chat.completions.parse", kind: "chat", shape: "chat" },
  "beta.chat.completions.stream": { api: "beta.chat.completions.stream", kind: "chat", shape: "chat" },
  "responses.create": { api: "responses.create", kind: "chat", shape: "responses" },
  "responses.stream": { api: "responses.stream", kind: "chat", shape: "responses" },
  "responses.parse": { api: "responses.parse", kind: "chat", shape: "responses" },
  "completions.create": { api: "completions.create", kind: "chat", shape: "completions" },
  "embeddings.create": { api: "embeddings.create", kind: "embedding", shape: "embeddings" },
};

const CAP_PARAMS = {
  chat: ["max_completion_tokens", "max_tokens"],
  responses: ["max_output_tokens"],
  completions: ["max_tokens"],
  embeddings: [],
} as const;

/** OpenAI's Node SDK: `new OpenAI()` (or `AzureOpenAI`) then `chat.completions.create(...)` and friends. */
export const openaiAdapter: ProviderAdapter = {
  sdk: "openai",
  modules: ["openai"],
  callNames: ["create", "parse", "stream"],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (!path.construction || !isClientClass(path.importName, ["OpenAI", "AzureOpenAI"])) return undefined;
    const names = propertyNames(path.rest);
    const method = names ? METHODS[names.join(".")] : undefined;
    if (!method) return undefined;
    const scope = { file: context.file };
    const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], scope);
    const { model, note } = readModel(params.get("model"));
    const capNames = CAP_PARAMS[method.shape];
    const cap = readOutputCap(params, capNames);
    const clientOptions = ParamReader.fromArgument(context.evaluator, path.construction.args[0], path.construction.scope);
    const baseProvider = path.importName === "AzureOpenAI" ? "azure" : "openai";
    const call: RecognisedCall = {
      sdk: "openai",
      provider: providerFromBaseUrl(clientOptions.string("baseURL")) ?? baseProvider,
      api: method.api,
      kind: method.kind,
      model,
      messages: readOpenAiMessages(params, method.shape, context),
      ...cap,
      outputCapParam: capNames[0] ?? "",
      outputCapRequired: false,
    };
    if (note) call.modelNote = note;
    const layout = params.literalLayout();
    if (layout && capNames[0]) {
      call.paramsObject = layout;
      call.capTemplate = `${capNames[0]}: $N`;
    }
    return call;
  },
};

function readOpenAiMessages(params: ParamReader, shape: "chat" | "responses" | "completions" | "embeddings", context: AdapterContext): PromptMessage[] {
  const evaluator = context.evaluator;
  switch (shape) {
    case "chat":
      return readMessages(evaluator, params.get("messages"));
    case "responses": {
      const messages: PromptMessage[] = [];
      const instructions = params.get("instructions");
      if (instructions) messages.push({ role: "developer", parts: toTextParts(instructions), cacheMarker: false });
      const input = params.get("input");
      if (input && (input.kind === "array" || input.kind === "unknown")) messages.push(...readMessages(evaluator, input));
      else if (input) messages.push({ role: "user", parts: toTextParts(input), cacheMarker: false });
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
  }
}

/** The vendor behind an OpenAI-compatible base URL; unknown hosts keep OpenAI. */
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
    [/generativelanguage\.googleapis\.com/, "google"],
    [/openai\.azure\.com/, "azure"],
    [/localhost|127\.0\.0\.1|0\.0\.0\.0/, "local"],
  ];
  return hosts.find(([pattern]) => pattern.test(baseUrl))?.[1];
}
