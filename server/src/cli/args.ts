import { parseArgs, type ParseArgsConfig } from "node:util";
import { isRuleId, RULE_LIST } from "../core/rules/index.ts";
import { isSeveritySetting } from "../core/settings.ts";
import type { SeveritySetting } from "../core/types.ts";
import type { CacheStrategy } from "./project-texts.ts";
import { describeFlagError, joinNegativeNumbers, nearest } from "./flag-errors.ts";
import { UsageError } from "./usage-error.ts";

export const FORMATS = ["stylish", "json", "sarif", "github", "markdown"] as const;
const CACHE_STRATEGIES: readonly CacheStrategy[] = ["metadata", "content"];
export type Format = (typeof FORMATS)[number];

export interface LintOptions {
  paths: string[];
  format: Format;
  config: string | undefined;
  rules: Record<string, SeveritySetting>;
  requestsPerDay: number | undefined;
  dynamicTokens: number | undefined;
  maxWarnings: number | undefined;
  /** Fail when the projected monthly total in USD is over this. */
  budget: number | undefined;
  /** An earlier JSON report to compare with, or `git:REF` to analyse that commit for it. */
  baseline: string | undefined;
  /** Limit findings and the call table to lines changed since this git ref. */
  changedSince: string | undefined;
  /** Percent rise of a call's cost per request, or of the monthly total, that fails the drift gate. */
  drift: number | undefined;
  /** Also write the JSON report here. */
  writeBaseline: string | undefined;
  output: string | undefined;
  quiet: boolean;
  color: boolean | undefined;
  /** Reuse per-file results of earlier runs whose inputs are unchanged (`--cache`). */
  cache: boolean;
  /** Where the cache lives: a directory, or a file ending in .json. */
  cacheLocation: string | undefined;
  /**
   * `--cache-strategy`, as ESLint's: with `metadata` (the default) a file whose size, inode and times are as the
   * cache recorded is not read; with `content` every file is read and compared by content hash.
   */
  cacheStrategy: CacheStrategy;
  /** Per-file timings on stderr and the slowest files at the end. */
  debug: boolean;
  /** Report disable comments that suppressed nothing. */
  reportUnusedDisableDirectives: boolean;
  /** `--ignore-pattern GLOB`: files to leave out, relative to the working directory. */
  ignorePatterns: string[];
  /** `--no-ignore`: no .gitignore, config `exclude` or --ignore-pattern. */
  noIgnore: boolean;
  /** `--fix`: write the fixes the findings carry; `--fix-dry-run`: print them as a diff instead. */
  fix: "write" | "dry-run" | undefined;
  /** Every call in the stylish table, not the costliest 20. */
  verbose: boolean;
}

export type Command =
  | { kind: "lint"; options: LintOptions }
  | { kind: "version" }
  | { kind: "help" }
  | { kind: "init" }
  | { kind: "explain"; rule: string }
  | { kind: "print-config"; file: string; options: LintOptions };

