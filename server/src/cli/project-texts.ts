import * as fs from "node:fs";
import { importBindings } from "../core/providers/text-prefilter.ts";
import type { Workspace } from "../core/workspace/workspace.ts";
import { contentHash } from "./content-hash.ts";

/**
 * What `--cache` needs of a project file's text: its content hash, its import specifiers (the import graph)
 * and which project searches find it. A warm run asks this of every project file; a `TextRecord` kept from
 * the last run answers it without reading the file while the file's metadata is what it was (the
 * `metadata` cache strategy, as ESLint's), so an unchanged file costs an lstat.
 *
 * The metadata is the lstat's device, inode, size, modification and change times. Any write to a file
 * changes its change time (which, unlike the modification time, no tool can set back), so a file with the
 * recorded metadata holds the text that was hashed, with one exception this guards: a write within the same
 * clock tick as the one the metadata shows. Metadata is recorded only for a file last changed more than
 * TRUSTED_AGE_MS before it was read (git's "racily clean" entries, handled by not trusting them); any other
 * file, a symbolic link, a file the workspace had read before its lstat, is read and hashed on the next run.
 * A difference in the metadata only means the file is read and hashed: the content hash decides.
 */
export interface TextRecord {
  /** The metadata the text had when it was read (see metadataOf); absent when it is not to be trusted. */
  stat?: string;
  hash: string;
  /** Import specifiers, as the import graph reads them (importBindings). */
  imports: readonly string[];
  /**
   * The searches that find the text: indices into the searches the cache holds (CacheData.lookups.searches);
   * absent when the run did not ask them all of this file.
   */
  found?: number[];
}

export type CacheStrategy = "metadata" | "content";

/** How long before its read a file must have last changed for its metadata to be recorded (coarse clocks: FAT's is 2 s). */
const TRUSTED_AGE_MS = 2_000;

/** The hash and import specifiers of project files, as the import graph needs them. */
export interface TextFacts {
  hash(file: string): string | null;
  specifiers(file: string): readonly string[];
}

/** TextFacts read from the workspace's texts every time (the editor's caches: their documents may be open). */
export function workspaceTextFacts(workspace: Workspace): TextFacts {
  return {
    hash: (file) => contentHash(workspace.getText(file)),
    specifiers: (file) => specifiersIn(workspace.getText(file)),
  };
}

/** One run's project texts, from the last run's records where a file's metadata says it is unchanged. */
export class ProjectTexts implements TextFacts {
  private readonly known = new Map<string, KnownText>();
  private readonly specifierLists = new Map<string, readonly string[]>();
  /** Each search's answer per file this run (by search key), from a record or the text. */
  private readonly answers = new Map<string, Map<string, boolean>>();
  /** The index of each search the records' `found` point to, by key. */
  private readonly recordedSearches: Map<string, number>;
  /** The metadata of the project's files, taken before the run reads any of them (see byMetadata). */
  private readonly metadata = new Map<string, { stats: fs.Stats | undefined; takenAt: number; textBefore: boolean }>();

  constructor(
    private readonly workspace: Workspace,
    private readonly strategy: CacheStrategy,
    /** The last run's records, when its cache is of this run's inputs (see ResultCache). */
    private readonly records: Readonly<Record<string, TextRecord>>,
    /** The keys of the searches the records' `found` indices point into. */
    recordedSearches: readonly string[],
    /** The clock the metadata's age is measured by. */
    private readonly now: () => number = Date.now,
  ) {
    this.recordedSearches = new Map(recordedSearches.map((key, at) => [key, at]));
    if (strategy !== "metadata") return;
    const takenAt = now();
    for (const file of workspace.projectFiles) this.metadata.set(file, { stats: lstatOrUndefined(file), takenAt, textBefore: workspace.hasText(file) });
  }

  hash(file: string): string | null {
    return this.knownOf(file).hash;
  }

  specifiers(file: string): readonly string[] {
    let specifiers = this.specifierLists.get(file);
    if (!specifiers) {
      const record = this.knownOf(file).record;
      specifiers = record ? record.imports : specifiersIn(this.workspace.getText(file));
      this.specifierLists.set(file, specifiers);
    }
    return specifiers;
  }

