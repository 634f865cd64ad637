import * as path from "node:path";
import { Ajv, type ErrorObject } from "ajv";
// The ESM build: the UMD one (package "main") loads its parts with dynamic requires a bundle cannot follow.
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from "jsonc-parser/lib/esm/main.js";
import schema from "../../../schema/promptcost.config.schema.json" with { type: "json" };
import type { EndpointSetting } from "../providers/llm-endpoints.ts";
import type { UserPrices } from "../pricing/user-prices.ts";
import type { FileSystem } from "../workspace/file-system.ts";
import type { SeveritySetting } from "../types.ts";

export const CONFIG_FILE_NAME = "promptcost.config.json";

export type RuleConfig = SeveritySetting | [SeveritySetting] | [SeveritySetting, Record<string, unknown>];

/** promptcost.config.json as users write it (see server/schema/promptcost.config.schema.json). */
export interface ConfigFile {
  include?: string[];
  exclude?: string[];
  rules?: Record<string, RuleConfig>;
  defaults?: { requestsPerDay?: number; dynamicTokens?: number; outputTokens?: number; reasoningTokens?: number };
  pricing?: UserPrices;
  fileTimeBudgetMs?: number;
  wrappers?: { function: string; module?: string; promptArg?: number; modelArg?: number; provider?: string; model?: string }[];
  endpoints?: EndpointSetting[];
}

export type ConfigLoad = { ok: true; path: string; config: ConfigFile } | { ok: false; path: string; message: string; problem?: ConfigProblem };

/** What is wrong with a config file's text, and where: the offending key (or value) for an editor diagnostic. */
export interface ConfigProblem {
  /** `defaults.requestsPerDya: unknown key` (without the file name). */
  message: string;
  /** The path of the bad key, `rules.max-context-tokens[1].maxInputTokens`; empty for the whole file. */
  keyPath: string;
  /** Offsets into the text: the key's name when there is one, else the value, else the syntax error. */
  offsets: { start: number; end: number };
}

export type ConfigCheck = { ok: true; config: ConfigFile } | { ok: false; problem: ConfigProblem };

let validator: ReturnType<Ajv["compile"]> | undefined;

function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** The nearest promptcost.config.json walking up from a directory, or undefined. */
export function findConfigFile(startDirectory: string, fileSystem: FileSystem): string | undefined {
  let directory = path.resolve(startDirectory);
  for (;;) {
    const candidate = path.join(directory, CONFIG_FILE_NAME);
    if (fileSystem.stat(candidate)?.isFile) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** Reads and validates a config file; the message of a bad file names the key at fault. */
export function loadConfigFile(configPath: string, fileSystem: FileSystem): ConfigLoad {
  const text = fileSystem.readFile(configPath);
  if (text === undefined) return { ok: false, path: configPath, message: `cannot read ${configPath}` };
  return parseConfigText(configPath, text);
}

export function parseConfigText(configPath: string, text: string): ConfigLoad {
  const checked = checkConfigText(text);
  if (checked.ok) return { ok: true, path: configPath, config: checked.config };
  return { ok: false, path: configPath, message: `${configPath}: ${checked.problem.message}`, problem: checked.problem };
}

/**
 * Validates the text of a promptcost.config.json against the schema: the config, or the first problem
 * with the range of the key at fault in the text (for a diagnostic on the config file in the editor).
 */
export function checkConfigText(text: string): ConfigCheck {
  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(text, syntaxErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const first = syntaxErrors[0];
    const offsets = first ? { start: first.offset, end: first.offset + Math.max(first.length, 1) } : { start: 0, end: Math.min(text.length, 1) };
    const where = first ? ` (${printParseErrorCode(first.error)})` : "";
    return { ok: false, problem: { message: `invalid JSON: ${(error as Error).message}${where}`, keyPath: "", offsets } };
  }
  const errors = validate(value);
  if (errors.length === 0) return { ok: true, config: value as ConfigFile };
  const error = mostSpecificError(errors);
  const segments = pathSegments(error.instancePath);
  const unknownKey = error.keyword === "additionalProperties" ? (error.params as { additionalProperty: string }).additionalProperty : undefined;
  if (unknownKey !== undefined) segments.push(unknownKey);
  const keyPath = joinPath(segments);
  const message = unknownKey !== undefined ? `${keyPath}: ${segments.length === 2 && segments[0] === "rules" ? "unknown rule" : "unknown key"}` : `${keyPath || "(root)"}: ${describe(error)}`;
  return { ok: false, problem: { message, keyPath, offsets: locate(tree, segments, text) } };
}

/** An unknown key first (the commonest typo), then the deepest error, an enum's list of values before a type. */
function mostSpecificError(errors: ErrorObject[]): ErrorObject {
  const additional = errors.find((error) => error.keyword === "additionalProperties");
  if (additional) return additional;
  const depth = (error: ErrorObject): number => pathSegments(error.instancePath).length;
  const rank = (error: ErrorObject): number => (error.keyword === "enum" ? 0 : error.keyword === "anyOf" || error.keyword === "oneOf" ? 2 : 1);
  return [...errors].sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b))[0]!;
}

function describe(error: ErrorObject): string {
  if (error.keyword === "enum") return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
  return error.message ?? "invalid";
}

/** The range of the key's name in the text (or of its value, for an array element or the root). */
function locate(tree: JsonNode | undefined, segments: (string | number)[], text: string): { start: number; end: number } {
  const whole = { start: 0, end: text.length };
  if (!tree) return whole;
  for (let length = segments.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, segments.slice(0, length));
    if (!node) continue;
    const property = node.parent?.type === "property" ? node.parent : undefined;
    const target = property?.children?.[0] ?? node;
    return { start: target.offset, end: target.offset + target.length };
  }
  return whole;
}

function pathSegments(instancePath: string): (string | number)[] {
  return instancePath
    .split("/")
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** `rules.max-context-tokens[1].maxInputTokens`. */
function joinPath(segments: (string | number)[]): string {
  return segments.map((segment, index) => (typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join("");
}
