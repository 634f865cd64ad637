import * as fs from "node:fs";
import * as path from "node:path";
import { LookupMatcher, type TextFacts } from "../core/providers/project-lookup-matches.ts";
import { daysUntil, todayOf } from "../core/rules/helpers/models.ts";
import type { AnalysisSettings } from "../core/settings.ts";
import type { FileAnalysis, OffsetRange, SourceRange } from "../core/types.ts";
import { TOOL_VERSION } from "../version.ts";
import { contentHash } from "./content-hash.ts";
import { ImportGraph } from "./import-graph.ts";
import { ProjectTexts, type CacheStrategy, type TextRecord } from "./project-texts.ts";
import { count } from "./reporters/summary-parts.ts";
import type { FileSystem } from "../core/workspace/file-system.ts";
import { describeLookup, lookupKey, type ProjectLookup } from "../core/workspace/project-lookups.ts";
import type { Workspace } from "../core/workspace/workspace.ts";

/**
 * `--cache`: per-file results of an earlier run, reused while nothing they were computed from changed.
 *
 * A file's result depends on its own text, on the project files it imports (transitively: wrappers, consts and
 * prompt paths come through imports), and on inputs of the whole run: the engine build, the settings and config,
 * the price table, the set of files linted (a new or removed file can change what an import resolves to) and the
 * non-source files read (prompt files, env defaults, tsconfig). Each is compared by content hash, so a cached
 * report is byte-identical to a fresh one; anything unreadable or of another format is a cold run. A project
 * file's hash is known without reading it while its metadata is as recorded (cli/project-texts.ts).
 *
 * Some answers come from files no import reaches: the analysis searches every project file's text for a
 * function's callers, a class's `new`s, the files declaring a method, the classes with a base
 * (core/workspace/project-lookups.ts). Every search the runs made is kept with a hash over what it finds now
 * (each file found, by the hash of its import closure); when that hash differs, a file was added to or taken
 * from a search's answer or one found changed, and no entry is reused. Which result used which search is not
 * tracked: a result can reuse what the analysis of another file worked out through a search.
 *
 * Why entries were not reused is kept (`unused`, the counts in `summary`) for `--debug` to say.
 */
export interface CachedResult {
  /** Content hash of the file. */
  hash: string;
  /** Hash over the texts of every project file in its import closure when it was analysed. */
  importsHash: string;
  /**
   * The day it was analysed, when its result counts days to a model's deprecation date (no-deprecated-model:
   * "in 12 days"): reused that day only. Other results see the date only through which models are retired,
   * a part of the run's key.
   */
  day?: string;
  analysis: FileAnalysis;
}

export interface CacheData {
  format: typeof CACHE_FORMAT;
  /** Hash of everything the whole run depends on; another value discards every entry. */
  fingerprint: string;
  /** A hash of each part of the fingerprint, to say which changed. */
  parts: Record<string, string>;
  /**
   * What the language server compares to use an entry (lsp/cli-cache.ts): the fingerprint's parts it can know
   * without listing the project's files (see editorKey).
   */
  editor: string;
  /** Non-source files the run read, with their content hashes. */
  reads: Record<string, string | null>;
  /** The project searches the runs made, and for each the hash of what it finds (see ResultCache.searchHash). */
  lookups: { searches: ProjectLookup[]; hashes: string[] };
  files: Record<string, CachedResult>;
  /** What the run knew of each project file's text, for the next to know without reading it (project-texts.ts). */
  texts: Record<string, TextRecord>;
}

const CACHE_FORMAT = 6;
export const CACHE_FILE = "lint-cache.json";

export const DEFAULT_CACHE_LOCATION = path.join("node_modules", ".cache", "promptcost");

/** A file's content hash as an analysis in `workspace` sees it: an open document's text, else the disk's (files outside the roots too). */
export function currentHash(workspace: Workspace, file: string): string | null {
  return contentHash(workspace.getText(file) ?? readOrUndefined(file));
}

/** The hash of what every result of a run depends on besides the files themselves. */
export function runFingerprint(parts: Record<string, unknown>): string {
  return contentHash(JSON.stringify(parts))!;
}

/** What a run's results depend on besides the files: its fingerprint, each part's hash, and the editor's key. */
export interface CacheKeys {
  fingerprint: string;
  parts: Record<string, string>;
  editor: string;
  /** The date deprecations are counted from (see CachedResult.day). */
  today: string;
}

/** The keys of a run from the parts of its fingerprint (named as FINGERPRINT_PARTS names them). */
export function cacheKeysOf(parts: Record<keyof typeof FINGERPRINT_PARTS, unknown>, editor: string, today: string): CacheKeys {
  const hashes = Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, runFingerprint({ part })]));
  return { fingerprint: runFingerprint(parts), parts: hashes, editor, today };
}

