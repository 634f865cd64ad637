// The plain data that flows through the analysis: file text -> LlmCall -> tokens -> cost -> findings.
// Nothing here knows about LSP or the CLI; every value can be printed and compared in a test.

/** 1-based line and column, as in the JSON report. End is exclusive (the position just past the node). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Offsets into the file text, for edits and for LSP conversion. */
export interface OffsetRange {
  start: number;
  end: number;
}

export type Sdk =
  | "openai"
  | "anthropic"
  | "google-genai"
  | "google-generative-ai"
  | "vercel-ai"
  | "langchain"
  | "bedrock"
  | "mistral"
  | "cohere"
  /** Legacy `@azure/openai` (`OpenAIClient.getChatCompletions`), before Azure moved to the `openai` package. */
  | "azure-openai"
  /** The ollama JavaScript client (`new Ollama({ host }).chat(...)`), a self-hosted server's own SDK. */
  | "ollama"
  /** Vendors' own SDKs shaped like OpenAI's: together-ai (`new Together()`), groq-sdk (`new Groq()`). */
  | "together-ai"
  | "groq-sdk"
  /** token.js (and its fork fluency.js): one OpenAI-shaped client for many providers, named by each request's `provider`. */
  | "token.js"
  /** Mastra's agents (`new Agent({ model: openai("gpt-4o"), instructions }).generate(messages)`), on the AI SDK's models. */
  | "mastra"
  /** No SDK: a `fetch`, axios, ky or got POST to a known LLM endpoint, its JSON body read as the API's params. */
  | "http"
  /** A project function declared in the config's `wrappers`, whose SDK is not visible. */
  | "custom";

export type CallKind = "chat" | "embedding" | "batch" | "count";

/** One piece of prompt text: known at analysis time, or only at run time. */
export type TextPart = StaticTextPart | DynamicTextPart;

export interface StaticTextPart {
  kind: "static";
  text: string;
  /** Where the text came from when not written at the call: a constant, a prompt file. */
  origin?: TextOrigin;
  /**
   * Set when the text is what one way sends and another sends a run-time value (`context ?? "none"`,
   * `ok ? context : "none"`), to that value's name: the costlier way is counted (tokens/run-time-ways.ts).
   */
  orRunTime?: string;
}

export interface DynamicTextPart {
  kind: "dynamic";
  /** The source text of the expression, shortened, to show what was assumed. */
  label: string;
  /** Tokens assumed for this part; undefined means the configured default. */
  assumedTokens?: number;
  /** Set when the part is a collection stuffed into the prompt (join, spread, JSON.stringify). */
  collection?: { bounded: boolean };
  offsets?: OffsetRange;
  /** The file `offsets` are in: a helper of another file may have built the text. */
  file?: string;
  /** Set when the part belongs to a text that is one way beside a run-time value (see StaticTextPart.orRunTime). */
  orRunTime?: string;
}

export interface TextOrigin {
  file: string;
  /** "const" for a binding, "file" for a prompt file read from disk, "function" for a returned template. */
  via: "const" | "file" | "function" | "import";
  name?: string;
  /** True when a prompt file was larger than the read limit and its size stands in for its text. */
  truncated?: boolean;
  /** For a prompt file over the read limit: its size in bytes (tokens are estimated from it). */
  sizeBytes?: number;
}

export type MessageRole = "system" | "developer" | "user" | "assistant" | "tool";

/** A message or instruction block of a request, in the order the provider receives it. */
export interface PromptMessage {
  role: MessageRole;
  name?: string;
  parts: TextPart[];
  /** True when the provider's cache marker (Anthropic cache_control, Bedrock cachePoint) ends at this block. */
  cacheMarker: boolean;
  /** Where the message is written, for fixes. */
  offsets?: OffsetRange;
  /** A whole history or array of messages whose content is only known at run time. */
  opaque?: boolean;
}

