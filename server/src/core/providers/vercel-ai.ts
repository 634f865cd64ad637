import type { LlmCall, PromptMessage, Sdk } from "../types.ts";
import { fullyStaticText, toTextParts, type ExternalValue, type Value } from "../resolve/values.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { imageTokens, reasoningAssumption, schemaExtra } from "../tokens/request-extras.ts";
import { findPropertyNode } from "../resolve/members.ts";
import { ts } from "../ts.ts";
import { argumentScope, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { STEP_COUNT_CONDITIONS } from "./run-time-loops.ts";
import { modelText, unknownModel } from "./model-text.ts";
import { noteSelfHosted, ParamReader, readMessages, readModel, readOutputCap, runTimeBranchNote, withModel, type ImagePart, type ModelRead } from "./call-params.ts";
import { providerFromBaseUrl } from "./openai.ts";
import { deployedBaseUrl } from "./base-url.ts";
import { isMockModel } from "../test-doubles.ts";
import { unwrapModels } from "./model-wrappers.ts";
import { projectModel } from "./project-models.ts";

const FUNCTIONS: Record<string, RecognisedCall["kind"]> = {
  generateText: "chat",
  streamText: "chat",
  generateObject: "chat",
  streamObject: "chat",
  embed: "embedding",
  embedMany: "embedding",
  streamUI: "chat",
};

/** AI SDK 3.0's names of the request functions, exported as deprecated aliases until 4.0. */
const EXPERIMENTAL_ALIASES = ["experimental_generateText", "experimental_streamText", "experimental_generateObject", "experimental_streamObject"];

/**
 * Helpers that run an agent for a chat UI: `createAgentUIStreamResponse({ agent, uiMessages })`,
 * `createAgentUIStream`, `pipeAgentUIStreamToResponse`; each is one `agent.stream(...)`.
 */
const AGENT_UI_HELPERS = new Set(["createAgentUIStreamResponse", "createAgentUIStream", "pipeAgentUIStreamToResponse"]);

/** `new Agent({ model, instructions, ... })` (also `Experimental_Agent`, `ToolLoopAgent`) then `agent.generate({ prompt })`. */
const AGENT_CLASSES = new Set(["Agent", "Experimental_Agent", "ToolLoopAgent"]);
const AGENT_METHODS = new Set(["generate", "stream", "respond"]);
/** The AI SDK's output caps: `maxOutputTokens`, `maxTokens` before AI SDK 5. */
export const AI_SDK_CAP_NAMES: readonly string[] = ["maxOutputTokens", "maxTokens"];
/** `ToolLoopAgent`'s `stopWhen` when none is given: `stepCountIs(20)`. */
const TOOL_LOOP_AGENT_STEPS = 20;

/** The vendor whose prices apply to a model made by a provider package's factory. */
const PROVIDER_PACKAGES: Record<string, string> = {
  "@ai-sdk/openai": "openai",
  "@ai-sdk/anthropic": "anthropic",
  "@ai-sdk/google": "google",
  "@ai-sdk/google-vertex": "google",
  // Claude on Vertex AI (`vertexAnthropic("claude-sonnet-4-5@20250929")`): Anthropic's models at Anthropic's list prices.
  "@ai-sdk/google-vertex/anthropic": "anthropic",
  "@ai-sdk/google-vertex/anthropic/edge": "anthropic",
  "@ai-sdk/google-vertex/edge": "google",
  "@ai-sdk/mistral": "mistral",
  "@ai-sdk/cohere": "cohere",
  "@ai-sdk/amazon-bedrock": "bedrock",
  "@ai-sdk/azure": "azure",
  "@ai-sdk/groq": "groq",
  "@ai-sdk/deepseek": "deepseek",
  "@ai-sdk/xai": "xai",
  "@ai-sdk/togetherai": "together",
  "@ai-sdk/fireworks": "fireworks",
  "@ai-sdk/perplexity": "perplexity",
  "@ai-sdk/cerebras": "cerebras",
  "@ai-sdk/deepinfra": "deepinfra",
  "@ai-sdk/gateway": "gateway",
  "@ai-sdk/vercel": "vercel",
  "@ai-sdk/huggingface": "huggingface",
  "@ai-sdk/baseten": "baseten",
  "@ai-sdk/moonshotai": "moonshot",
  "@ai-sdk/alibaba": "alibaba",
  "@openrouter/ai-sdk-provider": "openrouter",
  "ollama-ai-provider": "ollama",
  "ollama-ai-provider-v2": "ollama",
  "ai-sdk-ollama": "ollama",
  "@ai-sdk/openai-compatible": "openai-compatible",
};

/** The vendors the provider packages name: what a project's own model class may say it forwards to. */
const VENDORS: ReadonlySet<string> = new Set(Object.values(PROVIDER_PACKAGES));

/** Packages whose factory calls make a model (the adapter reads the model from them, never a request). */
const MODEL_MODULES = Object.keys(PROVIDER_PACKAGES);

/** Whether a package's values are models the adapter reads (`openai("o3-mini")` of @ai-sdk/openai), though the package makes no request. */
export function isModelPackage(module: string): boolean {
  return MODEL_MODULES.includes(module) || module.startsWith("@ai-sdk/");
}

/** Vercel AI SDK: `generateText({ model: openai("gpt-4o"), system, prompt | messages, maxOutputTokens })`. */
export const vercelAiAdapter: ProviderAdapter = {
  sdk: "vercel-ai",
  modules: ["ai", "ai/rsc"],
  callNames: [...Object.keys(FUNCTIONS), ...EXPERIMENTAL_ALIASES, ...AGENT_METHODS, ...AGENT_UI_HELPERS],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (path.construction) return recogniseAgent(path, context);
    const name = path.importName ?? (path.rest[0]?.kind === "property" ? path.rest[0].name : undefined);
    const rest = path.importName ? path.rest : path.rest.slice(1);
    if (rest.length > 0 || !name) return undefined;
    if (AGENT_UI_HELPERS.has(name)) return recogniseAgentUiStream(name, context);
    const canonical = EXPERIMENTAL_ALIASES.includes(name) ? name.replace(/^experimental_/, "") : name;
    const kind = FUNCTIONS[canonical];
    if (!kind) return undefined;
    const evaluator = context.evaluator;
    const params = ParamReader.fromArgument(evaluator, context.node.arguments[0], argumentScope(context));
    if (isMockModel(params.get("model"))) return undefined;
    if (context.presenceOnly) return presentRequest(canonical, kind, context, kind === "chat" ? readToolSteps(evaluator, params, params) : undefined);
    return readRequest(canonical, kind, params, params, context);
  },
};

