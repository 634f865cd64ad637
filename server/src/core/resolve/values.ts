import type { ts } from "../ts.ts";
import type { StatedSource, TextPart, TextOrigin } from "../types.ts";
import type { ParsedFile } from "../workspace/workspace.ts";

/**
 * What static evaluation knows about an expression. Values from packages (SDKs, fs, path) are kept as an
 * access path from the import — `new`, property reads and calls — so SDK adapters can recognise
 * `new OpenAI().chat.completions.create(...)` however it is split across variables and files.
 */
export type Value =
  | TextValue
  | NumberValue
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | ObjectValue
  | ArrayValue
  | FunctionValue
  | ExternalValue
  | RecordValue
  | NamespaceValue
  | ClassValue
  | InstanceValue
  | UnknownValue;

/**
 * Every value a ternary, a switch or a lookup with a run-time key can take, when each is known. The value
 * itself stands for the most expensive one (longest text, largest number); the consumer that can price
 * them (a model id) reads all of them.
 */
export interface Alternatives {
  alternatives?: Value[];
  /** A function's return value beside which a guard returns undefined (see withoutGuardAbsence): maybe absent. */
  absentOnAPath?: true;
  /**
   * What a function returns on the ways the project's committed env example rules out (`if
   * (env.EMBEDDING_KEY) return new EmbeddingClient();` with the key unset there): not this value, but what a
   * user who sets the key gets, so a call through this value is their request too (see example-ways.ts).
   */
  exampleRuledOut?: Value[];
}

export interface NumberValue extends Alternatives {
  kind: "number";
  value: number;
}

/** A class declared in the project: `new` makes an instance whose fields and methods are read from it. */
/** A project class; alternatives: one of several classes (a table of classes read with a run-time key). */
export interface ClassValue extends Alternatives {
  kind: "class";
  node: ts.ClassLikeDeclaration;
  scope: EvalScope;
  /** `this.constructor` of an instance whose concrete class is not known: this class or any project subclass. */
  orSubclass?: true;
}

/** `new Service(...)` of a project class, or `this` inside one. Fields are read from their initializers. */
export interface InstanceValue extends Alternatives {
  kind: "instance";
  node: ts.ClassLikeDeclaration;
  scope: EvalScope;
  /** The arguments of the `new`, bound to the constructor's parameters; absent for `this` seen from inside. */
  construction?: { args: readonly ts.Expression[]; scope: EvalScope };
}

/** Named members known up front: an enum's members. */
export interface RecordValue {
  kind: "record";
  name: string;
  members: Map<string, Value>;
}

/** `import * as prompts from "./prompts"`: property reads are reads of the file's exports. */
export interface NamespaceValue {
  kind: "namespace";
  file: ParsedFile;
}

export interface TextValue extends Alternatives {
  kind: "text";
  parts: TextPart[];
  /** Set when the text is the fallback of `x ?? "..."` whose left side is only known at run time. */
  fallbackOf?: string;
  /** The left side's stated value, when the project states one (see UnknownValue.stated). */
  stated?: StatedValue;
}

/** A value only known at run time that the project states anyway (an env default, the config's `env`). */
export interface StatedValue {
  text: string;
  source: StatedSource;
}

/** An object literal, evaluated property by property on demand. */
export interface ObjectValue extends Alternatives {
  kind: "object";
  node: ts.ObjectLiteralExpression;
  scope: EvalScope;
  /** `params.max_tokens = 100` after the literal: assignments seen before the use, later ones win. */
  assigned?: { name: string; value: ts.Expression; scope: EvalScope }[];
  /** Functions the object was handed to before the use (`addMaxTokensIfNeeded(request)`): they may set any property. */
  handedTo?: string[];
}

export interface ArrayValue {
  kind: "array";
  elements: Value[];
  /** The array literal, when the value is one, for fixes and offsets. */
  node?: ts.ArrayLiteralExpression;
}

