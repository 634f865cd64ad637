// Builds the pricing/<provider>.json files from genai-prices, a LiteLLM snapshot and the overrides.
// Pure: the same inputs give the same files, byte for byte (see serialize.ts).
//
// For each provider:
//  1. Every genai-prices model with per-token text prices (at the data's date) becomes one entry. Its
//     prices, cache prices and long-context tier come from genai-prices. The LiteLLM entries that
//     genai-prices' own match logic assigns to it become its aliases and supply what genai-prices lacks:
//     batch prices, context window, maximum output, minimum cacheable prefix, deprecation date.
//  2. LiteLLM entries no genai-prices model claims become entries of their own, from LiteLLM alone;
//     dated and region-prefixed ids at the same price are folded into one entry as aliases.
//  3. pricing/overrides.json is applied, then derived fields are made consistent.
import type { LongContextTier, ModelPrice, ProviderPriceFile } from "../../server/src/core/pricing/price-types.ts";
import { BEDROCK_REGION_PREFIX, NON_TEXT_MODEL, PROVIDERS, type LiteLLMSource, type ProviderConfig, tokenizerFor } from "./providers.ts";
import {
  equalsIds,
  findGenaiModel,
  isDate,
  matches,
  type GenaiData,
  type GenaiModel,
  type GenaiPrices,
  type LiteLLMData,
  type LiteLLMEntry,
  type Override,
  type TieredPrice,
} from "./sources.ts";

export type Model = Omit<ModelPrice, "provider">;

export interface BuildInput {
  genai: GenaiData;
  litellm: LiteLLMData;
  overrides: Override[];
  /** Date whose prices apply when genai-prices lists dated price changes; default: the genai data date. */
  asOf?: string;
  providers?: ProviderConfig[];
}

export interface BuildOutput {
  files: ProviderPriceFile[];
  warnings: string[];
}

/** A LiteLLM entry under the id it has in this provider's table. */
interface Candidate {
  key: string;
  id: string;
  entry: LiteLLMEntry;
}

interface Draft {
  model: Model;
  /** Every id this entry answers to besides model.id (before de-duplication across entries). */
  aliases: Set<string>;
  /** Overrides applied, with the values they replaced: named in the source only if they changed something. */
  overrides?: { reason: string; set: Override["set"]; before: Record<string, unknown>; tookAliases?: true }[];
}

const TEXT_MODES = new Set(["chat", "completion", "responses", "embedding"]);

export function buildPriceFiles(input: BuildInput): BuildOutput {
  const warnings: string[] = [];
  const asOf = input.asOf ?? input.genai.date;
  const files: ProviderPriceFile[] = [];
  const overridesUsed = new Set<Override>();
  for (const config of input.providers ?? PROVIDERS) {
    const drafts = buildProvider(config, input, asOf, warnings);
    applyOverrides(config.id, drafts, input.overrides, overridesUsed);
    const models = finalize(config, drafts, warnings);
    if (models.length === 0) continue;
    const applied = models.filter((model) => model.source.includes("; override: ")).length;
    const checked = models.reduce((newest, model) => (model.checked > newest ? model.checked : newest), "");
    const sources = [`${input.genai.label} (data ${input.genai.date})`, `${input.litellm.label} (BerriAI/litellm model_prices_and_context_window.json)`];
    if (applied > 0) sources.push(`pricing/overrides.json (${applied} model${applied === 1 ? "" : "s"})`);
    files.push({ $schema: "./schema.json", provider: config.id, checked, source: sources.join("; "), models });
  }
  input.overrides.forEach((override, index) => {
    if (!overridesUsed.has(override)) warnings.push(`override #${index + 1} (${override.provider}/${override.model}) matched no model`);
  });
  return { files, warnings };
}

