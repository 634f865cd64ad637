import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Extensions by language id, to give an untitled document a path the parser can pick a script kind from. */
const UNTITLED_EXTENSIONS: Record<string, string> = {
  typescript: ".ts",
  typescriptreact: ".tsx",
  javascript: ".js",
  javascriptreact: ".jsx",
};

/**
 * A document the editor has open that is not source code: a prompt file (.md, .txt) whose unsaved text the
 * analysis of the code that reads it uses. It has no calls, diagnostics or lenses of its own.
 */
export function isPromptDocument(languageId: string): boolean {
  return !(languageId in UNTITLED_EXTENSIONS);
}

/** Where untitled documents live as far as the analysis knows: never a real file, so never read from disk. */
const UNTITLED_DIRECTORY = ".promptcost-untitled";

/**
 * The file path the analysis uses for a document URI. `file:` URIs map to their path; an untitled document
 * gets a path under the first workspace root, so relative imports and prompt files resolve from there.
 */
export function documentPath(uri: string, languageId: string, roots: readonly string[]): string | undefined {
  if (uri.startsWith("file:")) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  if (uri.startsWith("untitled:")) {
    const name = decodeURIComponent(uri.slice("untitled:".length)).replace(/[\\/:]/g, "_") || "untitled";
    const extension = /\.[cm]?[jt]sx?$/.test(name) ? "" : UNTITLED_EXTENSIONS[languageId] ?? ".ts";
    return path.join(roots[0] ?? process.cwd(), UNTITLED_DIRECTORY, name + extension);
  }
  return undefined;
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** A workspace folder's URI as a path, or undefined for folders not on disk. */
export function folderPath(uri: string): string | undefined {
  return uri.startsWith("file:") ? documentPath(uri, "", []) : undefined;
}
