// Client wrappers of tracing packages, as their docs give them: Langfuse's `observeOpenAI(new OpenAI())`,
// Braintrust's `wrapOpenAI(client)` and `wrapAnthropic(client)`, LangSmith's `wrapOpenAI(client)`,
// `wrapAnthropic(client)` and `wrapSDK(client)`. Each returns the client it is given, traced, with the same
// methods: a request made on the wrapped client is the client's own request. PostHog's `@posthog/ai` exports
// the SDKs' client classes themselves, traced. Instructor's `Instructor({ client })` returns the client it is
// given with structured output added.
import type { Evaluator } from "../resolve/evaluate.ts";
import { getProperty } from "../resolve/members.ts";
import type { EvalScope, ExternalValue, Value } from "../resolve/values.ts";
import type { ts } from "../ts.ts";

const CLIENT_WRAPPERS: Record<string, readonly string[]> = {
  langfuse: ["observeOpenAI"],
  "@langfuse/openai": ["observeOpenAI"],
  braintrust: ["wrapOpenAI", "wrapAnthropic"],
  "langsmith/wrappers": ["wrapOpenAI", "wrapSDK"],
  "langsmith/wrappers/openai": ["wrapOpenAI"],
  "langsmith/wrappers/anthropic": ["wrapAnthropic"],
};

/**
 * Wrappers handed their client in an options object, as their docs give them: Instructor's
 * `Instructor({ client: oai, mode: "TOOLS" })` returns the client, its `chat.completions.create` taking a
 * `response_model` besides the client's own parameters, every other method the client's. By package, each
 * function (`default`: the default export) and the option that holds the client.
 */
const CLIENT_OPTION_WRAPPERS: Record<string, Record<string, string>> = {
  "@instructor-ai/instructor": { default: "client" },
};

/**
 * Packages that export an SDK's client class with tracing added, same constructor and methods, as their docs
 * give them: PostHog's `import { OpenAI } from "@posthog/ai"; new OpenAI({ apiKey, posthog })`. A request
 * on such a client is the SDK's own. By package, each exported class and the SDK class it stands for.
 */
const DROP_IN_CLIENTS: Record<string, Record<string, SdkClass>> = {
  "@posthog/ai": { OpenAI: sdkClass("openai", "OpenAI"), AzureOpenAI: sdkClass("openai", "AzureOpenAI"), Anthropic: sdkClass("@anthropic-ai/sdk", "Anthropic"), GoogleGenAI: sdkClass("@google/genai", "GoogleGenAI") },
  "@posthog/ai/openai": { OpenAI: sdkClass("openai", "OpenAI"), AzureOpenAI: sdkClass("openai", "AzureOpenAI") },
  "@posthog/ai/anthropic": { Anthropic: sdkClass("@anthropic-ai/sdk", "Anthropic") },
  "@posthog/ai/gemini": { GoogleGenAI: sdkClass("@google/genai", "GoogleGenAI") },
  // LibreChat's agents package: `class CustomOpenAIClient extends OpenAIClient` (openai's `OpenAI`, as
  // @langchain/openai re-exports it) with an abortable fetch, and its Azure twin; used as the SDK clients.
  "@librechat/agents": { CustomOpenAIClient: sdkClass("openai", "OpenAI"), CustomAzureOpenAIClient: sdkClass("openai", "AzureOpenAI") },
};

interface SdkClass {
  module: string;
  className: string;
}

function sdkClass(module: string, className: string): SdkClass {
  return { module, className };
}

/** Whether a package exports a traced SDK client (see DROP_IN_CLIENTS): importing it can lead to requests. */
export function exportsDropInClient(module: string): boolean {
  return DROP_IN_CLIENTS[module] !== undefined;
}

/** How many wrappers deep a client is looked for (`observeOpenAI(wrapOpenAI(new OpenAI()))`). */
const MAX_WRAPPERS = 4;

/**
 * The callee with its client's tracing wrappers looked through: `observeOpenAI(new OpenAI()).chat.completions
 * .create` is `new OpenAI().chat.completions.create`. A function of another package is left as it is: what it
 * returns is not known to have the client's methods.
 */
export function unwrapClient(evaluator: Evaluator, callee: ExternalValue): ExternalValue {
  let current = asSdkClient(callee);
  for (let depth = 0; depth < MAX_WRAPPERS; depth++) {
    const [name, call, ...rest] = current.steps;
    if (name?.kind !== "property" || call?.kind !== "call" || !call.args[0]) return current;
    const client = wrappedClient(evaluator, current.module, name.name, call.args[0], call.scope);
    if (client?.kind !== "external") return current;
    current = asSdkClient({ kind: "external", module: client.module, steps: [...client.steps, ...rest] });
  }
  return current;
}

/** The client a wrapper of CLIENT_WRAPPERS or CLIENT_OPTION_WRAPPERS is given, or undefined when `name` is neither. */
function wrappedClient(evaluator: Evaluator, module: string, name: string, argument: ts.Expression, scope: EvalScope): Value | undefined {
  if (CLIENT_WRAPPERS[module]?.includes(name)) return evaluator.evaluate(argument, scope);
  const option = CLIENT_OPTION_WRAPPERS[module]?.[name];
  return option === undefined ? undefined : getProperty(evaluator, evaluator.evaluate(argument, scope), option);
}

/** A traced client class of a DROP_IN_CLIENTS package, as the SDK's own class. */
function asSdkClient(value: ExternalValue): ExternalValue {
  const [name, ...rest] = value.steps;
  if (name?.kind !== "property") return value;
  const sdk = DROP_IN_CLIENTS[value.module]?.[name.name];
  return sdk ? { ...value, module: sdk.module, steps: [{ ...name, name: sdk.className }, ...rest] } : value;
}
