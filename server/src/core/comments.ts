import { disableDirectives, isValidAnnotation } from "./directives.ts";
import type { CallAnnotation } from "./types.ts";

/** Which rules are switched off where, from `promptcost-disable*` comments. An empty set means every rule. */
export interface Suppressions {
  file: Set<string> | null;
  byLine: Map<number, Set<string>>;
}

const ANNOTATION = /\/\/\s*promptcost:\s*(.*)$/;

/** Reads the disable comments of a file. Lines are 1-based. */
export function readSuppressions(text: string): Suppressions {
  const suppressions: Suppressions = { file: null, byLine: new Map() };
  for (const directive of disableDirectives(text)) {
    const rules = new Set(directive.rules.map((rule) => rule.id).filter((rule) => /^[a-z][a-z-]*$/.test(rule)));
    if (directive.kind === "disable") {
      // Only a block comment switches rules off for the whole file, as in ESLint.
      if (!text.startsWith("/*", directive.offsets.start)) continue;
      suppressions.file = mergeRules(suppressions.file, rules);
    } else {
      const target = directive.kind === "disable-next-line" ? directive.line + 1 : directive.line;
      suppressions.byLine.set(target, mergeRules(suppressions.byLine.get(target) ?? null, rules));
    }
  }
  return suppressions;
}

export function isSuppressed(suppressions: Suppressions, rule: string, line: number): boolean {
  if (suppressions.file && (suppressions.file.size === 0 || suppressions.file.has(rule))) return true;
  const rules = suppressions.byLine.get(line);
  return rules !== undefined && (rules.size === 0 || rules.has(rule));
}

/**
 * `// promptcost: requestsPerDay=5000 dynamicTokens=1200 feature=checkout` on the line above a call
 * (`reasoningTokens=N` sets the hidden reasoning a reasoning model is assumed to spend);
 * `multiplier=N` there, or above the loop the call runs in, says how many requests one pass makes.
 */
export function readAnnotation(text: string, callLine: number, lineStarts: readonly number[] = lineStartsOf(text)): CallAnnotation | undefined {
  // Runs once per call on every analysis: read only the line above, by the parser's line table.
  const start = lineStarts[callLine - 2];
  const end = lineStarts[callLine - 1];
  if (start === undefined || end === undefined) return undefined;
  const match = text.slice(start, end).replace(/\r?\n$/, "").match(ANNOTATION);
  if (!match) return undefined;
  const annotation: CallAnnotation = {};
  for (const pair of (match[1] ?? "").trim().split(/\s+/)) {
    const equals = pair.indexOf("=");
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    // A key or value it cannot take is left out here and reported by invalid-directive.
    if (equals < 1 || !isValidAnnotation(key, value)) continue;
    if (key === "feature" || key === "model") annotation[key] = value;
    else annotation[key as "requestsPerDay" | "dynamicTokens" | "reasoningTokens" | "multiplier"] = Number(value);
  }
  return annotation;
}

function mergeRules(existing: Set<string> | null, rules: Set<string>): Set<string> {
  if (existing === null) return rules;
  if (existing.size === 0 || rules.size === 0) return new Set();
  return new Set([...existing, ...rules]);
}


/** Offsets where each line starts; the analysis passes the parser's own table instead. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}
