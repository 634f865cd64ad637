import * as path from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import schema from "../../../schema/promptcost.config.schema.json" with { type: "json" };
import type { FileSystem } from "../workspace/file-system.ts";
import type { SeveritySetting } from "../types.ts";

export const CONFIG_FILE_NAME = "promptcost.config.json";

export type RuleConfig = SeveritySetting | [SeveritySetting] | [SeveritySetting, Record<string, unknown>];

/** promptcost.config.json as users write it (see server/schema/promptcost.config.schema.json). */
export interface ConfigFile {
  include?: string[];
  exclude?: string[];
  rules?: Record<string, RuleConfig>;
  defaults?: { requestsPerDay?: number; dynamicTokens?: number; outputTokens?: number };
  pricing?: { overrides?: Record<string, Record<string, unknown>>; aliases?: Record<string, string> };
  wrappers?: { function: string; module?: string; promptArg?: number; modelArg?: number; provider?: string; model?: string }[];
}

export type ConfigLoad = { ok: true; path: string; config: ConfigFile } | { ok: false; path: string; message: string };

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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, path: configPath, message: `${configPath}: invalid JSON: ${(error as Error).message}` };
  }
  const errors = validate(value);
  if (errors.length > 0) return { ok: false, path: configPath, message: `${configPath}: ${describeError(errors)}` };
  return { ok: true, path: configPath, config: value as ConfigFile };
}

/** The most specific schema error, as `rules.require-max-tokens: must be ...`. */
function describeError(errors: ErrorObject[]): string {
  const additional = errors.find((error) => error.keyword === "additionalProperties");
  if (additional) {
    const key = (additional.params as { additionalProperty: string }).additionalProperty;
    return `${joinPath(additional.instancePath, key)}: unknown key`;
  }
  const names = errors.find((error) => error.keyword === "propertyNames");
  if (names) return `${joinPath(names.instancePath, (names.params as { propertyName: string }).propertyName)}: unknown rule`;
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
  return `${joinPath(deepest.instancePath) || "(root)"}: ${deepest.message ?? "invalid"}`;
}

function joinPath(instancePath: string, key?: string): string {
  const parts = instancePath.split("/").filter(Boolean).map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (key !== undefined) parts.push(key);
  return parts.join(".");
}
