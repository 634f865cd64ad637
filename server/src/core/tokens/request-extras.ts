import type { Evaluator } from "../resolve/evaluate.ts";
import { fullyStaticText, type Value } from "../resolve/values.ts";
import { staticJson } from "../resolve/static-json.ts";
import type { RequestExtra } from "../types.ts";
import { countTextTokens, type EncodingName } from "./count-text.ts";

/**
 * What a request costs besides its message text: tool definitions, a response schema, a provider's own
 * tool-use system prompt, images and hidden reasoning. Each figure is either counted from text known at
 * analysis time or a stated assumption with its basis, never a silent guess.
 */

/**
 * OpenAI renders function definitions into the system prompt in a compact TypeScript-like form. The
 * OpenAI cookbook ("How to count tokens with tiktoken", num_tokens_for_tools) gives the cost: per function
 * 7 tokens (10 on gpt-3.5/gpt-4) plus "name:description", per parameter object 3, per property 3 plus
 * "key:type:description", per enum -3 plus 3 and the item per item, and 12 to close the list.
 */
const OPENAI_TOOL_FORMAT = { funcInit: 7, funcInitLegacy: 10, propInit: 3, propKey: 3, enumInit: -3, enumItem: 3, funcEnd: 12 };

/** Tokens assumed for a tool list or schema whose content is only known at run time (built elsewhere, zod). */
export const ASSUMED_TOOLS_TOKENS = 300;
export const ASSUMED_SCHEMA_TOKENS = 150;

export function openAiToolsExtra(evaluator: Evaluator, tools: Value | undefined, model: string | null): RequestExtra | undefined {
  if (!tools) return undefined;
  if (tools.kind !== "array") return { kind: "tools", label: "tools (defined at run time)", tokens: ASSUMED_TOOLS_TOKENS, assumed: true };
  if (tools.elements.length === 0) return undefined;
  const encoding: EncodingName = model && /^(gpt-4(?!o|\.)|gpt-3\.5)/.test(model) ? "cl100k_base" : "o200k_base";
  const format = OPENAI_TOOL_FORMAT;
  let tokens = 0;
  let assumed = false;
  for (const tool of tools.elements) {
    const definition = functionDefinition(evaluator, tool);
    if (!definition) {
      assumed = true;
      tokens += ASSUMED_TOOLS_TOKENS / 3;
      continue;
    }
    tokens += encoding === "cl100k_base" ? format.funcInitLegacy : format.funcInit;
    tokens += countTextTokens(`${definition.name}:${trimPeriod(definition.description)}`, encoding).tokens;
    if (definition.properties.length > 0) {
      tokens += format.propInit;
      for (const property of definition.properties) {
        tokens += format.propKey;
        if (property.enum) {
          tokens += format.enumInit;
          for (const item of property.enum) tokens += format.enumItem + countTextTokens(item, encoding).tokens;
        }
        tokens += countTextTokens(`${property.name}:${property.type}:${trimPeriod(property.description)}`, encoding).tokens;
      }
    }
  }
  tokens += format.funcEnd;
  return { kind: "tools", label: `${tools.elements.length} tool definition${tools.elements.length === 1 ? "" : "s"}`, tokens: Math.round(tokens), assumed };
}

interface FunctionDefinition {
  name: string;
  description: string;
  properties: { name: string; type: string; description: string; enum?: string[] }[];
}

/** `{ type: "function", function: { name, description, parameters } }` (chat) or the flat form (responses). */
function functionDefinition(evaluator: Evaluator, tool: Value): FunctionDefinition | undefined {
  if (tool.kind !== "object") return undefined;
  const inner = evaluator.objectProperty(tool, "function");
  const fn = inner?.kind === "object" ? inner : tool;
  const name = stringProperty(evaluator, fn, "name");
  if (name === undefined) return undefined;
  const description = stringProperty(evaluator, fn, "description") ?? "";
  const parameters = evaluator.objectProperty(fn, "parameters");
  const properties: FunctionDefinition["properties"] = [];
  if (parameters?.kind === "object") {
    const props = evaluator.objectProperty(parameters, "properties");
    if (props?.kind === "object") {
      for (const property of props.node.properties) {
        const key = property.name && "text" in property.name ? String(property.name.text) : undefined;
        const value = key === undefined ? undefined : evaluator.objectProperty(props, key);
        if (key === undefined || value?.kind !== "object") continue;
        const enumValue = evaluator.objectProperty(value, "enum");
        const enumItems = enumValue?.kind === "array" ? enumValue.elements.map((item) => fullyStaticText(item) ?? "") : undefined;
        properties.push({
          name: key,
          type: stringProperty(evaluator, value, "type") ?? "string",
          description: stringProperty(evaluator, value, "description") ?? "",
          ...(enumItems ? { enum: enumItems } : {}),
        });
      }
    }
  } else if (parameters) return undefined;
  return { name, description, properties };
}

function stringProperty(evaluator: Evaluator, object: Extract<Value, { kind: "object" }>, name: string): string | undefined {
  const value = evaluator.objectProperty(object, name);
  return value ? fullyStaticText(value) : undefined;
}

function trimPeriod(text: string): string {
  return text.endsWith(".") ? text.slice(0, -1) : text;
}

/**
 * A JSON schema the reply must follow (`response_format`, `text.format`, Gemini `responseSchema`): the
 * provider adds it to the prompt. Counted as its JSON text when known, else assumed.
 */
