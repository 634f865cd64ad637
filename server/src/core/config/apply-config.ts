import type { AnalysisSettings, RuleSetting } from "../settings.ts";
import type { ConfigFile, RuleConfig } from "./config-file.ts";

/** Settings with a config file's defaults and rule levels laid over them. */
export function applyConfig(base: AnalysisSettings, config: ConfigFile): AnalysisSettings {
  const rules: AnalysisSettings["rules"] = { ...base.rules };
  for (const [id, ruleConfig] of Object.entries(config.rules ?? {})) rules[id] = toRuleSetting(ruleConfig);
  return {
    ...base,
    requestsPerDay: config.defaults?.requestsPerDay ?? base.requestsPerDay,
    dynamicTokens: config.defaults?.dynamicTokens ?? base.dynamicTokens,
    outputTokens: config.defaults?.outputTokens ?? base.outputTokens,
    cacheHitRate: config.defaults?.cacheHitRate ?? base.cacheHitRate,
    ...(config.defaults?.reasoningTokens !== undefined ? { reasoningTokens: config.defaults.reasoningTokens } : {}),
    ...(config.defaults?.model !== undefined ? { defaultModel: config.defaults.model } : {}),
    ...(config.env ? { env: { ...base.env, ...config.env } } : {}),
    rules,
    ...(config.fileStepBudget !== undefined ? { fileStepBudget: config.fileStepBudget } : {}),
    ...(config.fileTimeBudgetMs !== undefined ? { fileTimeBudgetMs: config.fileTimeBudgetMs } : {}),
    ...(config.wrappers ? { wrappers: config.wrappers } : {}),
    ...(config.endpoints ? { endpoints: config.endpoints } : {}),
  };
}

export function toRuleSetting(config: RuleConfig): RuleSetting {
  if (typeof config === "string") return { severity: config, options: {} };
  return { severity: config[0], options: config[1] ?? {} };
}
