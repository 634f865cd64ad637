import { createHash } from "node:crypto";
import * as path from "node:path";
import { ts } from "../ts.ts";
import { diskFileSystem, type FileSystem } from "./file-system.ts";
import { ModuleResolver } from "./module-resolver.ts";
import { lookupKey, type ProjectLookup } from "./project-lookups.ts";
import { isUnderRoots, rootPrefixes } from "./roots.ts";
import { extensionOf, isSourceFile } from "./source-kinds.ts";
import { MAX_UNCLOSED_BRACKETS, tooManyUnclosedBrackets } from "./unclosed-brackets.ts";

export interface ParseError {
  message: string;
  start: number;
  length: number;
}

export interface ParsedFile {
  path: string;
  text: string;
  /** The overlay version for open documents, or a hash of the content for files read from disk. */
  version: string;
  sourceFile: ts.SourceFile;
  parseErrors: ParseError[];
  /** Why the text was not parsed (its sourceFile is then empty): see unclosed-brackets.ts. */
  notParsed?: string;
}

export type PromptFileRead =
  | { ok: true; text: string; truncated: boolean; sizeBytes: number }
  | { ok: false; reason: string };

export interface WorkspaceOptions {
  /** Source files larger than this are not parsed for cross-file resolution. */
  maxSourceBytes: number;
  /**
   * Prompt files larger than this are read up to the limit: their tokens are estimated from samples of
   * what was read, scaled to the file's size, with a range.
   */
  maxPromptBytes: number;
}

export const DEFAULT_WORKSPACE_OPTIONS: WorkspaceOptions = {
  maxSourceBytes: 8 * 1024 * 1024,
  maxPromptBytes: 16 * 1024 * 1024,
};

/**
 * The files the analysis can see: text of open documents layered over the disk, module resolution, and a
 * cache of parsed files keyed by path and version, so a file imported by many others is parsed once.
 */
export class Workspace {
  readonly resolver: ModuleResolver;
  private readonly overlays = new Map<string, { text: string; version: number }>();
  /** Texts read from disk, kept until invalidate(): the prefilter, wrapper discovery and the parser each want a file's text. */
  private readonly diskTexts = new Map<string, string | undefined>();
  private readonly parsed = new Map<string, ParsedFile>();
  /** Content hashes of texts read from disk, kept as long as the text. */
  private readonly diskVersions = new Map<string, string>();
  private readonly packageRoots = new Map<string, string>();
  private readonly roots: string[];
  private readonly derived = new Map<symbol, unknown>();
  /** Set by the caller (the CLI's listing of its roots), or listed when first asked (see listProjectFiles). */
  private knownProjectFiles: readonly string[] | undefined;
  /**
   * Lists the project's source files when they are first asked for and no caller set them (the editor,
   * whose workspace folders are listed only when a file needs the project's classes), sorted.
   */
  listProjectFiles: (() => readonly string[]) | undefined;
  /**
   * Every source file of the project (sorted): where the implementations of a project interface and the
   * subclasses of a class are looked for, whichever files are analysed. Empty when unknown.
   */
  get projectFiles(): readonly string[] {
    if (this.knownProjectFiles === undefined && this.listProjectFiles) this.knownProjectFiles = this.listProjectFiles();
    return this.knownProjectFiles ?? [];
  }
  set projectFiles(files: readonly string[]) {
    this.knownProjectFiles = files;
  }
  /** Every search of the project's files made through this workspace, by lookupKey (see project-lookups.ts). */
  readonly projectLookups = new Map<string, ProjectLookup>();
  /** Notes a search of every project file's text: what its answer depends on is more than a file's imports. */
  noteProjectLookup(lookup: ProjectLookup): void {
    const key = lookupKey(lookup);
    if (!this.projectLookups.has(key)) this.projectLookups.set(key, lookup);
  }
  /** Counts the changes of what the files say (overlays set or removed, files invalidated): caches of values read from them compare it. */
  changes = 0;
  /** Counts the files invalidated (changed, appeared or went away on disk): module resolution may answer differently after one. */
  invalidations = 0;
  /** Each file whose text changed (overlay set or removed, invalidated) -> the `changes` count of its last change. */
  private readonly lastChanges = new Map<string, number>();
  /** While set (see readingTexts), every text getText gives, by file. */
  private textReads: Map<string, string | undefined> | undefined;
  /** Real paths of the directories of files isInside was asked about, while `invalidations` is realDirectoriesAt. */
  private readonly realDirectories = new Map<string, string | null>();
  private realDirectoriesAt = 0;
  /** Files whose trees were released (see release): parsed again only if something needs them after all. */
  private readonly released = new Set<string>();

