// The paths of `promptcost --lint PATH...` as ESLint takes them: files, directories, globs (quoted, so the
// shell did not expand them; matched with picomatch against paths relative to the working directory),
// and `-` for a list of paths on stdin, one per line.
import * as fs from "node:fs";
import * as path from "node:path";
import picomatch from "picomatch";
import { UsageError } from "./usage-error.ts";

export interface LintInput {
  /** What the user wrote. */
  text: string;
  /** The file or directory to walk: the path itself, or a glob's fixed base directory. */
  absolute: string;
  /** For a glob: which files under `absolute` it takes (given the path relative to the working directory). */
  matches?: (relative: string) => boolean;
}

/** Replaces `-` by the paths read from stdin, one per line (blank lines skipped). */
export function withStdinPaths(paths: readonly string[], readStdin: () => string): string[] {
  if (!paths.includes("-")) return [...paths];
  const listed = readStdin().split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (listed.length === 0) throw new UsageError("- reads a list of paths from stdin, and stdin was empty");
  return paths.flatMap((input) => (input === "-" ? listed : [input]));
}

/** Each path as a LintInput; a path that does not exist but is a glob becomes one. */
export function toLintInputs(paths: readonly string[], cwd: string): LintInput[] {
  return paths.map((text) => {
    const absolute = path.resolve(cwd, text);
    if (fs.existsSync(absolute) || !picomatch.scan(text).isGlob) return { text, absolute };
    const { base } = picomatch.scan(text);
    const matcher = picomatch(text.replace(/^\.\//, ""), { dot: false });
    return { text, absolute: path.resolve(cwd, base || "."), matches: (relative) => matcher(relative) };
  });
}

/** The directory a glob's base or a file stands in, as a workspace root. */
export function rootOf(input: LintInput): string {
  return fs.existsSync(input.absolute) && fs.statSync(input.absolute).isDirectory() ? input.absolute : path.dirname(input.absolute);
}
