// One value standing for several: the costliest alternative stands, the others are kept.
import type { ts } from "../ts.ts";
import { alternativesOf, fullyStaticText, standingFor, unknown, type ExternalValue, type InstanceValue, type Value } from "./values.ts";

/** Kinds of value a stated run-time value is kept beside, each a way of its own (see choice). */
const STANDS_BESIDE_STATED = new Set<Value["kind"]>(["external", "object", "instance", "function"]);

/**
 * One value standing for several possible ones (ternary branches, returns, a table read with a run-time
 * key): the most expensive one (most static text, largest number), remembering the others when every one
 * is known, so a model id can be priced at its most expensive branch and shown as a range.
 */
export function choice(values: Value[], label: string): Value {
  const flat = values.flatMap((value) => alternativesOf(value));
  if (flat.length === 0) return unknown(label);
  if (flat.length === 1) return flat[0]!;
  const distinct: Value[] = [];
  const seen = new Set<string>();
  for (const value of flat) {
    const key = value.kind === "text" ? fullyStaticText(value) : value.kind === "number" ? `#${value.value}` : value.kind === "boolean" ? `?${value.value}` : undefined;
    if (key !== undefined && seen.has(key)) continue;
    if (key !== undefined) seen.add(key);
    distinct.push(value);
  }
  if (distinct.length === 1) return distinct[0]!;
  // `true` on one way and `false` on another (two implementations of `requiresEmbeddings()`): which one
  // holds is decided at run time, so neither branch of a test on it is out of reach.
  if (distinct.every((value) => value.kind === "boolean")) return unknown(label);
  if (distinct.every((value) => value.kind === "number")) {
    const numbers = distinct as Extract<Value, { kind: "number" }>[];
    const max = numbers.reduce((best, value) => (value.value > best.value ? value : best));
    return { kind: "number", value: max.value, alternatives: numbers.map((value) => ({ kind: "number", value: value.value })) };
  }
  if (distinct.every((value) => value.kind === "text")) {
    const best = distinct.reduce((winner, value) => (sendsMoreText(value, winner) ? value : winner)) as Extract<Value, { kind: "text" }>;
    return { ...best, alternatives: distinct.map((value) => ({ ...(value as Extract<Value, { kind: "text" }>), alternatives: undefined })) };
  }
  if (distinct.every((value) => value.kind === "external")) {
    return { ...(distinct[0] as ExternalValue), alternatives: distinct };
  }
  // A run-time value the project states (the config's `env` naming `candidate.model`, an env example's
  // default) beside package values or objects (`provider === "claude-code" ? bridged(name) : candidate.model`):
  // each of them, the stated one last, not dropped as if nothing said what it is.
  const stated = distinct.filter((value) => value.kind === "unknown" && value.stated !== undefined);
  if (stated.length > 0 && distinct.every((value) => stated.includes(value) || STANDS_BESIDE_STATED.has(value.kind))) {
    const ordered = [...distinct.filter((value) => !stated.includes(value)), ...stated];
    return { ...ordered[0]!, alternatives: ordered } as Value;
  }
  // One of several objects, instances or functions (`engines[provider]`): the first stands for reads that
  // take one value; a call through it is each of them (see eachAlternative).
  for (const kind of ["object", "instance", "function", "class"] as const) {
    if (distinct.every((value) => value.kind === kind)) return { ...distinct[0]!, alternatives: distinct } as Value;
  }
  // A package's clients beside instances of project classes (`switch (provider) { case "openai": e = new
  // OpenAIEmbeddings(); break; case "jina": e = new JinaEmbeddings(); }`), and the methods read from them
  // (`e.embedQuery`): each of them, as for one kind.
  if (distinct.every((value) => value.kind === "external" || value.kind === "instance" || value.kind === "function")) return { ...distinct[0]!, alternatives: distinct } as Value;
  // So are a package's classes beside the project's own (`{ openai: OpenAIEmbeddings, plus: CustomEmbeddings }[provider]`):
  // `new` of it makes one of each (see evaluateNew).
  if (distinct.every((value) => value.kind === "external" || value.kind === "class")) return { ...distinct[0]!, alternatives: distinct } as Value;
  // `{ connector: null }` from a failure path beside `{ connector: getProvider() }`: the absence is guarded
  // where it is read, so the objects, instances or functions stand, each of them.
  const present = distinct.filter((value) => value.kind !== "null");
  if (present.length > 1 && present.length < distinct.length) {
    for (const kind of ["object", "instance", "function"] as const) {
      if (present.every((value) => value.kind === kind)) return { ...present[0]!, alternatives: present, absentOnAPath: true } as Value;
    }
  }
  // `if (!messages) return [];` beside a list built at run time or one with messages in it: the empty list
  // is the way that sends nothing, so the others stand (a request is not read as sending nothing, exactly).
  const empty = (value: Value) => value.kind === "array" && value.elements.length === 0;
  if (distinct.some(empty) && distinct.every((value) => value.kind === "unknown" || value.kind === "array")) {
    const sending = distinct.filter((value) => !empty(value));
    if (sending.length > 0) return choice(sending, label);
  }
  // Mixed kinds: the branch that sends the most static text, as before.
  const known = distinct.filter((value) => value.kind !== "unknown");
  // Only run-time values: one the project states a value for (an env example's default) stands.
  if (known.length === 0) return distinct.find((value) => value.kind === "unknown" && value.stated !== undefined) ?? unknown(label);
  // Texts beside run-time values (a URL returned as passed, or rebuilt from pieces not known): the texts,
  // each kept, as when no run-time value is among them, marked as standing for a run-time value too.
  if (known.length > 1 && known.every((value) => value.kind === "text")) return orRunTime(choice(known, label), distinct);
  // Instances of project classes beside run-time values (`if (typeof config.provider === "object") return
  // config.provider;` before a switch returning `new OpenAIProvider()`, `new AnthropicProvider()`): one per
  // class, each of them, as when no run-time value is among them.
  const classes = known.every((value) => value.kind === "instance") ? oneInstancePerClass(known as InstanceValue[]) : [];
  if (classes.length > 1) return { ...classes[0]!, alternatives: classes };
  return orRunTime(
    known.reduce((winner, value) => (staticLength(value) > staticLength(winner) ? value : winner)),
    distinct,
  );
}

