import type { PromptMessage } from "../types.ts";
import { toTextParts, type ExternalValue, type Value } from "../resolve/values.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { contentParts, ParamReader, readMessages, readModel, readOutputCap } from "./call-params.ts";

const GENAI_METHODS: Record<string, { api: string; kind: RecognisedCall["kind"] }> = {
  "models.generateContent": { api: "models.generateContent", kind: "chat" },
  "models.generateContentStream": { api: "models.generateContentStream", kind: "chat" },
  "models.countTokens": { api: "models.countTokens", kind: "count" },
  "models.embedContent": { api: "models.embedContent", kind: "embedding" },
};

/** `@google/genai`: `new GoogleGenAI({...}).models.generateContent({ model, contents, config })`. */
export const googleGenAiAdapter: ProviderAdapter = {
  sdk: "google-genai",
  modules: ["@google/genai"],
  callNames: ["generateContent", "generateContentStream", "countTokens", "embedContent"],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (!path.construction || !isClientClass(path.importName, ["GoogleGenAI"])) return undefined;
    const names = propertyNames(path.rest);
    const method = names ? GENAI_METHODS[names.join(".")] : undefined;
    if (!method) return undefined;
    const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], { file: context.file });
    const config = params.nested("config");
    const { model, note } = readModel(params.get("model"));
    const messages: PromptMessage[] = [];
    const system = config.get("systemInstruction");
    if (system) messages.push(systemMessage(context.evaluator, system));
    messages.push(...readContents(context.evaluator, params.get("contents")));
    const call: RecognisedCall = {
      sdk: "google-genai",
      provider: "google",
      api: method.api,
      kind: method.kind,
      model,
      messages,
      ...readOutputCap(config, ["maxOutputTokens"]),
      outputCapParam: "config.maxOutputTokens",
      outputCapRequired: false,
    };
    if (note) call.modelNote = note;
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

const GENERATIVE_AI_METHODS: Record<string, { api: string; kind: RecognisedCall["kind"] }> = {
  generateContent: { api: "generateContent", kind: "chat" },
  generateContentStream: { api: "generateContentStream", kind: "chat" },
  countTokens: { api: "countTokens", kind: "count" },
  embedContent: { api: "embedContent", kind: "embedding" },
};

/**
 * `@google/generative-ai`: `genAI.getGenerativeModel({ model, systemInstruction, generationConfig })`
 * then `model.generateContent(request)`. The model handle carries the model and the output cap.
 */
export const googleGenerativeAiAdapter: ProviderAdapter = {
  sdk: "google-generative-ai",
  modules: ["@google/generative-ai"],
  callNames: ["generateContent", "generateContentStream", "countTokens", "embedContent"],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (!path.construction || !isClientClass(path.importName, ["GoogleGenerativeAI"])) return undefined;
    const [getModel, modelCall, method, ...extra] = path.rest;
    if (extra.length > 0 || getModel?.kind !== "property" || getModel.name !== "getGenerativeModel") return undefined;
    if (modelCall?.kind !== "call" || method?.kind !== "property") return undefined;
    const api = GENERATIVE_AI_METHODS[method.name];
    if (!api) return undefined;
    const evaluator = context.evaluator;
    const modelParams = ParamReader.fromArgument(evaluator, modelCall.args[0], modelCall.scope);
    const request = context.node.arguments[0] ? evaluator.evaluate(context.node.arguments[0], { file: context.file }) : undefined;
    const requestParams = new ParamReader(evaluator, request?.kind === "object" ? request : undefined);
    const { model, note } = readModel(modelParams.get("model"));
    const messages: PromptMessage[] = [];
    const system = modelParams.get("systemInstruction") ?? requestParams.get("systemInstruction");
    if (system) messages.push(systemMessage(evaluator, system));
    if (request?.kind === "object") messages.push(...readContents(evaluator, requestParams.get("contents")));
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
    if (note) call.modelNote = note;
    return call;
  },
};

function systemMessage(evaluator: Evaluator, value: Value): PromptMessage {
  if (value.kind === "object") {
    const reader = new ParamReader(evaluator, value);
    return { role: "system", parts: contentParts(evaluator, reader.get("parts") ?? reader.get("text")).parts, cacheMarker: false };
  }
  return { role: "system", parts: contentParts(evaluator, value).parts, cacheMarker: false };
}

/** Gemini `contents`: a string, an array of strings or parts, or `{ role, parts }` turns. */
function readContents(evaluator: Evaluator, value: Value | undefined): PromptMessage[] {
  if (!value) return [];
  if (value.kind === "array" && value.elements.every((element) => element.kind === "object" && new ParamReader(evaluator, element).has("parts"))) {
    return readMessages(evaluator, value, { roleAliases: { model: "assistant" } });
  }
  if (value.kind === "array") {
    const parts = value.elements.flatMap((element) =>
      element.kind === "object" ? contentParts(evaluator, new ParamReader(evaluator, element).get("text")).parts : toTextParts(element),
    );
    return [{ role: "user", parts, cacheMarker: false }];
  }
  if (value.kind === "object") {
    const reader = new ParamReader(evaluator, value);
    if (reader.has("parts")) return readMessages(evaluator, { kind: "array", elements: [value] }, { roleAliases: { model: "assistant" } });
    return [{ role: "user", parts: contentParts(evaluator, reader.get("text")).parts, cacheMarker: false }];
  }
  return readMessages(evaluator, value.kind === "unknown" ? value : { kind: "array", elements: [value] });
}
