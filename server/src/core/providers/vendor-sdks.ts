// Vendors' own SDKs shaped like OpenAI's: `new Together().chat.completions.create(...)` (together-ai),
// `new Groq().chat.completions.create(...)` (groq-sdk). The same resources and parameters as the `openai`
// package, read as OpenAI requests and priced by the vendor. And token.js, one such client for many
// providers, the provider a parameter of each request (`new TokenJS().chat.completions.create({ provider:
// "anthropic", model, messages })`), with its fork fluency.js (twinnydotdev/twinny's chat).
import type { Sdk } from "../types.ts";
import { fullyStaticText, type ExternalValue } from "../resolve/values.ts";
import { isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { ParamReader, readModel } from "./call-params.ts";
import { openAiRequestCall, type OpenAiShape } from "./openai.ts";

const METHODS: Record<string, { kind: RecognisedCall["kind"]; shape: OpenAiShape }> = {
  "chat.completions.create": { kind: "chat", shape: "chat" },
  "chat.completions.stream": { kind: "chat", shape: "chat" },
  "completions.create": { kind: "chat", shape: "completions" },
  "embeddings.create": { kind: "embedding", shape: "embeddings" },
};

/** A request's provider: the vendor's own, or read from its parameters. */
type ProviderOf = string | ((params: ParamReader) => string);

function vendorSdkAdapter(sdk: Sdk, modules: string[], clientClass: string, provider: ProviderOf, methods: Record<string, { kind: RecognisedCall["kind"]; shape: OpenAiShape }> = METHODS): ProviderAdapter {
  return {
    sdk,
    modules,
    callNames: ["create", "stream"],
    recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
      const path = splitClientPath(callee);
      if (!path.construction || !isClientClass(path.importName, [clientClass])) return undefined;
      const api = propertyNames(path.rest)?.join(".");
      const method = api ? methods[api] : undefined;
      if (!api || !method) return undefined;
      const scope = context.scope ?? { file: context.file };
      const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], scope);
      return openAiRequestCall(params, { sdk, api, ...method, provider: typeof provider === "string" ? provider : provider(params), model: readModel(params.get("model")) }, context);
    },
  };
}

export const togetherAdapter = vendorSdkAdapter("together-ai", ["together-ai"], "Together", "together");
export const groqAdapter = vendorSdkAdapter("groq-sdk", ["groq-sdk"], "Groq", "groq");

/** token.js's `provider` values, as the price table names the providers; one it has no prices of stays as token.js names it. */
const TOKEN_JS_PROVIDERS: Readonly<Record<string, string>> = { gemini: "google", "openai-compatible": "unknown" };

/** The provider a token.js request names (`provider: "anthropic"`), unknown when the code does not say which. */
function tokenJsProvider(params: ParamReader): string {
  const value = params.get("provider");
  const named = value ? fullyStaticText(value) : undefined;
  return named === undefined ? "unknown" : (TOKEN_JS_PROVIDERS[named] ?? named);
}

/** token.js has chat completions only, streamed with `stream: true`. */
export const tokenJsAdapter = vendorSdkAdapter("token.js", ["token.js", "fluency.js"], "TokenJS", tokenJsProvider, { "chat.completions.create": { kind: "chat", shape: "chat" } });
