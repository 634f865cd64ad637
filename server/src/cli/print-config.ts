// `promptcost --print-config FILE`: what applies to FILE, as JSON: the config file found for it (or given
// with --config), whether it is linted, and the settings after the config and the flags, every rule
// with its severity and options.
import * as path from "node:path";
import picomatch from "picomatch";
import { RULE_LIST } from "../core/rules/index.ts";
import type { LintOptions } from "./args.ts";
import { readConfig, settingsFor, type LintIo } from "./lint.ts";

export function printConfig(file: string, options: LintOptions, io: Pick<LintIo, "cwd" | "stdout" | "env">): number {
  const { config, configDirectory, configPath } = readConfig({ ...options, paths: [file] }, io.cwd);
  const settings = settingsFor(options, config, io.env);
  const relative = path.relative(configDirectory ?? io.cwd, path.resolve(io.cwd, file)).split(path.sep).join("/");
  const included = !config.include?.length || picomatch(config.include, { dot: true })(relative);
  const excluded = config.exclude?.length ? picomatch(config.exclude, { dot: true })(relative) : false;
  const rules = Object.fromEntries(
    RULE_LIST.map((rule) => {
      const setting = settings.rules[rule.id];
      const severity = setting?.severity ?? rule.defaultSeverity;
      return [rule.id, setting && Object.keys(setting.options).length > 0 ? [severity, setting.options] : severity];
    }),
  );
  const printed = {
    file,
    configFile: configPath ? path.relative(io.cwd, configPath).split(path.sep).join("/") || configPath : null,
    linted: included && !excluded,
    include: config.include ?? null,
    exclude: config.exclude ?? null,
    defaults: { requestsPerDay: settings.requestsPerDay, dynamicTokens: settings.dynamicTokens, outputTokens: settings.outputTokens, maxInputTokens: settings.maxInputTokens },
    rules,
    pricing: config.pricing ?? {},
    wrappers: settings.wrappers ?? [],
  };
  io.stdout.write(JSON.stringify(printed, null, 2) + "\n");
  return 0;
}
