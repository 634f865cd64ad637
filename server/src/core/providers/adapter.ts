import type { ts } from "../ts.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import type { AccessStep, EvalScope, ExternalValue } from "../resolve/values.ts";
import type { LlmCall, Sdk } from "../types.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import type { EndpointSetting } from "./llm-endpoints.ts";

/** What an adapter gets to describe one call: the call node, its file and the evaluator. */
export interface AdapterContext {
  file: ParsedFile;
  node: ts.CallExpression;
  evaluator: Evaluator;
  /**
   * Where the call's arguments are evaluated: the file's top scope, or, for a call inside a wrapper
   * function seen from one of its call sites, the wrapper's parameters bound to the caller's arguments.
   */
  scope?: EvalScope;
  /** Base URLs the config names as LLM endpoints (`endpoints`), for requests sent without an SDK. */
  endpoints?: readonly EndpointSetting[];
  /**
   * Only whether the call makes a request is asked (the wrapper index: does this function make one?): an
   * adapter may leave out what the request sends, once it has decided that it is one.
   */
  presenceOnly?: boolean;
}

/** The scope to evaluate a call's arguments in. */
export function argumentScope(context: AdapterContext): EvalScope {
  return context.scope ?? { file: context.file };
}

/** The SDK-specific part of an LlmCall; the analysis adds file, range and the loop multiplier. */
export type RecognisedCall = Omit<LlmCall, "file" | "range" | "offsets" | "multiplier" | "annotation">;

/**
 * One adapter per SDK: it recognises its calls from the callee's access path (import -> client -> method)
 * and reads the parameters into an LlmCall.
 */
export interface ProviderAdapter {
  sdk: Sdk;
  /** Package names whose imports this adapter understands. */
  modules: readonly string[];
  /** Module prefixes it also understands (`@langchain/` for every LangChain integration and chain package). */
  modulePrefixes?: readonly string[];
  /**
   * Names of the methods or functions that make requests: a call whose callee does not end in one of
   * them is never evaluated, so files without them are skipped before any resolution.
   */
  callNames: readonly string[];
  /**
   * For an adapter of general-purpose modules (HTTP clients, the global fetch): importing one says
   * nothing, so a file reaches this adapter only when its text, or that of a project file it imports,
   * matches this pattern (an LLM endpoint's path).
   */
  textGate?: RegExp;
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined;
}

/** An access path split at the client construction: `new OpenAI(opts).chat.completions.create`. */
export interface ClientPath {
  /** The imported name: "default", "OpenAI", or null for a whole-module require. */
  importName: string | null;
  /** The `new` step that built the client, when there is one. */
  construction: Extract<AccessStep, { kind: "new" }> | undefined;
  /** Steps after the construction (or after the import when nothing was constructed). */
  rest: AccessStep[];
}

export function splitClientPath(callee: ExternalValue): ClientPath {
  const steps = callee.steps;
  let index = 0;
  let importName: string | null = null;
  const first = steps[0];
  if (first?.kind === "property") {
    importName = first.name;
    index = 1;
  }
  const next = steps[index];
  if (next?.kind === "new") return { importName, construction: next, rest: steps.slice(index + 1) };
  // `require("openai")` then `new` straight away: the module itself is the class.
  if (first?.kind === "new") return { importName: null, construction: first, rest: steps.slice(1) };
  return { importName, construction: undefined, rest: steps.slice(index) };
}

/** The property names of a path, or undefined when it contains calls. */
export function propertyNames(steps: readonly AccessStep[]): string[] | undefined {
  const names: string[] = [];
  for (const step of steps) {
    if (step.kind !== "property") return undefined;
    names.push(step.name);
  }
  return names;
}

/** Whether the import names the SDK's client class (default export, named export, or the module itself). */
export function isClientClass(importName: string | null, classNames: readonly string[]): boolean {
  return importName === null || importName === "default" || classNames.includes(importName);
}
