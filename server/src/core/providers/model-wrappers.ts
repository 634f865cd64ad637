// Model wrappers: values that stand for another model and send its requests under its id. A tracing
// package's wrapper (`withTracing(model, posthog, opts)`), the AI SDK's `wrapLanguageModel({ model })`
// (read with the core package's other model makers, in vercel-ai.ts), and a project's own decorator, an
// object literal that copies the model's identity (`{ ...model, doGenerate }`, `{ specificationVersion:
// model.specificationVersion, modelId: model.modelId, ... }`). The model a request uses is the wrapped one.
import { innerExpression } from "../inner-expression.ts";
import { ts } from "../ts.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { propertyName } from "../resolve/members.ts";
import { alternativesOf, type EvalScope, type ExternalValue, type ObjectValue, type Value } from "../resolve/values.ts";

/** Package functions documented to take a language model as their first argument and return it traced. */
const PACKAGE_WRAPPERS: Record<string, readonly string[]> = {
  // PostHog LLM analytics: `withTracing(model, phClient, { posthogDistinctId })`.
  "@posthog/ai": ["withTracing"],
  "@posthog/ai/vercel": ["withTracing"],
  // Braintrust: `wrapAISDKModel(openai("gpt-4o"))`.
  braintrust: ["wrapAISDKModel"],
  // LangSmith: `wrapAISDKModel(anthropic("claude-3-haiku"), options)`.
  "langsmith/wrappers/vercel": ["wrapAISDKModel"],
  "langsmith/wrappers": ["wrapAISDKModel"],
};

/** Properties that make up a language model's identity: a literal copying them from a value decorates it. */
const IDENTITY_PROPERTIES = new Set(["specificationVersion", "modelId", "provider"]);
/** What a model does: a literal that spreads a value and defines these decorates a model. */
const MODEL_METHODS = new Set(["doGenerate", "doStream"]);

/** How many wrappers deep a model is looked for (a wrapper of a wrapper of a model). */
const MAX_WRAPPERS = 8;

/**
 * The values a model value may stand for, with wrappers looked through: each alternative that is a wrapper
 * is replaced by the alternatives of the model it wraps. `isModel` says whether a value is a model the
 * caller can read; a function of an unknown package is only looked through when its first argument is one.
 */
export function unwrapModels(evaluator: Evaluator, value: Value, isModel: (value: Value) => boolean, depth = 0): Value[] {
  return alternativesOf(value).flatMap((alternative) => {
    const inner = depth < MAX_WRAPPERS ? wrappedModel(evaluator, alternative, isModel) : undefined;
    return inner ? unwrapModels(evaluator, inner, isModel, depth + 1) : [alternative];
  });
}

/** The model a wrapper wraps, or undefined when the value is not a wrapper. */
export function wrappedModel(evaluator: Evaluator, value: Value, isModel: (value: Value) => boolean): Value | undefined {
  if (value.kind === "external") return packageWrapped(evaluator, value, isModel);
  if (value.kind === "object") return decorated(evaluator, value, isModel);
  return undefined;
}

/**
 * `withTracing(model, ...)`: the first argument of a known wrapper, or of any package function when it is a
 * model; `createRetryable({ model, retries })`: the `model` of the settings a package function is given,
 * when it is a model (the others are fallbacks, tried only when it fails).
 */
function packageWrapped(evaluator: Evaluator, value: ExternalValue, isModel: (value: Value) => boolean): Value | undefined {
  const [name, call, ...rest] = value.steps;
  if (name?.kind !== "property" || call?.kind !== "call" || rest.length > 0 || !call.args[0]) return undefined;
  const argument = innerExpression(call.args[0]);
  if (ts.isObjectLiteralExpression(argument)) return settingsModel(evaluator, argument, call.scope, isModel);
  if (ts.isSpreadElement(argument)) return undefined;
  const wrapped = evaluator.evaluate(argument, call.scope);
  if (PACKAGE_WRAPPERS[value.module]?.includes(name.name)) return wrapped;
  // Another package's function: only when what it is given is a model (a lookalike `withTracing(handler)` is not).
  return unwrapModels(evaluator, wrapped, isModel).some(isModel) ? wrapped : undefined;
}

/** The value of a settings literal's `model` property, when it is a model. */
function settingsModel(evaluator: Evaluator, settings: ts.ObjectLiteralExpression, scope: EvalScope, isModel: (value: Value) => boolean): Value | undefined {
  const property = settings.properties.find((each) => propertyName(each) === "model");
  if (!property || !(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) return undefined;
  const wrapped = evaluator.evaluate(ts.isPropertyAssignment(property) ? property.initializer : property.name, scope);
  return unwrapModels(evaluator, wrapped, isModel).some(isModel) ? wrapped : undefined;
}

/**
 * A literal that stands for another model: it copies the model's identity (`specificationVersion:
 * model.specificationVersion`, `modelId: model.modelId`), or spreads a value and defines `doGenerate` or
 * `doStream`, or spreads a value that is a model. The copied or spread value is the model.
 */
function decorated(evaluator: Evaluator, value: ObjectValue, isModel: (value: Value) => boolean): Value | undefined {
  let defines = false;
  let spread: ts.Expression | undefined;
  let copied: ts.Expression | undefined;
  for (const property of value.node.properties) {
    if (ts.isSpreadAssignment(property)) {
      spread ??= property.expression;
      continue;
    }
    const name = propertyName(property);
    if (name === undefined) continue;
    if (MODEL_METHODS.has(name)) defines = true;
    if (copied || !IDENTITY_PROPERTIES.has(name) || !ts.isPropertyAssignment(property)) continue;
    const initializer = innerExpression(property.initializer);
    if (ts.isPropertyAccessExpression(initializer) && initializer.name.text === name) copied = initializer.expression;
  }
  if (copied) return evaluator.evaluate(copied, value.scope);
  if (!spread) return undefined;
  const spreadValue = evaluator.evaluate(spread, value.scope);
  return defines || unwrapModels(evaluator, spreadValue, isModel).some(isModel) ? spreadValue : undefined;
}
