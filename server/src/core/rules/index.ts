import { maxContextTokens } from "./max-context-tokens.ts";
import { noUnknownModel } from "./no-unknown-model.ts";
import { parseError } from "./parse-error.ts";
import { preferCachedPrefix } from "./prefer-cached-prefix.ts";
import { requireMaxTokens } from "./require-max-tokens.ts";
import type { Rule } from "./rule.ts";

/** Every rule, by id. The id is the rule's file name. */
export const RULES = {
  "require-max-tokens": requireMaxTokens,
  "prefer-cached-prefix": preferCachedPrefix,
  "max-context-tokens": maxContextTokens,
  "no-unknown-model": noUnknownModel,
  "parse-error": parseError,
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

export const RULE_LIST: readonly Rule[] = Object.values(RULES);

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}
