/**
 * parse-error
 *
 * The file has a syntax error. The parser recovers and the rest of the file is still analysed, but
 * calls near the error may be missed or misread, so their costs may be missing from the report.
 */
import type { Rule } from "./rule.ts";

export const parseError: Rule = {
  id: "parse-error",
  description: "Files parse without syntax errors",
  defaultSeverity: "warning",
  fixable: false,
  checkFile(context) {
    const first = context.file.parseErrors[0];
    if (!first) return [];
    const more = context.file.parseErrors.length > 1 ? ` (and ${context.file.parseErrors.length - 1} more)` : "";
    return [{ message: `Syntax error: ${first.message.replace(/\.$/, "")}${more}. Calls near it may be missed.`, offsets: { start: first.start, end: first.start + Math.max(first.length, 1) } }];
  },
};
