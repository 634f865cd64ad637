// Per-keystroke reuse of each call's requests. The server analyses an open document call by call, each
// call with an evaluator of its own (no value remembered by one call is read by another), recording which
// of the document's string literals and source text each call read. When the next version differs from
// this one only inside one string literal's content, or only between tokens (whitespace, a comment:
// trivia-edit.ts), a call that read neither that literal nor the text around it keeps its requests, moved
// by the edit's length; the others are analysed again. Everything else
// (the file's wrapper entry, its candidate names, its mocked modules) must come out the same as before,
// or the whole file is analysed again. The result is the same as a fresh analysis of the new text
// (test/unit/call-reuse.test.ts compares them over seeded random keystrokes).
import * as path from "node:path";
import { analyzeFile, callsAt, candidateCallNodes, fileBounds, mergeAlternatives, priceCall, runRules, type AnalysisContext } from "../core/analyze.ts";
import { readAnnotation } from "../core/comments.ts";
import type { PriceTable } from "../core/pricing/price-table.ts";
import { recogniserFor } from "../core/providers/recognise.ts";
import { textFact } from "../core/providers/text-facts.ts";
import { importSpecifiers } from "../core/providers/text-prefilter.ts";
import { wrapperIndexOf, wrappersOf, type FileWrappers } from "../core/providers/wrapper-index.ts";
import { Evaluator } from "../core/resolve/evaluate.ts";
import { runTimeValues } from "../core/resolve/run-time-values.ts";
import { withRunTimeModel } from "../core/run-time-model.ts";
import type { AnalysisSettings } from "../core/settings.ts";
import { mockedModules } from "../core/test-doubles.ts";
import type { FileAnalysis, LlmCall } from "../core/types.ts";
import { WorkBudget } from "../core/work-budget.ts";
import type { ParsedFile, Workspace } from "../core/workspace/workspace.ts";
import { changeBetween, literalEdit, literalSpans, type LiteralEdit, type LiteralSpan } from "./literal-edit.ts";
import { emptyReads, readsTouch, recordingReads, type LiteralReads } from "./literal-reads.ts";
import { entryRecord, keepEntry, textTestsOf, type EntryRecord } from "./entry-reuse.ts";
import { movedReads, shiftCalls } from "./shift-calls.ts";
import { triviaEdit } from "./trivia-edit.ts";
import { textAnswers } from "./text-answers.ts";
import type { ProjectLookup } from "../core/workspace/project-lookups.ts";

/** What one call expression of a version gave, and what it read of the document. */
interface CallRecord {
  start: number;
  end: number;
  calls: LlmCall[];
  reads: LiteralReads;
  steps: number;
  /** Whether the call's analysis read another file: offsets in its messages and parameters may then point there. */
  readOtherFiles: boolean;
}

/** The text and literals of the last version analysed: enough to tell whether the next edit is a literal edit. */
export interface VersionText {
  version: number;
  text: string;
  literals: LiteralSpan[];
}

/** An analysis of one version of an open document, call by call, kept for the next version. */
export interface DocumentRecord extends VersionText {
  settings: AnalysisSettings;
  prices: PriceTable;
  /** The index's count of changes to other files when this version was analysed. */
  generation: number;
  /** Candidate callee names, mocked modules and the file's wrapper entry, with offsets as in `text`. */
  shape: string;
  records: Map<string, CallRecord>;
  entry: EntryRecord;
  /** Every file the analyses this record's calls come from read (besides the document). */
  filesRead: ReadonlySet<string>;
  /** Whether a file among filesRead (or reached from them) may import the document back, once known. */
  importsBack?: boolean;
}

/** A workspace whose derived state (other than the wrapper index) can be kept apart for the duration of one call. */
export interface IsolatingWorkspace extends Workspace {
  /** Runs `work` with derived state of its own, noting in `files` every file it reads (and in `lookups` every project search it makes). */
  isolated<T>(work: () => T, files: Set<string>, lookups?: ProjectLookup[]): T;
}

export interface ReuseInputs {
  workspace: IsolatingWorkspace;
  settings: AnalysisSettings;
  prices: PriceTable;
  version: number;
  generation: number;
  /** Files the previous analysis read besides the document; a file among them that may import the document disables reuse. */
  dependencies: ReadonlySet<string>;
}