function buildProvider(config: ProviderConfig, input: BuildInput, asOf: string, warnings: string[]): Draft[] {
  const genaiModels = config.genai.flatMap((id) => {
    const provider = input.genai.providers.find((candidate) => candidate.id === id);
    return provider ? provider.models.map((model) => ({ providerId: id, model, siblings: provider.models })) : [];
  });

  // LiteLLM entries of this provider, by the id they have here; the first key (sorted) wins a clash.
  const candidates = collectCandidates(config.litellm, input.litellm.entries);
  const donorCandidates = collectCandidates(config.metadataDonors ?? [], input.litellm.entries);

  const claimed = new Map<GenaiModel, Candidate[]>();
  const unclaimed: Candidate[] = [];
  for (const candidate of candidates) {
    const owner = findOwner(genaiModels, candidate.id);
    if (owner) claimed.set(owner.model, [...(claimed.get(owner.model) ?? []), candidate]);
    else unclaimed.push(candidate);
  }
  const crossDonors = new Map<GenaiModel, Candidate[]>();
  for (const candidate of donorCandidates) {
    const owner = findOwner(genaiModels, candidate.id);
    if (owner) crossDonors.set(owner.model, [...(crossDonors.get(owner.model) ?? []), candidate]);
  }

  const drafts: Draft[] = [];
  for (const { providerId, model: genaiModel, siblings } of genaiModels) {
    const donors = (claimed.get(genaiModel) ?? []).filter((candidate) => isTextCandidate(candidate));
    const draft = config.skipGenai?.(genaiModel.id)
      ? null
      : fromGenai(config, providerId, genaiModel, siblings, donors, crossDonors.get(genaiModel) ?? [], input, asOf, warnings);
    if (draft) drafts.push(draft);
    // A genai-prices entry with no usable price (free tier, per-page, per-hour) leaves its LiteLLM entries to stand alone.
    else unclaimed.push(...donors);
  }
  drafts.push(...fromLiteLLMGroups(config, unclaimed.filter((candidate) => isPricedTextCandidate(candidate)), input));
  return drafts;
}

function collectCandidates(sources: readonly LiteLLMSource[], entries: Record<string, LiteLLMEntry>): Candidate[] {
  const byId = new Map<string, Candidate>();
  for (const key of Object.keys(entries).sort(compare)) {
    const entry = entries[key]!;
    const source = sources.find((candidate) => candidate.provider === entry.litellm_provider);
    if (!source) continue;
    const id = source.id(key);
    // Not a model: a bare path such as `fireworks_ai/accounts/fireworks/models/`.
    if (!id || id.endsWith("/")) continue;
    const normal = id.toLowerCase();
    if (!byId.has(normal)) byId.set(normal, { key, id, entry });
  }
  return [...byId.values()];
}

function findOwner<T extends { model: GenaiModel; siblings: GenaiModel[] }>(genaiModels: T[], id: string): T | undefined {
  // genai-prices matches within one provider's list, first match wins; providers are tried in config order.
  const lists = [...new Set(genaiModels.map((entry) => entry.siblings))];
  for (const list of lists) {
    const found = findGenaiModel(list, id);
    if (found) return genaiModels.find((entry) => entry.model === found);
  }
  return undefined;
}

function isTextCandidate(candidate: Candidate): boolean {
  return TEXT_MODES.has(candidate.entry.mode ?? "") && !NON_TEXT_MODEL.test(candidate.id);
}

function isPricedTextCandidate(candidate: Candidate): boolean {
  const { entry } = candidate;
  if (!isTextCandidate(candidate) || typeof entry.input_cost_per_token !== "number") return false;
  if (entry.mode !== "embedding" && typeof entry.output_cost_per_token !== "number") return false;
  // LiteLLM writes 0 for free experimental models and unknown prices: not a price.
  return entry.input_cost_per_token > 0 || (entry.output_cost_per_token ?? 0) > 0;
}

// ---- genai-prices entries ----