/** Each part of the fingerprint, as `--debug` says it changed. */
const FINGERPRINT_PARTS = {
  tool: "another promptcost version",
  build: "another promptcost build",
  retired: "a model's deprecation date passed",
  settings: "other settings",
  config: "another config file",
  prices: "another price table",
  roots: "other workspace roots",
  files: "another set of files linted (one added or removed)",
};

/**
 * Whether a result says how many days are left to a model's deprecation date (no-deprecated-model): such a
 * result holds for its day only. Every other use of the date is which models are retired (retiredModels).
 */
export function countsDaysToDeprecation(analysis: FileAnalysis, today: string): boolean {
  return analysis.calls.some(({ price }) => price?.deprecationDate && (daysUntil(price.deprecationDate, today) ?? 0) >= 0);
}

/** What an analysis depends on besides the files, as the CLI and the language server both know it. */
export interface EditorKeyParts {
  /** engineBuildHash("content"): the CLI and the editor run copies of the same bundle, never the same file. */
  build: string;
  settings: AnalysisSettings;
  /** The user's prices as the server merges them: JSON of mergeUserPrices(editor's, config's). */
  userPrices: string;
  roots: readonly string[];
  /** The models the date retires (retiredModels): what the date changes but day counts (see CachedResult.day). */
  retired: readonly string[];
}

/**
 * The key under which a cached result is the one the editor's analysis of the same texts gives: the build, the
 * models the date retires, the settings (keys sorted: the CLI and the server build them in different orders),
 * the user's prices and the workspace roots. A result counting days to a deprecation also needs its day.
 */
export function editorKey(parts: EditorKeyParts): string {
  return runFingerprint({ tool: TOOL_VERSION, build: parts.build, retired: parts.retired, settings: sortedKeys(parts.settings), prices: parts.userPrices, roots: [...parts.roots].map((root) => path.resolve(root)).sort() });
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]));
}

export class ResultCache {
  private readonly previous: Map<string, CachedResult>;
  private readonly next = new Map<string, CachedResult>();
  /** What each search (by lookupKey) finds this run: the texts do not change while the CLI runs. */
  private readonly found = new Map<string, string[]>();
  private readonly texts: ProjectTexts;
  private readonly imports: ImportGraph;
  /** The searches of earlier runs whose answers are as they were: the entries kept may rest on them. */
  private readonly searches: ProjectLookup[] = [];
  /** The non-source files earlier runs read, as they were: the entries kept may rest on them too. */
  private readonly reads: string[] = [];
  /** The editor's key the cache was written with, when it is used (the run's fingerprint holds the rest). */
  private readonly previousEditor: string | undefined;
  /** Why no earlier result is used, when none is: no cache, or what changed since it was written. */
  readonly unused: string | undefined;
  private readonly counts = { reused: 0, changed: 0, importChanged: 0, dated: 0 };

  private constructor(
    private readonly file: string,
    private readonly keys: CacheKeys,
    private readonly workspace: Workspace,
    strategy: CacheStrategy,
    previous: CacheData | undefined,
    unused: string | undefined,
  ) {
    // The records of texts hold for a cache of this run's inputs (the roots and limits decide what a text is).
    this.texts = new ProjectTexts(workspace, strategy, previous?.texts ?? {}, previous?.lookups.searches.map(lookupKey) ?? []);
    this.imports = new ImportGraph(workspace, this.texts);
    if (previous) this.findAll(previous.lookups.searches);
    const changedSearch = previous?.lookups.searches.find((search, at) => this.searchHash(search) !== previous.lookups.hashes[at]);
    this.unused = changedSearch ? `what a project search finds changed: ${describeLookup(changedSearch)} (a file added or removed, or one of them or a file they import edited)` : unused;
    const kept = previous !== undefined && changedSearch === undefined;
    this.previous = new Map(kept ? Object.entries(previous.files) : []);
    if (kept) this.searches.push(...previous.lookups.searches);
    if (kept) this.reads.push(...Object.keys(previous.reads));
    this.previousEditor = kept ? previous.editor : undefined;
  }

  /**
   * Opens the cache in `location` (a directory, or a file path ending in .json); a missing or stale cache is
   * empty. With the `metadata` strategy, a project file whose metadata is as the cache recorded is not read.
   */
  static open(location: string, keys: CacheKeys, workspace: Workspace, strategy: CacheStrategy = "metadata"): ResultCache {
    const file = location.endsWith(".json") ? location : path.join(location, CACHE_FILE);
    const data = readCacheData(file);
    const unused = data ? whyUnusable(data, keys) : `no cache of this format at ${file}`;
    return new ResultCache(file, keys, workspace, strategy, unused === undefined ? data : undefined, unused);
  }

