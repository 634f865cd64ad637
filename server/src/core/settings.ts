import type { Severity, SeveritySetting } from "./types.ts";

export interface RuleSetting {
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

/** Everything the analysis assumes that the user can change: traffic, unknown sizes, rule levels. */
export interface AnalysisSettings {
  /** Requests per day each call is assumed to make, for monthly figures. */
  requestsPerDay: number;
  /** Tokens assumed for each prompt part only known at run time. */
  dynamicTokens: number;
  /** Typical output tokens of a request; a call expects the smaller of this and its cap. */
  outputTokens: number;
  /** Share of requests whose cacheable prefix is served from the provider's cache, for calls that cache (0..1). */
  cacheHitRate: number;
  /** Hidden reasoning tokens assumed for an uncapped reasoning call; by reasoning effort when unset. */
  reasoningTokens?: number;
  /** The model assumed for a call whose model is only known at run time and not stated anywhere else (`defaults.model`). */
  defaultModel?: string;
  /** Values of env variables and app settings only known at run time, by name (the config's `env`). */
  env?: Record<string, string>;
  /** Report disable comments that suppressed nothing (`--report-unused-disable-directives`). */
  reportUnusedDisableDirectives?: boolean;
  /** Input budget for max-context-tokens. */
  maxInputTokens: number;
  /** Per-rule severity and options, overriding each rule's default. */
  rules: Record<string, RuleSetting | undefined>;
  /** Project functions to treat as LLM calls when that cannot be inferred (the config's `wrappers`). */
  wrappers?: import("./providers/recognise.ts").WrapperSetting[];
  /** Base URLs of LLM endpoints that requests sent without an SDK go to (the config's `endpoints`). */
  endpoints?: import("./providers/llm-endpoints.ts").EndpointSetting[];
  /** Evaluation steps one file's analysis may take; past them the file is reported as not analysed. */
  fileStepBudget?: number;
  /** The wall-clock guard of one file's analysis, in ms: a last resort, reported as such. */
  fileTimeBudgetMs?: number;
  /** The date deprecations are measured from, YYYY-MM-DD; today when unset (set it for reproducible reports). */
  today?: string;
}

/** Half the requests find the prefix warm: a middle figure, stated in every report, changed with `defaults.cacheHitRate`. */
export const DEFAULT_CACHE_HIT_RATE = 0.5;

export const DEFAULT_SETTINGS: AnalysisSettings = {
  requestsPerDay: 1000,
  dynamicTokens: 250,
  outputTokens: 500,
  cacheHitRate: DEFAULT_CACHE_HIT_RATE,
  maxInputTokens: 16000,
  rules: {},
};

export function isSeverity(value: unknown): value is Severity {
  return value === "error" || value === "warning" || value === "info";
}

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return value === "off" || isSeverity(value);
}
