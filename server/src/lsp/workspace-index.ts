import { analyzeFile, type AnalysisContext } from "../core/analyze.ts";
import type { PriceTable } from "../core/pricing/price-table.ts";
import { Evaluator } from "../core/resolve/evaluate.ts";
import { docsUrl } from "../core/rules/rule.ts";
import type { AnalysisSettings } from "../core/settings.ts";
import type { FileAnalysis } from "../core/types.ts";
import { Workspace, type ParsedFile, type PromptFileRead } from "../core/workspace/workspace.ts";
import type { ProjectLookup } from "../core/workspace/project-lookups.ts";
import { recordingReads } from "../cli/result-cache.ts";
import { diskFileSystem } from "../core/workspace/file-system.ts";
import { listSourceFiles } from "./source-files.ts";
import { prefetchingFileSystem, type TextPrefetch } from "./text-prefetch.ts";
import { AnalysisStore, type StoreKey } from "./analysis-store.ts";
import { CliCacheReader } from "./cli-cache.ts";
import { TEXT_FACTS } from "../core/providers/text-facts.ts";
import { HERITAGE_INDEX } from "../core/providers/heritage-index.ts";
import { MUTATION_EVENTS } from "../core/resolve/mutations.ts";
import { DocumentApartMap } from "./document-apart-map.ts";
import { analyseReusingCalls, type DocumentRecord, type IsolatingWorkspace, type VersionText } from "./call-reuse.ts";

/**
 * A Workspace that notes every file an analysis reads (imported modules, prompt files), so the server
 * knows which open documents to re-analyse when one of those files changes.
 */
class RecordingWorkspace extends Workspace implements IsolatingWorkspace {
  reads: Set<string> | undefined;
  /** The files one isolated piece of work read. */
  private callReads: Set<string> | undefined;
  /** The project searches it made, when asked. */
  private callLookups: ProjectLookup[] | undefined;
  private apart: Map<symbol, unknown> | undefined;

  /**
   * Runs `work` with derived state of its own (mutation events and the like), so that nothing it derives
   * is read by later work without being read again; the wrapper index, whose entries know the files they
   * read, the facts of texts (functions of a text alone), the heritage index (its answers know the texts
   * they read), and the mutation events of declarations in files other than the open documents (see
   * DocumentApartMap), stay shared.
   */
  isolated<T>(work: () => T, files: Set<string>, lookups?: ProjectLookup[]): T {
    const outer = this.apart;
    const outerFiles = this.callReads;
    const outerLookups = this.callLookups;
    this.apart = new Map();
    this.callReads = files;
    this.callLookups = lookups;
    try {
      return work();
    } finally {
      this.apart = outer;
      this.callReads = outerFiles;
      this.callLookups = outerLookups;
    }
  }

  override noteProjectLookup(lookup: ProjectLookup): void {
    super.noteProjectLookup(lookup);
    this.callLookups?.push(lookup);
  }

  override memo<T>(key: symbol, make: () => T): T {
    const apart = this.apart;
    if (!apart || key.description === "wrapper index" || key === TEXT_FACTS || key === HERITAGE_INDEX) return super.memo(key, make);
    if (apart.has(key)) return apart.get(key) as T;
    const made = key === MUTATION_EVENTS ? this.documentApart(super.memo(key, make), make()) : make();
    apart.set(key, made);
    return made;
  }

  /** A map by node that is the work's own for nodes of open documents and the shared one for other files'. */
  private documentApart<T>(shared: T, own: T): T {
    if (!(shared instanceof WeakMap && own instanceof WeakMap)) return own;
    return new DocumentApartMap(shared, own, (filePath) => this.hasOverlay(filePath)) as unknown as T;
  }

  override getParsedFile(filePath: string): ParsedFile | undefined {
    this.reads?.add(filePath);
    this.callReads?.add(filePath);
    return super.getParsedFile(filePath);
  }

  override readPromptFile(filePath: string): PromptFileRead {
    this.reads?.add(filePath);
    this.callReads?.add(filePath);
    return super.readPromptFile(filePath);
  }
}

/** An analysis made before this session's own: stored by an earlier session or a workspace report, or cached by `promptcost --lint --cache`. */
export interface EarlierAnalysis {
  analysis: FileAnalysis;
  source: "session" | "cli";
}

