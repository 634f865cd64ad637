// What the human formats (stylish, Markdown, the GitHub summary line) share, so they agree: counts with
// thousands separators and the right plural, the order of the call table (what a baseline marks new or
// changed first, then the dearest), how many calls it shows, and findings counted by rule.
import { formatUsd } from "../../core/format.ts";
import { isInTotals, isUnpriced, monthlyOf, type JsonCall, type JsonFinding, type JsonSummary } from "../../core/report.ts";
import { isTestFile, TEST_FILE_GLOBS } from "../../core/call-sites.ts";
import { RULE_LIST } from "../../core/rules/index.ts";

/** Calls listed before "N more" (all of them with --verbose). */
export const TOP_CALLS = 20;

/** `1 warning`, `2,314 warnings`, `0 infos`. */
export function count(value: number, noun: string): string {
  return `${value.toLocaleString("en-US")} ${noun}${value === 1 ? "" : "s"}`;
}

/**
 * A listed call's $/month as the call tables show it: why it is in no total when it is not (as the editor's
 * dashboard says it), else its cost, with how many requests it makes each time it runs (`×20,000`).
 */
export function callMonthlyText(call: JsonCall): string {
  if (call.countedAtCallSites) return "at its call sites";
  if (call.rejected) return "rejected";
  return formatUsd(call.costUsd.monthly) + (call.multiplier > 1 ? ` (×${call.multiplier.toLocaleString("en-US")})` : "");
}

/**
 * What the calls left out of a table add up to, as the total says it: `$2.08/month, 1 unpriced`, `cost
 * unknown, 32 unpriced`, and how many of them are in no total (counted at their wrapper's call sites, rejected).
 */
export function hiddenCallsText(hidden: readonly JsonCall[]): string {
  const inTotals = hidden.filter(isInTotals);
  if (inTotals.length === 0) return "none in the totals";
  const monthlyUsd = monthlyOf(inTotals);
  const unpricedCalls = inTotals.filter(isUnpriced).length;
  const outside = hidden.length - inTotals.length;
  return `${monthlyText({ monthlyUsd, unpricedCalls })}${unpricedNote(unpricedCalls)}${outside > 0 ? `; ${outside.toLocaleString("en-US")} in no total` : ""}`;
}

/** `, 32 unpriced` after a total; nothing when every call of it has a price. */
export function unpricedNote(unpricedCalls: number): string {
  return unpricedCalls > 0 ? `, ${unpricedCalls.toLocaleString("en-US")} unpriced` : "";
}

/**
 * `$1,234/month`; "cost unknown" when the total is $0 only because no call in it has a price (a page of
 * unpriced calls is never shown as costing nothing).
 */
export function monthlyText(summary: Pick<JsonSummary, "monthlyUsd" | "unpricedCalls">): string {
  return summary.monthlyUsd === 0 && summary.unpricedCalls > 0 ? "cost unknown" : `${formatUsd(summary.monthlyUsd)}/month`;
}

/**
 * How to price the unpriced calls of the totals, as ESLint says what --fix would do: those whose model is
 * chosen at run time (user settings, environment) need it named; those naming a model the table lacks need
 * a price. And the calls of the totals priced at another provider's list price, which is an assumption.
 * Undefined when there is nothing to say. Read from `calls`, which must be all of them.
 */
export function pricingHint(calls: readonly JsonCall[]): string | undefined {
  const unpriced = calls.filter((call) => isInTotals(call) && isUnpriced(call));
  const borrowed = calls.filter((call) => isInTotals(call) && !isUnpriced(call) && call.assumptions?.some((assumption) => assumption.subject === "price"));
  if (unpriced.length === 0 && borrowed.length === 0) return undefined;
  const runTime = unpriced.filter((call) => call.model === null).length;
  const unlisted = unpriced.length - runTime;
  const sentences: string[] = [];
  if (runTime > 0) {
    sentences.push(
      `${runTime.toLocaleString("en-US")} unpriced ${runTime === 1 ? "call chooses its" : "calls choose their"} model at run time: name the model production uses with \`"defaults": { "model": "ID" }\` in promptcost.config.json, or \`// promptcost: model=ID\` above a call.`,
    );
  }
  if (unlisted > 0) {
    sentences.push(
      `${unlisted.toLocaleString("en-US")} unpriced ${unlisted === 1 ? "call names a model" : "calls name models"} the price table lacks: price ${unlisted === 1 ? "it" : "them"} with \`pricing.overrides\` or map ${unlisted === 1 ? "it" : "them"} to a listed model with \`pricing.aliases\`.`,
    );
  }
  if (borrowed.length > 0) {
    sentences.push(
      `${borrowed.length.toLocaleString("en-US")} ${borrowed.length === 1 ? "call is" : "calls are"} priced at another provider's list price (a gateway's \`vendor/model\` id, a model its own provider's table lacks): set \`pricing.overrides\` where the provider charges otherwise.`,
    );
  }
  return sentences.join(" ");
}

