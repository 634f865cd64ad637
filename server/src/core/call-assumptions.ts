// Every assumption one call's figures rest on, as the JSON report lists them: the traffic, the size of
// run-time prompt parts, the output when nothing caps it, hidden reasoning, the completions OpenAI's `n` asks
// for when it is set at run time, the steps of a tool loop the model decides, a model decided at run time
// (from an env example file, the config's `env` or `defaults.model`, a comment, the code's fallback), and a
// price taken from another provider's table (a gateway's vendor-prefixed id, Azure's OpenAI models, a local
// proxy to a vendor's API).
import type { PricedCall } from "./types.ts";

export interface CallAssumption {
  subject: "model" | "price" | "requestsPerDay" | "dynamicTokens" | "outputTokens" | "reasoningTokens" | "completions" | "toolSteps";
  value: string | number;
  /** Where the figure comes from: `settings` (flags, config defaults or built-in defaults), `annotation`, for a model `env-file`, `config-env`, `defaults-model`, `code-fallback`, for a price `<provider> list price`. */
  source: string;
  /** The env variable or setting a model stands for. */
  name?: string;
  /** The env example file a model's default was read from, relative like the report's paths. */
  file?: string;
}

export function callAssumptions(priced: PricedCall, relative: (file: string) => string): CallAssumption[] {
  const { call, inputTokens, outputTokens } = priced;
  const assumptions: CallAssumption[] = [];
  const stated = call.modelAssumption;
  if (stated && call.model !== null) {
    const model: CallAssumption = { subject: "model", value: call.model, source: stated.kind };
    if (stated.name !== undefined) model.name = stated.name;
    if (stated.file !== undefined) model.file = relative(stated.file);
    assumptions.push(model);
  }
  // The provider the call goes to has no price of its own for the model: another's list price stands for it.
  if (priced.price && priced.priceFromProvider !== undefined) assumptions.push({ subject: "price", value: priced.price.id, source: `${priced.priceFromProvider} list price`, name: call.provider });
  const annotation = call.annotation;
  assumptions.push({ subject: "requestsPerDay", value: priced.requestsPerDay, source: annotation?.requestsPerDay !== undefined ? "annotation" : "settings" });
  if (inputTokens.dynamic > 0) assumptions.push({ subject: "dynamicTokens", value: inputTokens.dynamic, source: annotation?.dynamicTokens !== undefined ? "annotation" : "settings" });
  const reasoning = outputTokens.reasoning ?? 0;
  if (outputTokens.cap === null && (call.kind === "chat" || call.kind === "batch")) {
    assumptions.push({ subject: "outputTokens", value: outputTokens.assumed - reasoning, source: "settings" });
  }
  if (reasoning > 0) assumptions.push({ subject: "reasoningTokens", value: reasoning, source: outputTokens.reasoningBasis ?? "settings" });
  // OpenAI's `n: completions`: one completion counted, where the code may ask for more.
  if (call.completionsAtRunTime !== undefined) assumptions.push({ subject: "completions", value: 1, source: "assumed: `n` is set at run time", name: call.completionsAtRunTime });
  // An AI SDK call with tools and a step limit: one step counted, where the model may take up to the limit.
  if (call.toolSteps) assumptions.push({ subject: "toolSteps", value: 1, source: `assumed: the model decides how many steps, up to ${call.toolSteps.max}`, name: call.toolSteps.setBy });
  return assumptions;
}

