// Analyses of open documents kept on disk between editor sessions (in the directory the client gives as
// `storagePath`), so that a document opened again shows its lenses before this session's first analysis of
// it is done: that analysis parses and indexes every file the document's calls reach, ~2 s on a real
// application's heaviest file. An entry is used only while everything it was computed from is as it was,
// each compared by content hash as the CLI's `--cache` does: the engine build and price table, the
// settings and prices in force, the models the date retires (and the day, for an analysis counting days to a
// deprecation date), the document's text, the text of every project file
// in its import closure (which also fixes what each import resolves to), the files its analysis read, and
// the other files the server has read (prompt files, env defaults, tsconfig). The server analyses the document afresh right after and
// shows that analysis once it is done (the same figures, unless something was changed meanwhile).
import { engineBuildHash } from "../cli/engine-build-hash.ts";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ImportGraph } from "../cli/import-graph.ts";
import { workspaceTextFacts } from "../cli/project-texts.ts";
import { countsDaysToDeprecation, currentHash, runFingerprint } from "../cli/result-cache.ts";
import type { AnalysisSettings } from "../core/settings.ts";
import type { FileAnalysis } from "../core/types.ts";
import type { Workspace } from "../core/workspace/workspace.ts";
import { TOOL_VERSION } from "../version.ts";

const STORE_FORMAT = 2;

/** Entries kept at most (~10-100 KB each): past this, the least recently written go. */
const MAX_STORED_ANALYSES = 200;

/** Source files are compared through the import closure; other files read are compared one by one. */
const SOURCE_FILE = /\.[cm]?[jt]sx?$/;

interface StoredAnalysis {
  format: typeof STORE_FORMAT;
  file: string;
  fingerprint: string;
  /** Hash over the texts of the document and every project file it imports, transitively. */
  closure: string;
  /** Files the analysis read and non-source files the server had read, with their content hashes. */
  reads: Record<string, string | null>;
  /** The day it was made, when it counts days to a deprecation date (result-cache.ts countsDaysToDeprecation): used that day only. */
  day?: string;
  analysis: FileAnalysis;
}

/** What an analysis depends on besides the files: the settings and prices in force, and the date. */
export interface StoreKey {
  settings: AnalysisSettings;
  /** The user's prices in force, as JSON (DocumentSettings.pricesKey). */
  prices: string;
  /** The date deprecations are counted from, and the models it retires (rules/helpers/models.ts retiredModels). */
  today: string;
  retired: readonly string[];
}

export class AnalysisStore {
  private build: string | undefined;

  /**
   * @param reads every file the server's workspace has read from disk so far (a recording file system):
   *   the non-source ones among them become part of each entry's key.
   */
  constructor(
    private readonly directory: string,
    private readonly workspace: Workspace,
    private readonly reads: ReadonlySet<string>,
    private readonly maxEntries = MAX_STORED_ANALYSES,
  ) {}

  /** The stored analysis of a document when nothing it was computed from changed; undefined otherwise or on any error. */
  lookup(filePath: string, key: StoreKey): FileAnalysis | undefined {
    try {
      const stored = JSON.parse(fs.readFileSync(this.entryPath(filePath), "utf8")) as StoredAnalysis;
      if (stored.format !== STORE_FORMAT || stored.file !== filePath || stored.fingerprint !== this.fingerprint(key)) return undefined;
      if (stored.day !== undefined && stored.day !== key.today) return undefined;
      if (!Object.entries(stored.reads).every(([read, hash]) => this.hashOf(read) === hash)) return undefined;
      if (stored.closure !== this.closureHash(filePath)) return undefined;
      return stored.analysis;
    } catch {
      return undefined;
    }
  }

  /** Keeps an analysis of the document's current text for a later session; a store that cannot be written is skipped. */
  save(filePath: string, key: StoreKey, analysis: FileAnalysis, dependencies: Iterable<string>): void {
    try {
      const reads: Record<string, string | null> = {};
      const files = new Set([...dependencies, ...[...this.reads].filter((read) => !SOURCE_FILE.test(read))]);
      for (const read of [...files].sort()) reads[read] = this.hashOf(read);
      const day = countsDaysToDeprecation(analysis, key.today) ? { day: key.today } : {};
      const entry: StoredAnalysis = { format: STORE_FORMAT, file: filePath, fingerprint: this.fingerprint(key), closure: this.closureHash(filePath), reads, ...day, analysis };
      const target = this.entryPath(filePath);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      // Written beside and renamed: a server killed half way never leaves a truncated entry.
      const temporary = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(entry));
      fs.renameSync(temporary, target);
      this.prune(path.dirname(target));
    } catch {
      // The store only saves time: without it the document is analysed as always.
    }
  }

  /** Removes the least recently written entries past the limit. */
  private prune(directory: string): void {
    const names = fs.readdirSync(directory).filter((name) => name.endsWith(".json"));
    if (names.length <= this.maxEntries) return;
    const byAge = names.map((name) => ({ name, written: fs.statSync(path.join(directory, name)).mtimeMs })).sort((a, b) => a.written - b.written || a.name.localeCompare(b.name));
    for (const { name } of byAge.slice(0, names.length - this.maxEntries)) fs.rmSync(path.join(directory, name), { force: true });
  }

  private fingerprint(key: StoreKey): string {
    // By the hash the build wrote into the bundle; run from source, by its size and time (hashing it would take a good part of what the store saves).
    this.build ??= engineBuildHash("stat");
    return runFingerprint({ tool: TOOL_VERSION, build: this.build, retired: key.retired, settings: key.settings, prices: key.prices });
  }

  /** A fresh graph each time: what the files say now, not what an earlier call read. */
  private closureHash(filePath: string): string {
    return new ImportGraph(this.workspace, workspaceTextFacts(this.workspace)).closureHash(filePath);
  }

  private hashOf(file: string): string | null {
    return currentHash(this.workspace, file);
  }

  private entryPath(filePath: string): string {
    return path.join(this.directory, "analyses", `${createHash("sha256").update(filePath).digest("hex").slice(0, 32)}.json`);
  }
}
