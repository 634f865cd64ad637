import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import picomatch from "picomatch";
import type { ModelPrice, ProviderPriceFile } from "./price-types.ts";
import {
  discounted,
  discountFor,
  PriceOverrideError,
  selfHostedRates,
  selfHostedSource,
  type PriceOverride,
  type SelfHostedHardware,
  type UserPrices,
} from "./user-prices.ts";

export { PriceOverrideError, type PriceOverride, type UserPrices } from "./user-prices.ts";

/** How a model id was matched to a price entry; anything but "exact" is shown to the user. */
export type PriceMatch = "exact" | "alias" | "snapshot" | "prefix";

export interface PriceLookup {
  price: ModelPrice;
  match: PriceMatch;
  /** The provider whose table gave the price, when it is not the call's own (Azure -> OpenAI, a local proxy or a gateway id -> the vendor): an assumption. */
  fromProvider?: string;
}

/** Providers whose calls may be priced from another provider's table when they have no entry of their own. */
const VENDOR_APIS = ["openai", "anthropic", "google", "mistral", "cohere", "deepseek", "xai"];
const FALLBACK_PROVIDERS: Record<string, string[]> = {
  azure: ["openai"],
  unknown: VENDOR_APIS,
  // A server on this machine asked for a vendor's API model (gpt-4.1) is a proxy (LiteLLM, Helicone) to that
  // vendor: the list price applies. Open-weights models are priced by pricing.selfHosted or stay unpriced.
  local: VENDOR_APIS,
};

/**
 * The price table: every model of pricing/*.json, indexed by id and alias per provider. Lookups try the
 * id as written, then without a date suffix, `-latest` or vendor prefix, and say which one matched.
 */
export class PriceTable {
  private readonly byProvider = new Map<string, Map<string, ModelPrice>>();
  private readonly aliasPatterns: { matches: (id: string) => boolean; target: string }[] = [];
  private readonly selfHosted: { matches: (id: string) => boolean; provider: string | undefined; price: (id: string) => ModelPrice }[] = [];
  readonly checked: string;
  readonly source: string;

  constructor(
    private readonly files: ProviderPriceFile[],
    userPrices: UserPrices = {},
  ) {
    let newest = "";
    const sources: string[] = [];
    for (const file of files) {
      const index = this.byProvider.get(file.provider) ?? new Map<string, ModelPrice>();
      for (const model of file.models) {
        const price: ModelPrice = { ...model, provider: file.provider };
        index.set(normalise(model.id), price);
        for (const alias of model.aliases) if (!index.has(normalise(alias))) index.set(normalise(alias), price);
      }
      this.byProvider.set(file.provider, index);
      if (file.checked > newest) newest = file.checked;
      sources.push(file.source);
    }
    this.checked = newest;
    this.source = combinedSource(sources);
    // A discount applies to the table's prices; a price the user states in overrides is taken as written.
    if (userPrices.discount !== undefined) this.applyDiscount(userPrices.discount);
    this.applyOverrides(userPrices.overrides ?? {});
    for (const [pattern, target] of Object.entries(userPrices.aliases ?? {})) {
      this.aliasPatterns.push({ matches: modelIdGlob(pattern), target });
    }
    for (const [pattern, hardware] of Object.entries(userPrices.selfHosted ?? {})) this.addSelfHosted(pattern, hardware);
    for (const [pattern, target] of Object.entries(userPrices.aliases ?? {})) {
      if (!this.isPriced(target)) throw new PriceOverrideError(`pricing.aliases.${pattern}: "${target}" is not in the price table, pricing.overrides or pricing.selfHosted`);
    }
  }

  /** Whether any provider's table, an override or the user's hardware prices this model id. */
  private isPriced(model: string): boolean {
    if (this.selfHosted.some((entry) => entry.matches(normalise(model)))) return true;
    return [...this.byProvider.values()].some((index) => lookupIn(index, model) !== undefined);
  }

  /** A table with the user's prices applied: config file overrides and aliases win over the table. */
  withUserPrices(userPrices: UserPrices): PriceTable {
    return new PriceTable(this.files, userPrices);
  }

  private applyDiscount(discount: NonNullable<UserPrices["discount"]>): void {
    for (const [provider, index] of this.byProvider) {
      const percent = discountFor(discount, provider);
      if (percent === 0) continue;
      // Several ids (aliases) share one entry: each entry is scaled once and every id points at the copy.
      const copies = new Map<ModelPrice, ModelPrice>();
      for (const [id, price] of index) {
        let copy = copies.get(price);
        if (!copy) copies.set(price, (copy = discounted(price, percent)));
        index.set(id, copy);
      }
    }
  }