/** `agent.generate({ prompt })`: the model, instructions and cap from the Agent's constructor. */
function recogniseAgent(path: ReturnType<typeof splitClientPath>, context: AdapterContext): RecognisedCall | undefined {
  const [method, ...extra] = path.rest;
  if (!path.importName || !AGENT_CLASSES.has(path.importName) || extra.length > 0 || method?.kind !== "property" || !AGENT_METHODS.has(method.name)) return undefined;
  const evaluator = context.evaluator;
  const settings = ParamReader.fromArgument(evaluator, path.construction!.args[0], path.construction!.scope);
  const request = ParamReader.fromArgument(evaluator, context.node.arguments[0], argumentScope(context));
  if (isMockModel(settings.get("model"))) return undefined;
  // A ToolLoopAgent with tools and no limit of its own stops after 20 steps (the AI SDK's default).
  const defaultSteps = (): LlmCall["toolSteps"] => (path.importName === "ToolLoopAgent" && !settings.has("stopWhen") && !request.has("stopWhen") && (hasTools(evaluator, settings) || hasTools(evaluator, request)) ? { max: TOOL_LOOP_AGENT_STEPS, setBy: "ToolLoopAgent's default" } : undefined);
  // Whether it is a request, and whether it runs tool steps (its tools and step limit only: no prompt is read).
  if (context.presenceOnly) return presentRequest(`Agent.${method.name}`, "chat", context, readToolSteps(evaluator, settings, request) ?? defaultSteps());
  const call = readRequest(`Agent.${method.name}`, "chat", settings, request, context);
  if (!call.toolSteps) {
    const steps = defaultSteps();
    if (steps) call.toolSteps = steps;
  }
  call.paramsObject = settings.literalLayout();
  if (!call.paramsObject) delete call.paramsObject;
  return call;
}

