import type { PromptMessage } from "../types.ts";
import { toTextParts, type ExternalValue, type Value } from "../resolve/values.ts";
import { imageTokens, openAiToolsExtra } from "../tokens/request-extras.ts";
import { argumentScope, isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { ParamReader, readMessages, readModel, readOutputCap, withModel, type ImagePart } from "./call-params.ts";
import { providerFromBaseUrl } from "./openai.ts";

/** The request methods of the legacy client, each `(deploymentName, messages | prompt | input, options)`. */
const METHODS: Record<string, { kind: RecognisedCall["kind"]; input: "messages" | "prompt" | "input" }> = {
  getChatCompletions: { kind: "chat", input: "messages" },
  streamChatCompletions: { kind: "chat", input: "messages" },
  getCompletions: { kind: "chat", input: "prompt" },
  streamCompletions: { kind: "chat", input: "prompt" },
  getEmbeddings: { kind: "embedding", input: "input" },
};

/**
 * The legacy `@azure/openai` (1.0 betas, before Azure moved to the `openai` package's AzureOpenAI):
 * `new OpenAIClient(endpoint, new AzureKeyCredential(key))` then `getChatCompletions(deployment,
 * messages, { maxTokens })`. The deployment names the model; `new OpenAIClient(new
 * OpenAIKeyCredential(key))` talks to OpenAI itself, where the first argument is the model.
 */
export const azureOpenAiAdapter: ProviderAdapter = {
  sdk: "azure-openai",
  modules: ["@azure/openai"],
  callNames: Object.keys(METHODS),
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (!path.construction || !isClientClass(path.importName, ["OpenAIClient"])) return undefined;
    const api = propertyNames(path.rest)?.join(".");
    const method = api ? METHODS[api] : undefined;
    if (!method || !api) return undefined;
    const evaluator = context.evaluator;
    const scope = argumentScope(context);
    const [deploymentArg, inputArg, optionsArg] = context.node.arguments;
    const firstClientArg = path.construction.args[0];
    const endpoint = firstClientArg ? evaluator.evaluate(firstClientArg, path.construction.scope) : undefined;
    const provider = clientProvider(endpoint);
    const options = ParamReader.fromArgument(evaluator, optionsArg, scope);
    const deployment = readModel(deploymentArg ? evaluator.evaluate(deploymentArg, scope) : undefined, "no deployment name");
    const call = withModel<RecognisedCall>(
      {
        sdk: "azure-openai",
        provider,
        api,
        kind: method.kind,
        model: null,
        messages: [],
        ...(method.kind === "embedding" ? { hasOutputCap: true, outputCap: 0 } : readOutputCap(options, ["maxTokens"])),
        outputCapParam: "maxTokens",
        outputCapRequired: method.kind === "embedding",
      },
      provider === "azure" && deployment.model ? { ...deployment, note: [deployment.note, "the Azure deployment name, taken as the model"].filter(Boolean).join("; ") } : deployment,
    );
    const image: ImagePart = (detail) => {
      const { tokens, label } = imageTokens(provider, call.model, detail);
      return { kind: "dynamic", label, assumedTokens: tokens };
    };
    const input = inputArg ? evaluator.evaluate(inputArg, scope) : undefined;
    call.messages = method.input === "messages" ? readMessages(evaluator, input, { image }) : eachInput(input);
    const tools = openAiToolsExtra(evaluator, options.get("tools") ?? options.get("functions"), call.model);
    if (tools && method.kind === "chat") call.extras = [tools];
    const layout = options.literalLayout();
    if (layout && method.kind === "chat") {
      call.paramsObject = layout;
      call.capTemplate = "maxTokens: $N";
    }
    return call;
  },
};

/** Azure unless the client was made with an OpenAIKeyCredential alone (OpenAI's own API) or its endpoint names another host. */
function clientProvider(endpoint: Value | undefined): string {
  if (endpoint?.kind === "external") {
    const credential = splitClientPath(endpoint);
    if (credential.construction && credential.importName === "OpenAIKeyCredential") return "openai";
  }
  const text = endpoint?.kind === "text" ? endpoint.parts.map((part) => (part.kind === "static" ? part.text : "")).join("") : "";
  const byHost = providerFromBaseUrl(text);
  return byHost && byHost !== "local" ? byHost : "azure";
}

/** Prompts or embedding inputs: an array of texts, each sent and billed; anything else one text. */
function eachInput(value: Value | undefined): PromptMessage[] {
  if (!value) return [];
  if (value.kind === "array") return value.elements.map((element) => ({ role: "user", parts: toTextParts(element), cacheMarker: false }));
  return [{ role: "user", parts: toTextParts(value), cacheMarker: false }];
}