  constructor(
    roots: string[],
    readonly fileSystem: FileSystem = diskFileSystem,
    readonly options: WorkspaceOptions = DEFAULT_WORKSPACE_OPTIONS,
  ) {
    this.roots = rootPrefixes(roots);
    this.resolver = new ModuleResolver(fileSystem);
  }

  /**
   * State another concern derives from the files and keeps across analyses (the wrapper index), made on
   * first use. Its entries must check the versions of the files they read, as the parse cache does.
   */
  memo<T>(key: symbol, make: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const made = make();
    this.derived.set(key, made);
    return made;
  }

  /** Text of an open document: it replaces what is on disk until removed. */
  setOverlay(filePath: string, text: string, version: number): void {
    this.overlays.set(filePath, { text, version });
    this.changes++;
    this.lastChanges.set(filePath, this.changes);
  }

  /** Whether the file is an open document (its text set by setOverlay). */
  hasOverlay(filePath: string): boolean {
    return this.overlays.has(filePath);
  }

  removeOverlay(filePath: string): void {
    this.overlays.delete(filePath);
    this.parsed.delete(filePath);
    this.changes++;
    this.lastChanges.set(filePath, this.changes);
  }

  /**
   * Forget what was read of a file that changed on disk. An open document's tree is kept: its text comes from
   * the editor, not the disk, and indexes keyed by its nodes (the wrapper index) must keep matching it.
   */
  invalidate(filePath: string): void {
    // A file that appeared or went away: a listing made when first asked is made again when next asked.
    if (this.listProjectFiles && this.knownProjectFiles && isSourceFile(filePath) && this.knownProjectFiles.includes(filePath) !== (this.fileSystem.stat(filePath) !== undefined)) this.knownProjectFiles = undefined;
    if (!this.overlays.has(filePath)) this.parsed.delete(filePath);
    this.diskTexts.delete(filePath);
    this.diskVersions.delete(filePath);
    this.resolver.clear();
    this.changes++;
    this.invalidations++;
    this.lastChanges.set(filePath, this.changes);
  }

  /**
   * The files whose text may have changed since `changes` was `since` (an overlay set or removed, a file
   * invalidated): what a cache derived from some files' texts checks to stay exact across analyses.
   */
  changedSince(since: number): string[] {
    const changed: string[] = [];
    if (since >= this.changes) return changed;
    for (const [filePath, at] of this.lastChanges) if (at > since) changed.push(filePath);
    return changed;
  }

  /** Runs `work`, noting in `reads` every text getText gives it (undefined for a file that cannot be read), and in any reading around it. */
  readingTexts<T>(reads: Map<string, string | undefined>, work: () => T): T {
    const outer = this.textReads;
    this.textReads = reads;
    try {
      return work();
    } finally {
      this.textReads = outer;
      if (outer) for (const [filePath, text] of reads) outer.set(filePath, text);
    }
  }

  /** Whether the file's tree is in the parse cache. */
  isParsed(filePath: string): boolean {
    return this.parsed.has(filePath);
  }

  /**
   * Drops the tree of a file read from disk that nothing is expected to need again (the CLI's files that no
   * other file imports, once analysed), so a long run keeps only the trees other files can reach. Its text
   * and version are kept. Should it be needed after all, it is parsed again, and since everything derived
   * from its old tree (remembered values, exported values, the wrapper index) would no longer match the new
   * nodes, `changes` counts that as a change: every cache keyed by nodes starts over, and reports stay the same.
   */
  release(filePath: string): void {
    if (this.overlays.has(filePath) || !this.parsed.delete(filePath)) return;
    this.released.add(filePath);
  }