export interface AnalysisInputs {
  settings: AnalysisSettings;
  prices: PriceTable;
}

/**
 * The server's view of the project: open documents layered over the disk (so cross-file resolution sees
 * unsaved edits and unopened files alike), and which files each open document's analysis depends on.
 */
export class WorkspaceIndex {
  private workspace: RecordingWorkspace;
  private readonly overlays = new Map<string, { text: string; version: number }>();
  /** Open document path -> the other files its last analysis read. */
  private readonly dependencies = new Map<string, Set<string>>();
  /** Open document path -> its last analysis, call by call, for the next keystroke to reuse. */
  private readonly records = new Map<string, DocumentRecord | VersionText>();
  /** Counts changes to anything but one open document's own text: a record made before one is not reused. */
  private generation = 0;
  /** What the last analysis of an open document kept from the previous version (for tests and the benchmark): calls of how many candidates, and the wrapper entry. */
  lastReuse = { candidates: 0, calls: 0, entry: false };
  /** Every file the workspace read from disk: the non-source ones are part of what a stored analysis depends on. */
  private readonly diskReads = new Set<string>();
  private storeDirectory: string | undefined;
  private store: AnalysisStore | undefined;
  /** The workspace report's store writes under way (see pruneStore). */
  private reportWrites: Promise<boolean>[] = [];
  private cliCache: CliCacheReader;
  private prefetch: TextPrefetch | undefined;

  constructor(private roots: string[]) {
    this.workspace = this.newWorkspace(roots);
    this.cliCache = new CliCacheReader(this.workspace, roots);
  }

  private newWorkspace(roots: string[], folders = false): RecordingWorkspace {
    const prefetch = folders ? this.prefetch : undefined;
    const workspace = new RecordingWorkspace(roots, recordingReads(prefetch ? prefetchingFileSystem(diskFileSystem, prefetch) : diskFileSystem, this.diskReads));
    // The folders' source files, listed when an analysis first needs the project's classes (the classes
    // implementing an interface, the subclasses of a class), as the CLI lists them. Never a directory the
    // editor did not open as a folder (the server's working directory may be anything).
    if (folders) workspace.listProjectFiles = () => prefetch?.listing() ?? listSourceFiles(roots);
    return workspace;
  }

  /**
   * The folders' files, read on a second thread since the server started (text-prefetch.ts): given to the
   * workspace the next setRoots makes, if it is for those folders (stopped otherwise).
   */
  usePrefetch(prefetch: TextPrefetch): void {
    this.prefetch = prefetch;
  }

  /** Keeps analyses of open documents in this directory for later sessions (see analysis-store.ts). */
  useStore(directory: string): void {
    this.storeDirectory = directory;
    this.store = new AnalysisStore(directory, this.workspace, this.diskReads);
  }

  /**
   * The analysis of an open document a session before this one stored, else the CLI's cached one, when
   * nothing it was made from changed.
   */
  earlierAnalysis(filePath: string, key: StoreKey): EarlierAnalysis | undefined {
    const stored = this.store?.lookup(filePath, key);
    if (stored) return { analysis: stored, source: "session" };
    const cached = this.cliCache.lookup(filePath, key);
    return cached ? { analysis: cached, source: "cli" } : undefined;
  }

  /** Stores the analysis of an open document for a later session. */
  storeAnalysis(filePath: string, key: StoreKey, analysis: FileAnalysis): void {
    void this.store?.save(filePath, key, analysis, this.dependencies.get(filePath) ?? []);
  }

  /**
   * Stores the workspace report's analysis of a file that is not open (see analysis-store.ts), right after it
   * is made; pruneStore follows once the report is done.
   */
  storeReportAnalysis(filePath: string, key: StoreKey, analysis: FileAnalysis): void {
    const written = this.store?.write(filePath, key, analysis, []);
    if (written) this.reportWrites.push(written);
  }

  /** Prunes the store once the report's entries are written. */
  pruneStore(): void {
    const store = this.store;
    const writes = this.reportWrites;
    this.reportWrites = [];
    if (store) void Promise.all(writes).then(() => store.prune());
  }

  get workspaceRoots(): readonly string[] {
    return this.roots;
  }