export interface LlmCall {
  file: string;
  range: SourceRange;
  offsets: OffsetRange;
  sdk: Sdk;
  provider: string;
  /** The method as the SDK names it: "chat.completions.create", "messages.create", "generateText". */
  api: string;
  kind: CallKind;
  model: string | null;
  /** Why the model is null or how it was found ("fallback of process.env.MODEL"), shown in the hover. */
  modelNote?: string;
  /** How a model only known at run time was decided (an env default, the config, an annotation): an assumption. */
  modelAssumption?: StatedSource;
  /** For a model only known at run time: the expression it comes from, and the env variable it reads. */
  modelSource?: { expression: string; env?: string };
  /**
   * Every model a ternary, switch or table lookup can pick, when there are several: the call is priced at
   * the most expensive one (`model` is then that one) and shown as a range.
   */
  modelCandidates?: string[];
  /**
   * The providers of each candidate whose model comes from other providers' factories than `provider`
   * (`aiProvider === "openai" ? openai(m) : anthropic(m)`), in the code's order: priced by the first whose
   * price table has the model, as providerChoices is (a switch of factories all given one run-time `model`
   * pairs each id with every factory, though each id is only sent to its own vendor).
   */
  candidateProviders?: Record<string, string[]>;
  /**
   * The providers the one model can go to, in the code's order, when a choice of clients sends it
   * (`(isAnthropic ? anthropic : openai)(model)`): priced by the first whose price table has the model (a
   * model id a vendor does not sell is not sent to that vendor's client). See analyze.ts priceCall.
   */
  providerChoices?: string[];
  /** One of the exclusive branches a wrapper call can take (see RecognisedAt.alternative); merged by analyzeParsedFile. */
  alternative?: true;
  /** Which branching the alternative belongs to (see alternativeGroup): only alternatives of one group are one request. */
  alternativeGroup?: string;
  /** Made only when the main request failed (see RecognisedAt.fallback): a candidate of the call, never summed. */
  fallback?: true;
  /** Request content that is not message text: tool definitions, a response schema, a tool-use system prompt. */
  extras?: RequestExtra[];
  /** Hidden reasoning tokens of a reasoning model, billed as output: a stated assumption when nothing caps them. */
  reasoning?: { assumedTokens: number; basis: string; /** A thinking budget written in the call, which a config default does not replace. */ fromCode?: true };
  /**
   * Set on a call made through project wrapper functions (`ask(prompt, model)`): the call is located at the
   * call site, with the caller's arguments; `via` lists the wrappers from the outermost in.
   */
  via?: WrapperHop[];
  /**
   * Set on a call written inside a function that forwards its parameters into it: where its call sites
   * are found, the cost is counted there and this call is left out of totals.
   */
  wrapper?: { name: string; id: string };
  /**
   * Ids of the wrappers every merged way of this call site went through (alternatives, implementations,
   * fallbacks), besides `via`: their own calls are counted here, not again.
   */
  reachedWrappers?: string[];
  messages: PromptMessage[];
  /** Output cap as written in the provider's own parameter; null when the call has none or it is not a literal. */
  outputCap: number | null;
  /** Whether the call sets its provider's output cap parameter at all (its value may be unknown). */
  hasOutputCap: boolean;
  /** Where the output cap would go when missing: the parameter object literal of the call. */
  paramsObject?: ParamsObjectLayout;
  /** The property to insert into paramsObject to cap the output, `$N` standing for the number. */
  capTemplate?: string;
  /** The parameter name this provider uses for the output cap, for messages and fixes. */
  outputCapParam: string;
  /** The cap parameter the code actually sets, when it sets one (`max_tokens` where `max_completion_tokens` is preferred). */
  outputCapSetBy?: string;
  /** Whether the provider requires the cap (Anthropic): the rule stays quiet there. */
  outputCapRequired: boolean;
  /** OpenAI's `n` written as a number over 1: completions of the one prompt, each billed as output (the cap is each one's). */
  completions?: number;
  /** OpenAI's `n` set to a value known only at run time (its label): one completion is assumed, and said so. */
  completionsAtRunTime?: string;
  /**
   * An AI SDK call given tools and a step limit over one (`stopWhen: stepCountIs(20)`, `maxSteps: 5`): one call
   * sends a request per step, as many as the model's tool calls make, up to `max`. One step is priced, and said so.
   */
  toolSteps?: { max: number; setBy: "stopWhen" | "maxSteps" | "ToolLoopAgent's default" };
  /** The `system` property as written (Anthropic), for the cache fix. */
  systemParam?: { offsets: OffsetRange; valueOffsets: OffsetRange; isString: boolean };
  /** Loop context: how many requests one execution makes when known. */
  multiplier: number;
  /** The innermost loop, `map`, `forEach` or `Promise.all` the call runs once per item of, if any. */
  loop?: LoopContext;
  /** Retries beyond the SDK default: a client's `maxRetries` over 3, or a retry loop around the call. */
  retry?: RetryContext;
  /** Per-call assumptions from a `// promptcost:` comment. */
  annotation?: CallAnnotation;
}