  /** The earlier result for a file when its text and every file it imports are as they were. */
  lookup(filePath: string): FileAnalysis | undefined {
    const entry = this.previous.get(filePath);
    if (!entry) return undefined;
    if (entry.hash !== this.texts.hash(filePath)) {
      this.counts.changed++;
      return undefined;
    }
    if (entry.importsHash !== this.imports.closureHash(filePath)) {
      this.counts.importChanged++;
      return undefined;
    }
    if (entry.day !== undefined && entry.day !== this.keys.today) {
      this.counts.dated++;
      return undefined;
    }
    this.counts.reused++;
    this.next.set(filePath, entry);
    return entry.analysis;
  }

  /** What the run reused, in a sentence (`--debug`). */
  summary(files: number): string {
    if (this.unused !== undefined) return `cache not used: ${this.unused}; ${count(files, "file")} analysed`;
    const { reused, changed, importChanged, dated } = this.counts;
    const fresh = files - reused - changed - importChanged - dated;
    const why = [
      changed > 0 ? `${count(changed, "file")} changed` : "",
      importChanged > 0 ? `${count(importChanged, "file")} importing a changed file` : "",
      dated > 0 ? `${count(dated, "file")} counting days to a deprecation date (again each day)` : "",
      fresh > 0 ? `${count(fresh, "file")} not in the cache` : "",
    ].filter(Boolean);
    return `cache: ${reused.toLocaleString("en-US")} of ${count(files, "file")} reused${why.length > 0 ? `; analysed: ${why.join(", ")}` : ""}`;
  }

  /** How many project files the run did not read, known unchanged by their metadata (`--debug`, the `metadata` strategy). */
  readSummary(): string {
    const { unread, known } = this.texts.unreadCount();
    return `cache: ${unread.toLocaleString("en-US")} of ${count(known, "project file")} known unchanged by size, inode and times, not read`;
  }

  /** Keeps a fresh result for the next run. */
  store(filePath: string, analysis: FileAnalysis): void {
    const dated = countsDaysToDeprecation(analysis, this.keys.today);
    this.next.set(filePath, { hash: this.texts.hash(filePath)!, importsHash: this.imports.closureHash(filePath), ...(dated ? { day: this.keys.today } : {}), analysis });
  }

  /**
   * Writes the results of this run; the non-source files it read become part of the cache's key, with those
   * of the earlier runs (an entry reused without analysing its file again still rests on what it read).
   */
  save(nonSourceReads: Iterable<string>): void {
    const readSet = new Set([...this.reads, ...nonSourceReads]);
    if (this.writesWhatIsThere(readSet)) return;
    const reads: Record<string, string | null> = {};
    for (const read of [...readSet].sort()) reads[read] = contentHash(readOrUndefined(read));
    const files: Record<string, CachedResult> = {};
    for (const key of [...this.next.keys()].sort()) files[key] = this.next.get(key)!;
    const searches = new Map(this.searches.map((search) => [lookupKey(search), search]));
    for (const [key, search] of this.workspace.projectLookups) searches.set(key, search);
    const sorted = [...searches.keys()].sort().map((key) => searches.get(key)!);
    this.findAll(sorted);
    const lookups = { searches: sorted, hashes: sorted.map((search) => this.searchHash(search)) };
    const texts = this.texts.recordsFor(sorted.map(lookupKey));
    const data: CacheData = { format: CACHE_FORMAT, fingerprint: this.keys.fingerprint, parts: this.keys.parts, editor: this.keys.editor, reads, lookups, files, texts };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // Written beside and renamed, so a run killed half way never leaves a truncated cache.
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(data));
    fs.renameSync(temporary, this.file);
  }

  /**
   * Whether saving would write the cache as it was read: every entry reused, nothing analysed, no file read and
   * no search made that it does not hold, every text known by its record, and the same keys (the reads and
   * searches it holds were checked when it was opened). Then it is not written again (~90 ms on a 2,700-file
   * application).
   */
  private writesWhatIsThere(reads: Set<string>): boolean {
    if (this.previousEditor !== this.keys.editor || !this.texts.asRecorded()) return false;
    if (this.counts.reused !== this.previous.size || this.next.size !== this.previous.size) return false;
    if (reads.size !== this.reads.length) return false;
    const searches = new Set(this.searches.map(lookupKey));
    return [...this.workspace.projectLookups.keys()].every((key) => searches.has(key));
  }

  /**
   * A hash over what a search finds in the project's files now: the files it finds, each with the hash of its
   * import closure (the analysis read their trees, and what they import).
   */
  private searchHash(search: ProjectLookup): string {
    const key = lookupKey(search);
    if (!this.found.has(key)) this.findAll([search]);
    return contentHash([key, ...this.found.get(key)!].join("\n"))!;
  }

  /** Makes the searches not made yet this run, in one pass over the project's files (each text read at most once). */
  private findAll(searches: readonly ProjectLookup[]): void {
    const pending = [...new Map(searches.map((search) => [lookupKey(search), search])).values()].filter((search) => !this.found.has(lookupKey(search)));
    if (pending.length === 0) return;
    const matcher = new LookupMatcher();
    const keys = pending.map(lookupKey);
    const found = pending.map((): string[] => []);
    for (const file of this.workspace.projectFiles) {
      const facts: TextFacts = {};
      pending.forEach((search, at) => {
        if (this.texts.finds(file, keys[at]!, (text) => matcher.matches(search, text, facts))) found[at]!.push(`${file}=${this.imports.closureHash(file)}`);
      });
    }
    pending.forEach((_, at) => this.found.set(keys[at]!, found[at]!));
  }

}

