import * as path from "node:path";
import picomatch from "picomatch";
import { applyConfig, toRuleSetting } from "../core/config/apply-config.ts";
import { findConfigFile, loadConfigFile, type ConfigFile, type ConfigLoad, type RuleConfig } from "../core/config/config-file.ts";
import { loadPriceTable, PriceOverrideError, PriceTable } from "../core/pricing/price-table.ts";
import { hasUserPrices, mergeUserPrices, type UserPrices } from "../core/pricing/user-prices.ts";
import { DEFAULT_SETTINGS, isSeveritySetting, type AnalysisSettings } from "../core/settings.ts";
import { diskFileSystem } from "../core/workspace/file-system.ts";
import { DEFAULT_EDITOR_SETTINGS, type PromptcostSettings, type RuleLevel, type SelfHostedSetting, type ServerSettings } from "../protocol.ts";

/** Everything the server needs to analyse one document: editor settings with the repository config over them. */
export interface DocumentSettings {
  enable: boolean;
  codeLens: boolean;
  workspaceDiagnostics: boolean;
  analysis: AnalysisSettings;
  prices: PriceTable;
  /** The user's prices the table was made with (editor settings and config file), as JSON. */
  pricesKey: string;
  /** The promptcost.config.json in force, if any was read. */
  configPath: string | undefined;
  /** The keys of the config file's `defaults` it sets (the dashboard says where each assumption comes from). */
  configDefaults: readonly string[];
  /** False when the config file's include/exclude leave the file out: the CLI would not analyse it either. */
  accepts(filePath: string): boolean;
}

export interface SettingsSource {
  /** Fetches the "promptcost" section for a resource (workspace/configuration), or undefined when the client cannot. */
  fetch(scopeUri: string | undefined): Promise<unknown>;
  /** Reports a problem with the user's configuration, once per distinct message. */
  warn(message: string): void;
}

/**
 * Settings per document, pulled from the client with workspace/configuration, cached until the client says
 * they changed (didChangeConfiguration) or a config file changes, never kept in globals between those.
 */
export class SettingsStore {
  private readonly byScope = new Map<string, Promise<DocumentSettings>>();
  private readonly configFiles = new Map<string, ConfigLoad>();
  private readonly priceTables = new Map<string, PriceTable>();
  private basePrices: PriceTable | undefined;
  private fallback: unknown;

  constructor(private readonly source: SettingsSource) {}

  /** Settings for clients that push them (didChangeConfiguration) or pass them at initialisation. */
  setFallback(settings: unknown): void {
    this.fallback = settings;
  }

  /**
   * Settings of a document or a workspace folder (by URI), with the config file found walking up from
   * `startDirectory`. Concurrent callers share one workspace/configuration round trip.
   */
  get(scopeUri: string | undefined, startDirectory: string): Promise<DocumentSettings> {
    const key = scopeUri ?? "";
    let settings = this.byScope.get(key);
    if (!settings) {
      settings = this.load(scopeUri, startDirectory);
      this.byScope.set(key, settings);
    }
    return settings;
  }

  /** Forgets settings (after didChangeConfiguration); the next request pulls them again. */
  clear(): void {
    this.byScope.clear();
  }

  /** A promptcost.config.json changed, appeared or went away. */
  clearConfigFiles(): void {
    this.configFiles.clear();
    this.byScope.clear();
  }

  /** The price table file changed (only when running from a checkout). */
  clearPrices(): void {
    this.basePrices = undefined;
    this.priceTables.clear();
    this.byScope.clear();
  }

  private async load(scopeUri: string | undefined, startDirectory: string): Promise<DocumentSettings> {
    let raw: unknown;
    try {
      raw = (await this.source.fetch(scopeUri)) ?? this.fallback;
    } catch {
      raw = this.fallback;
    }
    const editor = normaliseEditorSettings(raw);
    const trusted = (raw as Partial<ServerSettings> | undefined)?.workspaceTrusted !== false;
    const config = trusted ? this.configFor(startDirectory) : undefined;
    return this.resolve(editor, config);
  }