  private addSelfHosted(pattern: string, hardware: SelfHostedHardware): void {
    const rates = selfHostedRates(pattern, hardware);
    const source = selfHostedSource(hardware);
    this.selfHosted.push({
      matches: modelIdGlob(pattern),
      provider: hardware.provider,
      price: (id) => ({ ...unlistedModelPrice(id, hardware.provider ?? "custom", source), ...rates, checked: "" }),
    });
  }

  private applyOverrides(overrides: Record<string, PriceOverride>): void {
    for (const [model, fields] of Object.entries(overrides)) {
      const existing = this.lookup(fields.provider ?? "unknown", model);
      if (existing) {
        const updated: ModelPrice = { ...existing.price, ...fields, source: "pricing.overrides", provider: existing.price.provider };
        this.index(updated.provider).set(normalise(model), updated);
        this.index(updated.provider).set(normalise(existing.price.id), updated);
        continue;
      }
      if (fields.inputPerMTok === undefined || fields.outputPerMTok === undefined) {
        throw new PriceOverrideError(`pricing.overrides.${model}: the model is not in the price table, so inputPerMTok and outputPerMTok are required`);
      }
      const provider = fields.provider ?? "custom";
      this.index(provider).set(normalise(model), { ...unlistedModelPrice(model, provider), ...fields, provider });
    }
  }

  private index(provider: string): Map<string, ModelPrice> {
    let index = this.byProvider.get(provider);
    if (!index) {
      index = new Map();
      this.byProvider.set(provider, index);
    }
    return index;
  }

  get providers(): string[] {
    return [...this.byProvider.keys()].sort();
  }

  /** Every model of a provider, for suggesting cheaper alternatives. */
  modelsOf(provider: string): ModelPrice[] {
    return [...new Set(this.byProvider.get(provider)?.values() ?? [])];
  }

  /**
   * A vendor-prefixed id sent to a provider whose table lacks it (an OpenAI-compatible client pointed at a
   * gateway: cline's own API, Vercel AI Gateway) is priced at that vendor's list price, which the gateways
   * charge; shown as a prefix match, so the hover and the JSON say which id was priced.
   */
  private gatewayLookup(provider: string, model: string): PriceLookup | undefined {
    const gateway = /^([\w-]+)\/(.+)$/.exec(normalise(model));
    const vendor = gateway ? GATEWAY_VENDORS[gateway[1]!] : undefined;
    if (!gateway || vendor === undefined || vendor === provider) return undefined;
    const index = this.byProvider.get(vendor);
    const found = index ? lookupIn(index, gateway[2]!) : undefined;
    return found ? { price: found.price, match: found.match === "exact" ? "prefix" : found.match, fromProvider: vendor } : undefined;
  }

  lookup(provider: string, model: string): PriceLookup | undefined {
    // The user's own hardware is named explicitly, so it wins over any table entry of the same id.
    const hosted = this.selfHosted.find((entry) => (entry.provider === undefined || entry.provider === provider) && entry.matches(normalise(model)));
    if (hosted) return { price: hosted.price(model), match: "exact" };
    for (const candidateProvider of [provider, "custom", ...(FALLBACK_PROVIDERS[provider] ?? [])]) {
      const index = this.byProvider.get(candidateProvider);
      if (!index) continue;
      const found = lookupIn(index, model);
      if (found) return candidateProvider === provider || candidateProvider === "custom" ? found : { ...found, fromProvider: candidateProvider };
    }
    const gateway = this.gatewayLookup(provider, model);
    if (gateway) return gateway;
    const alias = this.aliasPatterns.find((pattern) => pattern.matches(normalise(model)));
    if (alias && normalise(alias.target) !== normalise(model)) {
      const target = this.lookup(provider, alias.target);
      if (target) return { ...target, match: "alias" };
    }
    return undefined;
  }
}

/** The vendor prefixes of gateway model ids (OpenRouter's, Vercel AI Gateway's: `anthropic/claude-sonnet-4.5`), and the table each names. */
const GATEWAY_VENDORS: Record<string, string> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "google",
  mistralai: "mistral",
  mistral: "mistral",
  cohere: "cohere",
  deepseek: "deepseek",
  "x-ai": "xai",
  xai: "xai",
};

/** A model-id glob from the config or the editor, matched as ids are (normalised, any case). */
function modelIdGlob(pattern: string): (id: string) => boolean {
  return picomatch(normalise(pattern), { nocase: true, dot: true });
}

