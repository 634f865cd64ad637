import { ts } from "../ts.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { findPropertyNode } from "../resolve/members.ts";
import { alternativesOf, fullyStaticText, labelOf, toTextParts, type EvalScope, type ObjectValue, type Value } from "../resolve/values.ts";
import type { LlmCall, MessageRole, OffsetRange, ParamsObjectLayout, PromptMessage, StatedSource, TextPart } from "../types.ts";
import { modelText, unknownModel } from "./model-text.ts";

/** Parameters that carry what a request sends, across SDKs: never read as absent when a spread may set them. */
const REQUEST_CONTENT_PARAMS = new Set(["messages", "input", "prompt", "contents", "message", "texts", "inputs", "documents", "query", "value", "values"]);

/** Reads the parameters of a call: the object passed to it, with its properties evaluated on demand. */
export class ParamReader {
  /**
   * @param unknownBody the label of a body passed whole and not known statically (`create(requestBody)` with
   * `requestBody` a parameter): read as `{ ...requestBody }`, its content unseen, never as no content.
   */
  constructor(
    readonly evaluator: Evaluator,
    readonly object: ObjectValue | undefined,
    readonly unknownBody?: string,
  ) {}

  static fromArgument(evaluator: Evaluator, argument: ts.Expression | undefined, scope: EvalScope): ParamReader {
    if (!argument) return new ParamReader(evaluator, undefined);
    const value = evaluator.evaluate(argument, scope);
    return new ParamReader(evaluator, value.kind === "object" ? value : undefined, value.kind === "unknown" ? labelOf(argument) : undefined);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /**
   * Whether the body names a parameter: set, or written as a key of the literal whatever its value may be
   * (`model: options.model` with `options` built at run time). The keys say which API a body is for.
   */
  names(name: string): boolean {
    return this.has(name) || (this.object !== undefined && findPropertyNode(this.evaluator, this.object, name) !== undefined);
  }

  /** As names, without a key only a spread of unknown content may set: the body says it itself. */
  writes(name: string): boolean {
    const value = this.mayBeSet(name);
    return (value !== undefined && !(value.kind === "unknown" && value.maybeAbsent)) || (this.object !== undefined && findPropertyNode(this.evaluator, this.object, name) !== undefined);
  }

  /**
   * A parameter's value. One that only a spread of unknown content may set (`{ model, ...opts }`) counts
   * where leaving it out would count zero for something unseen: the request's content. Optional extras
   * (tools, schemas, cache markers) are not assumed from a spread.
   */
  get(name: string): Value | undefined {
    const value = this.mayBeSet(name);
    return value?.kind === "unknown" && value.maybeAbsent && !REQUEST_CONTENT_PARAMS.has(name) ? undefined : value;
  }

  /** The value, or an unknown one when a spread of unknown content (or a body not known at all) may set it. */
  mayBeSet(name: string): Value | undefined {
    if (this.object) return this.evaluator.objectProperty(this.object, name);
    return this.unknownBody === undefined ? undefined : { kind: "unknown", label: `${this.unknownBody}.${name}`, maybeAbsent: true };
  }

  /** A nested parameter object, e.g. `config` of @google/genai. */
  nested(name: string): ParamReader {
    const value = this.get(name);
    return new ParamReader(this.evaluator, value?.kind === "object" ? value : undefined);
  }

  string(name: string): string | null {
    const value = this.get(name);
    return value ? fullyStaticText(value) ?? null : null;
  }

  number(name: string): number | null {
    const value = this.get(name);
    return value?.kind === "number" ? value.value : null;
  }

  /** The first of several names the object sets, e.g. max_completion_tokens or max_tokens. */
  firstPresent(names: readonly string[]): string | undefined {
    return names.find((name) => this.has(name));
  }

  /** The property as written in the literal at the call (not through a spread), for ranges and fixes. */
  written(name: string): { node: ts.ObjectLiteralElementLike; offsets: OffsetRange } | undefined {
    if (!this.object) return undefined;
    const node = this.evaluator.findPropertyNode(this.object, name);
    return node ? { node, offsets: { start: node.getStart(), end: node.getEnd() } } : undefined;
  }

  /** Where the parameter object literal is written, and how its properties are indented, for inserting a property. */
  literalLayout(): ParamsObjectLayout | undefined {
    return this.object ? literalLayoutOf(this.object.node) : undefined;
  }
}

/** Where an object literal is written, and how its properties are indented, for inserting a property. */
export function literalLayoutOf(node: ts.ObjectLiteralExpression): ParamsObjectLayout {
  const text = node.getSourceFile().text;
  const last = node.properties[node.properties.length - 1];
  const first = node.properties[0];
  const multiline = text.slice(node.getStart(), node.getEnd()).includes("\n");
  let indent = "  ";
  if (first && multiline) {
    const lineStart = text.lastIndexOf("\n", first.getStart()) + 1;
    indent = text.slice(lineStart, first.getStart()).match(/^[ \t]*/)?.[0] ?? "  ";
  }
  return { offsets: { start: node.getStart(), end: node.getEnd() }, indent, multiline, lastPropertyEnd: last ? last.getEnd() : null };
}

/**
 * Turns an image block into its assumed tokens: the size of an image is only known at run time, so it is
 * a stated assumption that depends on the provider, the model and the detail level.
 */
export type ImagePart = (detail: string | null) => TextPart;

/** Block types that carry an image, across SDKs, and where each keeps its detail level. */
const IMAGE_BLOCK_TYPES = new Set(["image_url", "input_image", "image"]);
/** Documents (PDF and files): their size is only known at run time, counted at the dynamic default. */
const DOCUMENT_BLOCK_TYPES = new Set(["file", "document", "input_file"]);

/** Text parts of a message `content`: a string, or an array of text and image blocks (others ignored). */
export function contentParts(evaluator: Evaluator, content: Value | undefined, image?: ImagePart): { parts: TextPart[]; cacheMarker: boolean } {
  if (!content) return { parts: [], cacheMarker: false };
  if (content.kind === "array") {
    const parts: TextPart[] = [];
    let cacheMarker = false;
    for (const block of content.elements) {
      if (block.kind === "object") {
        const reader = new ParamReader(evaluator, block);
        const type = reader.string("type");
        if (reader.has("cache_control") || reader.has("cachePoint") || hasProviderCacheControl(reader)) cacheMarker = true;
        const text = reader.get("text");
        if (text && (type === null || type === "text" || type === "input_text")) parts.push(...toTextParts(text));
        else if (image && isImageBlock(reader, type)) parts.push(image(imageDetail(reader)));
        else if (type !== null && DOCUMENT_BLOCK_TYPES.has(type)) parts.push({ kind: "dynamic", label: `${type} block` });
      } else {
        parts.push(...toTextParts(block));
      }
    }
    return { parts, cacheMarker };
  }
  return { parts: toTextParts(content), cacheMarker: false };
}

function isImageBlock(reader: ParamReader, type: string | null): boolean {
  if (type !== null) return IMAGE_BLOCK_TYPES.has(type);
  // Bedrock `{ image: {...} }`, Gemini `{ inlineData }` / `{ fileData }`.
  return reader.has("image") || reader.has("inlineData") || reader.has("fileData") || reader.has("image_url");
}

function imageDetail(reader: ParamReader): string | null {
  return reader.string("detail") ?? reader.nested("image_url").string("detail");
}

/** Vercel AI SDK `providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } }` (and Bedrock cachePoint). */
export function hasProviderCacheControl(reader: ParamReader): boolean {
  for (const key of ["providerOptions", "experimental_providerMetadata", "providerMetadata"]) {
    const options = reader.nested(key);
    if (options.nested("anthropic").has("cacheControl") || options.nested("anthropic").has("cache_control") || options.nested("bedrock").has("cachePoint")) return true;
  }
  return false;
}

const ROLES = new Set<MessageRole>(["system", "developer", "user", "assistant", "tool"]);

/**
 * Messages of a chat request: an array literal of `{ role, content }` objects, possibly with spread
 * histories, or anything else (one opaque message of assumed size).
 */
export function readMessages(
  evaluator: Evaluator,
  value: Value | undefined,
  /** `textKey`: where a message's text is when not in `content` or `parts` (Cohere v1's chatHistory: `message`). */
  options: { defaultRole?: MessageRole; roleAliases?: Record<string, MessageRole>; image?: ImagePart; textKey?: string } = {},
): PromptMessage[] {
  if (!value) return [];
  if (value.kind !== "array") {
    const label = value.kind === "unknown" ? value.label : "messages";
    // What a spread of unknown content may hold is counted, but not called an untrimmed history.
    if (value.kind === "unknown" && value.maybeAbsent) return [{ role: options.defaultRole ?? "user", parts: [{ kind: "dynamic", label }], cacheMarker: false, opaque: true }];
    return [{ role: options.defaultRole ?? "user", parts: [{ kind: "dynamic", label, collection: { bounded: value.kind === "unknown" ? value.collection?.bounded ?? false : false } }], cacheMarker: false, opaque: true }];
  }
  const messages: PromptMessage[] = [];
  for (const element of value.elements) {
    if (element.kind === "object") {
      const reader = new ParamReader(evaluator, element);
      const rawRole = reader.string("role") ?? options.defaultRole ?? "user";
      const role = options.roleAliases?.[rawRole] ?? (ROLES.has(rawRole as MessageRole) ? (rawRole as MessageRole) : "user");
      const contentValue = reader.get("content") ?? reader.get("parts") ?? (options.textKey ? reader.get(options.textKey) : undefined);
      const { parts, cacheMarker } = contentParts(evaluator, contentValue, options.image);
      const name = reader.string("name");
      const message: PromptMessage = { role, parts, cacheMarker: cacheMarker || reader.has("cache_control") || hasProviderCacheControl(reader) };
      if (name) message.name = name;
      const node = element.node;
      message.offsets = { start: node.getStart(), end: node.getEnd() };
      messages.push(message);
    } else if (element.kind === "text") {
      messages.push({ role: options.defaultRole ?? "user", parts: element.parts, cacheMarker: false });
    } else {
      const label = element.kind === "unknown" ? element.label : "message";
      messages.push({
        role: options.defaultRole ?? "user",
        parts: [{ kind: "dynamic", label, collection: { bounded: element.kind === "unknown" ? element.collection?.bounded ?? false : false } }],
        cacheMarker: false,
        opaque: true,
      });
    }
  }
  return messages;
}

/** What a choice of ids adds to its note when a run-time value is one more way (`; another branch not known statically (x)`). */
export function runTimeBranchNote(orRunTime: string | undefined): string {
  return orRunTime !== undefined ? `; another branch not known statically (${orRunTime})` : "";
}

/** A model id: the literal, or null with the reason shown in the hover. */
export function readModel(value: Value | undefined, fallbackNote?: string): ModelRead {
  if (!value) return { model: null, note: fallbackNote ?? "no model parameter" };
  // An empty id is what is sent when nothing chose a model (`customModel || ""`): never a model.
  const ways = alternativesOf(value).filter((alternative) => fullyStaticText(alternative) !== "");
  if (ways.length === 0) return unknownModel(value);
  const candidates = ways.map((alternative) => fullyStaticText(alternative));
  if (candidates.length > 1 && candidates.every((candidate) => candidate !== undefined)) {
    const distinct = [...new Set(candidates as string[])];
    // A choice beside a run-time value (`x === "a" ? "gpt-4.1" : x === "b" ? "gpt-4.1-mini" : x`) says so.
    const orRunTime = value.kind === "text" ? value.fallbackOf : undefined;
    return { model: distinct[0]!, candidates: distinct, note: `one of ${distinct.join(", ")} (priced at the most expensive)${runTimeBranchNote(orRunTime)}`, ...(orRunTime !== undefined ? { orRunTime } : {}) };
  }
  const read = ways.length === 1 ? ways[0]! : value;
  return modelText(read) ?? unknownModel(read);
}

export interface ModelRead {
  model: string | null;
  note?: string;
  candidates?: string[];
  /** Each candidate's provider where it differs from the read's own (see LlmCall.candidateProviders). */
  candidateProviders?: Record<string, string[]>;
  /** The providers one model can go to (see LlmCall.providerChoices). */
  providerChoices?: string[];
  /** How a model only known at run time was decided (see LlmCall.modelAssumption). */
  assumption?: StatedSource;
  /** A choice beside a run-time value (`config.model || DEFAULTS[provider]`): that value's expression. */
  orRunTime?: string;
  /** For a model nothing states: the expression it comes from (see LlmCall.modelSource). */
  source?: { expression: string; env?: string };
}

/** Sets model, its note, its candidates and where a run-time model comes from on a call being built. */
export function withModel<T extends Pick<LlmCall, "model" | "modelNote" | "modelCandidates" | "candidateProviders" | "providerChoices" | "modelAssumption" | "modelSource">>(call: T, read: ModelRead): T {
  call.model = read.model;
  if (read.note) call.modelNote = read.note;
  if (read.candidates) call.modelCandidates = read.candidates;
  if (read.candidateProviders) call.candidateProviders = read.candidateProviders;
  if (read.providerChoices) call.providerChoices = read.providerChoices;
  if (read.assumption) call.modelAssumption = read.assumption;
  if (read.source) call.modelSource = read.source;
  return call;
}

/** Adds to a call to a self-hosted server (Ollama, vLLM on this machine) the note that says how it is priced. */
export function noteSelfHosted(call: { provider: string; modelNote?: string }): void {
  if (call.provider !== "ollama" && call.provider !== "local") return;
  call.modelNote = [call.modelNote, "self-hosted server: priced from pricing.selfHosted (hardware cost per hour and tokens per second) when set, else unpriced"].filter(Boolean).join("; ");
}

export function readOutputCap(params: ParamReader, names: readonly string[]): { hasOutputCap: boolean; outputCap: number | null; outputCapSetBy?: string } {
  // A cap a spread may set counts as a cap of unknown value, as a cap from a run-time value does.
  const present = names.filter((name) => params.mayBeSet(name) !== undefined);
  if (present.length === 0) return { hasOutputCap: false, outputCap: null };
  // A cap written in the call wins over one a spread of unknown content may carry.
  const index = present.findIndex((name) => params.number(name) !== null);
  const setBy = present[index === -1 ? 0 : index]!;
  return { hasOutputCap: true, outputCap: index === -1 ? null : params.number(setBy), outputCapSetBy: setBy };
}

export function isObjectLiteral(node: ts.Node | undefined): node is ts.ObjectLiteralExpression {
  return node !== undefined && ts.isObjectLiteralExpression(node);
}

/** A `system` parameter (a string or text blocks, possibly cache-marked) followed by the `messages` array: Anthropic and Bedrock Converse. */
export function readSystemThenMessages(evaluator: Evaluator, params: ParamReader, image: ImagePart): PromptMessage[] {
  const messages: PromptMessage[] = [];
  const system = params.get("system");
  if (system) {
    const { parts, cacheMarker } = contentParts(evaluator, system);
    messages.push({ role: "system", parts, cacheMarker });
  }
  messages.push(...readMessages(evaluator, params.get("messages"), { image }));
  return messages;
}
