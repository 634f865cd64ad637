// `promptcost --init`: a starting promptcost.config.json in the working directory, with the `$schema` an
// editor resolves from the installed package, so completion and checking work as soon as it is open.
import * as fs from "node:fs";
import * as path from "node:path";
import { TEST_FILE_GLOBS } from "../core/call-sites.ts";
import { DEFAULT_SETTINGS } from "../core/settings.ts";
import { fileErrorReason } from "./fs-errors.ts";
import type { LintIo } from "./lint.ts";
import { UsageError } from "./usage-error.ts";

/** Where the config schema sits in an installed promptcost, relative to the project's root. */
export const INSTALLED_SCHEMA = "./node_modules/promptcost/schema.json";

export function runInit(io: Pick<LintIo, "cwd" | "stdout">): number {
  const file = path.join(io.cwd, "promptcost.config.json");
  if (fs.existsSync(file)) throw new UsageError(`promptcost.config.json already exists in ${io.cwd}; --init does not overwrite it`);
  const config = {
    $schema: INSTALLED_SCHEMA,
    exclude: TEST_FILE_GLOBS,
    rules: {},
    defaults: { requestsPerDay: DEFAULT_SETTINGS.requestsPerDay, dynamicTokens: DEFAULT_SETTINGS.dynamicTokens },
  };
  try {
    fs.writeFileSync(file, JSON.stringify(config, null, 2) + "\n", { flag: "wx" });
  } catch (error) {
    throw new UsageError(`cannot write promptcost.config.json: ${fileErrorReason(error)}`);
  }
  io.stdout.write(`Wrote promptcost.config.json. Set your traffic in defaults.requestsPerDay, then run: promptcost --lint .\n`);
  return 0;
}
