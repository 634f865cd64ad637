import * as path from "node:path";

/** The workspace roots as prefixes to compare real paths with: resolved, each ending with a separator. */
export function rootPrefixes(roots: readonly string[]): string[] {
  return roots.map((root) => withTrailingSeparator(path.resolve(root)));
}

/** Whether a real path lies inside one of the roots (given as rootPrefixes), or is one of them. */
export function isUnderRoots(real: string, prefixes: readonly string[]): boolean {
  return prefixes.some((root) => withTrailingSeparator(real).startsWith(root) || real + path.sep === root);
}

export function withTrailingSeparator(directory: string): string {
  return directory.endsWith(path.sep) ? directory : directory + path.sep;
}