function fromGenai(
  config: ProviderConfig,
  providerId: string,
  genaiModel: GenaiModel,
  siblings: GenaiModel[],
  donors: Candidate[],
  crossDonors: Candidate[],
  input: BuildInput,
  asOf: string,
  warnings: string[],
): Draft | null {
  if (NON_TEXT_MODEL.test(genaiModel.id)) return null;
  const prices = pricesAt(genaiModel, asOf);
  const inputPrice = baseOf(prices["input_mtok"]);
  if (inputPrice === null) return null;
  // By name: LiteLLM's `mode` is sometimes wrong (gemini/gemini-1.5-flash is listed as an embedding model).
  const kind = [genaiModel.id, ...equalsIds(genaiModel.match)].some((name) => /embed/i.test(name)) ? "embedding" : "chat";
  const outputPrice = baseOf(prices["output_mtok"]) ?? (kind === "embedding" ? 0 : null);
  if (outputPrice === null) return null;
  // A $0 price is a free tier or a placeholder, not a price: the model is left unpriced (never shown as $0).
  if (inputPrice === 0 && outputPrice === 0) return null;

  // The published id: a real API id the model answers to.
  const ownIds = new Set([...donors.map((donor) => donor.id), ...equalsIds(genaiModel.match).filter((id) => findGenaiModel(siblings, id) === genaiModel)]);
  let id = config.canonical?.(genaiModel.id) ?? genaiModel.id;
  if (config.preferLiteLLMId && donors.length > 0) id = [...donors.map((donor) => donor.id)].sort(preferId)[0]!;
  else if (!matches(genaiModel.match, id)) {
    const best = [...ownIds].sort(preferId)[0];
    if (!best) {
      warnings.push(`${config.id}: skipped genai-prices ${providerId}:${genaiModel.id} (a label, not a model id, and no source lists an id for it)`);
      return null;
    }
    id = best;
  }
  const ordered = [...donors].sort((a, b) => (a.id === id ? -1 : b.id === id ? 1 : preferId(a.id, b.id)));
  const primary = ordered[0];
  const fromLiteLLM: string[] = [];
  const note = (field: string) => {
    if (!fromLiteLLM.includes(field)) fromLiteLLM.push(field);
  };

  // Cache prices: genai-prices, else LiteLLM when LiteLLM has the same input price (same price generation).
  const samePrice = (candidate: Candidate) => near(perMillion(candidate.entry.input_cost_per_token), inputPrice);
  const priceDonor = ordered.find(samePrice);
  let cacheRead = baseOf(prices["cache_read_mtok"]);
  let cacheWrite5m = baseOf(prices["cache_write_mtok"]);
  let cacheWrite1h = baseOf(prices["cache_write_1h_mtok"]);
  if (priceDonor) {
    const entry = priceDonor.entry;
    if (cacheRead === null && cachePrice(entry.cache_read_input_token_cost) !== null) {
      cacheRead = cachePrice(entry.cache_read_input_token_cost);
      note("cache read");
    }
    if (cacheWrite5m === null && cachePrice(entry.cache_creation_input_token_cost) !== null) {
      cacheWrite5m = cachePrice(entry.cache_creation_input_token_cost);
      note("cache write");
    }
    if (cacheWrite1h === null && cachePrice(entry.cache_creation_input_token_cost_above_1hr) !== null) {
      cacheWrite1h = cachePrice(entry.cache_creation_input_token_cost_above_1hr);
      note("cache write 1h");
    }
  }

  // Batch: LiteLLM's explicit batch price, only when LiteLLM's standard prices are the current ones
  // (a batch price listed beside an older standard price is stale); else the provider's discount.
  let batch: [number | null, number | null] = [null, null];
  const batchDonor = ordered.find(
    (candidate) =>
      samePrice(candidate) &&
      (kind === "embedding" || near(perMillion(candidate.entry.output_cost_per_token), outputPrice)) &&
      perMillion(candidate.entry.input_cost_per_token_batches) !== null &&
      (kind === "embedding" || perMillion(candidate.entry.output_cost_per_token_batches) !== null),
  );
  if (batchDonor) {
    batch = [perMillion(batchDonor.entry.input_cost_per_token_batches), kind === "embedding" ? perMillion(batchDonor.entry.output_cost_per_token_batches) ?? 0 : perMillion(batchDonor.entry.output_cost_per_token_batches)];
    note("batch");
  } else {
    batch = discountedBatch(config, inputPrice, outputPrice);
  }

  // Context window: LiteLLM's exact figure when it agrees with genai-prices' within 10% (genai-prices
  // often rounds: 1,000,000 for 1,048,576); genai-prices' when they disagree more (LiteLLM lists the
  // input limit, e.g. 272k of gpt-5's 400k, or a retired 1M beta).
  const litellmContext = firstNumber(ordered, (entry) => entry.max_input_tokens) ?? firstNumber(crossDonors.sort((a, b) => preferId(a.id, b.id)), (entry) => entry.max_input_tokens);
  const genaiContext = integerOrNull(genaiModel.context_window);
  let contextWindow = genaiContext;
  if (litellmContext !== null && (genaiContext === null || Math.abs(litellmContext - genaiContext) <= genaiContext * 0.1)) {
    contextWindow = litellmContext;
    if (litellmContext !== genaiContext) note("context window");
  }

  let maxOutputTokens: number | null = null;
  if (kind === "chat") {
    maxOutputTokens = firstNumber(ordered, (entry) => entry.max_output_tokens);
    if (maxOutputTokens !== null) note("max output");
    else {
      const cross = crossDonors.sort((a, b) => preferId(a.id, b.id)).find((candidate) => integerOrNull(candidate.entry.max_output_tokens) !== null);
      if (cross) {
        maxOutputTokens = integerOrNull(cross.entry.max_output_tokens);
        note(`max output (${cross.key})`);
      }
    }
  }

  const minCacheableTokens = firstNumber(ordered, (entry) => entry.prompt_cache_min_tokens);
  if (minCacheableTokens !== null) note("min cacheable prefix");

  let deprecationDate = deprecationOf(primary);
  if (deprecationDate) note("deprecation date");
  let deprecatedNote = "";
  if (!deprecationDate && genaiModel.deprecated) {
    deprecationDate = input.genai.date;
    deprecatedNote = `; marked deprecated by genai-prices without a date (data date used)`;
  }

  const longContext = genaiTier(prices);
  const checked = genaiModel.prices_checked && isDate(genaiModel.prices_checked) ? genaiModel.prices_checked : input.genai.date;
  let source = `${input.genai.label} (${providerId}:${genaiModel.id})`;
  if (fromLiteLLM.length > 0) source += `; ${input.litellm.label}${primary ? ` (${primary.key})` : ""} for ${fromLiteLLM.join(", ")}`;
  source += deprecatedNote;

  const aliases = new Set<string>([...ownIds, genaiModel.id, ...(config.extraAliases?.(id) ?? [])]);
  aliases.delete(id);
  const model: Model = {
    id,
    aliases: [],
    kind,
    inputPerMTok: inputPrice,
    outputPerMTok: outputPrice,
    cacheReadPerMTok: cacheRead,
    cacheWrite5mPerMTok: cacheWrite5m,
    cacheWrite1hPerMTok: cacheWrite1h,
    batchInputPerMTok: batch[0],
    batchOutputPerMTok: batch[1],
    longContext,
    contextWindow,
    maxOutputTokens,
    minCacheableTokens,
    caching: "none",
    deprecationDate,
    replacement: null,
    tokenizer: tokenizerFor(config.id, id, [...aliases].sort(compare)),
    checked,
    source,
  };
  return { model, aliases };
}

