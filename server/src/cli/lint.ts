import * as fs from "node:fs";
import * as path from "node:path";
import picomatch from "picomatch";
import { engineBuildHash } from "./engine-build-hash.ts";
import { analyzeFile, type AnalysisContext } from "../core/analyze.ts";
import { applyConfig, toRuleSetting } from "../core/config/apply-config.ts";
import { findConfigFile, loadConfigFile, type ConfigFile } from "../core/config/config-file.ts";
import { loadPriceTable, PriceOverrideError, type PriceTable } from "../core/pricing/price-table.ts";
import { buildReport, type JsonReport } from "../core/report.ts";
import { Evaluator } from "../core/resolve/evaluate.ts";
import { docsUrl } from "../core/rules/rule.ts";
import { DEFAULT_SETTINGS, type AnalysisSettings } from "../core/settings.ts";
import type { FileAnalysis } from "../core/types.ts";
import { diskFileSystem } from "../core/workspace/file-system.ts";
import { Workspace } from "../core/workspace/workspace.ts";
import { pathDependenciesOf } from "../core/workspace/workspace-packages.ts";
import { HeapTrim } from "./heap-trim.ts";
import { ReleasedTrees } from "./released-trees.ts";
import { TOOL_VERSION } from "../version.ts";
import type { LintOptions } from "./args.ts";
import { compareReports, DEFAULT_DRIFT_PCT, readBaseline } from "./baseline.ts";
import { putChangesFirst } from "./baseline-first.ts";
import { keepChangedLines } from "./changed-lines.ts";
import { changedLinesSince, inWorktree, resolveCommit } from "./git.ts";
import { collectFiles, MissingPathError, WalkedDirectories, type FileFilter } from "../core/workspace/collect-files.ts";
import { isSourceFile, SOURCE_EXTENSIONS } from "../core/workspace/source-kinds.ts";
import { rootOf, toLintInputs, withStdinPaths, type LintInput } from "./expand-paths.ts";
import { computeFixes, formatFixDiff, writeFixes } from "./fix.ts";
import { fileErrorReason } from "./fs-errors.ts";
import { errorsOnly } from "./errors-only.ts";
import { evaluateGates, type GateResult } from "./gates.ts";
import { formatGithub } from "./reporters/github.ts";
import { formatMarkdown } from "./reporters/markdown.ts";
import { formatSarif } from "./reporters/sarif.ts";
import { formatStylish } from "./reporters/stylish.ts";
import { UsageError } from "./usage-error.ts";
import { LintProgress } from "./progress.ts";
import { SharedWork } from "../core/shared-work.ts";
import { loadCompiler } from "../core/ts.ts";
import { timeTableBuilds } from "../core/tokens/count-text.ts";
import type { CacheStrategy } from "./project-texts.ts";
import { cacheKeysOf, DEFAULT_CACHE_LOCATION, editorKey, lineStarts, recordingReads, ResultCache, textRange, type CacheKeys } from "./result-cache.ts";
import { mergeUserPrices, noEditorPrices } from "../core/pricing/user-prices.ts";
import { retiredModels, todayOf } from "../core/rules/helpers/models.ts";

export interface LintIo {
  cwd: string;
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  /** The whole of stdin, for `-` as a path. */
  readStdin?: () => string;
  /**
   * The order the files are analysed in (tests and bench/order: a report must not depend on it); the report
   * lists them sorted whatever the order.
   */
  analysisOrder?: (files: readonly string[]) => string[];
}

/** What one analysis needs besides the paths: the same for the run and for a `git:REF` baseline. */
interface RunSetup {
  config: ConfigFile;
  configDirectory: string | undefined;
  settings: AnalysisSettings;
  prices: PriceTable;
  run: { cache: boolean; cacheLocation: string | undefined; cacheStrategy: CacheStrategy; debug: boolean; io: LintIo };
  selection: { noIgnore: boolean; ignorePatterns: string[]; warn: (message: string) => void };
}