  private configFor(startDirectory: string): { path: string; config: ConfigFile } | undefined {
    const configPath = findConfigFile(startDirectory, diskFileSystem);
    if (!configPath) return undefined;
    let loaded = this.configFiles.get(configPath);
    if (!loaded) {
      loaded = loadConfigFile(configPath, diskFileSystem);
      this.configFiles.set(configPath, loaded);
    }
    if (!loaded.ok) {
      this.source.warn(`promptcost: ${loaded.message}. The file is ignored until it is fixed.`);
      return undefined;
    }
    return { path: loaded.path, config: loaded.config };
  }

  /** The config file wins over editor settings where it speaks, so CI and the editor agree. */
  private resolve(editor: PromptcostSettings, config: { path: string; config: ConfigFile } | undefined): DocumentSettings {
    const fromEditor: AnalysisSettings = {
      ...DEFAULT_SETTINGS,
      requestsPerDay: editor.requestsPerDay,
      dynamicTokens: editor.dynamicTokens,
      maxInputTokens: editor.maxInputTokens,
      rules: Object.fromEntries(Object.entries(editor.rules).map(([id, level]) => [id, toRuleSetting(level as RuleConfig)])),
    };
    const analysis = config ? applyConfig(fromEditor, config.config) : fromEditor;
    const userPrices = mergeUserPrices(editor.pricing, config?.config.pricing);
    const directory = config ? path.dirname(config.path) : undefined;
    return {
      enable: editor.enable,
      codeLens: editor.codeLens.enable,
      workspaceDiagnostics: editor.workspaceDiagnostics,
      analysis,
      prices: this.pricesWith(userPrices, config && { path: config.path, pricing: config.config.pricing }),
      pricesKey: JSON.stringify(userPrices),
      configPath: config?.path,
      configDefaults: Object.keys(config?.config.defaults ?? {}),
      accepts: directory ? fileFilter(directory, config?.config.include, config?.config.exclude) : () => true,
    };
  }

  private pricesWith(userPrices: UserPrices, config: { path: string; pricing: UserPrices | undefined } | undefined): PriceTable {
    const base = this.base();
    if (!hasUserPrices(userPrices)) return base;
    const key = JSON.stringify(userPrices);
    let table = this.priceTables.get(key);
    if (!table) {
      try {
        table = base.withUserPrices(userPrices);
      } catch (error) {
        if (!(error instanceof PriceOverrideError)) throw error;
        this.source.warn(`promptcost: ${whereIsPriceError(base, config)}${error.message}. Your prices are ignored until it is fixed.`);
        table = base;
      }
      this.priceTables.set(key, table);
    }
    return table;
  }

  private base(): PriceTable {
    if (!this.basePrices) {
      try {
        this.basePrices = loadPriceTable();
      } catch (error) {
        this.source.warn(`promptcost: the price table could not be read (${(error as Error).message}); costs are shown as unknown.`);
        this.basePrices = new PriceTable([]);
      }
    }
    return this.basePrices;
  }
}

/** Include/exclude globs of a config file, relative to its directory, as the CLI applies them. */
function fileFilter(directory: string, include: string[] | undefined, exclude: string[] | undefined): (filePath: string) => boolean {
  const included = include?.length ? picomatch(include, { dot: true }) : undefined;
  const excluded = exclude?.length ? picomatch(exclude, { dot: true }) : undefined;
  return (filePath) => {
    const relative = path.relative(directory, filePath).split(path.sep).join("/");
    if (relative.startsWith("../")) return true;
    if (included && !included(relative)) return false;
    return !excluded?.(relative);
  };
}

/**
 * The settings as the client sent them, checked field by field: a value of the wrong type falls back to its
 * default, so a typo in an editor's config cannot stop the analysis. Accepts both nested objects and VS Code's
 * dotted keys (`"codeLens.enable": false`).
 */
