import { ts } from "../ts.ts";
import type { PromptMessage, RequestExtra, Sdk } from "../types.ts";
import type { ExternalValue, Value } from "../resolve/values.ts";
import { anthropicToolsExtra, anthropicToolSystemPrompt, imageTokens, reasoningAssumption } from "../tokens/request-extras.ts";
import { argumentScope, isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { contentParts, ParamReader, readModel, readOutputCap, readSystemThenMessages, withModel, type ImagePart } from "./call-params.ts";

const METHODS: Record<string, { kind: RecognisedCall["kind"] }> = {
  "messages.create": { kind: "chat" },
  "messages.stream": { kind: "chat" },
  "messages.parse": { kind: "chat" },
  "messages.countTokens": { kind: "count" },
  "messages.batches.create": { kind: "batch" },
  "beta.messages.create": { kind: "chat" },
  "beta.messages.stream": { kind: "chat" },
  "beta.messages.parse": { kind: "chat" },
  "beta.messages.toolRunner": { kind: "chat" },
  "beta.messages.countTokens": { kind: "count" },
  "beta.messages.batches.create": { kind: "batch" },
  // Managed agents: sending events (a user message) to a session makes the agent run its model.
  "beta.sessions.events.send": { kind: "chat" },
};

/** The client classes and the vendor that bills them: Anthropic itself, or its models on Bedrock and Vertex. */
const CLIENTS: Record<string, { classes: string[]; provider: string }> = {
  "@anthropic-ai/sdk": { classes: ["Anthropic"], provider: "anthropic" },
  "@anthropic-ai/bedrock-sdk": { classes: ["AnthropicBedrock"], provider: "bedrock" },
  "@anthropic-ai/vertex-sdk": { classes: ["AnthropicVertex"], provider: "google" },
};

/** Anthropic's SDK: `new Anthropic()` then `messages.create({ model, system, messages, max_tokens })`. */
export const anthropicAdapter: ProviderAdapter = {
  sdk: "anthropic",
  modules: Object.keys(CLIENTS),
  callNames: ["create", "stream", "parse", "countTokens", "toolRunner", "send"],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const client = CLIENTS[callee.module];
    const path = splitClientPath(callee);
    if (!client || !path.construction || !isClientClass(path.importName, client.classes)) return undefined;
    const names = propertyNames(path.rest);
    const api = names?.join(".");
    const method = api ? METHODS[api] : undefined;
    if (!method || !api) return undefined;
    const evaluator = context.evaluator;
    if (api === "beta.sessions.events.send") return sessionEvents(context, client.provider);
    const argument = ParamReader.fromArgument(evaluator, context.node.arguments[0], argumentScope(context));
    // A batch is a list of requests; the first one stands for each (they usually share a template).
    const params = method.kind === "batch" ? firstBatchRequest(argument) : argument;
    return anthropicRequestCall(params, { sdk: "anthropic", api, kind: method.kind, provider: client.provider }, context);
  },
};

/** An Anthropic Messages request read from its parameters: the SDK's params, or the JSON body sent to `/v1/messages`. */
export function anthropicRequestCall(params: ParamReader, request: { sdk: Sdk; api: string; kind: RecognisedCall["kind"]; provider: string }, context: AdapterContext): RecognisedCall {
  const evaluator = context.evaluator;
  const call = withModel<RecognisedCall>(
    {
      sdk: request.sdk,
      provider: request.provider,
      api: request.api,
      kind: request.kind,
      model: null,
      messages: [],
      ...readOutputCap(params, ["max_tokens"]),
      outputCapParam: "max_tokens",
      // The API rejects a request without max_tokens, so a missing cap is a type error, not a cost risk.
      outputCapRequired: true,
    },
    readModel(params.get("model")),
  );
  const image: ImagePart = () => {
    const { tokens, label } = imageTokens("anthropic", call.model, null);
    return { kind: "dynamic", label, assumedTokens: tokens };
  };
  call.messages = readSystemThenMessages(evaluator, params, image);
  const extras = toolExtras(evaluator, params, call.model);
  if (extras.length > 0) call.extras = extras;
  const thinking = params.nested("thinking");
  if (thinking.string("type") === "enabled") {
    const reasoning = reasoningAssumption(call.model, { budgetTokens: thinking.number("budget_tokens") ?? 1024 });
    if (reasoning) call.reasoning = reasoning;
  }
  if (request.kind === "batch") return call;
  const layout = params.literalLayout();
  if (layout) {
    call.paramsObject = layout;
    call.capTemplate = "max_tokens: $N";
  }
  const written = params.written("system");
  if (written && ts.isPropertyAssignment(written.node)) {
    const initializer = written.node.initializer;
    call.systemParam = {
      offsets: written.offsets,
      valueOffsets: { start: initializer.getStart(), end: initializer.getEnd() },
      isString: params.get("system")?.kind === "text",
    };
  } else if (written && ts.isShorthandPropertyAssignment(written.node)) {
    call.systemParam = { offsets: written.offsets, valueOffsets: written.offsets, isString: params.get("system")?.kind === "text" };
  }
  return call;
}

/** `sessions.events.send(sessionId, { events: [{ type: "user.message", content }] })`: the agent's model, set where it was created. */
function sessionEvents(context: AdapterContext, provider: string): RecognisedCall {
  const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[1], argumentScope(context));
  const events = params.get("events");
  const messages: PromptMessage[] = [{ role: "user", parts: [{ kind: "dynamic", label: "session history and agent system prompt", collection: { bounded: false } }], cacheMarker: false, opaque: true }];
  if (events?.kind === "array") {
    for (const event of events.elements) {
      if (event.kind !== "object") continue;
      const reader = new ParamReader(context.evaluator, event);
      messages.push({ role: "user", parts: contentParts(context.evaluator, reader.get("content")).parts, cacheMarker: false });
    }
  }
  return {
    sdk: "anthropic",
    provider,
    api: "beta.sessions.events.send",
    kind: "chat",
    model: null,
    modelNote: "the agent's model (set where the agent was created); an agent may make several requests per event",
    messages,
    hasOutputCap: true,
    outputCap: null,
    outputCapParam: "max_tokens",
    outputCapRequired: true,
  };
}

/** `{ requests: [{ custom_id, params: {...} }, ...] }`: the params of the first request. */
function firstBatchRequest(argument: ParamReader): ParamReader {
  const requests = argument.get("requests");
  const first: Value | undefined = requests?.kind === "array" ? requests.elements[0] : undefined;
  if (first?.kind !== "object") return new ParamReader(argument.evaluator, undefined);
  return new ParamReader(argument.evaluator, first).nested("params");
}

/** Tool definitions and, whenever tools are sent, the system prompt Anthropic adds for tool use. */
function toolExtras(evaluator: AdapterContext["evaluator"], params: ParamReader, model: string | null): RequestExtra[] {
  const tools = params.get("tools");
  if (!tools || (tools.kind === "array" && tools.elements.length === 0)) return [];
  const extras: RequestExtra[] = [];
  const definitions = anthropicToolsExtra(evaluator, tools);
  if (definitions) extras.push(definitions);
  extras.push(anthropicToolSystemPrompt(model, params.nested("tool_choice").string("type")));
  return extras;
}