/**
 * The prices in force at the date: genai-prices' own selection (latest start_date not after the date),
 * evaluated every half hour of that day; a time-of-day discount (DeepSeek off-peak) loses to the price
 * in force most of the day.
 */
export function pricesAt(model: GenaiModel, asOf: string): GenaiPrices {
  if (!Array.isArray(model.prices)) return model.prices;
  const list = model.prices;
  const votes = new Map<number, number>();
  for (let slot = 0; slot < 48; slot++) {
    const when = new Date(`${asOf}T00:00:00Z`).getTime() + slot * 30 * 60 * 1000 + 60 * 1000;
    const index = selectAt(list, when);
    votes.set(index, (votes.get(index) ?? 0) + 1);
  }
  const [winner] = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  return list[winner]!.prices;
}

function selectAt(list: GenaiModel["prices"] & unknown[], when: number): number {
  for (let index = list.length - 1; index >= 0; index--) {
    const constraint = (list[index] as { constraint?: Record<string, string> }).constraint;
    if (!constraint) return index;
    if ("start_date" in constraint) {
      if (when >= Date.parse(constraint["start_date"]!)) return index;
    } else if ("start_time" in constraint) {
      const seconds = (when % 86_400_000) / 1000;
      const start = clockSeconds(constraint["start_time"]!);
      const end = clockSeconds(constraint["end_time"]!);
      if (end < start ? seconds >= start || seconds < end : seconds >= start && seconds < end) return index;
    }
  }
  return 0;
}

