// The CLI's `--cache` (node_modules/.cache/promptcost/lint-cache.json in a workspace folder), read when a
// document is opened for the first time: an entry made by `promptcost --lint --cache` from the same texts is
// shown at once, before this session's own analysis (~2-9 s on a real application's heaviest files, most of
// it indexing the files the document reaches), which follows and replaces it.
//
// An entry is used only when, compared by content hash as the CLI compares them: its editor key matches (the
// engine build, the day, the settings, the user's prices and the workspace roots, result-cache.ts
// editorKey), the document's text is the text the CLI analysed, every project file in its import closure is
// as it was (as this server sees it: an unsaved edit in an open document counts), and every other file the
// CLI run read (prompt files, env defaults, tsconfig, package.json) is as it was. The project searches the CLI
// checks (result-cache.ts lookupsHash: callers, `new`s, implementations found in files no import reaches) are
// not checked here, which would mean reading every project file before the first lens: such an entry can be
// out of date until this session's analysis replaces it moments later.
//
// The server only reads the cache, as ESLint's editor integration does with ESLint's: the file belongs to
// the user's CLI runs (its location, its entries, when it is rewritten), and the server keeps what it learns
// in the editor's own storage (analysis-store.ts).
import * as path from "node:path";
import { engineBuildHash } from "../cli/engine-build-hash.ts";
import { contentHash } from "../cli/content-hash.ts";
import { ImportGraph } from "../cli/import-graph.ts";
import { workspaceTextFacts } from "../cli/project-texts.ts";
import { CACHE_FILE, currentHash, DEFAULT_CACHE_LOCATION, editorKey, readCacheData } from "../cli/result-cache.ts";
import type { FileAnalysis } from "../core/types.ts";
import type { Workspace } from "../core/workspace/workspace.ts";
import type { StoreKey } from "./analysis-store.ts";

/** Where the CLI keeps its cache by default, relative to the directory it ran in (a workspace folder here). */
export const CLI_CACHE_FILE = path.join(DEFAULT_CACHE_LOCATION, CACHE_FILE);

export class CliCacheReader {
  /** The bundle's content hash, read once: the CLI's copy of the bundle is another file with the same content. */
  private build: string | undefined;

  constructor(
    private readonly workspace: Workspace,
    private readonly roots: readonly string[],
  ) {}

  /** The CLI's cached analysis of the document when nothing it was made from changed; undefined otherwise or on any error. */
  lookup(filePath: string, key: StoreKey): FileAnalysis | undefined {
    try {
      for (const root of this.roots) {
        const analysis = this.lookupIn(path.join(root, CLI_CACHE_FILE), filePath, key);
        if (analysis) return analysis;
      }
    } catch {
      // The cache only saves time: without it the document is analysed as always.
    }
    return undefined;
  }

  private lookupIn(cacheFile: string, filePath: string, key: StoreKey): FileAnalysis | undefined {
    const data = readCacheData(cacheFile);
    const entry = data?.files[filePath];
    if (!data || !entry || entry.hash !== contentHash(this.workspace.getText(filePath))) return undefined;
    this.build ??= engineBuildHash("content");
    if (data.editor !== editorKey({ build: this.build, settings: key.settings, userPrices: key.prices, roots: this.roots, retired: key.retired })) return undefined;
    if (entry.day !== undefined && entry.day !== key.today) return undefined;
    if (entry.importsHash !== new ImportGraph(this.workspace, workspaceTextFacts(this.workspace)).closureHash(filePath)) return undefined;
    if (!Object.entries(data.reads).every(([read, hash]) => currentHash(this.workspace, read) === hash)) return undefined;
    return entry.analysis;
  }
}
