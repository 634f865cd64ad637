/**
 * no-unknown-model
 *
 * A call whose model is not in the price table, or is only known at run time with nothing saying which;
 * or one of whose candidate models (a ternary, a table lookup) is not, which makes the cost shown a lower bound.
 *
 * Why it matters: its cost cannot be shown, so it is reported as unknown, never as $0, and it is left
 * out of the monthly total. A model decided at run time (an env variable, a user setting) can be stated
 * three ways: `// promptcost: model=ID` on the line above the call, `env` (or `defaults.model`) in
 * promptcost.config.json, or a default for the env variable in a committed `.env.example`. A model
 * missing from the table is added with `pricing.overrides` or mapped with `pricing.aliases`.
 */
import type { Fix, PricedCall } from "../types.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import { modelOffsets } from "./helpers/call-syntax.ts";
import type { Rule } from "./rule.ts";

/** Providers that are servers of the user's own (a base URL on this machine): priced only by pricing.selfHosted. */
const SELF_HOSTED_PROVIDERS = new Set(["ollama", "local"]);

/**
 * Why each candidate has no price, by provider: not in a vendor's price table, or run on a self-hosted
 * server (an Ollama alternative of a model OpenAI prices is not missing from OpenAI's table).
 */
function unpricedReasons(unpriced: readonly { model: string; provider: string }[]): string {
  const byProvider = new Map<string, string[]>();
  for (const { model, provider } of unpriced) byProvider.set(provider, [...(byProvider.get(provider) ?? []), `"${model}"`]);
  return [...byProvider].map(([provider, models]) => {
    const one = models.length === 1;
    if (SELF_HOSTED_PROVIDERS.has(provider)) return `${models.join(", ")}, which this call may run on a self-hosted server (${provider}), ${one ? "has" : "have"} no per-token price; price ${one ? "it" : "them"} with pricing.selfHosted or pricing.overrides`;
    return `${models.join(", ")}, which this call may use, ${one ? "is" : "are"} not in the ${provider} price table; add ${one ? "it" : "them"} under pricing.overrides or map ${one ? "it" : "them"} with pricing.aliases`;
  }).join("; ");
}

export const noUnknownModel: Rule = {
  id: "no-unknown-model",
  description: "Every call's model has a price",
  defaultSeverity: "warning",
  fixable: true,
  checkCall(priced, context) {
    const { call } = priced;
    if (call.kind === "count") return [];
    const unpriced = priced.unpricedCandidates ?? [];
    if (priced.price && unpriced.length > 0) {
      const names = unpriced.map(({ model }) => `"${model}"`).join(", ");
      return [
        {
          message: `The cost shown (of ${call.model}) is only a lower bound: ${unpricedReasons(unpriced)}.`,
          offsets: modelOffsets(context.file, call),
          cause: `models ${names}`,
        },
      ];
    }
    if (priced.price) return [];
    if (call.model === null) return [{ message: runTimeModelMessage(priced), offsets: modelOffsets(context.file, call), fix: annotateModelFix(priced, context.file), cause: `run-time model ${call.modelSource?.expression ?? call.modelNote ?? ""}` }];
    if (SELF_HOSTED_PROVIDERS.has(call.provider)) {
      return [
        {
          message: `Cost unknown: "${call.model}" runs on a self-hosted server (${call.provider}), which has no per-token price; price it from its hardware with pricing.selfHosted ({ "${call.model}": { "costPerHour": ..., "tokensPerSecond": ... } }), or set a price under pricing.overrides.`,
          offsets: modelOffsets(context.file, call),
          cause: `model ${call.model}`,
        },
      ];
    }
    const assumed = call.modelAssumption && call.modelNote ? ` (${call.modelNote})` : "";
    return [
      {
        message: `Cost unknown: "${call.model}"${assumed} is not in the ${call.provider} price table; add it under pricing.overrides or map it with pricing.aliases.`,
        offsets: modelOffsets(context.file, call),
        cause: `model ${call.model}`,
      },
    ];
  },
};

/** Names what the model comes from and the three ways to say which model runs. */
function runTimeModelMessage({ call }: PricedCall): string {
  // Readers that only leave a note (`not known statically: <expression>`) still name the expression; what the
  // note adds after it (`; the base URL is not known statically (baseUrl): priced as google`) is said beside it.
  const [noted, ...besides] = (call.modelNote ?? "").split("; ");
  const notedExpression = call.modelSource ? undefined : /^not known statically: (.+)$/.exec(noted ?? "")?.[1];
  const expression = call.modelSource?.expression ?? notedExpression;
  const source = expression ? { expression, env: call.modelSource?.env } : undefined;
  const other = call.modelNote && !call.modelNote.startsWith("not known statically") ? call.modelNote : undefined;
  const beside = notedExpression && besides.length > 0 ? ` (${besides.join("; ")})` : "";
  const from = source ? `comes from \`${source.expression}\`, only known at run time${beside}` : other ? `is not known statically (${other})` : "is not known statically";
  // The config's env maps env variables and property paths (`settings.model`); anything else only by defaults.model.
  const configKey = source?.env ?? (source && /^[\w$]+(\??\.[\w$]+)+$/.test(source.expression) ? source.expression.replace(/\?\./g, ".") : undefined);
  const config = configKey ? `"env": { "${configKey}": "ID" } or "defaults": { "model": "ID" }` : `"defaults": { "model": "ID" }`;
  const envFile = source?.env ? `a default for ${source.env} in a committed .env.example` : "an env variable with a default in a committed .env.example";
  return `Cost unknown: the model ${from}; say which model runs with \`// promptcost: model=ID\` above the call, ${config} in promptcost.config.json, or ${envFile}.`;
}

/**
 * Inserts `// promptcost: model=` above the call, lined up with it, or adds `model=` to the annotation
 * already there. The id is left for the user to write: only they know which model runs.
 */
function annotateModelFix({ call }: PricedCall, file: ParsedFile): Fix {
  const lineStarts = file.sourceFile.getLineStarts();
  const lineStart = lineStarts[call.range.line - 1] ?? 0;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, call.offsets.start))?.[0] ?? "";
  const description = "Say which model runs here: add // promptcost: model= above the call";
  const previousStart = lineStarts[call.range.line - 2];
  if (previousStart !== undefined) {
    const previous = file.text.slice(previousStart, lineStart).replace(/\r?\n$/, "");
    if (/^\s*\/\/\s*promptcost:/.test(previous)) {
      const end = previousStart + previous.length;
      return { description, edits: [{ offsets: { start: end, end }, text: " model=" }], needsInput: true };
    }
  }
  const eol = file.text.includes("\r\n") ? "\r\n" : "\n";
  return { description, edits: [{ offsets: { start: lineStart, end: lineStart }, text: `${indent}// promptcost: model=${eol}` }], needsInput: true };
}
