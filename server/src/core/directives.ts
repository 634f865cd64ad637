// The comments users write to steer promptcost, checked as ESLint checks its directives: a key it does not
// know, a value it cannot read and a rule id that does not exist are reported instead of silently ignored,
// and (on request) a disable comment that suppressed nothing.
import { editDistance } from "./edit-distance.ts";
import type { OffsetRange } from "./types.ts";

export interface DirectiveProblem {
  message: string;
  offsets: OffsetRange;
}

/** A `promptcost-disable*` comment: where it is, what it covers, and each rule id it names. */
export interface DisableDirective {
  kind: "disable-next-line" | "disable-line" | "disable";
  /** The 1-based line the comment is on. */
  line: number;
  offsets: OffsetRange;
  rules: { id: string; offsets: OffsetRange }[];
}

/** The keys of `// promptcost:` annotations, each with the problem of a value it cannot take. */
const ANNOTATION_VALUES: Record<string, (value: string) => string | undefined> = {
  requestsPerDay: (value) => numberProblem(value, /^\d+(\.\d+)?$/, "a number", "5000"),
  dynamicTokens: (value) => numberProblem(value, /^\d+(\.\d+)?$/, "a number", "1200"),
  reasoningTokens: (value) => numberProblem(value, /^\d+$/, "a whole number", "2000"),
  multiplier: (value) => numberProblem(value, /^[1-9]\d*$/, "a whole number of at least 1", "10"),
  feature: (value) => (value === "" ? "needs a name, e.g. feature=checkout" : undefined),
  model: (value) => (value === "" ? "needs a model id, e.g. model=gpt-4.1" : undefined),
};

export const ANNOTATION_KEYS = Object.keys(ANNOTATION_VALUES);

/** Whether an annotation key is known and its value readable. */
export function isValidAnnotation(key: string, value: string): boolean {
  const check = ANNOTATION_VALUES[key];
  return check !== undefined && check(value) === undefined;
}

const DISABLE = /(?:\/\/|\/\*)\s*promptcost-(disable-next-line|disable-line|disable)\b([^\n*]*)/g;
const ANNOTATION = /\/\/\s*promptcost:([^\n]*)/g;

/** Every disable comment of a file, in order. */
export function disableDirectives(text: string): DisableDirective[] {
  if (!text.includes("promptcost-disable")) return [];
  const directives: DisableDirective[] = [];
  for (const match of text.matchAll(DISABLE)) {
    const start = match.index ?? 0;
    const listStart = start + match[0].length - (match[2] ?? "").length;
    const rules = [...(match[2] ?? "").matchAll(/[^\s,]+/g)].map((rule) => ({ id: rule[0], offsets: { start: listStart + (rule.index ?? 0), end: listStart + (rule.index ?? 0) + rule[0].length } }));
    directives.push({ kind: match[1] as DisableDirective["kind"], line: lineOf(text, start), offsets: { start, end: start + match[0].trimEnd().length }, rules });
  }
  return directives;
}

/** Unknown keys, unreadable values and unknown rule ids (not in `ruleIds`) in a file's promptcost comments. */
export function directiveProblems(text: string, ruleIds: readonly string[]): DirectiveProblem[] {
  if (!text.includes("promptcost")) return [];
  const problems: DirectiveProblem[] = [];
  for (const directive of disableDirectives(text)) {
    for (const rule of directive.rules) {
      if (ruleIds.includes(rule.id)) continue;
      const suggestion = closest(rule.id, ruleIds);
      problems.push({ message: `Unknown rule "${rule.id}" in promptcost-${directive.kind}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}: it suppresses nothing.`, offsets: rule.offsets });
    }
  }
  for (const match of text.matchAll(ANNOTATION)) {
    const bodyStart = (match.index ?? 0) + match[0].length - (match[1] ?? "").length;
    for (const pair of (match[1] ?? "").matchAll(/\S+/g)) {
      const offsets = { start: bodyStart + (pair.index ?? 0), end: bodyStart + (pair.index ?? 0) + pair[0].length };
      const problem = pairProblem(pair[0]);
      if (problem) problems.push({ message: problem, offsets });
    }
  }
  return problems.sort((a, b) => a.offsets.start - b.offsets.start);
}

/** What is wrong with one `key=value` of an annotation, or undefined. */
function pairProblem(pair: string): string | undefined {
  const equals = pair.indexOf("=");
  const key = equals === -1 ? pair : pair.slice(0, equals);
  const check = ANNOTATION_VALUES[key];
  if (!check) {
    const suggestion = closest(key, ANNOTATION_KEYS);
    return `Unknown key "${key}" in a promptcost annotation${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; it is ignored. Known keys: ${ANNOTATION_KEYS.join(", ")}.`;
  }
  if (equals === -1) return `"${key}" in a promptcost annotation needs a value: ${key}=…`;
  const problem = check(pair.slice(equals + 1));
  return problem ? `${key}=${pair.slice(equals + 1)} in a promptcost annotation ${problem}; until then it is ignored.` : undefined;
}

function numberProblem(value: string, valid: RegExp, what: string, example: string): string | undefined {
  if (valid.test(value)) return undefined;
  if (/^\d{1,3}([,_']\d{3})+(\.\d+)?$/.test(value)) return `must be ${what} without separators (${value.replace(/[,_']/g, "")})`;
  return `must be ${what}, e.g. ${example}`;
}

/**
 * The disable comments, or the rule ids in them, that suppressed no finding: `suppressed` lists the rule and
 * line of every finding a disable comment switched off.
 */
export function unusedDisableDirectives(text: string, suppressed: readonly { rule: string; line: number }[], ruleIds: readonly string[]): DirectiveProblem[] {
  const problems: DirectiveProblem[] = [];
  for (const directive of disableDirectives(text)) {
    // A `// promptcost-disable` line comment does nothing at all: only the block form covers the file.
    if (directive.kind === "disable" && text.startsWith("//", directive.offsets.start)) continue;
    const target = directive.kind === "disable-next-line" ? directive.line + 1 : directive.line;
    const covers = (finding: { rule: string; line: number }): boolean => directive.kind === "disable" || finding.line === target;
    const name = `promptcost-${directive.kind}`;
    if (directive.rules.length === 0) {
      if (!suppressed.some(covers)) problems.push({ message: `Unused ${name} directive: no problem was reported ${where(directive)}.`, offsets: directive.offsets });
      continue;
    }
    for (const rule of directive.rules) {
      if (!ruleIds.includes(rule.id)) continue; // reported as an unknown rule id
      if (!suppressed.some((finding) => finding.rule === rule.id && covers(finding))) {
        problems.push({ message: `Unused ${name} directive: no ${rule.id} problem was reported ${where(directive)}.`, offsets: rule.offsets });
      }
    }
  }
  return problems;
}

function where(directive: DisableDirective): string {
  if (directive.kind === "disable") return "in this file";
  return directive.kind === "disable-next-line" ? `on line ${directive.line + 1}` : "on this line";
}

/** The candidate within a small edit distance of a misspelt name, or undefined. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.max(2, Math.floor(candidate.length / 4)) && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** The 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) line++;
  return line;
}
