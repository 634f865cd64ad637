import type { PromptMessage } from "../types.ts";
import { fullyStaticText, toTextParts, type ExternalValue, type Value } from "../resolve/values.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { ParamReader, readMessages, readOutputCap } from "./call-params.ts";

const FUNCTIONS: Record<string, RecognisedCall["kind"]> = {
  generateText: "chat",
  streamText: "chat",
  generateObject: "chat",
  streamObject: "chat",
  embed: "embedding",
  embedMany: "embedding",
};

/** The vendor whose prices apply to a model made by a provider package's factory. */
const PROVIDER_PACKAGES: Record<string, string> = {
  "@ai-sdk/openai": "openai",
  "@ai-sdk/anthropic": "anthropic",
  "@ai-sdk/google": "google",
  "@ai-sdk/google-vertex": "google",
  "@ai-sdk/mistral": "mistral",
  "@ai-sdk/cohere": "cohere",
  "@ai-sdk/amazon-bedrock": "bedrock",
  "@ai-sdk/azure": "azure",
  "@ai-sdk/groq": "groq",
  "@ai-sdk/deepseek": "deepseek",
  "@ai-sdk/xai": "xai",
  "@ai-sdk/togetherai": "together",
  "@ai-sdk/fireworks": "fireworks",
  "@openrouter/ai-sdk-provider": "openrouter",
};

/** Vercel AI SDK: `generateText({ model: openai("gpt-4o"), system, prompt | messages, maxOutputTokens })`. */
export const vercelAiAdapter: ProviderAdapter = {
  sdk: "vercel-ai",
  modules: ["ai"],
  callNames: Object.keys(FUNCTIONS),
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    const name = path.importName ?? (path.rest[0]?.kind === "property" ? path.rest[0].name : undefined);
    const rest = path.importName ? path.rest : path.rest.slice(1);
    if (path.construction || rest.length > 0 || !name) return undefined;
    const kind = FUNCTIONS[name];
    if (!kind) return undefined;
    const evaluator = context.evaluator;
    const params = ParamReader.fromArgument(evaluator, context.node.arguments[0], { file: context.file });
    const { provider, model, note } = readModelFactory(evaluator, params.get("model"));
    const messages: PromptMessage[] = [];
    if (kind === "embedding") {
      const values = params.get(name === "embedMany" ? "values" : "value");
      if (values?.kind === "array") messages.push(...values.elements.map((element) => ({ role: "user" as const, parts: toTextParts(element), cacheMarker: false })));
      else if (values) messages.push({ role: "user", parts: toTextParts(values), cacheMarker: false });
    } else {
      const system = params.get("system") ?? params.get("instructions");
      if (system) messages.push({ role: "system", parts: toTextParts(system), cacheMarker: false });
      messages.push(...readMessages(evaluator, params.get("messages")));
      const prompt = params.get("prompt");
      if (prompt) messages.push({ role: "user", parts: toTextParts(prompt), cacheMarker: false });
    }
    const capNames = ["maxOutputTokens", "maxTokens"];
    const call: RecognisedCall = {
      sdk: "vercel-ai",
      provider,
      api: name,
      kind,
      model,
      messages,
      ...(kind === "embedding" ? { hasOutputCap: true, outputCap: 0 } : readOutputCap(params, capNames)),
      outputCapParam: params.has("maxTokens") ? "maxTokens" : "maxOutputTokens",
      outputCapRequired: kind === "embedding",
    };
    if (note) call.modelNote = note;
    const layout = params.literalLayout();
    if (layout) {
      call.paramsObject = layout;
      call.capTemplate = `${call.outputCapParam}: $N`;
    }
    return call;
  },
};

/**
 * `openai("gpt-4o")`, `openai.chat("gpt-4o")`, `createOpenAI({...})("gpt-4o")`, or a gateway string
 * `"openai/gpt-4o"`: the provider from the factory's package, the model from its first argument.
 */
function readModelFactory(evaluator: Evaluator, value: Value | undefined): { provider: string; model: string | null; note?: string } {
  if (!value) return { provider: "unknown", model: null, note: "no model parameter" };
  const text = fullyStaticText(value);
  if (text !== undefined) {
    const slash = text.indexOf("/");
    return slash > 0 ? { provider: text.slice(0, slash), model: text.slice(slash + 1) } : { provider: "unknown", model: text };
  }
  if (value.kind !== "external") {
    return { provider: "unknown", model: null, note: value.kind === "unknown" ? `not known statically: ${value.label}` : "not known statically" };
  }
  const provider = PROVIDER_PACKAGES[value.module] ?? value.module.replace(/^@ai-sdk\//, "");
  const lastCall = value.steps.findLast((step) => step.kind === "call");
  const argument = lastCall?.kind === "call" ? lastCall.args[0] : undefined;
  if (!argument || lastCall?.kind !== "call") return { provider, model: null, note: "model factory without a model id" };
  const model = fullyStaticText(evaluator.evaluate(argument, lastCall.scope));
  return model !== undefined ? { provider, model } : { provider, model: null, note: `not known statically: ${argument.getText()}` };
}