/** What one analysis of an open document gave, and what to keep for the next version. */
export interface ReuseOutcome {
  analysis: FileAnalysis;
  /** A record call by call, or only the text when the file was analysed whole. */
  kept?: DocumentRecord | VersionText;
  /** Candidate call expressions, and those whose requests were kept from the previous version. */
  candidates: number;
  reused: number;
  entryReused: boolean;
}

/**
 * The analysis of the document's current version. On opening, and after an edit inside a string literal,
 * call by call (reusing the previous version's calls and wrapper entry where the edit cannot have changed
 * them); after any other edit, whole, as `analyzeFile` does (faster than call by call when nothing is kept).
 */
export function analyseReusingCalls(filePath: string, inputs: ReuseInputs, previous: DocumentRecord | VersionText | undefined): ReuseOutcome {
  const { workspace, settings, prices } = inputs;
  const context: AnalysisContext = { workspace, settings, prices };
  const text = workspace.getText(filePath);
  const whole = (kept?: VersionText): ReuseOutcome => ({ analysis: analyzeFile(filePath, { ...context, evaluator: new Evaluator(workspace) }), kept, candidates: 0, reused: 0, entryReused: false });
  if (text === undefined) return whole();
  const base = new Evaluator(workspace);
  const recogniser = recogniserFor(base, settings.wrappers, settings.endpoints);
  const bounds = fileBounds(settings);
  recogniser.entryBounds = bounds;
  if (!(recogniser.mayRequest(filePath, text) || recogniser.mayCallWrappers(filePath, text))) return whole();
  const file = workspace.getParsedFile(filePath);
  if (!file || file.notParsed !== undefined) return whole();
  const literals = literalSpans(file.sourceFile);
  const now: VersionText = { version: inputs.version, text, literals };
  const change = previous ? changeBetween(previous.text, text) : undefined;
  const edit = previous && change ? (literalEdit(change, previous, now) ?? triviaEdit(change, previous.text, text, file.sourceFile)) : undefined;
  if (previous && !edit) return whole(now);
  const chain = previous && "records" in previous && edit && sameInputs(previous, inputs) ? previous : undefined;
  const filesRead = new Set([...(chain?.filesRead ?? []), ...inputs.dependencies]);
  // Other files do not change along a chain: the answer holds until the files read grow.
  // The document's import cycle, whose members' reads of it were recorded with its entry (entry-reuse.ts).
  const cycle = new Set(chain?.entry.wrappers.cycle);
  const importsBack = chain && chain.importsBack !== undefined && filesRead.size === chain.filesRead.size ? chain.importsBack : chain ? mayImportDocument(filePath, filesRead, cycle, workspace) : undefined;
  const full = chain && !importsBack ? chain : undefined;
  const budget = new WorkBudget(bounds.steps, bounds.guardMs);
  const endAnalysis = recogniser.startAnalysis(filePath);
  try {
    base.budget = budget;
    runTimeValues(base).configure(settings.env);
    const textTests = textTestsOf(recogniser, filePath, text);
    const keptEntry = full && edit ? keepEntry(full.entry, edit, file, textTests, workspace) : undefined;
    const entryReads = keptEntry?.reads ?? emptyReads();
    // An entry made by another analysis was read without recording: what it read is not known.
    const madeBefore = keptEntry === undefined && madeAndCurrent(recogniser, file, workspace);
    const entryLookups: ProjectLookup[] = [];
    const names = recordingReads(file.sourceFile, entryReads, () => workspace.isolated(() => recogniser.candidateNames(file), new Set(), entryLookups));
    const entry = wrappersOf(recogniser, file, 0);
    const mocked = mockedModules(file);
    const shape = shapeOf(filePath, names, mocked, entry, edit);
    // An import cycle made again may offer other things through any member: the calls read them.
    const reusable = full && shape === full.shape && (keptEntry !== undefined || cycle.size === 0) ? full : undefined;
    const records = new Map<string, CallRecord>();
    const calls: LlmCall[] = [];
    let reused = 0;
    const nodes = names.size === 0 ? [] : candidateCallNodes(file, names);
    for (const node of nodes) {
      const start = node.getStart();
      const end = node.getEnd();
      const kept = reusable && edit ? reuse(reusable, edit, start, end, file) : undefined;
      if (kept) {
        budget.charge(kept.steps);
        reused++;
        records.set(`${start}:${end}`, kept);
        calls.push(...structuredClone(kept.calls));
        continue;
      }
      const evaluator = new Evaluator(workspace);
      evaluator.budget = budget;
      runTimeValues(evaluator).configure(settings.env);
      const reads = emptyReads();
      const spent = budget.spent;
      const files = new Set<string>();
      const found = recordingReads(file.sourceFile, reads, () => workspace.isolated(() => callsAt(node, file, evaluator, mocked, settings.wrappers, settings.endpoints), files));
      files.delete(filePath);
      const record = { start, end, calls: structuredClone(found), reads, steps: budget.spent - spent, readOtherFiles: files.size > 0 };
      records.set(`${start}:${end}`, record);
      calls.push(...found);
    }
    // Close to the budget, where sharing values between calls decides whether the file is analysed at all.
    if (budget.spent * 2 > budget.maxSteps) return whole(now);
    const priced = mergeAlternatives(
      calls.map((call) => {
        budget.step();
        return priceCall(withRunTimeModel(call, settings), context);
      }),
    );
    budget.step();
    // A file whose index entry is over the step budget was read: the whole analysis says so, as the CLI's does.
    if (recogniser.overBudgetReads.size > 0) return whole(now);
    const rules = runRules(file, priced, context);
    const record: DocumentRecord = { ...now, settings, prices, generation: inputs.generation, shape: shapeOf(filePath, names, mocked, entry, undefined), records, entry: entryRecord(entry, entryReads, textTests, textAnswers(workspace, filePath, text, entryLookups, keptEntry?.answers), !madeBefore), filesRead: full ? filesRead : new Set(inputs.dependencies), ...(full ? { importsBack: false } : {}) };
    return { analysis: { file: file.path, calls: priced, ...rules }, kept: record, candidates: nodes.length, reused, entryReused: keptEntry !== undefined };
  } catch {
    // Over the budget, or nested too deep: the whole analysis says how, as it would without reuse.
    return whole(now);
  } finally {
    endAnalysis();
  }
}