function clockSeconds(time: string): number {
  const [hours = 0, minutes = 0, seconds = 0] = time.replace(/Z$/, "").split(":").map(Number);
  return hours * 3600 + minutes * 60 + seconds;
}

function baseOf(value: number | TieredPrice | undefined): number | null {
  if (typeof value === "number") return round(value);
  if (value && typeof value === "object" && typeof value.base === "number") return round(value.base);
  return null;
}

/**
 * genai-prices tiers as the one long-context tier: the first tier of the input (or output) price.
 * genai-prices writes "over 272k" as start 271999 with a `>` test; the table states thresholds as the
 * round number the provider publishes (272000) and promptcost tests `>` too: one token apart at most.
 */
function genaiTier(prices: GenaiPrices): LongContextTier | null {
  const tiered = (key: string) => {
    const value = prices[key];
    return value && typeof value === "object" && Array.isArray(value.tiers) && value.tiers.length > 0 ? value : null;
  };
  const anchor = tiered("input_mtok") ?? tiered("output_mtok");
  if (!anchor) return null;
  const start = anchor.tiers[0]!.start;
  const at = (key: string): number | null => {
    const value = prices[key];
    if (typeof value === "number") return round(value);
    if (!value || typeof value !== "object") return null;
    const tier = [...value.tiers].reverse().find((candidate) => candidate.start <= start);
    return round(tier ? tier.price : value.base);
  };
  return {
    thresholdTokens: (start + 1) % 1000 === 0 ? start + 1 : start,
    inputPerMTok: at("input_mtok")!,
    outputPerMTok: at("output_mtok") ?? 0,
    cacheReadPerMTok: at("cache_read_mtok"),
    cacheWrite5mPerMTok: at("cache_write_mtok"),
    cacheWrite1hPerMTok: at("cache_write_1h_mtok"),
  };
}

/** The primary LiteLLM entry's retirement date: a dated snapshot's date is not the undated alias's. */
function deprecationOf(primary: Candidate | undefined): string | null {
  const date = primary?.entry.deprecation_date;
  return typeof date === "string" && isDate(date) ? date : null;
}

// ---- LiteLLM-only entries ----

function fromLiteLLMGroups(config: ProviderConfig, candidates: Candidate[], input: BuildInput): Draft[] {
  const groups = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const key = `${baseId(candidate.id).toLowerCase()}\u0000${priceSignature(candidate.entry)}`;
    groups.set(key, [...(groups.get(key) ?? []), candidate]);
  }
  const drafts: Draft[] = [];
  for (const key of [...groups.keys()].sort(compare)) {
    const members = groups.get(key)!.sort((a, b) => preferId(a.id, b.id));
    const primary = members[0]!;
    const draft = fromLiteLLM(config, primary, members, input);
    drafts.push(draft);
  }
  return drafts;
}

