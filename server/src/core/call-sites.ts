// Which wrappers the application calls: a request written inside one is counted at its call sites.
import type { FileAnalysis } from "./types.ts";

/** Ids of the wrappers some call site goes through: a call inside one of them is counted at those call sites, not twice. */
export function wrappersCalledThrough(analyses: readonly Pick<FileAnalysis, "file" | "calls">[]): Set<string> {
  return new Set(
    analyses.flatMap((analysis) => {
      const ids = analysis.calls.flatMap((priced) => [...(priced.call.via?.map((hop) => hop.id) ?? []), ...(priced.call.reachedWrappers ?? [])]);
      // A test calling a function does not make it the application's request line: where the application runs it
      // (a graph node, a route handler) its request stays counted where it is written. A helper written in a test
      // is the test's own: only tests run it, so their calls are its request lines.
      return isTestFile(analysis.file) ? ids.filter((id) => isTestFile(wrapperFile(id))) : ids;
    }),
  );
}

/** A test file by its name: `*.test.ts`, `*.spec.js`, `*.vitest.ts` (continue's), or a file under `__tests__/`. */
export function isTestFile(file: string): boolean {
  return /\.(?:test|spec|vitest)\.[cm]?[jt]sx?$|[\\/]__tests__[\\/]/.test(file);
}

/** The files isTestFile names, as `exclude` globs (what `promptcost --init` writes, what the report's hint gives). */
export const TEST_FILE_GLOBS = ["**/*.test.*", "**/*.spec.*", "**/*.vitest.*", "**/__tests__/**"];

/** The file of a wrapper id (`path:offset`, or `path:offset@site` for one of its request sites). */
function wrapperFile(id: string): string {
  return /^(.*):\d+(?:@\d+)?$/.exec(id)?.[1] ?? id;
}