/** Whether the file's entry is in the index, made for this tree and current. */
function madeAndCurrent(recogniser: ReturnType<typeof recogniserFor>, file: ParsedFile, workspace: Workspace): boolean {
  const made = wrapperIndexOf(workspace).get(file.path);
  return made !== undefined && made.version === file.version && made.tree === file.sourceFile && recogniser.isCurrent(made);
}

function sameInputs(previous: DocumentRecord, inputs: ReuseInputs): boolean {
  return previous.settings === inputs.settings && previous.prices === inputs.prices && previous.generation === inputs.generation;
}

/**
 * Whether a file the document's analysis reaches may import the document back (a cycle) in its wrapper
 * entry, which every call shares: the entry would then read the document outside any call's record (what a
 * call reads of another file with no entry, it reads within its own record). The files reached: those the
 * analyses read, and the files their wrapper entries depend on, transitively. One of them whose entry
 * depends on the document imports it; one with an entry may (mayLoad).
 */
function mayImportDocument(filePath: string, filesRead: ReadonlySet<string>, cycle: ReadonlySet<string>, workspace: Workspace): boolean {
  const index = wrapperIndexOf(workspace);
  const reached = new Set<string>();
  const queue = [filePath, ...filesRead];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const [dependency] of index.get(file)?.dependencies ?? []) {
      if (dependency === filePath && !cycle.has(file) && file !== filePath) return true;
      queue.push(dependency);
    }
  }
  const stem = path.basename(filePath).replace(/\.[^.]+$/, "");
  const names = stem === "index" ? [path.basename(path.dirname(filePath)), path.basename(path.dirname(path.dirname(filePath)))] : [stem];
  for (const file of reached) {
    // Only wrapper entries are shared between calls: a file read without one is read within a call's record.
    if (file === filePath || cycle.has(file) || !index.has(file)) continue;
    const text = workspace.getText(file);
    if (text !== undefined && mayLoad(file, text, filePath, names, workspace)) return true;
  }
  return false;
}