/** `createAgentUIStreamResponse({ agent, uiMessages })`: the agent's settings, the UI messages as the prompt. */
function recogniseAgentUiStream(name: string, context: AdapterContext): RecognisedCall {
  const evaluator = context.evaluator;
  const options = ParamReader.fromArgument(evaluator, context.node.arguments[0], argumentScope(context));
  const agent = options.get("agent");
  const agentPath = agent?.kind === "external" ? splitClientPath(agent) : undefined;
  const construction = agentPath?.construction && agentPath.importName && AGENT_CLASSES.has(agentPath.importName) && agentPath.rest.length === 0 ? agentPath.construction : undefined;
  const settings = construction ? ParamReader.fromArgument(evaluator, construction.args[0], construction.scope) : new ParamReader(evaluator, undefined);
  const call = readRequest(name, "chat", settings, new ParamReader(evaluator, undefined), context);
  call.messages.push(...readMessages(evaluator, options.get("uiMessages") ?? options.get("messages") ?? { kind: "unknown", label: "uiMessages", collection: { bounded: false } }));
  if (!construction) call.modelNote = `the agent's model: ${agent?.kind === "unknown" ? `not known statically: ${agent.label}` : "the agent is not known statically"}`;
  const layout = settings.literalLayout();
  if (layout) {
    call.paramsObject = layout;
    call.capTemplate = `${call.outputCapParam}: $N`;
  }
  return call;
}

/**
 * A request of which only that it is one is asked (AdapterContext.presenceOnly): read from no parameters. On
 * elie222/inbox-zero 4f70dce two thirds of the wrapper index's reads through its `utils/llms` helpers were
 * the requests' prompts, schemas and options, for a yes the callee had already given.
 */
function presentRequest(api: string, kind: RecognisedCall["kind"], context: AdapterContext, toolSteps?: LlmCall["toolSteps"]): RecognisedCall {
  const none = new ParamReader(context.evaluator, undefined);
  const call = readRequest(api, kind, none, none, context);
  if (toolSteps) call.toolSteps = toolSteps;
  return call;
}

/**
 * One request as the AI SDK reads it: model, cap and system from `settings`, the prompt and messages from
 * `request` (the same object for generateText). A framework built on the AI SDK (Mastra) passes its own `sdk`
 * and the prompt it takes apart.
 */
export function readRequest(api: string, kind: RecognisedCall["kind"], settings: ParamReader, request: ParamReader, context: AdapterContext, framework?: { sdk: Sdk; prompt: Value | undefined }): RecognisedCall {
    const evaluator = context.evaluator;
    const params = request;
    const name = api;
    // Every request names a model: one only a spread of unknown content sets (`{ ...options, prompt }`, a model
    // destructured from such an object) is a model only known at run time, not a missing one.
    const factory = readModelFactory(evaluator, settings.mayBeSet("model"));
    const provider = factory.provider;
    const image: ImagePart = (detail) => {
      const { tokens, label } = imageTokens(provider, factory.model, detail);
      return { kind: "dynamic", label, assumedTokens: tokens };
    };
    const messages: PromptMessage[] = [];
    if (kind === "embedding") {
      const values = params.get(name === "embedMany" ? "values" : "value");
      if (values?.kind === "array") messages.push(...values.elements.map((element) => ({ role: "user" as const, parts: toTextParts(element), cacheMarker: false })));
      else if (values) messages.push({ role: "user", parts: toTextParts(values), cacheMarker: false });
    } else {
      const system = settings.get("system") ?? settings.get("instructions");
      if (system) messages.push({ role: "system", parts: toTextParts(system), cacheMarker: false });
      const prompt = framework ? framework.prompt : params.get("prompt");
      // `prompt` may also be a message array (AI SDK 5).
      if (prompt?.kind === "array") messages.push(...readMessages(evaluator, prompt, { image }));
      messages.push(...readMessages(evaluator, params.get("messages"), { image }));
      if (prompt && prompt.kind !== "array") messages.push({ role: "user", parts: toTextParts(prompt), cacheMarker: false });
    }
    const capReader = settings.firstPresent(AI_SDK_CAP_NAMES) ? settings : params;
    const call = withModel<RecognisedCall>(
      {
        sdk: framework?.sdk ?? "vercel-ai",
        provider,
        api: name,
        kind,
        model: null,
        messages,
        ...(kind === "embedding" ? { hasOutputCap: true, outputCap: 0 } : readOutputCap(capReader, AI_SDK_CAP_NAMES)),
        outputCapParam: capReader.has("maxTokens") ? "maxTokens" : "maxOutputTokens",
        outputCapRequired: kind === "embedding",
      },
      factory,
    );
    const schema = kind === "chat" && (api === "generateObject" || api === "streamObject") ? schemaExtra(evaluator, params.get("schema")) : undefined;
    if (schema) call.extras = [schema];
    const providerOptions = params.nested("providerOptions");
    const reasoning = reasoningAssumption(call.model, {
      effort: providerOptions.nested("openai").string("reasoningEffort"),
      budgetTokens: providerOptions.nested("anthropic").nested("thinking").number("budgetTokens") ?? providerOptions.nested("google").nested("thinkingConfig").number("thinkingBudget"),
    });
    if (reasoning && kind === "chat") call.reasoning = reasoning;
    const toolSteps = kind === "chat" ? readToolSteps(evaluator, settings, params) : undefined;
    if (toolSteps) call.toolSteps = toolSteps;
    noteSelfHosted(call);
    const layout = params.literalLayout();
    if (layout) {
      call.paramsObject = layout;
      call.capTemplate = `${call.outputCapParam}: $N`;
    }
    return call;
}

