import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultPricingDirectory } from "../core/pricing/price-table.ts";

/** The bundle's own hash, written into dist/engine.cjs by the build (esbuild.mjs engineHashStamp); absent when run from source. */
const WRITTEN = (globalThis as { __ENGINE_BUILD_HASH__?: string }).__ENGINE_BUILD_HASH__;
/** Undefined too when the build left the placeholder (`@...@`): a bundle not stamped is hashed by content. */
const STAMPED = WRITTEN !== undefined && !WRITTEN.startsWith("@") ? WRITTEN : undefined;

/**
 * The program itself: the bundle this code runs from (dist/engine.cjs), so a rebuilt promptcost never reuses
 * results of another build, and the price table's files. The bundle by the hash its build wrote into it; run
 * from source (or a bundle built without the stamp), by content, or (`stat`) by size and modification time,
 * where reading it would cost more than what the hash saves.
 */
export function engineBuildHash(bundle: "content" | "stat" = "content"): string {
  const hash = createHash("sha256");
  const program = fileURLToPath(import.meta.url);
  if (STAMPED !== undefined) hash.update(`stamp\0${STAMPED}`);
  // As bytes: decoding the bundle to a string and encoding it again for the hash took 3x as long.
  else if (bundle === "content") hash.update(readOrUndefined(program) ?? "");
  else {
    const stat = fs.statSync(program, { throwIfNoEntry: false });
    hash.update(stat ? `${stat.size}\0${stat.mtimeMs}` : "");
  }
  const pricing = defaultPricingDirectory();
  for (const name of fs.readdirSync(pricing).sort()) if (name.endsWith(".json")) hash.update(`${name}\0`).update(readOrUndefined(path.join(pricing, name)) ?? "").update("\0");
  return hash.digest("base64url").slice(0, 22);
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
