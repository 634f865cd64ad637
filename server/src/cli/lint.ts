import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFile, toSourceRange, type AnalysisContext } from "../core/analyze.ts";
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
import { TOOL_VERSION } from "../version.ts";
import type { LintOptions } from "./args.ts";
import { collectFiles } from "./collect-files.ts";
import { formatStylish } from "./reporters/stylish.ts";
import { UsageError } from "./usage-error.ts";

export interface LintIo {
  cwd: string;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

/** Runs `promptcost --lint` and returns the exit code: 0 clean, 1 errors or a failed gate; usage errors throw. */
export function runLint(options: LintOptions, io: LintIo): number {
  const { config, configDirectory } = readConfig(options, io.cwd);
  const settings = settingsFor(options, config);
  const prices = priceTableFor(config);
  const inputs = options.paths.map((input) => path.resolve(io.cwd, input));
  const files = collectFiles(inputs, { baseDirectory: configDirectory ?? io.cwd, include: config.include, exclude: config.exclude });
  if (files.length === 0) throw new UsageError(`no TypeScript or JavaScript files matched ${options.paths.join(" ")}`);

  const roots = [io.cwd, ...inputs.map((input) => (fs.statSync(input).isDirectory() ? input : path.dirname(input)))];
  const workspace = new Workspace(roots);
  const context: AnalysisContext = { workspace, prices, settings, evaluator: new Evaluator(workspace) };
  const analyses = files.map((file) => analyzeSafely(file, context));

  const report = buildReport(analyses, {
    cwd: io.cwd,
    toolVersion: TOOL_VERSION,
    settings,
    prices,
    rangeOf: (file, offsets) => {
      const parsed = workspace.getParsedFile(file);
      return parsed ? toSourceRange(parsed, offsets) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
    },
  });
  writeReport(report, options, io);
  return exitCode(report, options, io);
}

function readConfig(options: LintOptions, cwd: string): { config: ConfigFile; configDirectory: string | undefined } {
  const explicit = options.config ? path.resolve(cwd, options.config) : undefined;
  const first = path.resolve(cwd, options.paths[0] ?? ".");
  const start = fs.existsSync(first) && fs.statSync(first).isFile() ? path.dirname(first) : first;
  const configPath = explicit ?? findConfigFile(start, diskFileSystem);
  if (!configPath) return { config: {}, configDirectory: undefined };
  const loaded = loadConfigFile(configPath, diskFileSystem);
  if (!loaded.ok) throw new UsageError(loaded.message);
  return { config: loaded.config, configDirectory: path.dirname(configPath) };
}

/** Flags win over the config file, which wins over the defaults. */
function settingsFor(options: LintOptions, config: ConfigFile): AnalysisSettings {
  const settings = applyConfig(DEFAULT_SETTINGS, config);
  const rules = { ...settings.rules };
  for (const [id, severity] of Object.entries(options.rules)) rules[id] = { ...toRuleSetting(severity), options: rules[id]?.options ?? {} };
  return {
    ...settings,
    requestsPerDay: options.requestsPerDay ?? settings.requestsPerDay,
    dynamicTokens: options.dynamicTokens ?? settings.dynamicTokens,
    rules,
  };
}

function priceTableFor(config: ConfigFile): PriceTable {
  try {
    const table = loadPriceTable();
    return config.pricing ? table.withUserPrices({ overrides: config.pricing.overrides ?? {}, aliases: config.pricing.aliases ?? {} }) : table;
  } catch (error) {
    if (error instanceof PriceOverrideError) throw new UsageError(error.message);
    throw error;
  }
}

/** A file that cannot be read or analysed becomes a finding; the run goes on. */
function analyzeSafely(file: string, context: AnalysisContext): FileAnalysis {
  const size = context.workspace.fileSystem.stat(file)?.size ?? 0;
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

function writeReport(report: JsonReport, options: LintOptions, io: LintIo): void {
  const text = options.format === "json" ? JSON.stringify(report, null, 2) + "\n" : formatStylish(report, { color: useColor(options, io), quiet: options.quiet });
  if (options.output === undefined) {
    io.stdout.write(text);
    return;
  }
  try {
    fs.writeFileSync(path.resolve(io.cwd, options.output), text);
  } catch (error) {
    throw new UsageError(`cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Colours only on a terminal, unless --color/--no-color, NO_COLOR or FORCE_COLOR say otherwise. */
function useColor(options: LintOptions, io: LintIo): boolean {
  if (options.output !== undefined) return false;
  if (options.color !== undefined) return options.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}

function exitCode(report: JsonReport, options: LintOptions, io: LintIo): number {
  let code = report.summary.errors > 0 ? 1 : 0;
  if (options.maxWarnings !== undefined && report.summary.warnings > options.maxWarnings) {
    io.stderr.write(`promptcost: ${report.summary.warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    code = 1;
  }
  return code;
}