/**
 * The step limit of a call given tools: `stopWhen: stepCountIs(N)` (also in an array of stop conditions) or
 * `maxSteps: N` (AI SDK 4), N known and over one; read from the request, else from an agent's settings.
 * Undefined without tools, without a limit (one step, the SDK's default) or with one only known at run time.
 * The limit is read first, as written in the options: the tools, which take work to evaluate, only for a call
 * that has one.
 */
function readToolSteps(evaluator: Evaluator, settings: ParamReader, request: ParamReader): LlmCall["toolSteps"] {
  const limit = stepLimit(evaluator, request) ?? stepLimit(evaluator, settings);
  if (!limit) return undefined;
  return hasTools(evaluator, request) || hasTools(evaluator, settings) ? limit : undefined;
}

/** Whether the options name tools: written in them, else set through a spread. */
function hasTools(evaluator: Evaluator, reader: ParamReader): boolean {
  return reader.object !== undefined && (findPropertyNode(evaluator, reader.object, "tools") !== undefined || reader.mayBeSet("tools") !== undefined);
}

function stepLimit(evaluator: Evaluator, reader: ParamReader): LlmCall["toolSteps"] {
  // Written in the options (not through a spread, whose source may be a whole chain of calls to evaluate).
  const object = reader.object;
  const written = (name: string): Value | undefined => {
    const property = object && findPropertyNode(evaluator, object, name);
    return property && ts.isPropertyAssignment(property) ? evaluator.evaluate(property.initializer, object.scope) : undefined;
  };
  const maxSteps = written("maxSteps");
  if (maxSteps?.kind === "number") return maxSteps.value > 1 ? { max: maxSteps.value, setBy: "maxSteps" } : undefined;
  const stopWhen = written("stopWhen");
  const conditions = stopWhen?.kind === "array" ? stopWhen.elements : stopWhen ? [stopWhen] : [];
  const counts = conditions.flatMap((condition) => {
    if (condition.kind !== "external" || condition.module !== "ai") return [];
    const [name, call] = condition.steps;
    if (name?.kind !== "property" || !STEP_COUNT_CONDITIONS.has(name.name) || call?.kind !== "call" || !call.args[0]) return [];
    const count = evaluator.evaluate(call.args[0], call.scope);
    return count.kind === "number" ? [count.value] : [];
  });
  // Several conditions stop at the first met: the smallest count bounds the steps.
  const max = counts.length > 0 ? Math.min(...counts) : undefined;
  return max !== undefined && max > 1 ? { max, setBy: "stopWhen" } : undefined;
}

/**
 * `openai("gpt-4o")`, `openai.chat("gpt-4o")`, `createOpenAI({...})("gpt-4o")`, or a gateway string
 * `"openai/gpt-4o"`: the provider from the factory's package, the model from its first argument.
 */
