// The inputs of the price table: genai-prices provider data, a LiteLLM model_prices_and_context_window.json
// snapshot and the hand overrides. Shapes, loaders and the genai-prices match logic.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type { ModelPrice } from "../../server/src/core/pricing/price-types.ts";
import { OVERRIDABLE_FIELDS } from "./providers.ts";

// ---- genai-prices (pydantic/genai-prices v2 data.json shape) ----

export type MatchLogic =
  | { or: MatchLogic[] }
  | { and: MatchLogic[] }
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string };

export interface TieredPrice {
  base: number;
  tiers: { start: number; price: number }[];
}

export type GenaiPrices = Record<string, number | TieredPrice | undefined>;

export interface GenaiConditionalPrice {
  constraint?: { type?: "start_date"; start_date: string } | { type?: "time_of_date"; start_time: string; end_time: string };
  prices: GenaiPrices;
}

export interface GenaiModel {
  id: string;
  name?: string;
  match: MatchLogic;
  context_window?: number;
  deprecated?: boolean;
  prices: GenaiPrices | GenaiConditionalPrice[];
  /** Not in the v2 feed or the npm package today; used when a future data file carries it. */
  prices_checked?: string;
}

export interface GenaiProvider {
  id: string;
  models: GenaiModel[];
}

export interface GenaiData {
  providers: GenaiProvider[];
  /** For humans: "@pydantic/genai-prices 0.1.8". */
  label: string;
  /** Date of the data (the package's release date), YYYY-MM-DD: the default `checked` date. */
  date: string;
}

/**
 * npm release dates of @pydantic/genai-prices versions (`npm view @pydantic/genai-prices time`). The
 * package carries no date of its own; add a line when upgrading, or pass --genai-prices-date.
 */
export const GENAI_PRICES_RELEASE_DATES: Record<string, string> = {
  "0.1.8": "2026-09-23",
};

/** The data shipped inside node_modules/@pydantic/genai-prices (embedded in dist/index.js, returned by waitForUpdate()). */
export async function loadGenaiPackage(dateOverride?: string): Promise<GenaiData> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@pydantic/genai-prices");
  const packageJson = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8")) as { name: string; version: string };
  const module = (await import("@pydantic/genai-prices")) as { waitForUpdate: () => Promise<GenaiProvider[] | null> };
  const providers = await module.waitForUpdate();
  if (!providers) throw new InputError(`${packageJson.name} ${packageJson.version}: the package returned no provider data`);
  const date = dateOverride ?? GENAI_PRICES_RELEASE_DATES[packageJson.version];
  if (!date) {
    throw new InputError(
      `${packageJson.name} ${packageJson.version}: release date unknown; add it to GENAI_PRICES_RELEASE_DATES in scripts/pricing/sources.ts ` +
        `(npm view @pydantic/genai-prices time) or pass --genai-prices-date YYYY-MM-DD`,
    );
  }
  // A plain JSON copy, so nothing of the library's runtime objects leaks into the build.
  return { providers: JSON.parse(JSON.stringify(providers)) as GenaiProvider[], label: `${packageJson.name} ${packageJson.version}`, date };
}

/**
 * A genai-prices data file: the v2 data.json array of providers, or `{ "label", "date", "providers" }`.
 * The date comes from the file, else from --genai-prices-date.
 */
export function loadGenaiFile(file: string, dateOverride?: string): GenaiData {
  const parsed = readJson(file) as GenaiProvider[] | { label?: string; date?: string; providers: GenaiProvider[] };
  const providers = Array.isArray(parsed) ? parsed : parsed.providers;
  if (!Array.isArray(providers)) throw new InputError(`${file}: expected an array of genai-prices providers or { "providers": [...] }`);
  const date = dateOverride ?? (Array.isArray(parsed) ? undefined : parsed.date);
  if (!date || !isDate(date)) throw new InputError(`${file}: the data has no date; pass --genai-prices-date YYYY-MM-DD`);
  const label = (!Array.isArray(parsed) && parsed.label) || `genai-prices data ${path.basename(file)}`;
  return { providers, label, date };
}

/** genai-prices' model matching (case-insensitive except for regex), as in the package. */
export function matches(logic: MatchLogic, id: string): boolean {
  const lower = id.toLowerCase();
  if ("or" in logic) return logic.or.some((inner) => matches(inner, id));
  if ("and" in logic) return logic.and.every((inner) => matches(inner, id));
  if ("equals" in logic) return lower === logic.equals.toLowerCase();
  if ("starts_with" in logic) return lower.startsWith(logic.starts_with.toLowerCase());
  if ("ends_with" in logic) return lower.endsWith(logic.ends_with.toLowerCase());
  if ("contains" in logic) return lower.includes(logic.contains.toLowerCase());
  if ("regex" in logic) return new RegExp(logic.regex).test(id);
  return false;
}

/** The `equals` ids of a match: the exact names genai-prices lists for the model. */
export function equalsIds(logic: MatchLogic): string[] {
  if ("or" in logic) return logic.or.flatMap(equalsIds);
  if ("equals" in logic) return [logic.equals];
  return [];
}

const DATED = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

