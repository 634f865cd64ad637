// The defaults the monthly figures rest on, as the dashboard and its exports state them. Pure.
import { formatTokens } from "../../../server/src/core/format.ts";
import type { ReportAssumption } from "../../../server/src/protocol.ts";

const DESCRIPTIONS: Record<ReportAssumption["key"], (value: number) => string> = {
  requestsPerDay: (value) => `${formatTokens(value)} requests/day per call (unless a call's // promptcost: comment says otherwise)`,
  dynamicTokens: (value) => `${formatTokens(value)} tokens for each prompt part only known at run time`,
  outputTokens: (value) => `${formatTokens(value)} output tokens per request when the cap is higher or absent`,
  cacheHitRate: (value) => `${Math.round(value * 100)}% of requests hit the prompt cache, for calls that cache`,
};

/** Where the user changes an assumption, in words. */
export function assumptionPlace(assumption: ReportAssumption): string {
  if (assumption.source === "config") return `promptcost.config.json defaults.${assumption.key}`;
  if (assumption.source === "setting") return `setting promptcost.${assumption.key}`;
  return `built-in default; set defaults.${assumption.key} in promptcost.config.json`;
}

export function describeAssumption(assumption: ReportAssumption): string {
  return DESCRIPTIONS[assumption.key](assumption.value);
}
