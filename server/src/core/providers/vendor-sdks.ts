// Vendors' own SDKs shaped like OpenAI's: `new Together().chat.completions.create(...)` (together-ai),
// `new Groq().chat.completions.create(...)` (groq-sdk). The same resources and parameters as the `openai`
// package, read as OpenAI requests and priced by the vendor.
import type { Sdk } from "../types.ts";
import type { ExternalValue } from "../resolve/values.ts";
import { isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { ParamReader, readModel } from "./call-params.ts";
import { openAiRequestCall, type OpenAiShape } from "./openai.ts";

const METHODS: Record<string, { kind: RecognisedCall["kind"]; shape: OpenAiShape }> = {
  "chat.completions.create": { kind: "chat", shape: "chat" },
  "chat.completions.stream": { kind: "chat", shape: "chat" },
  "completions.create": { kind: "chat", shape: "completions" },
  "embeddings.create": { kind: "embedding", shape: "embeddings" },
};

function vendorSdkAdapter(sdk: Sdk, module: string, clientClass: string, provider: string): ProviderAdapter {
  return {
    sdk,
    modules: [module],
    callNames: ["create", "stream"],
    recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
      const path = splitClientPath(callee);
      if (!path.construction || !isClientClass(path.importName, [clientClass])) return undefined;
      const api = propertyNames(path.rest)?.join(".");
      const method = api ? METHODS[api] : undefined;
      if (!api || !method) return undefined;
      const scope = context.scope ?? { file: context.file };
      const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], scope);
      return openAiRequestCall(params, { sdk, api, ...method, provider, model: readModel(params.get("model")) }, context);
    },
  };
}

export const togetherAdapter = vendorSdkAdapter("together-ai", "together-ai", "Together", "together");
export const groqAdapter = vendorSdkAdapter("groq-sdk", "groq-sdk", "Groq", "groq");
