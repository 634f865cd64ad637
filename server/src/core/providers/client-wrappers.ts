// Client wrappers of tracing packages, as their docs give them: Langfuse's `observeOpenAI(new OpenAI())`,
// Braintrust's `wrapOpenAI(client)` and `wrapAnthropic(client)`, LangSmith's `wrapOpenAI(client)`,
// `wrapAnthropic(client)` and `wrapSDK(client)`. Each returns the client it is given, traced, with the same
// methods: a request made on the wrapped client is the client's own request.
import type { Evaluator } from "../resolve/evaluate.ts";
import type { ExternalValue } from "../resolve/values.ts";

const CLIENT_WRAPPERS: Record<string, readonly string[]> = {
  langfuse: ["observeOpenAI"],
  "@langfuse/openai": ["observeOpenAI"],
  braintrust: ["wrapOpenAI", "wrapAnthropic"],
  "langsmith/wrappers": ["wrapOpenAI", "wrapSDK"],
  "langsmith/wrappers/openai": ["wrapOpenAI"],
  "langsmith/wrappers/anthropic": ["wrapAnthropic"],
};

/** How many wrappers deep a client is looked for (`observeOpenAI(wrapOpenAI(new OpenAI()))`). */
const MAX_WRAPPERS = 4;

/**
 * The callee with its client's tracing wrappers looked through: `observeOpenAI(new OpenAI()).chat.completions
 * .create` is `new OpenAI().chat.completions.create`. A function of another package is left as it is: what it
 * returns is not known to have the client's methods.
 */
export function unwrapClient(evaluator: Evaluator, callee: ExternalValue): ExternalValue {
  let current = callee;
  for (let depth = 0; depth < MAX_WRAPPERS; depth++) {
    const [name, call, ...rest] = current.steps;
    if (name?.kind !== "property" || call?.kind !== "call" || !call.args[0] || !CLIENT_WRAPPERS[current.module]?.includes(name.name)) return current;
    const client = evaluator.evaluate(call.args[0], call.scope);
    if (client.kind !== "external") return current;
    current = { kind: "external", module: client.module, steps: [...client.steps, ...rest] };
  }
  return current;
}
