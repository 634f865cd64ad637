// Which wrappers the application calls: a request written inside one is counted at its call sites.
import type { FileAnalysis } from "./types.ts";

/** Ids of the wrappers some call site goes through: a call inside one of them is counted at those call sites, not twice. */
export function wrappersCalledThrough(analyses: readonly Pick<FileAnalysis, "file" | "calls">[]): Set<string> {
  // A test calling a function does not make it the application's request line: where the application runs it
  // (a graph node, a route handler) its request stays counted where it is written.
  return new Set(analyses.flatMap((analysis) => (isTestFile(analysis.file) ? [] : analysis.calls.flatMap((priced) => [...(priced.call.via?.map((hop) => hop.id) ?? []), ...(priced.call.reachedWrappers ?? [])]))));
}

/** A test file by its name: `*.test.ts`, `*.spec.js`, or a file under `__tests__/`. */
export function isTestFile(file: string): boolean {
  return /\.(?:test|spec)\.[cm]?[jt]sx?$|[\\/]__tests__[\\/]/.test(file);
}
