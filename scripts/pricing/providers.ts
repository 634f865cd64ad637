// Which source entries make up each pricing/<provider>.json, and the per-provider facts the sources do
// not carry (caching style, batch discount, tokenizer family).
import type { ModelPrice, TokenizerSpec } from "../../server/src/core/pricing/price-types.ts";

/**
 * Model tokens per o200k_base token for the same text, by model family, for models with no public
 * tokenizer. A count is the o200k_base count times this ratio, and is shown as an estimate.
 * - claude 1.2: Anthropic publishes no tokenizer for Claude 3+; third-party measurements put Claude at
 *   roughly 10-30% more tokens than o200k_base for the same English/code text (pricing-sources/README.md).
 *   1.2 is the middle of that range.
 * - gemini 1.0: Gemini and Gemma use a 256k-entry SentencePiece vocabulary, about the size of o200k_base;
 *   their counts for English/code are close to o200k_base, so no correction.
 * - other 1.1: Llama, Mistral, Qwen, DeepSeek, Grok, Command, Nova, ... use 32k-150k vocabularies that
 *   split English/code into somewhat more tokens than o200k_base; 10% until better measurements exist.
 */
export const TOKEN_RATIO_BY_FAMILY = { claude: 1.2, gemini: 1.0, other: 1.1 } as const;

/** A LiteLLM `litellm_provider` and how its keys become model ids (null: not a model id, skip). */
export interface LiteLLMSource {
  provider: string;
  id: (key: string) => string | null;
}

export interface ProviderConfig {
  /** The promptcost provider id, also the file name. */
  id: string;
  /** genai-prices provider ids whose models belong in this file. */
  genai: string[];
  /** LiteLLM entries for this provider. */
  litellm: LiteLLMSource[];
  /**
   * LiteLLM entries of other providers hosting the same models, used only for the context window and
   * maximum output when the provider's own entries lack them (e.g. a retired Claude model LiteLLM now
   * lists only under Bedrock). `id` maps their keys to ids this provider's genai-prices entries match.
   */
  metadataDonors?: LiteLLMSource[];
  /** Whether a model with a cache price caches on its own or needs a marker in the request. */
  caching: (id: string) => "automatic" | "explicit";
  /** The provider's batch API discount on input and output, applied when no source lists a batch price. */
  batchDiscount: number | null;
  /** The id to publish for a genai-prices model id (e.g. without `-latest`); default: unchanged. */
  canonical?: (genaiId: string) => string;
  /** Publish the best LiteLLM id of a genai-prices model instead of genai-prices' id (which may be a family label). */
  preferLiteLLMId?: boolean;
  /** Further aliases every model of this provider has (e.g. Fireworks' full `accounts/...` path). */
  extraAliases?: (id: string) => string[];
  /** genai-prices entries of this provider that belong to another file (e.g. Vertex Claude under google). */
  skipGenai?: (genaiId: string) => boolean;
}

const withPrefix = (prefix: string) => (key: string) => (key.startsWith(prefix) ? key.slice(prefix.length) : null);
const bare = (key: string) => (key.includes("/") ? null : key);
/** Bedrock keys with a `/` are region-, commitment- or size-specific; only plain model ids are listed. */
const bedrockKey = (key: string) => (key.includes("/") ? null : key);
/** Bedrock cross-region inference profile prefixes (`us.anthropic.claude-...`). */
export const BEDROCK_REGION_PREFIX = /^(us|eu|apac|au|jp|ca|in|us-gov|global)\./;