  getText(filePath: string): string | undefined {
    const text = this.textOf(filePath);
    this.textReads?.set(filePath, text);
    return text;
  }

  /** Whether the text is an open document's or was read already (later reads give this one, not the disk's). */
  hasText(filePath: string): boolean {
    return this.overlays.has(filePath) || this.diskTexts.has(filePath);
  }

  /**
   * The text, not noted as read: for a search of every project file made once for many questions, which
   * notes itself as a project lookup and reads the files its answer names with getText.
   */
  peekText(filePath: string): string | undefined {
    return this.textOf(filePath);
  }

  private textOf(filePath: string): string | undefined {
    const overlay = this.overlays.get(filePath);
    if (overlay) return overlay.text;
    if (this.diskTexts.has(filePath)) return this.diskTexts.get(filePath);
    // Nothing outside the workspace roots is read: an import of ../../outside/leak.ts stays unknown.
    const text = this.fileSystem.readFileUpTo ? this.readInside(filePath) : this.statAndReadInside(filePath);
    this.diskTexts.set(filePath, text);
    return text;
  }

  /** A source file's text: a regular file inside the roots, of at most maxSourceBytes. */
  private readInside(filePath: string): string | undefined {
    // A file that is no link lies where its directory's real path says: read it without asking first whether
    // it is one (a call to the system for each project file); only a link is then looked at (realPathOf).
    if (this.fileSystem.readFileUpToUnlessLink && this.fileSystem.isSymbolicLink) {
      const realDirectory = this.realDirectoryOf(path.dirname(filePath));
      if (realDirectory === undefined) return undefined;
      if (this.isUnderRoots(path.join(realDirectory, path.basename(filePath)))) {
        const text = this.fileSystem.readFileUpToUnlessLink(filePath, this.options.maxSourceBytes);
        if (text !== null) return text;
      }
    }
    const real = this.realPathOf(filePath);
    return real !== undefined && this.isUnderRoots(real) ? this.fileSystem.readFileUpTo?.(filePath, this.options.maxSourceBytes) : undefined;
  }

  private statAndReadInside(filePath: string): string | undefined {
    const stat = this.fileSystem.stat(filePath);
    return !stat?.isFile || stat.size > this.options.maxSourceBytes || !this.isInside(filePath) ? undefined : this.fileSystem.readFile(filePath);
  }

  /** The parsed file, from the cache when its version is unchanged. */
  getParsedFile(filePath: string): ParsedFile | undefined {
    const overlay = this.overlays.get(filePath);
    const cached = this.parsed.get(filePath);
    if (overlay) {
      const version = `v${overlay.version}`;
      if (cached?.version === version) return cached;
      // A keystroke in an open document: the compiler's incremental parser reuses the unchanged subtrees.
      // Only from an error-free tree: nodes reused from error recovery can mislead the incremental parser.
      if (cached?.version.startsWith("v") && cached.parseErrors.length === 0 && cached.notParsed === undefined) return this.store(filePath, overlay.text, version, cached);
      return this.store(filePath, overlay.text, version);
    }
    if (cached && !cached.version.startsWith("v")) return cached;
    const text = this.getText(filePath);
    if (text === undefined) return undefined;
    return this.store(filePath, text, this.diskVersionOf(filePath, text));
  }

  /** The version getParsedFile would give the file, without parsing it; undefined when it cannot be read. */
  versionOf(filePath: string): string | undefined {
    const overlay = this.overlays.get(filePath);
    if (overlay) return `v${overlay.version}`;
    const cached = this.parsed.get(filePath);
    if (cached && !cached.version.startsWith("v")) return cached.version;
    const text = this.getText(filePath);
    return text === undefined ? undefined : this.diskVersionOf(filePath, text);
  }

