import * as path from "node:path";
import { Ajv, type ErrorObject } from "ajv";
// The ESM build: the UMD one (package "main") loads its parts with dynamic requires a bundle cannot follow.
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from "jsonc-parser/lib/esm/main.js";
import schema from "../../../../schema.json" with { type: "json" };
import type { EndpointSetting } from "../providers/llm-endpoints.ts";
import type { UserPrices } from "../pricing/user-prices.ts";
import type { FileSystem } from "../workspace/file-system.ts";
import type { SeveritySetting } from "../types.ts";

export const CONFIG_FILE_NAME = "promptcost.config.json";

export type RuleConfig = SeveritySetting | [SeveritySetting] | [SeveritySetting, Record<string, unknown>];

/** promptcost.config.json as users write it (see schema.json at the package root). */
export interface ConfigFile {
  include?: string[];
  exclude?: string[];
  rules?: Record<string, RuleConfig>;
  defaults?: { requestsPerDay?: number; dynamicTokens?: number; outputTokens?: number; reasoningTokens?: number; model?: string; cacheHitRate?: number };
  /** Values of env variables and app settings only known at run time, by name. */
  env?: Record<string, string>;
  pricing?: UserPrices;
  fileStepBudget?: number;
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

/** JSONC, as editors treat the file: comments and trailing commas are accepted. */
const PARSE_OPTIONS = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false };

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
  const tree = parseTree(text, syntaxErrors, PARSE_OPTIONS);
  const first = syntaxErrors[0];
  if (first || !tree) {
    const offsets = first ? { start: first.offset, end: first.offset + Math.max(first.length, 1) } : { start: 0, end: Math.min(text.length, 1) };
    const where = first ? ` at line ${lineOf(text, first.offset)}` : "";
    return { ok: false, problem: { message: `invalid JSON: ${first ? describeSyntaxError(first.error) : "the file is empty"}${where}`, keyPath: "", offsets } };
  }
  const value: unknown = parse(text, [], PARSE_OPTIONS);
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

/** `CloseBraceExpected` -> "close brace expected": the parser's code as words. */
function describeSyntaxError(code: ParseError["error"]): string {
  return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) line++;
  return line;
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