export function schemaExtra(evaluator: Evaluator, schema: Value | undefined, label = "response schema"): RequestExtra | undefined {
  if (!schema) return undefined;
  if (schema.kind === "object" || schema.kind === "array") {
    const json = staticJson(evaluator, schema);
    if (json !== undefined) return { kind: "response-format", label, text: JSON.stringify(json), assumed: false };
  }
  return { kind: "response-format", label: `${label} (defined at run time)`, tokens: ASSUMED_SCHEMA_TOKENS, assumed: true };
}

/** Anthropic's tool definitions: counted as their JSON (name, description, input_schema). */
export function anthropicToolsExtra(evaluator: Evaluator, tools: Value | undefined): RequestExtra | undefined {
  if (!tools) return undefined;
  if (tools.kind !== "array") return { kind: "tools", label: "tools (defined at run time)", tokens: ASSUMED_TOOLS_TOKENS, assumed: true };
  if (tools.elements.length === 0) return undefined;
  const json = staticJson(evaluator, tools);
  const label = `${tools.elements.length} tool definition${tools.elements.length === 1 ? "" : "s"}`;
  if (json === undefined) return { kind: "tools", label, tokens: ASSUMED_TOOLS_TOKENS, assumed: true };
  return { kind: "tools", label, text: JSON.stringify(json), assumed: false };
}

/**
 * The system prompt Anthropic adds to any request with tools, by model and tool_choice (Anthropic's
 * tool-use pricing table): [auto or none, any or tool].
 */
const ANTHROPIC_TOOL_PROMPT: [RegExp, [number, number]][] = [
  [/claude-3-opus/, [530, 281]],
  [/claude-3-sonnet/, [159, 235]],
  [/claude-3-haiku|claude-3-5-haiku/, [264, 340]],
  [/claude-3-5-sonnet/, [294, 261]],
  // Claude 3.7, Sonnet 4 / 4.5, Opus 4 / 4.1, Haiku 4.5 and later.
  [/claude/, [346, 313]],
];

export function anthropicToolSystemPrompt(model: string | null, toolChoice: string | null): RequestExtra {
  const entry = ANTHROPIC_TOOL_PROMPT.find(([pattern]) => pattern.test(model ?? "claude"))?.[1] ?? [346, 313];
  const forced = toolChoice === "any" || toolChoice === "tool";
  return { kind: "tool-system-prompt", label: `tool-use system prompt (tool_choice ${forced ? toolChoice : toolChoice ?? "auto"})`, tokens: forced ? entry[1] : entry[0], assumed: false };
}

/**
 * Tokens of one image whose pixel size is not known at analysis time, by provider, model and detail.
 * OpenAI tile models: 85 base + 170 per 512 px tile (gpt-4o-mini: 2,833 + 5,667), a 1024×1024 image at
 * high detail is 4 tiles; patch models (gpt-4.1-mini/nano, o4-mini) count 32 px patches times a model
 * multiplier. Anthropic: width × height / 750, about 1,600 for an image at its 1.15 MP cap. Gemini: 258
 * per image up to 384 px, tiled beyond, 258 per 768 px tile.
 */
export function imageTokens(provider: string, model: string | null, detail: string | null): { tokens: number; label: string } {
  const id = model ?? "";
  const level = detail ?? "auto";
  if (provider === "anthropic" || provider === "bedrock" || /claude/.test(id)) return { tokens: 1600, label: "image (assumed about 1.15 MP, ~1,600 tokens)" };
  if (provider === "google" || /gemini/.test(id)) return { tokens: 1032, label: "image (assumed 1024×1024: 4 tiles × 258)" };
  const patch = /gpt-4\.1-mini/.test(id) ? 1.62 : /gpt-4\.1-nano/.test(id) ? 2.46 : /o4-mini/.test(id) ? 1.72 : undefined;
  if (patch !== undefined) return { tokens: Math.round(1024 * patch), label: `image (assumed 1024×1024: 1,024 patches × ${patch})` };
  const [base, tile] = /gpt-4o-mini/.test(id) ? [2833, 5667] : [85, 170];
  if (level === "low") return { tokens: base, label: "image (detail: low)" };
  return { tokens: base + 4 * tile, label: `image (detail: ${level}, assumed 1024×1024: 4 tiles)` };
}

/** Output tokens a reasoning model spends thinking, by effort, when nothing caps them: a stated assumption. */
const REASONING_BY_EFFORT: Record<string, number> = { minimal: 0, low: 1000, medium: 4000, high: 16000 };

export function reasoningAssumption(model: string | null, options: { effort?: string | null; budgetTokens?: number | null; enabled?: boolean }): { assumedTokens: number; basis: string; fromCode?: true } | undefined {
  if (options.budgetTokens !== undefined && options.budgetTokens !== null) {
    return options.budgetTokens > 0 ? { assumedTokens: options.budgetTokens, basis: `thinking budget ${options.budgetTokens}`, fromCode: true } : undefined;
  }
  if (!options.enabled && !(model && isReasoningModel(model))) return undefined;
  const effort = options.effort ?? "medium";
  const tokens = REASONING_BY_EFFORT[effort] ?? REASONING_BY_EFFORT.medium!;
  if (tokens === 0) return undefined;
  return { assumedTokens: tokens, basis: `assumed for reasoning effort ${effort}${options.effort ? "" : " (the default)"}` };
}

/** Models that reason before answering by default (OpenAI o-series and gpt-5, DeepSeek R1, Gemini 2.5 Pro). */
export function isReasoningModel(model: string): boolean {
  return /^(o1|o3|o4)(-|$)|^gpt-5(?!-chat)|deepseek-reasoner|deepseek-r1|gemini-2\.5-pro|gemini-3/.test(model.replace(/^[a-z-]+\//, ""));
}