function fromLiteLLM(config: ProviderConfig, primary: Candidate, members: Candidate[], input: BuildInput): Draft {
  const entry = primary.entry;
  const kind = entry.mode === "embedding" ? "embedding" : "chat";
  const inputPrice = perMillion(entry.input_cost_per_token)!;
  const outputPrice = perMillion(entry.output_cost_per_token) ?? 0;
  const explicitBatch = perMillion(entry.input_cost_per_token_batches);
  const explicitBatchOutput = perMillion(entry.output_cost_per_token_batches);
  const batch: [number | null, number | null] =
    explicitBatch !== null && (kind === "embedding" || explicitBatchOutput !== null)
      ? [explicitBatch, explicitBatchOutput ?? 0]
      : discountedBatch(config, inputPrice, outputPrice);
  const deprecation = typeof entry.deprecation_date === "string" && isDate(entry.deprecation_date) ? entry.deprecation_date : null;
  const model: Model = {
    id: primary.id,
    aliases: [],
    kind,
    inputPerMTok: inputPrice,
    outputPerMTok: outputPrice,
    cacheReadPerMTok: cachePrice(entry.cache_read_input_token_cost),
    cacheWrite5mPerMTok: cachePrice(entry.cache_creation_input_token_cost),
    cacheWrite1hPerMTok: cachePrice(entry.cache_creation_input_token_cost_above_1hr),
    batchInputPerMTok: batch[0],
    batchOutputPerMTok: batch[1],
    longContext: litellmTier(entry),
    contextWindow: integerOrNull(entry.max_input_tokens) ?? (kind === "embedding" ? integerOrNull(entry.max_tokens) : null),
    maxOutputTokens: kind === "chat" ? integerOrNull(entry.max_output_tokens) : null,
    minCacheableTokens: integerOrNull(entry.prompt_cache_min_tokens),
    caching: "none",
    deprecationDate: deprecation,
    replacement: null,
    tokenizer: tokenizerFor(config.id, primary.id, members.map((member) => member.id).sort(compare)),
    checked: input.litellm.date,
    source: `${input.litellm.label} (${primary.key})`,
  };
  const aliases = new Set<string>([...members.map((member) => member.id), ...(config.extraAliases?.(primary.id) ?? [])]);
  return { model, aliases };
}