const OPTIONS = {
  lint: { type: "boolean" },
  format: { type: "string", short: "f" },
  config: { type: "string", short: "c" },
  rule: { type: "string", multiple: true },
  "requests-per-day": { type: "string" },
  "dynamic-tokens": { type: "string" },
  "max-warnings": { type: "string" },
  budget: { type: "string" },
  baseline: { type: "string" },
  "changed-since": { type: "string" },
  drift: { type: "string" },
  "write-baseline": { type: "string" },
  output: { type: "string", short: "o" },
  quiet: { type: "boolean", short: "q" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  cache: { type: "boolean" },
  "cache-location": { type: "string" },
  "cache-strategy": { type: "string" },
  debug: { type: "boolean" },
  "report-unused-disable-directives": { type: "boolean" },
  "ignore-pattern": { type: "string", multiple: true },
  "no-ignore": { type: "boolean" },
  fix: { type: "boolean" },
  "fix-dry-run": { type: "boolean" },
  verbose: { type: "boolean" },
  init: { type: "boolean" },
  explain: { type: "string" },
  "print-config": { type: "string" },
  version: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** Parses `--lint` arguments with node:util's parseArgs (strict: an unknown flag is a usage error). */
export function parseLintArgs(argv: string[]): Command {
  let parsed;
  try {
    const args = joinNegativeNumbers(argv, (flag) => (OPTIONS as Record<string, { type: string }>)[flag]?.type === "string");
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(describeFlagError(error as Error, Object.keys(OPTIONS)));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  if (values.init) return { kind: "init" };
  if (values.explain !== undefined) return { kind: "explain", rule: values.explain };
  if (values.fix && values["fix-dry-run"]) throw new UsageError("--fix and --fix-dry-run exclude each other: --fix-dry-run shows what --fix would write");
  const format = values.format ?? "stylish";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${format}")`);
  const cacheStrategy = values["cache-strategy"] ?? "metadata";
  if (!(CACHE_STRATEGIES as readonly string[]).includes(cacheStrategy)) throw new UsageError(`--cache-strategy must be one of ${CACHE_STRATEGIES.join(", ")} (got "${cacheStrategy}")`);
  if (values.drift !== undefined && values.baseline === undefined) throw new UsageError("--drift needs --baseline FILE or --baseline git:REF to compare with");
  const options: LintOptions = {
    paths: positionals.length > 0 ? positionals : ["."],
    format: format as Format,
    config: values.config,
    rules: parseRuleFlags(values.rule ?? []),
    requestsPerDay: parseNumber("--requests-per-day", values["requests-per-day"]),
    dynamicTokens: parseNumber("--dynamic-tokens", values["dynamic-tokens"]),
    maxWarnings: parseNumber("--max-warnings", values["max-warnings"], { integer: true }),
    budget: parseNumber("--budget", values.budget?.replace(/^\$/, "")),
    baseline: values.baseline,
    changedSince: values["changed-since"],
    drift: parseNumber("--drift", values.drift?.replace(/%$/, "")),
    writeBaseline: values["write-baseline"],
    output: values.output,
    quiet: values.quiet ?? false,
    color: values["no-color"] ? false : values.color,
    ignorePatterns: values["ignore-pattern"] ?? [],
    noIgnore: values["no-ignore"] ?? false,
    fix: values.fix ? "write" : values["fix-dry-run"] ? "dry-run" : undefined,
    verbose: values.verbose ?? false,
    cache: values.cache ?? false,
    cacheLocation: values["cache-location"],
    cacheStrategy: cacheStrategy as CacheStrategy,
    debug: values.debug ?? false,
    reportUnusedDisableDirectives: values["report-unused-disable-directives"] ?? false,
  };
  return values["print-config"] !== undefined ? { kind: "print-config", file: values["print-config"], options } : { kind: "lint", options };
}

function parseRuleFlags(flags: string[]): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  for (const flag of flags) {
    const [id, severity] = flag.split("=");
    if (!id || !isRuleId(id)) throw new UsageError(unknownRule(`--rule ${flag}`, id ?? flag));
    if (!isSeveritySetting(severity)) throw new UsageError(`--rule ${id}: severity must be off, info, warning or error (got "${severity ?? ""}")`);
    rules[id] = severity;
  }
  return rules;
}

/** "--explain foo: no rule foo; did you mean ...?" naming the rules when none is near. */
export function unknownRule(where: string, id: string): string {
  const near = nearest(id, RULE_LIST.map((rule) => rule.id));
  return `${where}: there is no rule ${id}; ${near ? `did you mean ${near}?` : `the rules are ${RULE_LIST.map((rule) => rule.id).join(", ")}`}`;
}

function parseNumber(flag: string, text: string | undefined, { integer = false } = {}): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag} must be a non-negative ${integer ? "integer" : "number"} (got "${text}")`);
  }
  return value;
}

export const HELP_TEXT = `promptcost — what every LLM API call in your code costs

Usage:
  promptcost --lint [PATH...]       analyse files, directories and globs (default: .), print a report,
                                    exit; - reads the paths from stdin, one per line
  promptcost [PATH...]              the same (--lint is optional)
  promptcost --init                 write a promptcost.config.json here
  promptcost --explain RULE         print a rule's documentation
  promptcost --print-config FILE    print the config and settings that apply to FILE, as JSON
  promptcost --stdio                run the language server (also --node-ipc, --socket=N)

Options for --lint:
  -f, --format stylish|json|sarif|github|markdown
                                    output format (default: stylish)
  -c, --config FILE                 use this config instead of the nearest promptcost.config.json
      --rule ID=off|info|warning|error
                                    override one rule's severity (repeatable)
      --requests-per-day N          traffic assumed per call for monthly figures (default: 1000)
      --dynamic-tokens N            tokens assumed for each part only known at run time (default: 250)
      --max-warnings N              fail when there are more than N warnings
      --budget USD                  fail when the projected monthly total exceeds USD
      --baseline FILE|git:REF       compare with an earlier JSON report, or with the code at a git ref:
                                    new, removed and changed calls; new and changed findings first
      --changed-since REF           findings and calls only on lines changed since the git ref REF
                                    (the totals stay whole)
      --drift PCT                   with --baseline: fail when a call's cost per request, or the monthly
                                    total, rises more than PCT percent (default: 20)
      --write-baseline FILE         also write the JSON report to FILE, to compare against later
      --fix                         apply the findings' fixes to the files, then report what is left
      --fix-dry-run                 print the fixes as a diff; write nothing
      --ignore-pattern GLOB         leave out files matching GLOB (relative to here; repeatable)
      --no-ignore                   no .gitignore, config exclude or --ignore-pattern
      --verbose                     every call in the stylish table, not only the costliest 20
  -o, --output FILE                 write the report to FILE instead of stdout
  -q, --quiet                       report errors only
      --cache                       reuse results of files unchanged since the last --cache run
      --cache-location PATH         where the cache lives (default: node_modules/.cache/promptcost)
      --cache-strategy metadata|content
                                    how unchanged files are known: by size, inode and times
                                    (default; a file whose metadata differs is compared by content)
                                    or by reading every file's content
      --debug                       print each file's analysis time and the slowest files (stderr)
      --report-unused-disable-directives
                                    report promptcost-disable comments that suppressed nothing
      --no-color                    no colours (colours are used only on a terminal)
  -v, --version                     print the version
  -h, --help                        print this help

Exit codes: 0 no errors and every gate passed; 1 an error-level finding or a failed gate; 2 usage or
configuration error.
`;
