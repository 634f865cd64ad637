// The ollama JavaScript client: `new Ollama({ host }).chat({ model, messages, options: { num_predict } })`,
// the default instance (`import ollama from "ollama"`), `generate`, `embed` and the older `embeddings`.
// The body is the one of the server's HTTP API (/api/chat, /api/generate, /api/embed), read as such.
import type { ExternalValue } from "../resolve/values.ts";
import { argumentScope, isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { ParamReader, readModel } from "./call-params.ts";
import { ollamaCall } from "./http-requests.ts";

const OLLAMA_METHODS: Record<string, { path: string; kind: "chat" | "embedding" }> = {
  chat: { path: "/api/chat", kind: "chat" },
  generate: { path: "/api/generate", kind: "chat" },
  embed: { path: "/api/embed", kind: "embedding" },
  embeddings: { path: "/api/embeddings", kind: "embedding" },
};

export const ollamaAdapter: ProviderAdapter = {
  sdk: "ollama",
  modules: ["ollama", "ollama/browser"],
  callNames: Object.keys(OLLAMA_METHODS),
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    // A client made with `new Ollama(...)`, or the module's default instance.
    const client = path.construction ? isClientClass(path.importName, ["Ollama"]) : path.importName === "default";
    const names = propertyNames(path.rest);
    const method = client && names?.length === 1 ? OLLAMA_METHODS[names[0]!] : undefined;
    if (!method) return undefined;
    const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], argumentScope(context));
    return ollamaCall(params, names![0]!, { ...method, provider: "ollama" }, readModel(params.get("model")), context, "ollama");
  },
};