  /** Workspace folders changed (`folders`: they are the editor's folders): start over with a fresh workspace and the open documents laid over it. */
  setRoots(roots: string[], folders = false): void {
    // The thread read the folders the server started with: other folders are read here.
    if (this.prefetch && !(folders && this.prefetch.readsFolders(roots))) {
      this.prefetch.close();
      this.prefetch = undefined;
    }
    this.roots = roots;
    this.generation++;
    this.workspace = this.newWorkspace(roots, folders);
    this.cliCache = new CliCacheReader(this.workspace, roots);
    if (this.storeDirectory) this.useStore(this.storeDirectory);
    for (const [filePath, overlay] of this.overlays) this.workspace.setOverlay(filePath, overlay.text, overlay.version);
  }

  setOverlay(filePath: string, text: string, version: number): void {
    // Another document changed: what the others kept may have read it. Only their texts stay (an analysis
    // after this, with their texts unchanged, is made whole).
    for (const [other, record] of this.records) if (other !== filePath) this.records.set(other, { version: record.version, text: record.text, literals: record.literals });
    if (!this.overlays.has(filePath)) this.generation++;
    this.overlays.set(filePath, { text, version });
    this.workspace.setOverlay(filePath, text, version);
  }

  removeOverlay(filePath: string): void {
    this.overlays.delete(filePath);
    this.dependencies.delete(filePath);
    this.records.delete(filePath);
    this.generation++;
    this.workspace.removeOverlay(filePath);
  }

  /** A file changed, appeared or went away on disk. */
  invalidate(filePath: string): void {
    this.prefetch?.forget(filePath);
    this.generation++;
    this.workspace.invalidate(filePath);
  }

  /** Open documents whose last analysis read this file. */
  dependentsOf(filePath: string): string[] {
    const dependents: string[] = [];
    for (const [document, reads] of this.dependencies) if (reads.has(filePath)) dependents.push(document);
    return dependents;
  }

  /**
   * Analyses one file with a fresh Evaluator, so an imported constant or prompt file that changed since the
   * last run is read again; parsed files stay cached by version in the workspace.
   */
  analyze(filePath: string, inputs: AnalysisInputs, evaluator?: Evaluator): FileAnalysis {
    const workspace = this.workspace;
    const context: AnalysisContext = { workspace, prices: inputs.prices, settings: inputs.settings, evaluator: evaluator ?? new Evaluator(workspace) };
    const size = this.overlays.has(filePath) ? 0 : workspace.fileSystem.stat(filePath)?.size ?? 0;
    if (size > workspace.options.maxSourceBytes) {
      return notAnalysed(filePath, `Not analysed: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${workspace.options.maxSourceBytes / 1024 / 1024} MB limit for source files.`);
    }
    const reads = new Set<string>();
    workspace.reads = reads;
    try {
      if (!evaluator && this.overlays.has(filePath)) return this.analyseOpenDocument(filePath, inputs);
      return analyzeFile(filePath, context);
    } catch (error) {
      return notAnalysed(filePath, `promptcost could not analyse this file: ${(error as Error).message}`);
    } finally {
      workspace.reads = undefined;
      if (this.overlays.has(filePath)) {
        reads.delete(filePath);
        this.dependencies.set(filePath, reads);
      }
    }
  }

  /** An open document: call by call, keeping the calls the edit since the last analysis cannot have changed. */
  private analyseOpenDocument(filePath: string, inputs: AnalysisInputs): FileAnalysis {
    const previous = this.records.get(filePath);
    this.records.delete(filePath);
    const version = this.overlays.get(filePath)!.version;
    const outcome = analyseReusingCalls(filePath, { workspace: this.workspace, settings: inputs.settings, prices: inputs.prices, version, generation: this.generation, dependencies: this.dependencies.get(filePath) ?? new Set() }, previous);
    if (outcome.kept) this.records.set(filePath, outcome.kept);
    this.lastReuse = { candidates: outcome.candidates, calls: outcome.reused, entry: outcome.entryReused };
    return outcome.analysis;
  }

  /** An Evaluator to share across the files of one workspace report, as the CLI does. */
  newEvaluator(): Evaluator {
    return new Evaluator(this.workspace);
  }
}

function notAnalysed(file: string, message: string): FileAnalysis {
  const range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { file, calls: [], findings: [{ file, rule: "parse-error", severity: "warning", message, range, offsets: { start: 0, end: 0 }, docsUrl: docsUrl("parse-error") }] };
}