function readModelFactory(evaluator: Evaluator, value: Value | undefined): ModelRead & { provider: string } {
  if (!value) return { provider: "unknown", model: null, note: "no model parameter" };
  // A traced or decorated model (`withTracing(model, posthog)`, `{ ...model, doGenerate }`) is read as the model it wraps.
  const options = unwrapModels(evaluator, value, isProviderModel).map((alternative) => readOneModel(evaluator, alternative));
  // Branches whose model is known; a branch that cannot be followed (a test mock) is named in the note.
  const known = options.filter((option) => option.model !== null);
  if (known.length === 0) return options[0]!;
  const orRunTime = known.find((option) => option.orRunTime !== undefined)?.orRunTime;
  const unknownNote =
    known.length < options.length ? `; ${options.length - known.length} other branch${options.length - known.length === 1 ? "" : "es"} not known statically` : runTimeBranchNote(orRunTime);
  // Each branch's ids (one, or its own choice of them) with the provider of the branch's factory.
  const ways = known.flatMap((option) => (option.candidates ?? [option.model!]).flatMap((model) => (option.candidateProviders?.[model] ?? [option.provider]).map((provider) => ({ model, provider }))));
  const models = [...new Set(ways.map((way) => way.model))];
  if (models.length > 1) {
    const provider = known[0]!.provider;
    const read: ModelRead & { provider: string } = { provider, model: models[0]!, candidates: models, note: `one of ${models.join(", ")} (priced at the most expensive)${unknownNote}` };
    const others = candidateProvidersOf(ways, provider);
    if (others) read.candidateProviders = others;
    return read;
  }
  const providers = [...new Set(known.map((option) => option.provider))];
  const first = providers.length > 1 ? { ...known[0]!, providerChoices: providers } : known[0]!;
  if (unknownNote) return { ...first, note: `${first.note ? `${first.note}; ` : ""}${unknownNote.slice(2)}` };
  return first;
}

/** Core package functions that make a model (see modelFromCore). */
const CORE_MODEL_MAKERS = new Set(["wrapLanguageModel", "gateway", "customProvider", "createProviderRegistry"]);

/** A model made by a provider package or the core package: what an unknown package's function must be given to count as a wrapper. */
function isProviderModel(value: Value): boolean {
  if (value.kind !== "external") return false;
  if (value.module === "ai") return value.steps[0]?.kind === "property" && CORE_MODEL_MAKERS.has(value.steps[0].name);
  return MODEL_MODULES.includes(value.module) || value.module.startsWith("@ai-sdk/");
}