export const PROVIDERS: ProviderConfig[] = [
  {
    id: "openai",
    genai: ["openai"],
    litellm: [{ provider: "openai", id: bare }],
    caching: () => "automatic",
    batchDiscount: 0.5,
    // genai-prices labels for families matched by prefix; the published id is a real API id.
    canonical: (id) => id.replace(/[-.]+$/, "").replace(/\.ft$/, ""),
  },
  {
    id: "anthropic",
    genai: ["anthropic"],
    litellm: [{ provider: "anthropic", id: bare }],
    metadataDonors: [
      { provider: "bedrock", id: (key) => anthropicFromBedrock(key) },
      { provider: "bedrock_converse", id: (key) => anthropicFromBedrock(key) },
      { provider: "vertex_ai-anthropic_models", id: (key) => withPrefix("vertex_ai/")(key)?.replace("@", "-") ?? null },
    ],
    caching: () => "explicit",
    batchDiscount: 0.5,
    // claude-3-5-haiku-latest -> claude-3-5-haiku, claude-sonnet-4-0 -> claude-sonnet-4 (both stay aliases).
    canonical: (id) => id.replace(/-latest$/, "").replace(/^(claude-(?:sonnet|opus)-4)-0$/, "$1"),
  },
  {
    id: "google",
    genai: ["google"],
    litellm: [{ provider: "gemini", id: withPrefix("gemini/") }],
    metadataDonors: [{ provider: "vertex_ai-language-models", id: (key) => withPrefix("vertex_ai/")(key) ?? bare(key) }],
    caching: () => "automatic",
    batchDiscount: 0.5,
    // genai-prices' google provider also prices Claude on Vertex AI; the Gemini API table is Gemini/Gemma only.
    skipGenai: (id) => id.includes("claude"),
  },
  {
    id: "mistral",
    genai: ["mistral"],
    litellm: [{ provider: "mistral", id: withPrefix("mistral/") }],
    caching: () => "automatic",
    batchDiscount: null,
  },
  {
    id: "cohere",
    genai: ["cohere"],
    litellm: [
      { provider: "cohere", id: (key) => withPrefix("cohere/")(key) ?? bare(key) },
      { provider: "cohere_chat", id: (key) => withPrefix("cohere_chat/")(key) ?? bare(key) },
    ],
    caching: () => "automatic",
    batchDiscount: null,
  },
  {
    id: "deepseek",
    genai: ["deepseek"],
    litellm: [{ provider: "deepseek", id: (key) => withPrefix("deepseek/")(key) ?? bare(key) }],
    caching: () => "automatic",
    batchDiscount: null,
  },
  {
    id: "xai",
    genai: ["x-ai"],
    litellm: [{ provider: "xai", id: withPrefix("xai/") }],
    caching: () => "automatic",
    batchDiscount: null,
  },
  {
    id: "groq",
    genai: ["groq"],
    litellm: [{ provider: "groq", id: withPrefix("groq/") }],
    caching: () => "automatic",
    batchDiscount: null,
  },
  {
    id: "together",
    genai: ["together"],
    litellm: [{ provider: "together_ai", id: withPrefix("together_ai/") }],
    caching: () => "automatic",
    batchDiscount: null,
  },
  {
    id: "fireworks",
    genai: ["fireworks"],
    // Keys without the `fireworks_ai/` prefix are LiteLLM's size-bucket prices, not models.
    litellm: [
      { provider: "fireworks_ai", id: withPrefix("fireworks_ai/") },
      { provider: "fireworks_ai-embedding-models", id: withPrefix("fireworks_ai/") },
    ],
    caching: () => "automatic",
    batchDiscount: null,
    // The Fireworks API takes `accounts/fireworks/models/<name>` (the published id); the short name is an alias.
    extraAliases: (id) => (id.startsWith(FIREWORKS_PATH) ? [id.slice(FIREWORKS_PATH.length)] : []),
  },
  {
    id: "openrouter",
    genai: ["openrouter"],
    litellm: [{ provider: "openrouter", id: withPrefix("openrouter/") }],
    // OpenRouter passes Anthropic's cache_control through; other vendors cache implicitly or not at all.
    caching: (id) => (id.startsWith("anthropic/") ? "explicit" : "automatic"),
    batchDiscount: null,
  },
  {
    id: "bedrock",
    genai: ["aws"],
    litellm: [
      { provider: "bedrock", id: bedrockKey },
      { provider: "bedrock_converse", id: bedrockKey },
    ],
    caching: () => "explicit",
    batchDiscount: null,
    // genai-prices names models by family (`regional.anthropic.claude-opus-4-5-v1:0`); Bedrock takes the
    // full model id LiteLLM lists (`anthropic.claude-opus-4-5-20251101-v1:0`).
    canonical: (id) => id.replace(/^regional\./, ""),
    preferLiteLLMId: true,
  },
  {
    id: "azure",
    genai: ["azure"],
    litellm: [{ provider: "azure", id: withPrefix("azure/") }],
    caching: () => "automatic",
    batchDiscount: null,
  },
];

