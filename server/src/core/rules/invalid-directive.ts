/**
 * invalid-directive
 *
 * A promptcost comment promptcost cannot read: an unknown key in a `// promptcost:` annotation
 * (`requestPerDay=5000`), a value it cannot take (`requestsPerDay=abc`, `requestsPerDay=5,000`), or an
 * unknown rule id in a `promptcost-disable` comment (`require-max-tokenz`).
 *
 * Why it matters: such a comment is ignored, so the call is priced at the default traffic or size instead of
 * the one you wrote, and the warning you meant to silence stays, or the one you meant to keep is gone. With
 * `--report-unused-disable-directives`, disable comments that suppressed nothing are reported under this
 * rule too.
 */
import { directiveProblems } from "../directives.ts";
import type { Rule } from "./rule.ts";

export const invalidDirective: Rule = {
  id: "invalid-directive",
  description: "Comments to promptcost use known keys, readable values and existing rule ids",
  defaultSeverity: "warning",
  fixable: false,
  checkFile(context) {
    return directiveProblems(context.file.text, context.ruleIds);
  },
};
