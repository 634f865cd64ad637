import { collectFiles } from "../core/workspace/collect-files.ts";

/** The source files under the workspace folders (.gitignore followed, dependencies and build output skipped); none for a folder that cannot be read. */
export function listSourceFiles(roots: readonly string[]): string[] {
  const files = new Set<string>();
  for (const root of roots) {
    try {
      for (const file of collectFiles([root], { baseDirectory: root })) files.add(file);
    } catch {
      // A folder that went away or cannot be read: its classes are not looked for.
    }
  }
  return [...files].sort();
}