  private diskVersionOf(filePath: string, text: string): string {
    let version = this.diskVersions.get(filePath);
    if (version === undefined) this.diskVersions.set(filePath, (version = diskVersion(text)));
    return version;
  }

  /** Parse text that is not (or not yet) part of the workspace's files, without caching it. */
  parseText(filePath: string, text: string): ParsedFile {
    return parse(filePath, text, "adhoc");
  }

  /** Whether a path lies inside one of the workspace roots, after resolving symlinks. */
  isInside(filePath: string): boolean {
    return this.isUnderRoots(this.realPathOf(filePath) ?? path.resolve(filePath));
  }

  private isUnderRoots(real: string): boolean {
    return isUnderRoots(real, this.roots);
  }

  /**
   * The path with symlinks resolved: its directory's, kept (asked for every file of the project, the system's
   * realpath looks at each directory of the path again), and the file's own link when it is one.
   */
  private realPathOf(filePath: string): string | undefined {
    if (!this.fileSystem.isSymbolicLink) return this.fileSystem.realpath(filePath);
    const link = this.fileSystem.isSymbolicLink(filePath);
    if (link === undefined) return undefined;
    if (link) return this.fileSystem.realpath(filePath);
    const realDirectory = this.realDirectoryOf(path.dirname(filePath));
    return realDirectory === undefined ? undefined : path.join(realDirectory, path.basename(filePath));
  }

  /** A directory's real path, kept while `invalidations` is the same; undefined when it does not exist. */
  private realDirectoryOf(directory: string): string | undefined {
    if (this.realDirectoriesAt !== this.invalidations) {
      this.realDirectories.clear();
      this.realDirectoriesAt = this.invalidations;
    }
    let realDirectory = this.realDirectories.get(directory);
    if (realDirectory === undefined) this.realDirectories.set(directory, (realDirectory = this.fileSystem.realpath(directory) ?? null));
    return realDirectory ?? undefined;
  }

  /**
   * A relative path passed to fs at run time is relative to the process's working directory, which is
   * usually the package root; try that first, then the importing file's directory.
   */
  resolveRuntimePath(fromFile: string, relativePath: string): string {
    if (path.isAbsolute(relativePath)) return relativePath;
    const candidates = [path.resolve(this.packageRootOf(fromFile), relativePath), path.resolve(path.dirname(fromFile), relativePath)];
    return candidates.find((candidate) => this.fileSystem.stat(candidate)?.isFile) ?? candidates[0]!;
  }

  /** The nearest directory above a file with a package.json, or the file's own directory. */
  packageRootOf(filePath: string): string {
    let directory = path.dirname(filePath);
    for (;;) {
      const cached = this.packageRoots.get(directory);
      if (cached) return cached;
      if (this.fileSystem.stat(path.join(directory, "package.json"))?.isFile) break;
      const parent = path.dirname(directory);
      if (parent === directory) return path.dirname(filePath);
      directory = parent;
    }
    this.packageRoots.set(path.dirname(filePath), directory);
    return directory;
  }

  /** Reads a prompt file the code loads at run time; only inside the workspace and only up to the size limit. */
  readPromptFile(filePath: string): PromptFileRead {
    if (!this.isInside(filePath)) return { ok: false, reason: `outside the workspace: ${filePath}` };
    const overlay = this.overlays.get(filePath);
    if (overlay) return { ok: true, text: overlay.text, truncated: false, sizeBytes: Buffer.byteLength(overlay.text) };
    const stat = this.fileSystem.stat(filePath);
    if (!stat?.isFile) return { ok: false, reason: `not found: ${filePath}` };
    if (stat.size > this.options.maxPromptBytes) {
      const text = this.fileSystem.readFilePrefix(filePath, this.options.maxPromptBytes);
      if (text === undefined) return { ok: false, reason: `unreadable: ${filePath}` };
      return { ok: true, text, truncated: true, sizeBytes: stat.size };
    }
    const text = this.fileSystem.readFile(filePath);
    if (text === undefined) return { ok: false, reason: `unreadable: ${filePath}` };
    return { ok: true, text, truncated: false, sizeBytes: stat.size };
  }

