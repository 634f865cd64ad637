/** File extensions the analysis reads (workspace.ts gives each its parser's script kind). No compiler here: the reading thread lists files too. */
export const SOURCE_EXTENSIONS = [".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"];
const SOURCE_EXTENSION_SET = new Set(SOURCE_EXTENSIONS);

export function extensionOf(path: string): string {
  const dot = path.lastIndexOf(".");
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return dot > slash ? path.slice(dot).toLowerCase() : "";
}

export function isSourceFile(path: string): boolean {
  return SOURCE_EXTENSION_SET.has(extensionOf(path)) && !isDeclarationFile(path);
}

/** `.d.ts`, `.d.mts`, `.d.cts`: types only, nothing that runs. */
export function isDeclarationFile(path: string): boolean {
  return path.endsWith(".d.ts") || path.endsWith(".d.mts") || path.endsWith(".d.cts");
}
