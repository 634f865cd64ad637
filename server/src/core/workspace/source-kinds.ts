import { ts } from "../ts.ts";

/** File extensions the analysis reads, with the parser's script kind for each. */
const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};

export const SOURCE_EXTENSIONS = Object.keys(SCRIPT_KINDS);

export function extensionOf(path: string): string {
  const dot = path.lastIndexOf(".");
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return dot > slash ? path.slice(dot).toLowerCase() : "";
}

export function isSourceFile(path: string): boolean {
  return extensionOf(path) in SCRIPT_KINDS && !path.endsWith(".d.ts") && !path.endsWith(".d.mts") && !path.endsWith(".d.cts");
}

export function scriptKindOf(path: string): ts.ScriptKind {
  return SCRIPT_KINDS[extensionOf(path)] ?? ts.ScriptKind.TS;
}