/** LiteLLM's `*_above_<N>k_tokens` prices as the long-context tier (the lowest threshold listed). */
function litellmTier(entry: LiteLLMEntry): LongContextTier | null {
  const thresholds = Object.keys(entry)
    .map((key) => /^input_cost_per_token_above_(\d+)k_tokens$/.exec(key)?.[1])
    .filter((value): value is string => value !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const k = thresholds[0];
  if (k === undefined) return null;
  const price = (key: string) => perMillion(entry[key] as number | undefined);
  const inputPrice = price(`input_cost_per_token_above_${k}k_tokens`);
  if (inputPrice === null) return null;
  return {
    thresholdTokens: k * 1000,
    inputPerMTok: inputPrice,
    outputPerMTok: price(`output_cost_per_token_above_${k}k_tokens`) ?? perMillion(entry.output_cost_per_token) ?? 0,
    cacheReadPerMTok: price(`cache_read_input_token_cost_above_${k}k_tokens`) ?? cachePrice(entry.cache_read_input_token_cost),
    cacheWrite5mPerMTok: price(`cache_creation_input_token_cost_above_${k}k_tokens`) ?? cachePrice(entry.cache_creation_input_token_cost),
    cacheWrite1hPerMTok: price(`cache_creation_input_token_cost_above_1hr_above_${k}k_tokens`) ?? cachePrice(entry.cache_creation_input_token_cost_above_1hr),
  };
}

function priceSignature(entry: LiteLLMEntry): string {
  return [entry.mode, entry.input_cost_per_token, entry.output_cost_per_token, entry.cache_read_input_token_cost, entry.cache_creation_input_token_cost, entry.input_cost_per_token_batches]
    .map((value) => String(value ?? ""))
    .join("|");
}

const DATED_ID = /(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-\d{4})(-v\d+(:\d+)?)?$/;

/** The id without its snapshot date, `-latest` or Bedrock region prefix: ids that may be one model. */
function baseId(id: string): string {
  return id
    .replace(BEDROCK_REGION_PREFIX, "")
    .replace(/(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-latest)(?=(-v\d+(:\d+)?)?$)/, "");
}

// ---- overrides and finishing ----

function applyOverrides(provider: string, drafts: Draft[], overrides: Override[], used: Set<Override>): void {
  for (const override of overrides) {
    if (override.provider !== provider) continue;
    const pattern = globToRegExp(override.model);
    for (const draft of drafts) {
      const names = [draft.model.id, ...draft.aliases];
      if (!names.some((name) => pattern.test(name))) continue;
      const before = Object.fromEntries(Object.keys(override.set).map((key) => [key, structuredClone(draft.model[key as keyof Model])]));
      Object.assign(draft.model, structuredClone(override.set));
      const tookAliases = override.takeAliases !== undefined && takeAliases(draft, drafts, override.takeAliases);
      (draft.overrides ??= []).push({ reason: override.reason, set: override.set, before, ...(tookAliases ? { tookAliases: true as const } : {}) });
      used.add(override);
    }
  }
}

/** Moves the names to this entry from whichever entries of the provider hold them; true when one moved. */
function takeAliases(target: Draft, drafts: Draft[], names: string[]): boolean {
  let moved = false;
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  for (const other of drafts) {
    if (other === target) continue;
    for (const alias of [...other.aliases]) {
      if (!wanted.has(alias.toLowerCase())) continue;
      other.aliases.delete(alias);
      moved = true;
    }
  }
  const held = new Set([...target.aliases].map((alias) => alias.toLowerCase()));
  for (const name of names) {
    if (held.has(name.toLowerCase())) continue;
    target.aliases.add(name);
    moved = true;
  }
  return moved;
}

/** Whether an override still shows in the finished model (not equal to the data, not undone by a consistency rule). */
function effective(model: Model, applied: NonNullable<Draft["overrides"]>[number]): boolean {
  if (applied.tookAliases) return true;
  return Object.entries(applied.set).some(([key, value]) => {
    const now = JSON.stringify(model[key as keyof Model] ?? null);
    return now === JSON.stringify(value ?? null) && now !== JSON.stringify(applied.before[key] ?? null);
  });
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "i");
}

/** Caching style and de-duplicated aliases; entries sorted by id. */
function finalize(config: ProviderConfig, drafts: Draft[], warnings: string[]): Model[] {
  const byId = new Map<string, Draft>();
  for (const draft of drafts.sort((a, b) => compare(a.model.id, b.model.id))) {
    const key = draft.model.id.toLowerCase();
    const existing = byId.get(key);
    if (existing) {
      warnings.push(`${config.id}: ${draft.model.id} listed twice (${existing.model.source} | ${draft.model.source}); kept the first`);
      continue;
    }
    byId.set(key, draft);
  }
  const claimedAliases = new Set<string>(byId.keys());
  const models: Model[] = [];
  for (const draft of byId.values()) {
    const model = draft.model;
    const aliases: string[] = [];
    for (const alias of [...draft.aliases].sort(compare)) {
      const key = alias.toLowerCase();
      // genai-prices labels that are not ids: `regional.<id>` groups, prefixes such as `ft:gpt-3.5-turbo-`.
      if (key === model.id.toLowerCase() || claimedAliases.has(key) || /^regional\./.test(alias) || /[-.:]$/.test(alias)) continue;
      claimedAliases.add(key);
      aliases.push(alias);
    }
    model.aliases = aliases;
    if (model.cacheReadPerMTok === null && model.cacheWrite5mPerMTok === null && model.cacheWrite1hPerMTok === null) model.caching = "none";
    else if (model.caching === "none") model.caching = config.caching(model.id);
    // Below a minimum cacheable prefix nothing is cached; with no cache at all the minimum means nothing.
    if (model.caching === "none") {
      model.minCacheableTokens = null;
      delete model.cacheStoragePerMTokHour;
    }
    for (const applied of draft.overrides ?? []) {
      const note = `override: ${applied.reason}`;
      if (effective(model, applied) && !model.source.includes(note)) model.source += `; ${note}`;
    }
    models.push(ordered(model));
  }
  return models;
}