function readOneModel(evaluator: Evaluator, value: Value): ModelRead & { provider: string } {
  const known = modelText(value);
  if (known) {
    // A gateway string: "openai/gpt-4o".
    return { ...known, ...(vendorOf(known.model) ?? { provider: "unknown" }) };
  }
  if (value.kind === "external" && value.module === "ai") {
    const inner = modelFromCore(evaluator, value);
    // A table's entry may itself be wrapped: `customProvider({ languageModels: { fast: createRetryable({ model }) } })`.
    if (inner) return readModelFactory(evaluator, inner);
  }
  // A model class of the project's own (a custom provider): the id and vendor it was built with.
  const own = projectModel(evaluator, value, VENDORS);
  if (own) return own;
  if (value.kind !== "external" || !isModelPackage(value.module)) {
    return { provider: "unknown", ...unknownModel(value) };
  }
  let provider = PROVIDER_PACKAGES[value.module] ?? value.module.replace(/^@ai-sdk\//, "");
  // `wrapLanguageModel({ model: openai("gpt-4o"), middleware })` is handled by the evaluator returning
  // the inner model; `createOpenAICompatible({ baseURL })` names its vendor by URL.
  const construction = value.steps.find((step) => step.kind === "call");
  if (construction?.kind === "call" && value.steps[0]?.kind === "property" && /^create/.test(value.steps[0].name) && construction.args[0]) {
    const settings = ParamReader.fromArgument(evaluator, construction.args[0], construction.scope);
    provider = providerFromBaseUrl(deployedBaseUrl(settings, "baseURL")) ?? (provider === "openai-compatible" ? settings.string("name") ?? provider : provider);
  }
  const lastCall = value.steps.findLast((step) => step.kind === "call");
  const argument = lastCall?.kind === "call" ? lastCall.args[0] : undefined;
  if (!argument || lastCall?.kind !== "call" || lastCall === construction && value.steps.filter((step) => step.kind === "call").length === 1 && /^create/.test((value.steps[0] as { name?: string }).name ?? "")) {
    return { provider, model: null, note: "model factory without a model id" };
  }
  const read = evaluator.evaluate(argument, lastCall.scope);
  // `openai(fast ? "gpt-4o-mini" : "gpt-4o")`, `openai(defaults[provider])`: one request, priced at the costliest id.
  const ids = readModel(read);
  if (ids.candidates) return provider === "gateway" ? gatewayCandidates(ids.candidates, ids.note) : { ...ids, provider };
  const argumentModel = modelText(read);
  if (!argumentModel) return { provider, ...unknownModel(read, read.kind === "unknown" ? read.label : argument.getText()) };
  // The gateway names the vendor in the id: gateway("anthropic/claude-sonnet-4").
  return { ...argumentModel, ...((provider === "gateway" ? vendorOf(argumentModel.model) : undefined) ?? { provider }) };
}

/** A gateway id's vendor and the vendor's own id (`anthropic/claude-sonnet-4`); undefined without a vendor prefix. */
function vendorOf(id: string): { provider: string; model: string } | undefined {
  const slash = id.indexOf("/");
  return slash > 0 ? { provider: id.slice(0, slash), model: id.slice(slash + 1) } : undefined;
}

/** The gateway's ids of a choice (`gateway(pro ? "anthropic/claude-sonnet-4" : "openai/gpt-4o")`), each with the vendor it names. */
function gatewayCandidates(ids: readonly string[], note: string | undefined): ModelRead & { provider: string } {
  const split = ids.map((id) => vendorOf(id) ?? { provider: "unknown", model: id });
  const first = split[0]!;
  const read: ModelRead & { provider: string } = { provider: first.provider, model: first.model, candidates: [...new Set(split.map((id) => id.model))] };
  if (note) read.note = note;
  const others = candidateProvidersOf(split, first.provider);
  if (others) read.candidateProviders = others;
  return read;
}

/** For each id some way sends through another provider than `provider`: every provider that sends it, in the code's order. */
function candidateProvidersOf(ways: readonly { model: string; provider: string }[], provider: string): Record<string, string[]> | undefined {
  const byModel = new Map<string, string[]>();
  for (const way of ways) {
    const providers = byModel.get(way.model) ?? byModel.set(way.model, []).get(way.model)!;
    if (!providers.includes(way.provider)) providers.push(way.provider);
  }
  const others = [...byModel].filter(([, providers]) => providers.some((own) => own !== provider));
  return others.length > 0 ? Object.fromEntries(others) : undefined;
}

/**
 * Models made by the core package: `wrapLanguageModel({ model })`, `customProvider({ languageModels })
 * .languageModel("fast")`, `createProviderRegistry({ openai }).languageModel("openai:gpt-4o")`, `gateway(id)`.
 */
function modelFromCore(evaluator: Evaluator, value: ExternalValue): Value | undefined {
  const [first, firstCall, method, methodCall] = value.steps;
  if (first?.kind !== "property" || firstCall?.kind !== "call") return undefined;
  const settings = ParamReader.fromArgument(evaluator, firstCall.args[0], firstCall.scope);
  if (first.name === "wrapLanguageModel" && value.steps.length === 2) return settings.get("model");
  if (first.name === "gateway" && value.steps.length === 2) return firstCall.args[0] ? evaluator.evaluate(firstCall.args[0], firstCall.scope) : undefined;
  if (method?.kind !== "property" || methodCall?.kind !== "call" || !methodCall.args[0] || value.steps.length !== 4) return undefined;
  const id = fullyStaticText(evaluator.evaluate(methodCall.args[0], methodCall.scope));
  if (id === undefined) return undefined;
  if (first.name === "customProvider") {
    const table = method.name === "textEmbeddingModel" ? "textEmbeddingModels" : "languageModels";
    return settings.nested(table).get(id);
  }
  if (first.name === "createProviderRegistry") {
    const [providerName, ...modelParts] = id.split(/[:>]/);
    const providerValue = providerName ? settings.get(providerName) : undefined;
    if (providerValue?.kind !== "external") return undefined;
    return registryModel(providerValue, modelParts.join(":"));
  }
  return undefined;
}

/** A registry entry's provider applied to the model id named after its prefix. */
function registryModel(provider: ExternalValue, model: string): Value {
  const vendor = PROVIDER_PACKAGES[provider.module] ?? provider.module.replace(/^@ai-sdk\//, "");
  return { kind: "text", parts: [{ kind: "static", text: `${vendor}/${model}` }] };
}