/**
 * Where a value only known at run time was taken from, because the project states it anyway: a committed
 * env example file, the config's `env` or `defaults.model`, a `// promptcost:` comment, the code's own
 * fallback. Always shown as an assumption.
 */
export interface StatedSource {
  kind: "env-file" | "config-env" | "defaults-model" | "annotation" | "code-fallback";
  /** The env variable or setting (`DEFAULT_LLM_MODEL`, `settings.model`), or the expression a fallback stands in for. */
  name?: string;
  /** The env example file that holds the default. */
  file?: string;
}

export type LoopKind = "for" | "for-of" | "for-in" | "while" | "do-while" | "forEach" | "map" | "flatMap" | "Promise.all";

export interface LoopContext {
  kind: LoopKind;
  /** Items of the loop when known statically (a literal array, a literal bound), else null. */
  count: number | null;
  /** Where the loop (or the `.map(` call) is written. */
  offsets: OffsetRange;
  /** Each turn's request reads the previous one's answer (an agent's tool loop): turns, not items. */
  feedsNextTurn?: true;
  /** Around a wrapper's request site, not around this call (wrapper-loops.ts): `offsets` are in the wrapper's file. */
  inWrapper?: true;
}

export interface RetryContext {
  /** Attempts per request at most: the first one plus the retries; null for a loop with no known bound. */
  maxAttempts: number | null;
  /** Where the figure comes from: the client's or the request's `maxRetries`, or a loop around the call. */
  source: "client" | "request" | "loop";
  /** Expected attempts per request at the assumed share of failed attempts. */
  expectedAttempts: number;
  /** The share of attempts assumed to fail (rate limits, timeouts), for the hover. */
  failureRate: number;
}

export interface WrapperHop {
  /** The wrapper function's name as declared. */
  function: string;
  /** Identifies the wrapper and its request site (file and offsets), to match the site's own call with the call sites that reach it. */
  id: string;
  file: string;
  /** Where the wrapper makes the call, 1-based. */
  line: number;
}

export interface RequestExtra {
  kind: "tools" | "response-format" | "tool-system-prompt";
  label: string;
  /** Text as the provider renders it into the prompt, counted with the model's tokenizer. */
  text?: string;
  /** Tokens known without text (a provider's fixed system prompt, OpenAI's function-definition format). */
  tokens?: number;
  /** True when the size is only known at run time (a schema built elsewhere): counted as an assumption. */
  assumed: boolean;
}

export interface ParamsObjectLayout {
  offsets: OffsetRange;
  /** Indentation of the first property, to line up an inserted one. */
  indent: string;
  multiline: boolean;
  lastPropertyEnd: number | null;
}

export interface CallAnnotation {
  /** The model this call is priced as, whatever the code says: `// promptcost: model=ID`. */
  model?: string;
  requestsPerDay?: number;
  dynamicTokens?: number;
  feature?: string;
  /** Requests one execution of the surrounding code makes, e.g. the size of the collection looped over. */
  multiplier?: number;
  /** Hidden reasoning tokens this call is assumed to spend (a reasoning model with no output cap). */
  reasoningTokens?: number;
}

export type Severity = "error" | "warning" | "info";
export type SeveritySetting = Severity | "off";

export interface TextEdit {
  offsets: OffsetRange;
  text: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
  /** The edit leaves a value for the user to fill in: offered in the editor, not for applying unattended. */
  needsInput?: true;
}

export interface Finding {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  range: SourceRange;
  offsets: OffsetRange;
  docsUrl: string;
  fix?: Fix;
  /**
   * Set on a finding of a call made through a wrapper: the wrapper's request site the call goes through
   * first (`via[0]`) and what the finding is about. When that site's own request reports the same cause,
   * the finding is the wrapper's to report, not every call site's (see findingsWhereCaused).
   */
  inherits?: SiteCause;
  /**
   * Set on a finding of the request written inside a wrapper: its site and what the finding is about. Where
   * the wrapper has call sites and none of them reports the same cause (each passes its own model, its own
   * cap), the call sites decide and the finding is not shown.
   */
  at?: SiteCause;
}

