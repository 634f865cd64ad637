import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./run-cli.ts";

/**
 * Compares output with a golden file under test/cli/golden/. `UPDATE_GOLDEN=1 npm run test:cli` rewrites
 * the files instead; review the diff (`git diff test/cli/golden`) before committing it.
 */
export function assertGolden(name: string, actual: string): void {
  const file = path.join(REPO_ROOT, "test", "cli", "golden", name);
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) assert.fail(`missing golden file ${name}: run UPDATE_GOLDEN=1 npm run test:cli and review it`);
  assert.equal(actual, fs.readFileSync(file, "utf8"), `output differs from test/cli/golden/${name}`);
}