  private store(filePath: string, text: string, version: string, previous?: ParsedFile): ParsedFile {
    if (this.released.delete(filePath)) {
      this.changes++;
      for (const derived of this.derived.values()) if (derived instanceof Map) derived.clear();
    }
    const unclosed = tooManyUnclosedBrackets(text);
    const parsedFile =
      unclosed !== undefined
        ? unparsed(filePath, text, version, `${unclosed} brackets are never closed (over ${MAX_UNCLOSED_BRACKETS}, the TypeScript parser can take minutes on such text)`)
        : previous
          ? reparse(previous, text, version)
          : parse(filePath, text, version);
    this.parsed.set(filePath, parsedFile);
    return parsedFile;
  }
}

/**
 * The version of a file read from disk, as getParsedFile and versionOf give it: a hash of the content, so an
 * edit that keeps the length (500 -> 800) is a new version. SHA-1 of 1 MB takes about 2 ms.
 */
function diskVersion(text: string): string {
  return `disk:${createHash("sha1").update(text).digest("base64url")}`;
}

/**
 * How files are parsed: the latest syntax, JSDoc comments left unparsed (the analysis reads no JSDoc node;
 * comments it reads, such as `// promptcost:` annotations, it reads from the text).
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

function parse(filePath: string, text: string, version: string): ParsedFile {
  return parsedFileOf(filePath, text, version, ts.createSourceFile(filePath, text, PARSE_OPTIONS, true, scriptKindOf(filePath)));
}

/** A file kept as text only: an empty tree, so every reader of it finds nothing, and the reason. */
function unparsed(filePath: string, text: string, version: string, reason: string): ParsedFile {
  const sourceFile = ts.createSourceFile(filePath, "", PARSE_OPTIONS, true, scriptKindOf(filePath));
  return { path: filePath, text, version, sourceFile, parseErrors: [], notParsed: reason };
}

/** Larger edits than this are parsed afresh: the incremental parser only pays off for small changes. */
const INCREMENTAL_PARSE_MAX_CHANGE = 10_000;

/**
 * The new text of an open document parsed incrementally from its previous version: the changed range is
 * found by comparing the two texts from both ends (linear, and far cheaper than parsing). The previous
 * tree must not be used afterwards (the compiler moves its reused nodes): only the newest version of an
 * open document is ever analysed, and analyses keep offsets, not nodes.
 */
function reparse(previous: ParsedFile, text: string, version: string): ParsedFile {
  const old = previous.text;
  let start = 0;
  const shortest = Math.min(old.length, text.length);
  while (start < shortest && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let oldEnd = old.length;
  let newEnd = text.length;
  while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  if (Math.max(oldEnd - start, newEnd - start) > INCREMENTAL_PARSE_MAX_CHANGE) return parse(previous.path, text, version);
  const change = ts.createTextChangeRange(ts.createTextSpan(start, oldEnd - start), newEnd - start);
  const updated = parsedFileOf(previous.path, text, version, ts.updateSourceFile(previous.sourceFile, text, change));
  // Error recovery can differ from a full parse's; with a syntax error anywhere the text is parsed afresh,
  // so the editor reports exactly what `promptcost --lint` does.
  return updated.parseErrors.length === 0 ? updated : parse(previous.path, text, version);
}

function parsedFileOf(filePath: string, text: string, version: string, sourceFile: ts.SourceFile): ParsedFile {
  // parseDiagnostics is internal to the compiler but stable for a decade; it is the only way to learn
  // about syntax errors without building a Program.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const parseErrors = diagnostics.map((diagnostic) => ({
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
    start: diagnostic.start,
    length: diagnostic.length,
  }));
  return { path: filePath, text, version, sourceFile, parseErrors };
}

/** The parser's script kind for each source extension (source-kinds.ts). */
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

function scriptKindOf(path: string): ts.ScriptKind {
  return SCRIPT_KINDS[extensionOf(path)] ?? ts.ScriptKind.TS;
}
