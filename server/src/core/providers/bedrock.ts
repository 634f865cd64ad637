import type { PromptMessage } from "../types.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { fullyStaticText, toTextParts, type ExternalValue, type Value } from "../resolve/values.ts";
import { anthropicToolsExtra, anthropicToolSystemPrompt, imageTokens } from "../tokens/request-extras.ts";
import { argumentScope, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { contentParts, ParamReader, readMessages, readModel, readOutputCap, readSystemThenMessages, withModel, type ImagePart } from "./call-params.ts";

const RUNTIME = "@aws-sdk/client-bedrock-runtime";
const CONTROL = "@aws-sdk/client-bedrock";
const AGENT_RUNTIME = "@aws-sdk/client-bedrock-agent-runtime";

/** Commands that make a request, by module, and the method of the aggregated client (`new BedrockRuntime().converse`). */
const COMMANDS: Record<string, Record<string, { kind: RecognisedCall["kind"]; shape: "converse" | "invoke" | "count" | "batch" | "rag" | "agent" }>> = {
  [RUNTIME]: {
    ConverseCommand: { kind: "chat", shape: "converse" },
    ConverseStreamCommand: { kind: "chat", shape: "converse" },
    InvokeModelCommand: { kind: "chat", shape: "invoke" },
    InvokeModelWithResponseStreamCommand: { kind: "chat", shape: "invoke" },
    CountTokensCommand: { kind: "count", shape: "count" },
    converse: { kind: "chat", shape: "converse" },
    converseStream: { kind: "chat", shape: "converse" },
    invokeModel: { kind: "chat", shape: "invoke" },
    invokeModelWithResponseStream: { kind: "chat", shape: "invoke" },
    countTokens: { kind: "count", shape: "count" },
  },
  // Batch inference is a job of the control-plane client, billed at batch rates.
  [CONTROL]: {
    CreateModelInvocationJobCommand: { kind: "batch", shape: "batch" },
    createModelInvocationJob: { kind: "batch", shape: "batch" },
  },
  // Knowledge-base answers and agents call a model on the caller's behalf.
  [AGENT_RUNTIME]: {
    RetrieveAndGenerateCommand: { kind: "chat", shape: "rag" },
    RetrieveAndGenerateStreamCommand: { kind: "chat", shape: "rag" },
    InvokeAgentCommand: { kind: "chat", shape: "agent" },
    retrieveAndGenerate: { kind: "chat", shape: "rag" },
    invokeAgent: { kind: "chat", shape: "agent" },
  },
};

const CLIENT_CLASSES = new Set(["BedrockRuntimeClient", "BedrockRuntime", "BedrockClient", "Bedrock", "BedrockAgentRuntimeClient", "BedrockAgentRuntime"]);

/**
 * AWS Bedrock through the AWS SDK v3: `client.send(new ConverseCommand({ modelId, messages, system,
 * inferenceConfig }))`, InvokeModel with a JSON body in the model's own format, and the aggregated client's
 * methods. Other commands sent through the same clients (ListFoundationModels, GetObject) are not requests.
 */
export const bedrockAdapter: ProviderAdapter = {
  sdk: "bedrock",
  modules: [RUNTIME, CONTROL, AGENT_RUNTIME],
  callNames: ["send", ...new Set(Object.values(COMMANDS).flatMap((commands) => Object.keys(commands).filter((name) => !name.endsWith("Command"))))],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (!path.construction || !path.importName || !CLIENT_CLASSES.has(path.importName)) return undefined;
    const names = propertyNames(path.rest);
    if (!names || names.length !== 1) return undefined;
    const scope = argumentScope(context);
    const evaluator = context.evaluator;
    let commandName: string;
    let input: ParamReader;
    if (names[0] === "send") {
      const argument = context.node.arguments[0];
      const command = argument ? evaluator.evaluate(argument, scope) : undefined;
      if (command?.kind !== "external" || command.module !== callee.module) return undefined;
      const commandPath = splitClientPath(command);
      if (!commandPath.construction || commandPath.rest.length > 0 || !commandPath.importName) return undefined;
      commandName = commandPath.importName;
      input = ParamReader.fromArgument(evaluator, commandPath.construction.args[0], commandPath.construction.scope);
    } else {
      commandName = names[0]!;
      input = ParamReader.fromArgument(evaluator, context.node.arguments[0], scope);
    }
    const command = COMMANDS[callee.module]?.[commandName];
    if (!command) return undefined;
    const api = commandName;
    switch (command.shape) {
      case "converse":
      case "count":
        return readConverse(api, command.kind, command.shape === "count" ? input.nested("input").nested("converse") : input, input, evaluator);
      case "invoke":
        return readInvoke(api, input, evaluator);
      case "batch":
        return withModel<RecognisedCall>(
          { sdk: "bedrock", provider: "bedrock", api, kind: "batch", model: null, messages: [opaque("batch records in S3")], hasOutputCap: true, outputCap: null, outputCapParam: "", outputCapRequired: true },
          readModel(input.get("modelId")),
        );
      case "rag": {
        const configuration = input.nested("retrieveAndGenerateConfiguration");
        const arn = configuration.nested("knowledgeBaseConfiguration").string("modelArn") ?? configuration.nested("externalSourcesConfiguration").string("modelArn");
        const model = arn ? arn.replace(/^arn:aws:bedrock:[^:]*:[^:]*:(foundation-model|inference-profile)\//, "") : null;
        const messages = [{ role: "user" as const, parts: toTextParts(input.nested("input").get("text") ?? { kind: "unknown", label: "query" }), cacheMarker: false }, opaque("retrieved passages")];
        return { sdk: "bedrock", provider: "bedrock", api, kind: "chat", model, ...(model ? {} : { modelNote: "the model ARN is not known statically" }), messages, hasOutputCap: false, outputCap: null, outputCapParam: "generationConfiguration.inferenceConfig.textInferenceConfig.maxTokens", outputCapRequired: true };
      }
      case "agent":
        return {
          sdk: "bedrock",
          provider: "bedrock",
          api,
          kind: "chat",
          model: null,
          modelNote: "the agent's model (set where the agent is configured); an agent may make several requests per invocation",
          messages: [{ role: "user", parts: toTextParts(input.get("inputText") ?? { kind: "unknown", label: "inputText" }), cacheMarker: false }, opaque("agent instructions and session")],
          hasOutputCap: true,
          outputCap: null,
          outputCapParam: "",
          outputCapRequired: true,
        };
    }
  },
};

function opaque(label: string): PromptMessage {
  return { role: "user", parts: [{ kind: "dynamic", label, collection: { bounded: false } }], cacheMarker: false, opaque: true };
}

/** Converse: `{ modelId, system: [{ text }, { cachePoint }], messages: [{ role, content: [{ text }] }], inferenceConfig: { maxTokens } }`. */
function readConverse(api: string, kind: RecognisedCall["kind"], params: ParamReader, outer: ParamReader, evaluator: Evaluator): RecognisedCall {
  const model = readModel(outer.get("modelId"));
  const image: ImagePart = () => {
    const { tokens, label } = imageTokens("bedrock", model.model, null);
    return { kind: "dynamic", label, assumedTokens: tokens };
  };
  const messages = readSystemThenMessages(evaluator, params, image);
  const inference = params.nested("inferenceConfig");
  const call = withModel<RecognisedCall>(
    { sdk: "bedrock", provider: "bedrock", api, kind, model: null, messages, ...readOutputCap(inference, ["maxTokens"]), outputCapParam: "inferenceConfig.maxTokens", outputCapRequired: false },
    model,
  );
  const tools = params.nested("toolConfig").get("tools");
  if (tools && !(tools.kind === "array" && tools.elements.length === 0)) {
    const definitions = anthropicToolsExtra(evaluator, tools);
    call.extras = definitions ? [definitions] : [];
    if (/claude/.test(model.model ?? "")) call.extras.push(anthropicToolSystemPrompt(model.model, null));
  }
  const layout = inference.literalLayout() ?? (params.has("inferenceConfig") ? undefined : params.literalLayout());
  if (layout) {
    call.paramsObject = layout;
    call.capTemplate = inference.object ? "maxTokens: $N" : "inferenceConfig: { maxTokens: $N }";
  }
  return call;
}

/** Body members that carry a prompt in one of the model families' native formats, besides `system` and `messages`. */
const PROMPT_KEYS = ["prompt", "inputText", "message", "texts"];

/**
 * InvokeModel sends the model's native body as JSON: read it from the object given to JSON.stringify, in
 * the format of the model family the id names (Anthropic messages, Titan, Llama, Mistral, Cohere, Nova).
 * A reranking (`{ query, documents }` to a Cohere or Amazon rerank model) is priced per search, not a
 * generation nor an embedding: not a request.
 */
function readInvoke(api: string, input: ParamReader, evaluator: Evaluator): RecognisedCall | undefined {
  const model = readModel(input.get("modelId"));
  const bodyValue = input.get("body");
  // The body is JSON.stringify(object): known text when the object is a literal, else the object kept aside.
  const bodyText = bodyValue ? fullyStaticText(bodyValue) : undefined;
  const parsed = bodyText !== undefined ? evaluator.parseJson(bodyText) : undefined;
  const bodyObject =
    parsed?.kind === "object" ? parsed : bodyValue?.kind === "unknown" && bodyValue.stringified?.kind === "object" ? bodyValue.stringified : bodyValue?.kind === "object" ? bodyValue : undefined;
  const body = new ParamReader(evaluator, bodyObject);
  const id = model.model ?? "";
  if (/\brerank/.test(id) || (body.has("query") && body.has("documents") && ![...PROMPT_KEYS, "system", "messages"].some((key) => body.has(key)))) return undefined;
  const kind: RecognisedCall["kind"] = /embed/.test(id) ? "embedding" : "chat";
  const messages: PromptMessage[] = [];
  if (!bodyObject) messages.push(opaque(bodyValue ? "request body" : "no body"));
  const system = body.get("system");
  if (system) {
    const { parts, cacheMarker } = contentParts(evaluator, system);
    messages.push({ role: "system", parts, cacheMarker });
  }
  if (body.has("messages")) messages.push(...readMessages(evaluator, body.get("messages")));
  for (const key of PROMPT_KEYS) {
    const value = body.get(key);
    if (value) messages.push(...promptMessages(value));
  }
  const capNames = ["max_tokens", "max_tokens_to_sample", "max_gen_len", "maxTokens"];
  const nestedCap = body.nested("textGenerationConfig").has("maxTokenCount") ? readOutputCap(body.nested("textGenerationConfig"), ["maxTokenCount"]) : readOutputCap(body.nested("inferenceConfig"), ["max_new_tokens", "maxTokens"]);
  const cap = kind === "embedding" ? { hasOutputCap: true, outputCap: 0 } : body.firstPresent(capNames) ? readOutputCap(body, capNames) : bodyObject ? nestedCap : { hasOutputCap: true, outputCap: null };
  // Read back from JSON text, the messages have no place in the source to point at.
  if (parsed) for (const message of messages) delete message.offsets;
  const call = withModel<RecognisedCall>(
    { sdk: "bedrock", provider: "bedrock", api, kind, model: null, messages, ...cap, outputCapParam: "max_tokens (in the body)", outputCapRequired: /anthropic\./.test(id) || kind === "embedding" },
    model,
  );
  const tools = body.get("tools");
  if (tools && /claude/.test(id)) {
    const definitions = anthropicToolsExtra(evaluator, tools);
    call.extras = [...(definitions ? [definitions] : []), anthropicToolSystemPrompt(model.model, null)];
  }
  return call;
}

function promptMessages(value: Value): PromptMessage[] {
  if (value.kind === "array") return value.elements.map((element) => ({ role: "user", parts: toTextParts(element), cacheMarker: false }));
  const text = fullyStaticText(value);
  return [{ role: "user", parts: text !== undefined ? [{ kind: "static", text }] : toTextParts(value), cacheMarker: false }];
}