/** The model with its keys in the order of price-types.ts, numbers normalised. */
function ordered(model: Model): Model {
  return {
    id: model.id,
    aliases: model.aliases,
    kind: model.kind,
    inputPerMTok: model.inputPerMTok,
    outputPerMTok: model.outputPerMTok,
    cacheReadPerMTok: model.cacheReadPerMTok,
    cacheWrite5mPerMTok: model.cacheWrite5mPerMTok,
    cacheWrite1hPerMTok: model.cacheWrite1hPerMTok,
    batchInputPerMTok: model.batchInputPerMTok,
    batchOutputPerMTok: model.batchOutputPerMTok,
    longContext: model.longContext
      ? {
          thresholdTokens: model.longContext.thresholdTokens,
          inputPerMTok: model.longContext.inputPerMTok,
          outputPerMTok: model.longContext.outputPerMTok,
          cacheReadPerMTok: model.longContext.cacheReadPerMTok,
          cacheWrite5mPerMTok: model.longContext.cacheWrite5mPerMTok,
          cacheWrite1hPerMTok: model.longContext.cacheWrite1hPerMTok,
        }
      : null,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    minCacheableTokens: model.minCacheableTokens,
    caching: model.caching,
    // Only models that bill cache storage carry the field, so the other 1,400 entries stay as they were.
    ...(typeof model.cacheStoragePerMTokHour === "number" ? { cacheStoragePerMTokHour: model.cacheStoragePerMTokHour } : {}),
    deprecationDate: model.deprecationDate,
    replacement: model.replacement,
    tokenizer: "encoding" in model.tokenizer ? { encoding: model.tokenizer.encoding } : { estimateFrom: model.tokenizer.estimateFrom, ratio: model.tokenizer.ratio },
    checked: model.checked,
    source: model.source,
  };
}

// ---- small helpers ----

function discountedBatch(config: ProviderConfig, inputPrice: number, outputPrice: number): [number | null, number | null] {
  if (config.batchDiscount === null) return [null, null];
  return [round(inputPrice * config.batchDiscount), round(outputPrice * config.batchDiscount)];
}

/** A LiteLLM cache price; 0 is LiteLLM's placeholder for "not listed", not free cache reads. */
function cachePrice(perToken: number | undefined | null): number | null {
  const value = perMillion(perToken);
  return value === 0 ? null : value;
}

/** USD per token to USD per million tokens, rounded to 12 significant digits (1.25e-6 -> 1.25, not 1.2499999999999998). */
export function perMillion(perToken: number | undefined | null): number | null {
  return typeof perToken === "number" && Number.isFinite(perToken) ? round(perToken * 1e6) : null;
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}

function near(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function integerOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

function firstNumber(candidates: Candidate[], pick: (entry: LiteLLMEntry) => unknown): number | null {
  for (const candidate of candidates) {
    const value = integerOrNull(pick(candidate.entry));
    if (value !== null) return value;
  }
  return null;
}

/** Prefer ids without a region prefix, then undated ones, then shorter, then alphabetical. */
function preferId(a: string, b: string): number {
  const rank = (id: string) => [BEDROCK_REGION_PREFIX.test(id) ? 1 : 0, DATED_ID.test(id) ? 1 : 0, /-latest$/.test(id) ? 1 : 0, id.length];
  const [ra, rb] = [rank(a), rank(b)];
  for (let index = 0; index < ra.length; index++) if (ra[index] !== rb[index]) return ra[index]! - rb[index]!;
  return compare(a, b);
}

/** Code-unit order: the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
