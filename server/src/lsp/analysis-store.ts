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
//
// The workspace report stores its analysis of each file with calls too (a file without shows nothing to wait
// for), so that a file never opened before opens with its lenses once a report has run, in this session or
// an earlier one. Those entries are made in a run sharing its evaluations across files, which does not say
// which files each analysis read: like the CLI's cache (cli-cache.ts) they are checked by the import closure
// and the other files the server read, not by the project searches (implementations, callers) made in files
// no import reaches; the session's own analysis replaces such an entry moments later.
import { engineBuildHash } from "../cli/engine-build-hash.ts";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync, gzip } from "node:zlib";
import { ImportGraph } from "../cli/import-graph.ts";
import { workspaceTextFacts } from "../cli/project-texts.ts";
import { countsDaysToDeprecation, currentHash, runFingerprint } from "../cli/result-cache.ts";
import type { AnalysisSettings } from "../core/settings.ts";
import type { FileAnalysis } from "../core/types.ts";
import type { Workspace } from "../core/workspace/workspace.ts";
import { retiredModels, todayOf } from "../core/rules/helpers/models.ts";
import type { DocumentSettings } from "./settings.ts";
import { TOOL_VERSION } from "../version.ts";

const STORE_FORMAT = 3;

/**
 * Entries kept at most (1-40 KB each, gzipped JSON; the workspace report stores one per file with calls): past this, the
 * least recently written go.
 */
const MAX_STORED_ANALYSES = 1000;

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

/** What a stored analysis depends on besides the files, under a document's (or a workspace folder's) settings. */
export function storeKeyOf(settings: DocumentSettings): StoreKey {
  const today = todayOf(settings.analysis);
  return { settings: settings.analysis, prices: settings.pricesKey, today, retired: retiredModels(settings.prices, today) };
}

export class AnalysisStore {
  private build: string | undefined;
  /**
   * Made from the workspace's texts as they are at `changes` (see current): the import graph closure hashes are
   * read from, and the content hash of each file asked for (entries share most of their reads).
   */
  private texts: { changes: number; graph: ImportGraph; hashes: Map<string, string | null> } | undefined;
  /**
   * Entries written this session, by the hash of their JSON: one asked to be written again unchanged is not
   * (the workspace report stores each file at every run). Hashes, not the JSON: ~90 KB an entry on inbox-zero.
   */
  private readonly written = new Map<string, string>();
  /** The non-source files of `reads`, sorted, as of when it had `size` files (the set only grows). */
  private nonSourceReads: { size: number; files: string[] } | undefined;
  /** Numbers the temporary files of writes under way. */
  private writes = 0;

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
      const stored = JSON.parse(gunzipSync(fs.readFileSync(this.entryPath(filePath))).toString("utf8")) as StoredAnalysis;
      if (stored.format !== STORE_FORMAT || stored.file !== filePath || stored.fingerprint !== this.fingerprint(key)) return undefined;
      if (stored.day !== undefined && stored.day !== key.today) return undefined;
      if (!Object.entries(stored.reads).every(([read, hash]) => this.hashOf(read) === hash)) return undefined;
      if (stored.closure !== this.closureHash(filePath)) return undefined;
      return stored.analysis;
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps an analysis of the document's current text for a later session, then prunes; resolves once done. A
   * store that cannot be written is skipped.
   */
  async save(filePath: string, key: StoreKey, analysis: FileAnalysis, dependencies: Iterable<string>): Promise<void> {
    if (await this.write(filePath, key, analysis, dependencies)) this.prune();
  }