/** Alternatives of a function: a method read from one of several objects (a dispatch table read with a run-time key). */
export interface FunctionValue extends Alternatives {
  kind: "function";
  node: ts.FunctionLikeDeclaration;
  scope: EvalScope;
}

export type AccessStep =
  | { kind: "property"; name: string }
  | { kind: "call"; args: readonly ts.Expression[]; scope: EvalScope; node: ts.CallExpression }
  /**
   * `node` is absent when the instance is known from a type annotation (`client: OpenAI`), not a `new`;
   * `declaredBy` then names what the annotation is on (`client`, `getModel(…)`), for labels.
   */
  | { kind: "new"; args: readonly ts.Expression[]; scope: EvalScope; node?: ts.NewExpression; declaredBy?: string };

export interface ExternalValue extends Alternatives {
  kind: "external";
  /** The package name as imported: "openai", "@ai-sdk/openai", "node:fs". */
  module: string;
  /** The path from the module: the import name first ("default" for a default import), then the steps. */
  steps: AccessStep[];
}

export interface UnknownValue {
  kind: "unknown";
  /** The source text that could not be evaluated, shortened, for the hover. */
  label: string;
  /** A collection (array map/join, spread, JSON.stringify) whose size is not known. */
  collection?: { bounded: boolean };
  /** For `JSON.stringify(x)` of an object or array: x, so a request body sent as JSON can still be read. */
  stringified?: Value;
  /** The env variable read (`process.env.MODEL`, a typed `env.MODEL`). */
  env?: string;
  /**
   * What the project states the value is: read only where a model is read, so an env default never
   * changes a prompt, a base URL or a provider.
   */
  stated?: StatedValue;
  /**
   * An env read that the project's committed env example leaves unset (absent, or commented out): that
   * file. A branch on it (`process.env.FIREWORKS_KEY ? fireworks : openai`) takes the way a user who
   * copied the example gets.
   */
  unsetInExample?: string;
  /** A property that a spread of unknown content (`{ model, ...opts }`) may or may not set. */
  maybeAbsent?: true;
  /** Read where a condition tested it truthy (`if (schema && ...)`): unknown, but not absent nor empty. */
  truthy?: true;
}

/** Where an expression is evaluated: its file and the values bound to parameters of enclosing calls. */
export interface EvalScope {
  file: ParsedFile;
  /** Values of parameters during the evaluation of a call to a project function, keyed by declaration. */
  bindings?: Map<ts.Node, Value>;
  /** What `this` is in a method of a project class. */
  thisValue?: Value;
  parent?: EvalScope;
}

export function staticText(text: string, origin?: TextOrigin): TextValue {
  return { kind: "text", parts: [origin ? { kind: "static", text, origin } : { kind: "static", text }] };
}

export function unknown(label: string, collection?: { bounded: boolean }): UnknownValue {
  return collection ? { kind: "unknown", label, collection } : { kind: "unknown", label };
}

/**
 * The full text when every part is static and none stands beside a run-time value (`markdown || ""` is the
 * empty text or the markdown): what is computed from the text itself (its length, a trimmed or cut copy).
 */
export function textKnownInFull(value: Value): string | undefined {
  if (value.kind === "text" && value.parts.some((part) => part.kind === "static" && part.orRunTime !== undefined)) return undefined;
  return fullyStaticText(value);
}

/** The full text when every part is static, else undefined. */
export function fullyStaticText(value: Value): string | undefined {
  if (value.kind === "number" || value.kind === "boolean") return String(value.value);
  if (value.kind !== "text") return undefined;
  let text = "";
  for (const part of value.parts) {
    if (part.kind !== "static") return undefined;
    text += part.text;
  }
  return text;
}

/**
 * A text chosen beside a run-time value (`ok ? context : "No information found."`, returns of both): one way
 * of several, named after that value, and its parts marked as that way's (TextPart.orRunTime), so a prompt
 * counts the costlier way (tokens/run-time-ways.ts) and a model id is stated as an assumption.
 */
