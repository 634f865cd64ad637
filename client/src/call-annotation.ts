// The `// promptcost:` annotation above a call (CONTRACT.md, "Comments in user code"), edited as text:
// plain data in and out, so it is tested without an editor.

/** Replace [start, end) of one line (0-based line and characters) with `text`. */
export interface LineEdit {
  line: number;
  start: number;
  end: number;
  text: string;
}

const ANNOTATION = /^(\s*)\/\/\s*promptcost:(.*)$/;
const REQUESTS_PER_DAY = /\brequestsPerDay=\S*/;

/**
 * Sets `requestsPerDay=N` for the call starting on `callLine`: in the `// promptcost:` comment on the line
 * above when there is one (its other keys kept), else in a new comment with the call line's indentation.
 */
export function requestsPerDayEdit(lines: readonly string[], callLine: number, requestsPerDay: number, eol: string): LineEdit {
  const value = `requestsPerDay=${requestsPerDay}`;
  const above = callLine > 0 ? lines[callLine - 1] : undefined;
  const annotation = above !== undefined ? ANNOTATION.exec(above) : null;
  if (above !== undefined && annotation) {
    const existing = REQUESTS_PER_DAY.exec(above);
    if (existing) return { line: callLine - 1, start: existing.index, end: existing.index + existing[0].length, text: value };
    const end = above.trimEnd().length;
    const separator = (annotation[2] ?? "").trim() === "" ? (above.trimEnd().endsWith(":") ? " " : "") : " ";
    return { line: callLine - 1, start: end, end: above.length, text: `${separator}${value}` };
  }
  const indent = /^[ \t]*/.exec(lines[callLine] ?? "")?.[0] ?? "";
  return { line: callLine, start: 0, end: 0, text: `${indent}// promptcost: ${value}${eol}` };
}

/** A whole number of requests per day, or the reason the input is not one. */
export function parseRequestsPerDay(input: string): number | string {
  const text = input.trim().replace(/[,_\s]/g, "");
  if (!/^\d+$/.test(text)) return "A whole number of requests per day, e.g. 5000";
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : "Too large a number";
}
