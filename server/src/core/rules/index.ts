import { invalidDirective } from "./invalid-directive.ts";
import { maxContextTokens } from "./max-context-tokens.ts";
import { noDeprecatedModel } from "./no-deprecated-model.ts";
import { noDynamicPrefix } from "./no-dynamic-prefix.ts";
import { noUnbatchedLoop } from "./no-unbatched-loop.ts";
import { noUnboundedContext } from "./no-unbounded-context.ts";
import { noUnknownModel } from "./no-unknown-model.ts";
import { parseError } from "./parse-error.ts";
import { preferCachedPrefix } from "./prefer-cached-prefix.ts";
import { preferSmallerModel } from "./prefer-smaller-model.ts";
import { requireMaxTokens } from "./require-max-tokens.ts";
import type { Rule } from "./rule.ts";

/** Every rule, by id, in the order of CONTRACT.md. The id is the rule's file name. */
export const RULES = {
  "require-max-tokens": requireMaxTokens,
  "prefer-cached-prefix": preferCachedPrefix,
  "no-dynamic-prefix": noDynamicPrefix,
  "max-context-tokens": maxContextTokens,
  "no-unbounded-context": noUnboundedContext,
  "no-unbatched-loop": noUnbatchedLoop,
  "prefer-smaller-model": preferSmallerModel,
  "no-unknown-model": noUnknownModel,
  "no-deprecated-model": noDeprecatedModel,
  "parse-error": parseError,
  "invalid-directive": invalidDirective,
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

export const RULE_LIST: readonly Rule[] = Object.values(RULES);

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}