/**
 * A text chosen over run-time values (`model === "openai/gpt-5" ? "gpt-5" : model`) is what one way sends,
 * not what every way does: it says so as the fallback of `x ?? "..."` does (a model id is then an assumption
 * named after the run-time value, a `switch` on it may take any case, a local URL is not the one used).
 */
function orRunTime(chosen: Value, values: Value[]): Value {
  if (chosen.kind !== "text" || chosen.fallbackOf !== undefined) return chosen;
  // A package's value beside a text is data it returns at run time (`(await request.json()).model`). An
  // object made on another way (`return new Response("Too large", { status: 413 })`) is not text: no way of it.
  const runTime = values.find((value) => (value.kind === "unknown" && !/^new\s/.test(value.label)) || value.kind === "external");
  if (runTime?.kind === "unknown") return standingFor(chosen, runTime.label);
  if (runTime?.kind === "external") return standingFor(chosen, externalName(runTime));
  return chosen;
}

/**
 * A package's value by the last name read from it that is not a method called (`model` of
 * `(await request.json()).model` and of `model.replace(...)`), else its module.
 */
function externalName(value: ExternalValue): string {
  let name = value.module;
  value.steps.forEach((step, at) => {
    if (step.kind === "property" && value.steps[at + 1]?.kind !== "call") name = step.name;
  });
  return name;
}

/** The first instance of each class, in order: instances of one class read the same methods. */
function oneInstancePerClass(instances: InstanceValue[]): InstanceValue[] {
  const seen = new Set<ts.Node>();
  return instances.filter((instance) => !seen.has(instance.node) && seen.add(instance.node));
}

/** More static text; as much, more run-time parts (`return prompt + rest` beside `return ""`). */
function sendsMoreText(value: Value, than: Value): boolean {
  const more = staticLength(value) - staticLength(than);
  return more > 0 || (more === 0 && runTimeParts(value) > runTimeParts(than));
}

function runTimeParts(value: Value): number {
  return value.kind === "text" ? value.parts.filter((part) => part.kind === "dynamic").length : 0;
}

export function staticLength(value: Value): number {
  if (value.kind !== "text") return value.kind === "unknown" ? 0 : 1;
  return value.parts.reduce((sum, part) => sum + (part.kind === "static" ? part.text.length : 0), 0);
}

/** Each alternative of a value with several (an object, instance, function or SDK path), without its own list; undefined when it has one. */
export function eachAlternative(value: Value): Value[] | undefined {
  if (!("alternatives" in value) || !value.alternatives || value.alternatives.length < 2) return undefined;
  if (value.kind !== "object" && value.kind !== "instance" && value.kind !== "function" && value.kind !== "external") return undefined;
  return value.alternatives.map((alternative) => ({ ...alternative, alternatives: undefined }) as Value);
}
