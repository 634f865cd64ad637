// The `openai` package before v4, and `openai-edge` (the same API over fetch, for edge runtimes):
// `new OpenAIApi(new Configuration({ apiKey, basePath }))` then `createChatCompletion(params)`,
// `createCompletion(params)`, `createEmbedding(params)`. Their parameters are v4's `chat.completions.create`,
// `completions.create` and `embeddings.create` parameters, read the same way; `basePath` is the base URL.
import type { ExternalValue } from "../resolve/values.ts";
import { argumentScope, splitClientPath, type AdapterContext, type ClientPath, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { deployedBaseUrl } from "./base-url.ts";
import { ParamReader, readModel } from "./call-params.ts";
import { openAiRequestCall, providerFromBaseUrl, type OpenAiShape } from "./openai.ts";

const METHODS: Record<string, { kind: RecognisedCall["kind"]; shape: OpenAiShape }> = {
  createChatCompletion: { kind: "chat", shape: "chat" },
  createCompletion: { kind: "chat", shape: "completions" },
  createEmbedding: { kind: "embedding", shape: "embeddings" },
};

export const openAiV3Adapter: ProviderAdapter = {
  sdk: "openai",
  modules: ["openai", "openai-edge"],
  callNames: Object.keys(METHODS),
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    const [method, ...after] = path.rest;
    if (!path.construction || path.importName !== "OpenAIApi" || method?.kind !== "property" || after.length > 0) return undefined;
    const shape = METHODS[method.name];
    if (!shape) return undefined;
    const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], argumentScope(context));
    const provider = providerFromBaseUrl(deployedBaseUrl(configurationOptions(context, path.construction), "basePath")) ?? "openai";
    return openAiRequestCall(params, { sdk: "openai", api: method.name, ...shape, provider, model: readModel(params.get("model")) }, context);
  },
};

/** The options of the `Configuration` the client was constructed with (`new OpenAIApi(configuration)`), empty when not one. */
function configurationOptions(context: AdapterContext, construction: NonNullable<ClientPath["construction"]>): ParamReader {
  const argument = construction.args[0];
  const configuration = argument ? context.evaluator.evaluate(argument, construction.scope) : undefined;
  const configPath = configuration?.kind === "external" ? splitClientPath(configuration) : undefined;
  const options = configPath?.importName === "Configuration" && configPath.rest.length === 0 ? configPath.construction : undefined;
  return ParamReader.fromArgument(context.evaluator, options?.args[0], options?.scope ?? construction.scope);
}