/** An entry for a model the table does not list (self-hosted, private): free until the user prices it. */
export function unlistedModelPrice(id: string, provider: string, source = "pricing.overrides"): ModelPrice {
  return {
    id,
    provider,
    aliases: [],
    kind: "chat",
    inputPerMTok: 0,
    outputPerMTok: 0,
    cacheReadPerMTok: null,
    cacheWrite5mPerMTok: null,
    cacheWrite1hPerMTok: null,
    batchInputPerMTok: null,
    batchOutputPerMTok: null,
    longContext: null,
    contextWindow: null,
    maxOutputTokens: null,
    minCacheableTokens: null,
    caching: "none",
    deprecationDate: null,
    replacement: null,
    tokenizer: { estimateFrom: "o200k_base", ratio: 1 },
    checked: "",
    source,
  };
}

function lookupIn(index: Map<string, ModelPrice>, model: string): PriceLookup | undefined {
  const id = normalise(model);
  const direct = index.get(id);
  if (direct) return { price: direct, match: normalise(direct.id) === id ? "exact" : "alias" };
  // A fine-tuned model (`ft:gpt-4o-mini-2024-07-18:acme:triage:AbC123`) costs what its base's fine-tune entry says.
  const fineTune = /^(ft:[^:]+):/.exec(id);
  if (fineTune) {
    const base = lookupIn(index, fineTune[1]!);
    if (base) return { ...base, match: base.match === "exact" ? "snapshot" : base.match };
  }
  // OpenRouter's `~vendor/model-latest` follows the newest model of the family: priced as that model.
  if (id.startsWith("~")) {
    const latest = lookupIn(index, id.slice(1));
    if (latest) return { ...latest, match: "alias" };
  }
  const withoutPrefix = id.replace(/^(models|openai|anthropic|google|vertex_ai|gemini|azure|bedrock)\//, "");
  const withoutSnapshot = withoutPrefix.replace(/(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-latest|-\d{3})$/, "");
  // Gateways (Vercel AI Gateway, OpenRouter) write versions with a dot where the vendor writes a dash:
  // `anthropic/claude-haiku-4.5` is claude-haiku-4-5.
  const dashedVersion = withoutPrefix.replace(/(\d)\.(\d)/g, "$1-$2");
  for (const [candidate, match] of [
    [withoutPrefix, "prefix"],
    [withoutSnapshot, "snapshot"],
    [dashedVersion, "alias"],
  ] as const) {
    if (candidate === id) continue;
    const found = index.get(candidate);
    if (found) return { price: found, match };
  }
  return undefined;
}

function normalise(id: string): string {
  return id.trim().toLowerCase();
}

/**
 * The provider files' sources as one line: each part once, and the models each file took from a counted
 * source (`pricing/overrides.json (7 models)`) added up. Joined whole, the shared parts were repeated once
 * per file (a report's `pricing.source` of 1,229 characters naming the same two sources seven times).
 */
export function combinedSource(sources: Iterable<string>): string {
  const counts = new Map<string, number | undefined>();
  for (const source of sources) {
    for (const part of source.split("; ")) {
      const counted = /^(.*) \((\d+) models?\)$/.exec(part);
      if (counted) counts.set(counted[1]!, (counts.get(counted[1]!) ?? 0) + Number(counted[2]));
      else if (!counts.has(part)) counts.set(part, undefined);
    }
  }
  return [...counts]
    .map(([part, models]) => (models === undefined ? part : `${part} (${models} ${models === 1 ? "model" : "models"})`))
    .sort()
    .join("; ");
}

/** Reads every pricing/<provider>.json of a directory (schema.json and overrides.json excepted). */
export function loadPriceTable(directory: string = defaultPricingDirectory()): PriceTable {
  const files: ProviderPriceFile[] = [];
  for (const name of fs.readdirSync(directory).sort()) {
    if (!name.endsWith(".json") || name === "schema.json" || name === "overrides.json") continue;
    const parsed = JSON.parse(fs.readFileSync(path.join(directory, name), "utf8")) as ProviderPriceFile;
    if (parsed && Array.isArray(parsed.models) && typeof parsed.provider === "string") files.push(parsed);
  }
  return new PriceTable(files);
}

/** pricing/ beside the bundle (dist/../pricing) or beside the sources (server/src/core/pricing/../../../../pricing). */
export function defaultPricingDirectory(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = path.join(directory, "pricing");
    if (fs.existsSync(path.join(candidate, "schema.json"))) return candidate;
    directory = path.dirname(directory);
  }
  throw new Error("promptcost: the price table (pricing/) was not found beside the program");
}