/**
 * A file system that notes every file read through it (prompt files, env defaults, tsconfig, sources), and
 * the env example files looked for but absent: one created later changes which model a call is priced as.
 */
export function recordingReads(fileSystem: FileSystem, reads: Set<string>): FileSystem {
  return {
    ...fileSystem,
    stat(file) {
      const stat = fileSystem.stat(file);
      if (!stat && path.basename(file).startsWith(".env")) reads.add(file);
      return stat;
    },
    readFile(file) {
      reads.add(file);
      return fileSystem.readFile(file);
    },
    readFilePrefix(file, maxBytes) {
      reads.add(file);
      return fileSystem.readFilePrefix(file, maxBytes);
    },
    ...(fileSystem.isSymbolicLink
      ? {
          isSymbolicLink(file: string) {
            const link = fileSystem.isSymbolicLink!(file);
            if (link === undefined && path.basename(file).startsWith(".env")) reads.add(file);
            return link;
          },
        }
      : {}),
    ...(fileSystem.readFileUpToUnlessLink
      ? {
          readFileUpToUnlessLink(file: string, maxBytes: number) {
            reads.add(file);
            return fileSystem.readFileUpToUnlessLink!(file, maxBytes);
          },
        }
      : {}),
    ...(fileSystem.readFileUpTo
      ? {
          readFileUpTo(file: string, maxBytes: number) {
            reads.add(file);
            return fileSystem.readFileUpTo!(file, maxBytes);
          },
        }
      : {}),
  };
}

/** Line starts of a text, with the parser's line terminators (LF, CR LF, CR, U+2028, U+2029). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 13 && text.charCodeAt(index + 1) === 10) index++;
    if (code === 10 || code === 13 || code === 0x2028 || code === 0x2029) starts.push(index + 1);
  }
  return starts;
}

/** 1-based lines and UTF-16 columns of an offset range, as the parser gives them, from the line starts alone. */
export function textRange(starts: readonly number[], textLength: number, offsets: OffsetRange): SourceRange {
  const start = lineAndColumn(starts, Math.min(offsets.start, textLength));
  const end = lineAndColumn(starts, Math.min(offsets.end, textLength));
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function lineAndColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/** The cache in `file`, or undefined when it is missing, unreadable or of another format. */
export function readCacheData(file: string): CacheData | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as CacheData;
    return data.format === CACHE_FORMAT && typeof data.fingerprint === "string" && typeof data.editor === "string" && data.parts && data.files && data.reads && Array.isArray(data.lookups?.searches) && Array.isArray(data.lookups.hashes) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** What makes a cache of the right format unusable for a run with these keys, in words; undefined when nothing. */
function whyUnusable(data: CacheData, keys: CacheKeys): string | undefined {
  if (data.fingerprint !== keys.fingerprint) {
    const changed = Object.entries(FINGERPRINT_PARTS).filter(([part]) => data.parts[part] !== keys.parts[part]);
    return changed.length > 0 ? changed.map(([, words]) => words).join(", ") : "another run's inputs";
  }
  const read = Object.entries(data.reads).find(([file, hash]) => contentHash(readOrUndefined(file)) !== hash);
  return read ? `${read[0]} changed` : undefined;
}

/** A file's text, or undefined. Most reads a cache keeps are env example files looked for and absent: no exception for those. */
function readOrUndefined(file: string): string | undefined {
  try {
    if (!fs.existsSync(file)) return undefined;
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