function anthropicFromBedrock(key: string): string | null {
  if (key.includes("/")) return null;
  const withoutRegion = key.replace(BEDROCK_REGION_PREFIX, "");
  if (!withoutRegion.startsWith("anthropic.")) return null;
  return withoutRegion.slice("anthropic.".length).replace(/-v\d+(:\d+)?$/, "");
}

const FIREWORKS_PATH = "accounts/fireworks/models/";

/**
 * Ids that are not text generation or embedding models priced per token (image, audio-only, video,
 * realtime, speech, transcription, moderation, OCR, rerank). Chat models that also take audio or images
 * but have per-token text prices (gpt-4o-audio-preview) are kept.
 */
export const NON_TEXT_MODEL =
  /(^|[-_./:])(marengo|dall-e|gpt-image|image|imagen|imagegeneration|sora|veo|video|lyria|realtime|live|native-audio|tts|speech|transcribe|transcription|whisper|moderation|ocr|rerank|sonic|canvas|reel|stable-diffusion|sd3|flux|nova-2-sonic)([-_./:]|$)/i;

/** The model id without vendor/region prefixes, for recognising OpenAI models hosted elsewhere. */
function openaiBareName(provider: string, id: string): string | null {
  if (provider === "openai") return id;
  if (provider === "azure") return id.replace(/^(eu|us|global|global-standard|data-zone)\//, "");
  const match = /^(?:openai\/|(?:(?:us|eu|apac|jp|in|global)\.)?openai\.)(.+)$/.exec(id);
  return match ? match[1]! : null;
}

const O200K = /^(ft:)?(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-6|gpt-oss|gpt-chat|gpt-audio|o1|o3|o4|codex-mini|computer-use)/;
const CL100K = /^(ft:)?(gpt-4|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada)/;

/**
 * How tokens are counted: OpenAI models exactly with their tiktoken encoding (o200k_base for gpt-4o and
 * later, cl100k_base for gpt-4, gpt-3.5 and the text-embedding-3/ada-002 models); everything else an
 * estimate from o200k_base with its family's ratio.
 */
export function tokenizerFor(provider: string, id: string, aliases: Iterable<string> = []): TokenizerSpec {
  // The id first, then the aliases (Azure's `ada` is text-embedding-ada-002).
  for (const name of [id, ...aliases]) {
    const openaiName = openaiBareName(provider, name);
    if (openaiName === null) continue;
    if (O200K.test(openaiName)) return { encoding: "o200k_base" };
    if (CL100K.test(openaiName)) return { encoding: "cl100k_base" };
  }
  const lower = id.toLowerCase();
  if (lower.includes("claude")) return { estimateFrom: "o200k_base", ratio: TOKEN_RATIO_BY_FAMILY.claude };
  if (lower.includes("gemini") || lower.includes("gemma")) return { estimateFrom: "o200k_base", ratio: TOKEN_RATIO_BY_FAMILY.gemini };
  return { estimateFrom: "o200k_base", ratio: TOKEN_RATIO_BY_FAMILY.other };
}

/** Fields an override may set: everything but the id, the aliases and the provider. */
export const OVERRIDABLE_FIELDS: readonly (keyof ModelPrice)[] = [
  "kind",
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
  "tokenizer",
];