  /** Whether the search (by key) finds the file, from its record or else `matches` of its text; undefined when it has no text. */
  finds(file: string, searchKey: string, matches: (text: string) => boolean): boolean | undefined {
    const { hash, record } = this.knownOf(file);
    if (hash === null) return undefined;
    let answers = this.answers.get(file);
    if (!answers) this.answers.set(file, (answers = new Map()));
    let found = answers.get(searchKey);
    if (found === undefined) {
      const at = record?.found ? this.recordedSearches.get(searchKey) : undefined;
      found = at !== undefined ? record!.found!.includes(at) : matches(this.workspace.getText(file)!);
      answers.set(searchKey, found);
    }
    return found;
  }

  /** Records of every file with a text this run, for the next: `searches` are the keys the cache will hold. */
  recordsFor(searches: readonly string[]): Record<string, TextRecord> {
    const records: Record<string, TextRecord> = {};
    for (const file of [...this.known.keys()].sort()) {
      const { hash, stat } = this.known.get(file)!;
      if (hash === null) continue;
      // A file outside the project's list (an import of an ignored file) was asked no search: no answers kept.
      const answers = this.answers.get(file);
      const asked = searches.every((key) => answers?.has(key));
      const found = asked ? { found: searches.flatMap((key, at) => (answers!.get(key) ? [at] : [])) } : {};
      records[file] = { ...(stat ? { stat } : {}), hash, imports: this.specifiers(file), ...found };
    }
    return records;
  }

  /** How many texts were known by their metadata, unread, and how many were known in all (`--debug`). */
  unreadCount(): { unread: number; known: number } {
    let unread = 0;
    for (const known of this.known.values()) if (known.unread) unread++;
    return { unread, known: this.known.size };
  }

  /**
   * Whether the records the next run gets are those this run was given: every text known this run is as its
   * record says, with the same metadata (or has no text, and had no record), and no record went unused.
   */
  asRecorded(): boolean {
    let recorded = 0;
    for (const [file, known] of this.known) {
      const record = this.records[file];
      if (known.hash === null && record === undefined) continue;
      if (known.hash !== record?.hash || known.stat !== record.stat) return false;
      recorded++;
    }
    return recorded === Object.keys(this.records).length;
  }

  private knownOf(file: string): KnownText {
    let known = this.known.get(file);
    if (!known) {
      known = this.strategy === "metadata" ? this.byMetadata(file) : this.byContent(file);
      this.known.set(file, known);
    }
    return known;
  }

  /** The text's hash, read now, with the last run's record when it is of the same text (its imports and search answers are the text's). */
  private byContent(file: string): KnownText {
    const hash = contentHash(this.workspace.getText(file));
    const record = this.records[file];
    return { hash, ...(record && record.hash === hash ? { record } : {}) };
  }

  private byMetadata(file: string): KnownText {
    const { stats, takenAt, textBefore } = this.metadata.get(file) ?? { stats: lstatOrUndefined(file), takenAt: this.now(), textBefore: this.workspace.hasText(file) };
    const stat = stats?.isFile() ? metadataOf(stats) : undefined;
    const record = this.records[file];
    if (stat !== undefined && record?.stat === stat) return { hash: record.hash, stat, record, unread: true };
    // The text is read after the metadata was taken: a write in between changes the change time again.
    const trusted = stat !== undefined && !textBefore && stats!.ctimeMs < takenAt - TRUSTED_AGE_MS && stats!.mtimeMs < takenAt - TRUSTED_AGE_MS;
    return { ...this.byContent(file), ...(trusted ? { stat } : {}) };
  }
}

interface KnownText {
  hash: string | null;
  /** The metadata to record, when it can be trusted. */
  stat?: string;
  /** The last run's record of the same text. */
  record?: TextRecord;
  /** Known by the record's metadata. */
  unread?: boolean;
}

/** The metadata a file's text is trusted by: device, inode, size, modification and change times. */
function metadataOf(stats: fs.Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function specifiersIn(text: string | undefined): string[] {
  return text === undefined ? [] : [...new Set(importBindings(text).map(({ specifier }) => specifier))];
}