export function standingFor(text: TextValue, label: string, stated?: StatedValue): TextValue {
  // An empty text keeps one empty part: the way that sends nothing is still one way.
  const given = text.parts.length > 0 ? text.parts : [{ kind: "static" as const, text: "" }];
  const parts = given.map((part) => (part.orRunTime === undefined ? { ...part, orRunTime: label } : part));
  return { ...text, parts, fallbackOf: label, ...(stated ? { stated } : {}) };
}

/**
 * The default of a run-time value (`language ?? "en"`, a destructuring or schema default): what a user gets
 * when none is given, a value of the same kind, so its text is counted as written; an empty default
 * (`context ?? ""`) says nothing of the value's size, and stands beside it as another way (standingFor).
 */
export function defaultFor(text: TextValue, label: string, stated?: StatedValue): TextValue {
  if (text.parts.every((part) => part.kind === "static" && part.text === "")) return standingFor(text, label, stated);
  return { ...text, fallbackOf: label, ...(stated ? { stated } : {}) };
}

/** Joins neighbouring static parts so counts and prefixes see one run of text. */
export function mergeParts(parts: TextPart[]): TextPart[] {
  const merged: TextPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.kind === "static" && last?.kind === "static" && last.origin === part.origin && last.orRunTime === part.orRunTime) {
      merged[merged.length - 1] = { ...last, text: last.text + part.text };
    } else if (part.kind !== "static" || part.text.length > 0 || part.orRunTime !== undefined) {
      merged.push(part);
    }
  }
  return merged;
}

/** Renders any value as prompt text: what is known is static, the rest one dynamic part. */
export function toTextParts(value: Value): TextPart[] {
  switch (value.kind) {
    case "text":
      return value.parts;
    case "number":
    case "boolean":
      return [{ kind: "static", text: String(value.value) }];
    case "null":
      return [{ kind: "static", text: "" }];
    case "unknown":
      return [value.collection ? { kind: "dynamic", label: value.label, collection: value.collection } : { kind: "dynamic", label: value.label }];
    case "array":
      return [{ kind: "dynamic", label: "[array]", collection: { bounded: true } }];
    default:
      return [{ kind: "dynamic", label: `[${value.kind}]` }];
  }
}

/** Every alternative of a value (itself when it has none). */
export function alternativesOf(value: Value): Value[] {
  return "alternatives" in value && value.alternatives && value.alternatives.length > 0 ? value.alternatives : [value];
}

/**
 * A text on one line (each run of white space one space, trimmed), cut to `max` characters with an ellipsis.
 * Reads only as far as the label needs: labels are made for every unknown value, often of a whole function's
 * text, and collapsing all of it first took seconds on a large application.
 */
export function shortLabel(text: string, max = 48): string {
  // Collected as UTF-16 code units and made one flat string at the end: a label built a character at a
  // time is a chain of ~50 string pieces in the heap (1.5 KB), and unknown values keep their labels for the
  // whole run. Code units and a comparison, not a pattern test per character (labels are made per unknown value).
  const codes: number[] = [];
  let pendingSpace = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isWhiteSpaceCode(code)) {
      pendingSpace = codes.length > 0;
      continue;
    }
    if (pendingSpace) codes.push(SPACE);
    pendingSpace = false;
    codes.push(code);
    if (codes.length > max) return String.fromCharCode(...codes.slice(0, max - 1)) + "…";
  }
  return String.fromCharCode(...codes);
}

const SPACE = 0x20;

/** Whether a UTF-16 code unit is one `/\s/` matches: white space (Zs and the ECMAScript list) or a line terminator. */
export function isWhiteSpaceCode(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The source text of a node on one line, shortened: what the hover shows for an assumed part. */
export function labelOf(node: ts.Node): string {
  try {
    return shortLabel(node.getText());
  } catch {
    return "expression";
  }
}