/** Runs `promptcost --lint` and returns the exit code: 0 clean, 1 errors or a failed gate; usage errors throw. */
export function runLint(given: LintOptions, io: LintIo): number {
  const options = { ...given, paths: withStdinPaths(given.paths, io.readStdin ?? (() => "")) };
  const { config, configDirectory, configPath } = readConfig(options, io.cwd);
  const settings = settingsFor(options, config, io.env);
  // Read or resolved before the analysis, so a bad baseline or ref fails fast with exit code 2.
  const gitBaseline = options.baseline?.startsWith("git:") ? resolveCommit(io.cwd, options.baseline.slice(4), `--baseline ${options.baseline}`) : undefined;
  const fileBaseline = options.baseline !== undefined && !gitBaseline ? readBaseline(options.baseline, io.cwd) : undefined;
  const changedSince = options.changedSince !== undefined ? resolveCommit(io.cwd, options.changedSince, "--changed-since") : undefined;
  const run = { cache: options.cache, cacheLocation: options.cacheLocation, cacheStrategy: options.cacheStrategy, debug: options.debug, io };
  const selection = { noIgnore: options.noIgnore, ignorePatterns: options.ignorePatterns, warn: (message: string) => void io.stderr.write(`promptcost: ${message}\n`) };
  const setup: RunSetup = { config, configDirectory, settings, prices: priceTableFor(config, configPath), run, selection };
  const report = analyse(options.paths, io.cwd, setup);
  if (options.writeBaseline !== undefined) writeFile(options.writeBaseline, JSON.stringify(report, null, 2) + "\n", io);
  const baseline = fileBaseline ?? (gitBaseline ? baselineAt(gitBaseline, options.paths, io.cwd, setup) : undefined);
  if (baseline) {
    const name = gitBaseline && !gitBaseline.startsWith(options.baseline!.slice(4)) ? `${options.baseline} (${gitBaseline.slice(0, 7)})` : options.baseline!;
    report.comparison = compareReports(baseline, report, { baseline: name, driftPct: options.drift ?? DEFAULT_DRIFT_PCT });
    putChangesFirst(report, baseline);
  }
  if (changedSince) keepChangedLines(report, options.changedSince!, changedLinesSince(io.cwd, changedSince));
  if (options.fix !== undefined) {
    const fixed = computeFixes(report, io.cwd);
    if (options.fix === "dry-run") {
      io.stdout.write(formatFixDiff(fixed));
      return 0;
    }
    writeFixes(fixed, io.cwd);
    // What is left after the fixes, as a run without --fix reports it.
    return runLint({ ...options, fix: undefined }, io);
  }
  const gates = evaluateGates(report, { maxWarnings: options.maxWarnings, budget: options.budget });
  writeReport(report, gates, options, io);
  return exitCode(report, gates, io);
}