/**
 * The calls of the totals written in test files, and what they add: every call counts at the assumed traffic,
 * and a test's requests are not production's (RooCodeInc/Roo-Code cb83656: 290 of 305 calls, $207,119 of a
 * $214,752 month). Undefined when none is. Read from `calls`, which must be all of them.
 */
export function testFilesHint(calls: readonly JsonCall[]): string | undefined {
  const inTests = calls.filter((call) => isInTotals(call) && isTestFile(call.file));
  if (inTests.length === 0) return undefined;
  const monthlyUsd = monthlyOf(inTests);
  const share = monthlyUsd > 0 ? `, ${formatUsd(monthlyUsd)}/month of the total,` : "";
  const globs = TEST_FILE_GLOBS.map((glob) => JSON.stringify(glob)).join(", ");
  return `${count(inTests.length, "call")} of the totals ${inTests.length === 1 ? "is" : "are"} in test files${share} counted as if production made ${inTests.length === 1 ? "it" : "them"}: leave tests out with \`"exclude": [${globs}]\` in promptcost.config.json (\`promptcost --init\` writes it).`;
}

const STATE_RANK = { new: 0, changed: 1, unchanged: 2 } as const;

/** " (1 of ≤20 steps)" for a call with tool steps the model decides: its $/request is one step's. */
export function toolStepsNote(call: JsonCall): string {
  return call.toolSteps ? ` (1 of ≤${call.toolSteps.max} steps)` : "";
}

/**
 * " (costliest of 3 ways)" for a request whose model a switch, ternary or table picks, or that a wrapper's
 * exclusive branches make: the model shown is the costliest way's, not the only one the code can send.
 */
export function waysNote(call: JsonCall): string {
  const ways = call.modelCandidates?.length ?? 0;
  return ways > 1 ? ` (costliest of ${ways} ways)` : "";
}

/** New and changed calls first (with a baseline), then by monthly cost, the dearest first; unpriced calls after priced ones. */
export function callsByCost(calls: readonly JsonCall[]): JsonCall[] {
  return [...calls].sort(
    (a, b) =>
      STATE_RANK[a.baselineState ?? "unchanged"] - STATE_RANK[b.baselineState ?? "unchanged"] ||
      (b.costUsd.monthly ?? -1) - (a.costUsd.monthly ?? -1) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line,
  );
}

export interface RuleCount {
  rule: string;
  error: number;
  warning: number;
  info: number;
}

/** Findings per rule, in the rules' order (ids the registry does not know last, by name). */
export function countByRule(findings: readonly JsonFinding[]): RuleCount[] {
  const counts = new Map<string, RuleCount>();
  for (const finding of findings) {
    const entry = counts.get(finding.rule) ?? { rule: finding.rule, error: 0, warning: 0, info: 0 };
    entry[finding.severity]++;
    counts.set(finding.rule, entry);
  }
  const order = new Map(RULE_LIST.map((rule, index) => [rule.id, index]));
  return [...counts.values()].sort((a, b) => (order.get(a.rule) ?? Infinity) - (order.get(b.rule) ?? Infinity) || a.rule.localeCompare(b.rule));
}

/** `2 errors, 1 warning`: the severities a rule has findings at. */
export function severityCounts(entry: RuleCount): string {
  return [entry.error ? count(entry.error, "error") : "", entry.warning ? count(entry.warning, "warning") : "", entry.info ? count(entry.info, "info") : ""].filter(Boolean).join(", ");
}
