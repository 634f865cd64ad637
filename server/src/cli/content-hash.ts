import { createHash } from "node:crypto";

/** A text's sha256, 22 base64url characters (132 bits); null for no text. */
export function contentHash(text: string | undefined): string | null {
  return text === undefined ? null : createHash("sha256").update(text).digest("base64url").slice(0, 22);
}