  /**
   * Writes an entry without pruning (the workspace report writes one per file with calls, then prunes once).
   * What it depends on is hashed before this returns, so called in the same tick as the analysis it hashes
   * the texts analysed; the entry is compressed and written off the main thread. Resolves to whether it was
   * written (not when it is the one this session last wrote there, or could not be).
   */
  write(filePath: string, key: StoreKey, analysis: FileAnalysis, dependencies: Iterable<string>): Promise<boolean> {
    try {
      const reads: Record<string, string | null> = {};
      const own = [...dependencies];
      const files = own.length === 0 ? this.sortedNonSourceReads() : [...new Set([...own, ...this.sortedNonSourceReads()])].sort();
      for (const read of files) reads[read] = this.hashOf(read);
      const day = countsDaysToDeprecation(analysis, key.today) ? { day: key.today } : {};
      const entry: StoredAnalysis = { format: STORE_FORMAT, file: filePath, fingerprint: this.fingerprint(key), closure: this.closureHash(filePath), reads, ...day, analysis };
      const target = this.entryPath(filePath);
      const json = JSON.stringify(entry);
      const hash = createHash("sha256").update(json).digest("hex");
      if (this.written.get(target) === hash && fs.existsSync(target)) return Promise.resolve(false);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      this.written.set(target, hash);
      // Compressed (an analysis lists each call's parts and ways: up to ~350 KB of JSON for a test file of 20
      // calls, a tenth of it gzipped) and written off the main thread, beside the entry, then renamed: a server
      // killed half way never leaves a truncated entry.
      const temporary = `${target}.${process.pid}-${++this.writes}.tmp`;
      return new Promise((resolve) => {
        const failed = (): void => {
          this.written.delete(target);
          resolve(false);
        };
        gzip(Buffer.from(json), { level: 1 }, (compressError, compressed) => {
          if (compressError) return failed();
          fs.writeFile(temporary, compressed, (writeError) => {
            if (writeError) return failed();
            fs.rename(temporary, target, (renameError) => (renameError ? failed() : resolve(true)));
          });
        });
      });
    } catch {
      // The store only saves time: without it the document is analysed as always.
      return Promise.resolve(false);
    }
  }

  /** Removes the least recently written entries past the limit. */
  prune(): void {
    try {
      const directory = path.join(this.directory, "analyses");
      const names = fs.readdirSync(directory).filter((name) => name.endsWith(".json"));
      if (names.length <= this.maxEntries) return;
      const byAge = names.map((name) => ({ name, written: fs.statSync(path.join(directory, name)).mtimeMs })).sort((a, b) => a.written - b.written || a.name.localeCompare(b.name));
      for (const { name } of byAge.slice(0, names.length - this.maxEntries)) fs.rmSync(path.join(directory, name), { force: true });
    } catch {
      // As write: the store only saves time.
    }
  }

  private fingerprint(key: StoreKey): string {
    // By the hash the build wrote into the bundle; run from source, by its size and time (hashing it would take a good part of what the store saves).
    this.build ??= engineBuildHash("stat");
    return runFingerprint({ tool: TOOL_VERSION, build: this.build, retired: key.retired, settings: key.settings, prices: key.prices });
  }

  private sortedNonSourceReads(): string[] {
    if (this.nonSourceReads?.size !== this.reads.size) this.nonSourceReads = { size: this.reads.size, files: [...this.reads].filter((read) => !SOURCE_FILE.test(read)).sort() };
    return this.nonSourceReads.files;
  }

  /** What the files say now: made again whenever a text changed since (an overlay set or removed, a file invalidated). */
  private current(): { graph: ImportGraph; hashes: Map<string, string | null> } {
    const changes = this.workspace.changes;
    if (this.texts?.changes !== changes) this.texts = { changes, graph: new ImportGraph(this.workspace, workspaceTextFacts(this.workspace)), hashes: new Map() };
    return this.texts;
  }

  private closureHash(filePath: string): string {
    return this.current().graph.closureHash(filePath);
  }

  private hashOf(file: string): string | null {
    const { hashes } = this.current();
    const known = hashes.get(file);
    if (known !== undefined) return known;
    const hash = currentHash(this.workspace, file);
    hashes.set(file, hash);
    return hash;
  }

  private entryPath(filePath: string): string {
    return path.join(this.directory, "analyses", `${createHash("sha256").update(filePath).digest("hex").slice(0, 32)}.json`);
  }
}
