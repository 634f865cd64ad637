import type { Fix } from "../../server/src/core/types.ts";

/** The text after a fix's edits, applied from the end so earlier offsets stay valid. */
export function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.offsets.start - a.offsets.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.offsets.start) + edit.text + result.slice(edit.offsets.end);
  return result;
}
