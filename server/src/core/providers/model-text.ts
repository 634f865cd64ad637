// The model id a value gives, and for a model only known at run time, what the project states about it
// (an env default, the config's `env`, the code's own fallback) or else the expression it comes from.
import { fullyStaticText, shortLabel, type ExternalValue, type Value } from "../resolve/values.ts";
import type { StatedSource } from "../types.ts";

export interface ModelText {
  model: string;
  note?: string;
  assumption?: StatedSource;
}

/** The id, from the code or stated for the run-time value; undefined when nothing says which model runs. */
export function modelText(value: Value): ModelText | undefined {
  // A stated value beats the code's fallback: `process.env.MODEL ?? "gpt-4o-mini"` runs what the env says.
  // An env example's placeholder (`MODEL=your-model-name`, `<deployment>`) states nothing: the fallback or the expression stands.
  const stated = value.kind === "unknown" || value.kind === "text" ? value.stated : undefined;
  if (stated && !(stated.source.kind === "env-file" && isPlaceholder(stated.text))) return { model: stated.text, assumption: stated.source };
  const text = fullyStaticText(value);
  if (text === undefined) return undefined;
  if (value.kind === "text" && value.fallbackOf) return { model: text, note: `fallback of ${value.fallbackOf}`, assumption: { kind: "code-fallback", name: value.fallbackOf } };
  return { model: text };
}

/** Text an env example puts where the reader writes their own: `your-deployment-name`, `<model>`, `changeme`, `xxx`. */
function isPlaceholder(text: string): boolean {
  return /^your[-_ ]/i.test(text) || /^<[^<>]*>$/.test(text) || /^(change[-_]?me|replace[-_]?me|x{3,}|\.{3})$/i.test(text);
}

/** A model nothing states: null, with the expression it comes from for the message and the hover. */
export function unknownModel(value: Value, expression?: string): { model: null; note: string; source: { expression: string; env?: string } } {
  const label = expression ?? describeValue(value);
  const source: { expression: string; env?: string } = { expression: label };
  if (value.kind === "unknown" && value.env) source.env = value.env;
  return { model: null, note: `not known statically: ${label}`, source };
}

/** A short description of what a value is when it is not the text of a model id. */
function describeValue(value: Value): string {
  switch (value.kind) {
    case "unknown":
      return value.label;
    case "external":
      return externalPath(value);
    case "number":
      return String(value.value);
    case "instance":
      return `new ${value.node.name?.text ?? "(anonymous class)"}(…)`;
    case "class":
    case "object":
    case "function":
    case "array":
      return value.node ? shortLabel(value.node.getText()) : value.kind;
    case "text":
      return shortLabel(value.parts.map((part) => (part.kind === "static" ? part.text : `\${${part.label}}`)).join(""));
    default:
      return value.kind;
  }
}

/**
 * `openai.chat(…)`, `new pkg.Client(…).model`; an instance only known from a type annotation by what the
 * annotation is on (`model: LanguageModel` is `model`), which is where its value comes from.
 */
function externalPath(value: ExternalValue): string {
  let text = value.module;
  for (const step of value.steps) {
    if (step.kind === "property") text += `.${step.name}`;
    else if (step.kind === "call") text += "(…)";
    else text = step.node || !step.declaredBy ? `new ${text}(…)` : step.declaredBy;
  }
  return text;
}