/** A rule's cause (rule id and RuleReport.cause) on the request made at a wrapper's request site. */
export interface SiteCause {
  /** The wrapper request site's id (WrapperHop.id, LlmCall.wrapper.id). */
  site: string;
  rule: string;
  cause: string;
}

/** Token figures of one call, as in the JSON report. */
export interface InputTokens {
  static: number;
  dynamic: number;
  total: number;
  exact: boolean;
  /** Leading static tokens that a provider prefix cache could serve. */
  cacheablePrefix: number;
  /** How the count was made: the encoding, or the estimate ratio. */
  method: string;
  /** Each dynamic part and what was assumed for it, for the hover. */
  assumptions: { label: string; tokens: number }[];
  /**
   * For an estimate (Claude, Gemini, others counted from o200k with a ratio): the total with the low and
   * high ends of the calibrated ratio, for the hover to show as a range.
   */
  range?: { low: number; high: number };
}

export interface OutputTokens {
  cap: number | null;
  /** Set when the call sets a cap whose value is only known at run time (`max_tokens: opts.maxTokens`); `cap` is then null. */
  capDynamic?: true;
  /** What the request is priced at: the expected output (see `expected`). */
  assumed: number;
  /** The smaller of the cap and the typical output (`defaults.outputTokens`, plus reasoning for a reasoning model). */
  expected?: number;
  /** The most one request can write: the cap, else the model's maximum output; null when neither is known. */
  worstCase?: number | null;
  /** Hidden reasoning tokens included in `assumed` when nothing caps them. */
  reasoning?: number;
  /** Where the reasoning figure comes from: the call's annotation, the config default, or the reasoning effort. */
  reasoningBasis?: string;
  /** Completions one request asks for (OpenAI's `n` over 1): `assumed`, `expected` and `worstCase` count all of them. */
  completions?: number;
}

export interface CostUsd {
  perRequest: number | null;
  perRequestCached: number | null;
  perRequestBatch: number | null;
  monthly: number | null;
  /** With prefix caching counted: one request's cost at the stated hit rate, which `monthly` is made from. */
  perRequestExpected?: number;
  /** The share of requests assumed to hit the prefix cache, when caching is counted. */
  cacheHitRate?: number;
  /**
   * USD per hour of keeping the cacheable prefix in an explicit cache, for models that bill cache storage
   * (Gemini `cachedContent`); absent otherwise.
   */
  cacheStoragePerHour?: number;
  /** Set when a candidate model has no price: the figures are those of the costliest priced one, a lower bound. */
  lowerBound?: true;
}

/** An LlmCall with its tokens counted and its cost priced. */
export interface PricedCall {
  call: LlmCall;
  inputTokens: InputTokens;
  outputTokens: OutputTokens;
  requestsPerDay: number;
  feature: string | null;
  cost: CostUsd;
  /** The price entry used, or null when the model is not in the table. */
  price: import("./pricing/price-types.ts").ModelPrice | null;
  /** True when the whole request is billed at the long-context tier. */
  longContextTier: boolean;
  /** Set when the price entry was found under another name (a dated snapshot, a vendor prefix). */
  priceMatch?: "alias" | "snapshot" | "prefix";
  /** Set when another provider's table priced the call (see PriceLookup.fromProvider): its list price is assumed. */
  priceFromProvider?: string;
  /** The request cannot succeed (its input is over the model's context window): kept out of every total. */
  rejected?: { reason: string };
  /** With several candidate models: each one's cost per request (null when unpriced), cheapest first. */
  candidateCosts?: { model: string; perRequest: number | null; provider?: string }[];
  /** Candidate models with no price, each with the provider it runs on (the call's cost is then a lower bound, or unknown when none is priced). */
  unpricedCandidates?: { model: string; provider: string }[];
}

export interface FileAnalysis {
  file: string;
  calls: PricedCall[];
  findings: Finding[];
  /**
   * What the requests written inside wrappers in this file report, disabled by a comment or not: their call
   * sites elsewhere do not repeat it. Absent when the file has no such request.
   */
  siteCauses?: SiteCause[];
}
