// `promptcost --explain RULE`: the rule's documentation page (docs/rules/RULE.md, shipped in the package).
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { isRuleId } from "../core/rules/index.ts";
import { unknownRule } from "./args.ts";
import type { LintIo } from "./lint.ts";
import { UsageError } from "./usage-error.ts";

export function explainRule(rule: string, io: Pick<LintIo, "stdout">): number {
  if (!isRuleId(rule)) throw new UsageError(unknownRule("--explain", rule));
  io.stdout.write(fs.readFileSync(path.join(rulesDocsDirectory(), `${rule}.md`), "utf8"));
  return 0;
}

/** docs/rules beside the bundle (dist/../docs/rules) or beside the sources (server/src/cli/../../../docs/rules). */
function rulesDocsDirectory(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const candidate = path.join(directory, "docs", "rules");
    if (fs.existsSync(path.join(candidate, "require-max-tokens.md"))) return candidate;
    directory = path.dirname(directory);
  }
  throw new UsageError("the rule documentation (docs/rules) was not found beside the program");
}
