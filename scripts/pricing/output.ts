// Writing, comparing and validating pricing/<provider>.json files.
import * as fs from "node:fs";
import * as path from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import type { ProviderPriceFile } from "../../server/src/core/pricing/price-types.ts";
import { compare } from "./build.ts";

type Model = ProviderPriceFile["models"][number];

/** 2-space JSON with a trailing newline; key order is the order the build gives. */
export function serialize(file: ProviderPriceFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The provider files of a directory (every *.json but schema.json and overrides.json), by provider. */
export function readProviderFiles(directory: string): Map<string, { file: string; text: string; parsed: ProviderPriceFile | null }> {
  const result = new Map<string, { file: string; text: string; parsed: ProviderPriceFile | null }>();
  if (!fs.existsSync(directory)) return result;
  for (const name of fs.readdirSync(directory).sort(compare)) {
    if (!name.endsWith(".json") || name === "schema.json" || name === "overrides.json") continue;
    const file = path.join(directory, name);
    const text = fs.readFileSync(file, "utf8");
    let parsed: ProviderPriceFile | null = null;
    try {
      parsed = JSON.parse(text) as ProviderPriceFile;
    } catch {
      parsed = null;
    }
    result.set(name.slice(0, -".json".length), { file, text, parsed });
  }
  return result;
}

// ---- validation ----

export interface Validator {
  (file: ProviderPriceFile): string[];
}

/** Schema validation (ajv, draft 2020-12) plus what a schema cannot say: unique ids and aliases, sorted models, paired batch prices. */
export function createValidator(schemaFile: string): Validator {
  const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  return (file) => {
    const problems: string[] = [];
    if (!validate(file)) problems.push(...(validate.errors ?? []).map((error) => describeError(file, error)));
    if (!Array.isArray(file.models)) return problems;
    const seen = new Map<string, string>();
    let previous = "";
    for (const model of file.models) {
      if (!model || typeof model.id !== "string") continue;
      if (compare(previous, model.id) > 0) problems.push(`models not sorted by id: ${previous} before ${model.id}`);
      previous = model.id;
      for (const name of [model.id, ...(Array.isArray(model.aliases) ? model.aliases : [])]) {
        const key = String(name).toLowerCase();
        const owner = seen.get(key);
        if (owner !== undefined) problems.push(`${model.id}: "${name}" is already a name of ${owner}`);
        else seen.set(key, model.id);
      }
      if ((model.batchInputPerMTok === null) !== (model.batchOutputPerMTok === null)) problems.push(`${model.id}: batch input and output prices must both be set or both be null`);
    }
    return problems;
  };
}

function describeError(file: ProviderPriceFile, error: ErrorObject): string {
  const match = /^\/models\/(\d+)(.*)$/.exec(error.instancePath);
  const where = match ? `${file.models?.[Number(match[1])]?.id ?? `models[${match[1]}]`}${match[2] ? ` ${match[2].slice(1).replace(/\//g, ".")}` : ""}` : error.instancePath || "(file)";
  const detail = error.keyword === "additionalProperties" ? ` (${String(error.params["additionalProperty"])})` : error.keyword === "enum" ? ` (${JSON.stringify(error.params["allowedValues"])})` : "";
  return `${where}: ${error.message ?? error.keyword}${detail}`;
}

// ---- diff ----

export interface ProviderDiff {
  provider: string;
  before: number;
  after: number;
  added: string[];
  removed: string[];
  changed: { id: string; changes: string[] }[];
  textChanged: boolean;
}

const PRICE_FIELDS = [
  "inputPerMTok",
  "outputPerMTok",
  "cacheReadPerMTok",
  "cacheWrite5mPerMTok",
  "cacheWrite1hPerMTok",
  "batchInputPerMTok",
  "batchOutputPerMTok",
  "longContext",
  "contextWindow",
  "maxOutputTokens",
  "minCacheableTokens",
  "caching",
  "cacheStoragePerMTokHour",
  "deprecationDate",
  "replacement",
  "kind",
  "tokenizer",
  "aliases",
] as const;

export function diffFiles(provider: string, before: ProviderPriceFile | null, after: ProviderPriceFile | null, textChanged: boolean): ProviderDiff {
  const old = new Map((before?.models ?? []).map((model) => [model.id, model]));
  const now = new Map((after?.models ?? []).map((model) => [model.id, model]));
  const added = [...now.keys()].filter((id) => !old.has(id)).sort(compare);
  const removed = [...old.keys()].filter((id) => !now.has(id)).sort(compare);
  const changed: ProviderDiff["changed"] = [];
  for (const [id, model] of [...now.entries()].sort((a, b) => compare(a[0], b[0]))) {
    const previous = old.get(id);
    if (!previous) continue;
    const changes: string[] = [];
    for (const field of PRICE_FIELDS) {
      const a = JSON.stringify(previous[field] ?? null);
      const b = JSON.stringify(model[field] ?? null);
      if (a !== b) changes.push(field === "aliases" ? describeAliases(previous.aliases ?? [], model.aliases) : `${field} ${short(previous[field])} -> ${short(model[field])}`);
    }
    if (changes.length === 0 && (previous.checked !== model.checked || previous.source !== model.source)) changes.push("checked/source only");
    if (changes.length > 0) changed.push({ id, changes });
  }
  return { provider, before: old.size, after: now.size, added, removed, changed, textChanged };
}

function describeAliases(before: string[], after: string[]): string {
  const plus = after.filter((alias) => !before.includes(alias));
  const minus = before.filter((alias) => !after.includes(alias));
  return `aliases ${[...plus.map((alias) => `+${alias}`), ...minus.map((alias) => `-${alias}`)].join(" ")}`;
}

function short(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "object") {
    if ("thresholdTokens" in value) {
      const tier = value as Model["longContext"] & object;
      return `>${tier.thresholdTokens}: ${tier.inputPerMTok}/${tier.outputPerMTok}`;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

export function formatDiffs(diffs: ProviderDiff[]): string {
  const lines: string[] = [];
  for (const diff of diffs) {
    if (!diff.textChanged) continue;
    const counts = `${diff.before} -> ${diff.after} models (+${diff.added.length} -${diff.removed.length} ~${diff.changed.length})`;
    lines.push(`${diff.provider}.json: ${counts}`);
    for (const id of diff.added) lines.push(`  + ${id}`);
    for (const id of diff.removed) lines.push(`  - ${id}`);
    const metadataOnly = diff.changed.filter((change) => change.changes.length === 1 && change.changes[0] === "checked/source only");
    for (const change of diff.changed) {
      if (metadataOnly.includes(change)) continue;
      lines.push(`  ~ ${change.id}: ${change.changes.join("; ")}`);
    }
    if (metadataOnly.length > 0) lines.push(`  ~ ${metadataOnly.length} model(s) with a new checked date or source only`);
    if (diff.added.length + diff.removed.length + diff.changed.length === 0) lines.push("  (formatting or file header only)");
  }
  return lines.length > 0 ? lines.join("\n") : "no changes";
}