export function normaliseEditorSettings(raw: unknown): PromptcostSettings {
  const value = isRecord(raw) ? raw : {};
  const defaults = DEFAULT_EDITOR_SETTINGS;
  const nested = (group: string, key: string): unknown => {
    const dotted = value[`${group}.${key}`];
    if (dotted !== undefined) return dotted;
    const object = value[group];
    return isRecord(object) ? object[key] : undefined;
  };
  const number = (input: unknown, fallback: number, minimum: number): number => (typeof input === "number" && Number.isFinite(input) && input >= minimum ? input : fallback);
  const boolean = (input: unknown, fallback: boolean): boolean => (typeof input === "boolean" ? input : fallback);
  const trace = nested("trace", "server");
  return {
    enable: boolean(value.enable, defaults.enable),
    rules: normaliseRules(value.rules),
    requestsPerDay: number(value.requestsPerDay, defaults.requestsPerDay, 0),
    dynamicTokens: number(value.dynamicTokens, defaults.dynamicTokens, 0),
    maxInputTokens: number(value.maxInputTokens, defaults.maxInputTokens, 1),
    codeLens: { enable: boolean(nested("codeLens", "enable"), defaults.codeLens.enable) },
    workspaceDiagnostics: boolean(value.workspaceDiagnostics, defaults.workspaceDiagnostics),
    pricing: {
      overrides: normaliseOverrides(nested("pricing", "overrides")),
      aliases: normaliseAliases(nested("pricing", "aliases")),
      discount: normaliseDiscount(nested("pricing", "discount")),
      selfHosted: normaliseSelfHosted(nested("pricing", "selfHosted")),
    },
    trace: { server: trace === "messages" || trace === "verbose" ? trace : "off" },
  };
}

function normaliseRules(raw: unknown): Record<string, RuleLevel> {
  if (!isRecord(raw)) return {};
  const rules: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(raw)) {
    if (isSeveritySetting(level)) rules[id] = level;
    else if (Array.isArray(level) && isSeveritySetting(level[0])) rules[id] = isRecord(level[1]) ? [level[0], level[1]] : [level[0]];
  }
  return rules;
}

function normaliseOverrides(raw: unknown): PromptcostSettings["pricing"]["overrides"] {
  if (!isRecord(raw)) return {};
  const overrides: PromptcostSettings["pricing"]["overrides"] = {};
  for (const [model, fields] of Object.entries(raw)) {
    if (!isRecord(fields)) continue;
    const entry: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(fields)) {
      if (key === "provider" ? typeof field === "string" : typeof field === "number" && Number.isFinite(field) && field >= 0) entry[key] = field;
    }
    overrides[model] = entry;
  }
  return overrides;
}

function normaliseAliases(raw: unknown): Record<string, string> {
  if (!isRecord(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

function isPercent(value: unknown): value is number {
  return typeof value === "number" && value >= 0 && value <= 100;
}

function normaliseDiscount(raw: unknown): PromptcostSettings["pricing"]["discount"] {
  if (isPercent(raw)) return raw;
  if (!isRecord(raw)) return 0;
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, number] => isPercent(entry[1])));
}

function normaliseSelfHosted(raw: unknown): PromptcostSettings["pricing"]["selfHosted"] {
  if (!isRecord(raw)) return {};
  const selfHosted: PromptcostSettings["pricing"]["selfHosted"] = {};
  const positive = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value > 0;
  for (const [model, fields] of Object.entries(raw)) {
    if (!isRecord(fields) || typeof fields.costPerHour !== "number" || !(fields.costPerHour >= 0)) continue;
    const entry: SelfHostedSetting = { costPerHour: fields.costPerHour };
    for (const key of ["tokensPerSecond", "inputTokensPerSecond", "outputTokensPerSecond"] as const) if (positive(fields[key])) entry[key] = fields[key];
    if (typeof fields.provider === "string") entry.provider = fields.provider;
    if (entry.tokensPerSecond === undefined && (entry.inputTokensPerSecond === undefined || entry.outputTokensPerSecond === undefined)) continue;
    selfHosted[model] = entry;
  }
  return selfHosted;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The config file's path when its own prices are at fault, else the editor settings: the start of the message. */
function whereIsPriceError(base: PriceTable, config: { path: string; pricing: UserPrices | undefined } | undefined): string {
  if (!config?.pricing) return "promptcost.pricing settings: ";
  try {
    base.withUserPrices(config.pricing);
    return "promptcost.pricing settings: ";
  } catch {
    return `${config.path}: `;
  }
}