/** A `require(` or `import(` whose argument is not one string literal: a module named at run time. */
const COMPUTED_LOAD = /\b(?:require|import)\s*\((?!\s*["'][^"'\n]*["']\s*\))/;

/**
 * Whether a file's text may load the document: one of its module specifiers resolves to it, or it loads a
 * module whose name is computed (`require(\`./${name}\`)`) and its text names the document (its stem, or
 * for an index file its directory's and their parent's names). A name alone is not enough: the files of an
 * application's `openai/index.js` mention `openai` everywhere, in `require("openai")` first.
 */
function mayLoad(file: string, text: string, document: string, names: readonly string[], workspace: Workspace): boolean {
  const specifiers = textFact(workspace, file, text, "importSpecifiers", importSpecifiers);
  if (specifiers.some((specifier) => workspace.resolver.resolve(file, specifier.split("?")[0]!) === document)) return true;
  return COMPUTED_LOAD.test(text) && names.some((name) => text.includes(name));
}

/** The previous version's record of the call now at [start, end), moved, when the edit cannot have changed it. */
function reuse(previous: DocumentRecord, edit: LiteralEdit, start: number, end: number, file: ParsedFile): CallRecord | undefined {
  const oldStart = start >= edit.newEnd ? start - edit.delta : start;
  const oldEnd = end >= edit.newEnd ? end - edit.delta : end;
  const record = previous.records.get(`${oldStart}:${oldEnd}`);
  if (!record || (record.start <= edit.start && edit.oldEnd <= record.end)) return undefined;
  if (readsTouch(record.reads, edit.literalStart, edit.start, edit.oldEnd)) return undefined;
  // Whether a parameter object spans lines is read from its text: a line break typed inside it may change it.
  if (edit.lineBreaks && record.calls.some((call) => call.paramsObject && call.paramsObject.offsets.start <= edit.start && edit.oldEnd <= call.paramsObject.offsets.end)) return undefined;
  const calls = shiftCalls(record.calls, edit, file, !record.readOtherFiles);
  if (!calls) return undefined;
  const lineStarts = file.sourceFile.getLineStarts();
  if (calls.some((call) => JSON.stringify(readAnnotation(file.text, call.range.line, lineStarts)) !== JSON.stringify(call.annotation))) return undefined;
  return { start, end, calls, reads: movedReads(record.reads, edit), steps: record.steps, readOtherFiles: record.readOtherFiles };
}

/**
 * What of the file decides which calls are candidates and what its own wrappers are: candidate names,
 * mocked modules, the wrapper entry (functions, sites, factories, exports), offsets given as in the
 * previous version (moved back over the edit) so that an unchanged shape compares equal.
 */
function shapeOf(filePath: string, names: ReadonlySet<string>, mocked: ReturnType<typeof mockedModules>, entry: FileWrappers, edit: LiteralEdit | undefined): string {
  const at = (node: { getStart(): number }): number => {
    const offset = node.getStart();
    return edit && offset >= edit.newEnd ? offset - edit.delta : offset;
  };
  const functions = [...entry.functions].map(([node, wrapper]) => [at(node), wrapper.name, wrapper.sites.map((site) => [at(site), wrapper.levels?.get(site) ?? 0])]);
  const factories = [...entry.factories].map(([node, factory]) => [at(node), factory.closure, [...factory.members].sort()]);
  const bound = [...entry.bound].map(([declaration, node]) => [at(declaration), at(node)]);
  const exports = [...entry.exports].map(([name, value]) => [name, value.callable, value.factory ?? false, [...value.members].sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return JSON.stringify({ names: [...names].sort(), mocked: [...mocked].map(([module, replaced]) => [module, replaced === "all" ? "all" : [...replaced].sort()]).sort(), functions, factories, bound, exports, entryNames: [...entry.names].sort(), cycle: entry.cycle ?? [], dependencies: entry.dependencies.filter(([dependency]) => dependency !== filePath) });
}