/** The report of the files under `paths`, relative to `cwd`. */
function analyse(paths: string[], cwd: string, setup: RunSetup): JsonReport {
  const { run } = setup;
  const inputs = toLintInputs(paths, cwd);
  const walked = new WalkedDirectories();
  const files = filesToLint(inputs, cwd, setup, walked);
  if (files.length === 0) throw new UsageError(`no TypeScript or JavaScript files matched ${paths.join(" ")}`);

  const roots = workspaceRoots(inputs.map(rootOf), setup.configDirectory);
  const reads = new Set<string>();
  // Only a cached run needs to know which other files it read (they become part of the cache's key).
  const workspace = new Workspace(roots, run.cache ? recordingReads(diskFileSystem, reads) : diskFileSystem);
  // The project's classes are looked for in every file under the roots, whichever files are linted: linting
  // one file reports what linting the whole project reports for it (a call through an interface, a base class
  // its subclasses set up). Listed only when a file needs them.
  if (inputs.every((input) => !input.matches && roots.includes(input.absolute))) workspace.projectFiles = [...files].sort();
  else workspace.listProjectFiles = () => [...new Set([...projectSourceFiles(roots, setup, cwd, walked), ...files])].sort();
  const evaluator = new Evaluator(workspace);
  const context: AnalysisContext = { workspace, prices: setup.prices, settings: setup.settings, evaluator };
  const cache = run.cache ? ResultCache.open(path.resolve(cwd, run.cacheLocation ?? DEFAULT_CACHE_LOCATION), cacheKeys({ settings: setup.settings, config: setup.config, prices: setup.prices, roots, files }), workspace, run.cacheStrategy) : undefined;
  if (run.debug) {
    const shared = (evaluator.sharedWork = new SharedWork());
    timeTableBuilds((build) => shared.setup("tokenizer", build));
  }
  const progress = new LintProgress(run.io.stderr, files.length, { cwd, debug: run.debug, live: run.io.stderr.isTTY === true, shared: evaluator.sharedWork });
  const releasing = new ReleasedTrees(workspace, evaluator, setup.settings, files.length);
  const order = run.io.analysisOrder?.(files) ?? files;
  const trim = new HeapTrim();
  const byFile = new Map(
    order.map((file) => {
      const result = progress.time(file, () => cachedOrFresh(file, context, cache, releasing));
      trim.betweenFiles();
      return [file, result] as const;
    }),
  );
  const analyses = files.map((file) => byFile.get(file)!);
  progress.finish();
  if (run.debug) timeTableBuilds(undefined);
  if (cache && run.debug) run.io.stderr.write(`promptcost: ${cache.summary(files.length)}\n`);
  if (cache && run.debug && run.cacheStrategy === "metadata") run.io.stderr.write(`promptcost: ${cache.readSummary()}\n`);
  if (cache) saveCache(cache, reads, new Set(files), run.io);

  const lineMaps = new Map<string, { starts: number[]; length: number }>();
  return buildReport(analyses, {
    cwd,
    toolVersion: TOOL_VERSION,
    settings: setup.settings,
    prices: setup.prices,
    // From the text, not the parse: a result from the cache has no parsed file, and the range must be the same.
    rangeOf: (file, offsets) => {
      let lines = lineMaps.get(file);
      if (!lines) {
        const text = workspace.getText(file) ?? "";
        lineMaps.set(file, (lines = { starts: lineStarts(text), length: text.length }));
      }
      return textRange(lines.starts, lines.length, offsets);
    },
  });
}

/**
 * The same paths analysed as they were at `commit`, in a temporary worktree, with this run's config,
 * settings and prices, so the comparison shows what the code change did. A path missing there gives an
 * empty report: everything is new.
 */
function baselineAt(commit: string, paths: string[], cwd: string, setup: RunSetup): JsonReport {
  return inWorktree(cwd, commit, (baseCwd, map) => {
    const configDirectory = setup.configDirectory === undefined ? undefined : map(setup.configDirectory);
    const present = paths.map((input) => (path.isAbsolute(input) ? map(input) : input)).filter((input) => fs.existsSync(path.resolve(baseCwd, input)) || picomatch.scan(input).isGlob);
    if (present.length === 0 || !fs.existsSync(baseCwd)) return emptyReport(cwd, setup);
    try {
      // Not cached: the worktree's paths are new on every run.
      return analyse(present, baseCwd, { ...setup, configDirectory, run: { ...setup.run, cache: false } });
    } catch (error) {
      if (error instanceof UsageError && error.message.startsWith("no TypeScript or JavaScript files matched")) return emptyReport(cwd, setup);
      throw error;
    }
  });
}