/** The first model of the list that matches the id, then the id with its -YYYYMMDD written -YYYY-MM-DD (as genai-prices does). */
export function findGenaiModel(models: readonly GenaiModel[], id: string): GenaiModel | undefined {
  const direct = models.find((model) => matches(model.match, id));
  if (direct) return direct;
  const dashed = id.replace(DATED, (_all, dash: string, year: string, month: string, day: string) => `${dash}${year}-${month}-${day}`);
  return dashed === id ? undefined : models.find((model) => matches(model.match, dashed));
}

// ---- LiteLLM model_prices_and_context_window.json ----

export interface LiteLLMEntry {
  litellm_provider?: string;
  mode?: string;
  input_cost_per_token?: number;
  output_cost_per_token?: number;
  cache_read_input_token_cost?: number;
  cache_creation_input_token_cost?: number;
  cache_creation_input_token_cost_above_1hr?: number;
  input_cost_per_token_batches?: number;
  output_cost_per_token_batches?: number;
  max_input_tokens?: number;
  max_output_tokens?: number;
  max_tokens?: number;
  deprecation_date?: string;
  prompt_cache_min_tokens?: number;
  [key: string]: unknown;
}

export interface LiteLLMData {
  entries: Record<string, LiteLLMEntry>;
  label: string;
  /** Snapshot date, YYYY-MM-DD. */
  date: string;
}

/** A LiteLLM snapshot; its date comes from a `...-YYYY-MM-DD.json` file name or from dateOverride. */
export function loadLiteLLMFile(file: string, dateOverride?: string): LiteLLMData {
  const parsed = readJson(file);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new InputError(`${file}: expected LiteLLM's object of model entries`);
  const date = dateOverride ?? /(\d{4}-\d{2}-\d{2})\.json$/.exec(file)?.[1];
  if (!date || !isDate(date)) throw new InputError(`${file}: no snapshot date in the file name (…-YYYY-MM-DD.json); pass --litellm-date YYYY-MM-DD`);
  const entries: Record<string, LiteLLMEntry> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key === "sample_spec" || !value || typeof value !== "object") continue;
    entries[key] = value as LiteLLMEntry;
  }
  return { entries, label: `LiteLLM ${date}`, date };
}

/** The newest `litellm-model-prices-YYYY-MM-DD.json` of a directory. */
export function newestLiteLLMSnapshot(directory: string): string | undefined {
  if (!fs.existsSync(directory)) return undefined;
  const names = fs.readdirSync(directory).filter((name) => /^litellm-model-prices-\d{4}-\d{2}-\d{2}\.json$/.test(name)).sort();
  const newest = names.at(-1);
  return newest ? path.join(directory, newest) : undefined;
}

// ---- overrides ----

export interface Override {
  provider: string;
  /** A model id or alias; `*` matches any run of characters. */
  model: string;
  set: Partial<Pick<ModelPrice, (typeof OVERRIDABLE_FIELDS)[number]>>;
  /**
   * Names to answer to, taken from whichever entry of the provider holds them: an unversioned or `-latest`
   * alias follows the model the vendor serves under it today (mistral-large-latest is Mistral Large 3).
   */
  takeAliases?: string[];
  reason: string;
}

export function loadOverrides(file: string): Override[] {
  const parsed = readJson(file);
  const list = Array.isArray(parsed) ? parsed : (parsed as { overrides?: unknown })?.overrides;
  if (!Array.isArray(list)) throw new InputError(`${file}: expected an array of overrides (or { "overrides": [...] })`);
  return list.map((entry: unknown, index: number) => {
    const where = `${file}: override #${index + 1}`;
    if (!entry || typeof entry !== "object") throw new InputError(`${where}: not an object`);
    const { provider, model, set = {}, takeAliases, reason, ...rest } = entry as Record<string, unknown>;
    const extra = Object.keys(rest).filter((key) => key !== "$comment");
    if (extra.length > 0) throw new InputError(`${where}: unknown key(s) ${extra.join(", ")}`);
    if (typeof provider !== "string" || !provider) throw new InputError(`${where}: "provider" must be a non-empty string`);
    if (typeof model !== "string" || !model) throw new InputError(`${where}: "model" must be a non-empty string`);
    if (typeof reason !== "string" || reason.trim().length < 5) throw new InputError(`${where} (${provider}/${model}): "reason" must say why`);
    if (takeAliases !== undefined && (!Array.isArray(takeAliases) || takeAliases.length === 0 || !takeAliases.every((alias) => typeof alias === "string" && alias !== ""))) {
      throw new InputError(`${where} (${provider}/${model}): "takeAliases" must be a non-empty array of model ids`);
    }
    if (!set || typeof set !== "object" || Array.isArray(set) || (Object.keys(set).length === 0 && takeAliases === undefined)) {
      throw new InputError(`${where} (${provider}/${model}): "set" must be an object with at least one field`);
    }
    const unknown = Object.keys(set).filter((key) => !(OVERRIDABLE_FIELDS as readonly string[]).includes(key));
    if (unknown.length > 0) throw new InputError(`${where} (${provider}/${model}): cannot set ${unknown.join(", ")}; allowed: ${OVERRIDABLE_FIELDS.join(", ")}`);
    return { provider, model, set: set as Override["set"], ...(takeAliases ? { takeAliases: takeAliases as string[] } : {}), reason };
  });
}

// ---- helpers ----

export class InputError extends Error {
  override readonly name = "InputError";
}

export function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: invalid JSON (${(error as Error).message})`);
  }
}