function emptyReport(cwd: string, setup: RunSetup): JsonReport {
  return buildReport([], { cwd, toolVersion: TOOL_VERSION, settings: setup.settings, prices: setup.prices, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
}

/**
 * The source files the inputs name. A file named outright must be a source file; a glob must match one;
 * `--ignore-pattern` globs (relative to the working directory) drop files, and `--no-ignore` turns off
 * them, .gitignore and the config's `exclude`.
 */
function filesToLint(inputs: LintInput[], cwd: string, setup: RunSetup, walked: WalkedDirectories): string[] {
  const { noIgnore, ignorePatterns, warn } = setup.selection;
  const relative = (file: string): string => path.relative(cwd, file).split(path.sep).join("/");
  const filter = fileFilterOf(setup, cwd, (directory, code) => warn(`skipped ${relative(directory) || "."}: ${fileErrorReason({ code })}`));
  const ignored = !noIgnore && ignorePatterns.length > 0 ? picomatch(ignorePatterns, { dot: true }) : undefined;
  const files = new Set<string>();
  for (const input of inputs) {
    if (input.matches && !fs.existsSync(input.absolute)) throw new UsageError(`no files match the glob ${input.text}`);
    let found: string[];
    try {
      found = collectFiles([input.absolute], filter, walked);
    } catch (error) {
      if (error instanceof MissingPathError) throw new UsageError(error.message.replace(input.absolute, input.text));
      throw error;
    }
    if (!input.matches && found.length === 1 && found[0] === input.absolute && !isSourceFile(input.absolute)) {
      throw new UsageError(`${input.text} is not a TypeScript or JavaScript file (${SOURCE_EXTENSIONS.join(", ")})`);
    }
    if (input.matches) {
      found = found.filter((file) => input.matches!(relative(file)));
      if (found.length === 0) throw new UsageError(`no TypeScript or JavaScript files match the glob ${input.text}`);
    }
    for (const file of found) if (!ignored?.(relative(file))) files.add(file);
  }
  return [...files].sort();
}

/** Which files a walk takes: the config's include and exclude, and .gitignore, unless --no-ignore. */
function fileFilterOf(setup: RunSetup, cwd: string, onUnreadableDirectory?: FileFilter["onUnreadableDirectory"]): FileFilter {
  const { noIgnore } = setup.selection;
  return {
    baseDirectory: setup.configDirectory ?? cwd,
    include: setup.config.include,
    exclude: noIgnore ? undefined : setup.config.exclude,
    gitignore: !noIgnore,
    ...(onUnreadableDirectory ? { onUnreadableDirectory } : {}),
  };
}

/** Every source file under the workspace roots the lint would take, where the project's classes are looked for. */
function projectSourceFiles(roots: string[], setup: RunSetup, cwd: string, walked: WalkedDirectories): string[] {
  try {
    return collectFiles(roots, fileFilterOf(setup, cwd), walked);
  } catch {
    return [];
  }
}

export function readConfig(options: LintOptions, cwd: string): { config: ConfigFile; configDirectory: string | undefined; configPath?: string } {
  const explicit = options.config ? path.resolve(cwd, options.config) : undefined;
  const first = path.resolve(cwd, options.paths[0] ?? ".");
  const start = fs.existsSync(first) && fs.statSync(first).isFile() ? path.dirname(first) : first;
  const configPath = explicit ?? findConfigFile(start, diskFileSystem);
  if (!configPath) return { config: {}, configDirectory: undefined };
  const loaded = loadConfigFile(configPath, diskFileSystem);
  if (!loaded.ok) throw new UsageError(loaded.message);
  return { config: loaded.config, configDirectory: path.dirname(configPath), configPath };
}

/** Flags win over the config file, which wins over the defaults. PROMPTCOST_TODAY pins the date deprecations are measured from. */
export function settingsFor(options: LintOptions, config: ConfigFile, env: LintIo["env"]): AnalysisSettings {
  const settings = applyConfig(DEFAULT_SETTINGS, config);
  const rules = { ...settings.rules };
  for (const [id, severity] of Object.entries(options.rules)) rules[id] = { ...toRuleSetting(severity), options: rules[id]?.options ?? {} };
  const today = env.PROMPTCOST_TODAY;
  if (today !== undefined && today !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`PROMPTCOST_TODAY must be a date as YYYY-MM-DD (got "${today}")`);
  return {
    ...settings,
    requestsPerDay: options.requestsPerDay ?? settings.requestsPerDay,
    dynamicTokens: options.dynamicTokens ?? settings.dynamicTokens,
    rules,
    ...(today ? { today } : {}),
    ...(options.reportUnusedDisableDirectives ? { reportUnusedDisableDirectives: true } : {}),
  };
}

function priceTableFor(config: ConfigFile, configPath: string | undefined): PriceTable {
  try {
    const table = loadPriceTable();
    return config.pricing ? table.withUserPrices(config.pricing) : table;
  } catch (error) {
    // Prices only come from the config file here: its path leads the message, as for every config error.
    if (error instanceof PriceOverrideError) throw new UsageError(configPath ? `${configPath}: ${error.message}` : error.message);
    throw error;
  }
}

/** The cached result when nothing it depends on changed, else a fresh analysis (kept for the next run). */
function cachedOrFresh(file: string, context: AnalysisContext, cache: ResultCache | undefined, releasing: ReleasedTrees): { analysis: FileAnalysis; cached: boolean } {
  const cached = cache?.lookup(file);
  if (cached) return { analysis: cached, cached: true };
  // With --debug, the compiler's load (at the first parse otherwise) is timed as the run's setup.
  context.evaluator?.sharedWork?.setup("compiler", loadCompiler);
  const analysis = releasing.analyse(file, () => analyzeSafely(file, context));
  cache?.store(file, analysis);
  return { analysis, cached: false };
}

/** A cache that cannot be written is said once; the report is still right. */
function saveCache(cache: ResultCache, reads: Set<string>, linted: Set<string>, io: LintIo): void {
  try {
    cache.save([...reads].filter((read) => !linted.has(read)));
  } catch (error) {
    io.stderr.write(`promptcost: could not write the cache (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); results are not cached\n`);
  }
}

/**
 * What every cached result depends on besides the files: the engine build, the models the date retires,
 * settings, config, prices, roots and the file list; and the part of it the language server can compare
 * (editorKey). A result counting days to a deprecation also keeps its day (result-cache.ts CachedResult.day).
 */
function cacheKeys(inputs: { settings: AnalysisSettings; config: ConfigFile; prices: PriceTable; roots: string[]; files: string[] }): CacheKeys {
  const build = engineBuildHash();
  const userPrices = JSON.stringify(mergeUserPrices(noEditorPrices(), inputs.config.pricing));
  const today = todayOf(inputs.settings);
  // The date is in the key as the models it retires; results counting days to a deprecation are kept for their day (CachedResult.day).
  const { today: _, ...settings } = inputs.settings;
  const parts = { tool: TOOL_VERSION, build, retired: retiredModels(inputs.prices, today), settings, config: inputs.config, prices: [inputs.prices.checked, inputs.prices.source], roots: inputs.roots, files: inputs.files };
  return cacheKeysOf(parts, editorKey({ build, settings: inputs.settings, userPrices, roots: inputs.roots, retired: parts.retired }), today);
}

/** A file that cannot be read or analysed becomes a finding; the run goes on. */
function analyzeSafely(file: string, context: AnalysisContext): FileAnalysis {
  // The size is asked only of a file whose text was not read (reading checks the limit): a stat per file cost ~50 ms on 2,700 files.
  const size = context.workspace.getText(file) === undefined ? (context.workspace.fileSystem.stat(file)?.size ?? 0) : 0;
  if (size > context.workspace.options.maxSourceBytes) {
    return notAnalysed(file, `Not analysed: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${context.workspace.options.maxSourceBytes / 1024 / 1024} MB limit for source files.`);
  }
  try {
    return analyzeFile(file, context);
  } catch (error) {
    return notAnalysed(file, `promptcost could not analyse this file: ${(error as Error).message}`);
  }
}

function notAnalysed(file: string, message: string): FileAnalysis {
  const range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { file, calls: [], findings: [{ file, rule: "parse-error", severity: "warning", message, range, offsets: { start: 0, end: 0 }, docsUrl: docsUrl("parse-error") }] };
}

function writeReport(report: JsonReport, gates: readonly GateResult[], options: LintOptions, io: LintIo): void {
  const text = formatReport(report, gates, options, io);
  if (options.output === undefined) io.stdout.write(text);
  else writeFile(options.output, text, io);
}

function formatReport(fullReport: JsonReport, gates: readonly GateResult[], options: LintOptions, io: LintIo): string {
  const report = options.quiet ? errorsOnly(fullReport) : fullReport;
  switch (options.format) {
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
    case "sarif":
      return formatSarif(report, gates);
    case "github":
      return formatGithub(report, gates);
    case "markdown":
      return formatMarkdown(report, gates);
    case "stylish":
      return formatStylish(report, { color: useColor(options, io), quiet: options.quiet, verbose: options.verbose, width: terminalWidth(options, io) });
  }
}

function writeFile(file: string, text: string, io: LintIo): void {
  try {
    fs.writeFileSync(path.resolve(io.cwd, file), text);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${fileErrorReason(error)}`);
  }
}

/** The terminal's width when the report goes to one, else 80 (a file, a pipe, CI logs). */
function terminalWidth(options: LintOptions, io: LintIo): number {
  return options.output === undefined && io.stdout.isTTY === true && io.stdout.columns ? io.stdout.columns : 80;
}

/** Colours only on a terminal, unless --color/--no-color, NO_COLOR or FORCE_COLOR say otherwise. */
function useColor(options: LintOptions, io: LintIo): boolean {
  if (options.output !== undefined) return false;
  if (options.color !== undefined) return options.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}

/** 1 for a finding at error severity or a failed gate (one line on stderr for each), else 0. */
function exitCode(report: JsonReport, gates: readonly GateResult[], io: LintIo): number {
  let code = report.summary.errors > 0 ? 1 : 0;
  for (const gate of gates) {
    if (gate.passed) continue;
    io.stderr.write(`promptcost: ${gate.message}\n`);
    code = 1;
  }
  return code;
}

/**
 * The workspace of a run: for each linted path, its project (the nearest directory above it with a .git,
 * else the monorepo root holding it, else the nearest with a package.json, else the path itself), and the
 * config file's directory. Not the current directory: run from a parent, it would open every sibling
 * project to reading. A checkout without .git (an exported tree, a CI artefact) thus gets the root it
 * has with one: linting `web/src` of a monorepo reads the sibling packages and the root's env examples.
 */
function workspaceRoots(directories: string[], configDirectory: string | undefined): string[] {
  const roots = new Set<string>(configDirectory ? [configDirectory] : []);
  for (const directory of directories) {
    const gitRoot = enclosingDirectoryWith(directory, ".git");
    const root = gitRoot ?? enclosingMonorepoRoot(directory) ?? enclosingDirectoryWith(directory, "package.json") ?? directory;
    roots.add(root);
    // A package of a repository that links its packages by path (`"core": "file:../../core"`) reads them
    // as the package manager would find them: the project's own code, as a .git above would make it.
    if (!gitRoot) for (const dependency of pathDependencyRoots(root)) roots.add(dependency);
  }
  return [...roots];
}

/** The directories a package depends on by path, and theirs in turn, outside node_modules. */
function pathDependencyRoots(root: string): string[] {
  const found = new Set<string>();
  const pending = [root];
  while (pending.length > 0 && found.size < MAX_PATH_DEPENDENCY_ROOTS) {
    for (const { directory } of pathDependenciesOf(diskFileSystem, pending.pop()!).values()) {
      if (found.has(directory) || directory === root || directory.split(path.sep).includes("node_modules")) continue;
      found.add(directory);
      pending.push(directory);
    }
  }
  return [...found].sort();
}

/** How many packages linked by path a run reads beside the linted ones, at most. */
const MAX_PATH_DEPENDENCY_ROOTS = 64;

/** The nearest directory above with a pnpm-workspace.yaml or a package.json declaring `workspaces`. */
function enclosingMonorepoRoot(directory: string): string | undefined {
  for (let current = directory; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, "pnpm-workspace.yaml")) || declaresWorkspaces(path.join(current, "package.json"))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

function declaresWorkspaces(manifest: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { workspaces?: unknown }).workspaces !== undefined;
  } catch {
    return false;
  }
}

function enclosingDirectoryWith(directory: string, marker: string): string | undefined {
  for (let current = directory; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, marker))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}
