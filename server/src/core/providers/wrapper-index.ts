// The wrapper index: per file, the project functions that make a request with their parameters in scope
// (and where), what the file exports of them, and the callee names that can make a request there. Kept by
// the workspace across analyses; an entry is recomputed when its file or a file it read changed.
import { enclosingFunction, findDeclaration } from "../resolve/scope.ts";
import { innerExpression } from "../inner-expression.ts";
import { requestsRunInOpenLoop } from "./run-time-loops.ts";
import { ts } from "../ts.ts";
import { WorkBudget, WorkBudgetExceeded } from "../work-budget.ts";
import type { ParsedFile, Workspace } from "../workspace/workspace.ts";
import { REQUEST_CALL_NAMES } from "./index.ts";
import { namesBoundFromFactories, nestedRole, returnedDeclarationRole } from "./closures.ts";
import { implementationMembers } from "./implementations.ts";
import { isRepairHook } from "./exclusive-branches.ts";
import { textFact } from "./text-facts.ts";
import { MAX_CYCLE_ROUNDS, offersOf, type CycleState } from "./cycle-reads.ts";
import { isCalledLocalClosure } from "./local-closures.ts";
import { mayHaveProjectCaller } from "./project-callers.ts";
import { callsNamed, callsOwnParameter, runByCallee } from "./parameter-calls.ts";
import { callsInjectedField, requestingFilesDeclaring } from "./injected-fields.ts";
import { callsGivenFetcher } from "./given-fetchers.ts";
import { postsToParameterUrl, type UrlDecidingFunctions } from "./parameter-urls.ts";
import { isHigherOrderBinding, wrappedFunctionOf } from "./higher-order.ts";
import { handsNamed } from "./handed-functions.ts";
import { heldByName, isRequire, nestedRequireBindings, requiredNames, returnedInstancesEntry, staticFactoryMembers } from "./instance-factories.ts";
import { MAX_WRAPPER_DEPTH, type CallRecogniser } from "./recognise.ts";
import { calleeName } from "./callee-name.ts";
import { namedCall, recordNamedCalls, type NamedCall } from "./named-calls.ts";
import { importsWrapperSource, nameUses, type NameUses } from "./value-names.ts";
import { implementationTypesReached, mayDefineWrappers, mayRequest, namesConfiguredWrapper, requestNameAliases, resolveProjectFile } from "./text-prefilter.ts";
import { collectingNotes, replayNotes, type OverBudgetNotes } from "./over-budget-notes.ts";
import { isTransparentWrapper, skipWrappers } from "./transparent-wrappers.ts";

/**
 * How many imports deep the wrapper index follows a file's imports at once: a guard for the stack, never a
 * limit of what an entry holds (an entry made over a cut is not kept, see keptUnlessCut). At 8 it cut, and
 * kept, entries a whole run reaches at depth 9 to 13 (anything-llm 72aabbd, continue d0a3c0b 13, cline
 * 4bec593 11, inbox-zero 4f70dce 9), depending on which file's analysis came first. At 32 it cut onlook
 * ab9333d's import cycle of ~210 files, walked 38 deep, whose entries were then made again for every file
 * asking (14,091 entries for 324 files; 176,023 and 39 s once fewer of its files "may request" by their
 * text). The stack overflowed at depths 780 to 980 on chains of generated files (a class, a nested object and
 * a template per file).
 */
export const MAX_IMPORT_DEPTH = 128;

/** The AI SDK's calls that may run tool steps: its generation functions, an agent's `generate` and `stream`. */
const STEPPING_CALL_NAMES: ReadonlySet<string> = new Set(["generateText", "streamText", "generateObject", "streamObject", "generate", "stream"]);

/** What the index knows of one file: its wrapper functions, what it exports of them, and the names a call can start with. */
/** What an exported name holds: a wrapper (callable), a factory returning one, an object or class with wrapper members. */
export interface ExportEntry {
  callable: boolean;
  members: Set<string>;
  /** A factory returning a closure that makes requests: the names bound to its result are callee names. */
  factory?: true;
}

export interface FileWrappers {
  /** Function-likes of the file that make an LLM request with their parameters in scope, and where they make it. */
  functions: Map<ts.Node, { name: string; sites: ts.CallExpression[]; levels?: Map<ts.CallExpression, number> }>;
  /**
   * Functions that make no request themselves but return a wrapper (a closure, or an object of them): a
   * call of what they return is the request, never the factory's own call.
   */
  factories: Map<ts.Node, { closure: boolean; members: Set<string> }>;
  /**
   * Function-likes that make their requests in a loop whose turns are decided at run time, or call one that
   * does (see requestsRunInOpenLoop): not wrappers, and a function calling one of them is not one either.
   */
  loops: Map<ts.Node, string>;
  /** Variables bound to a wrapper through a package's higher-order function (`const verify = traceable(verifyFunc)`), and that wrapper. */
  bound: Map<ts.VariableDeclaration, ts.Node>;
  /** Exported names that are wrappers, factories of them, or objects, classes and instances with wrapper methods. */
  exports: Map<string, ExportEntry>;
  /** Callee names (last identifier of the callee) that can make a request in this file. */
  names: Set<string>;
  /** The files of the import cycle the entry was made in, when it was (cycle-reads.ts): its dependencies are the whole cycle's. */
  cycle?: string[];
  /** Making it took more steps than a file may: it offers nothing, and says why (WorkBudgetExceeded's message). */
  overBudget?: string;
  /** Other files' entries over the step budget read while it was made (over-budget-notes.ts). */
  notes?: OverBudgetNotes;
  /**
   * Files consulted and their versions, to know when the entry is stale. The members of an import cycle share
   * one list, the whole cycle's, each member in it too (keepCycle).
   */
  dependencies: [string, string][];
  version: string;
  /** The tree `functions` is keyed by: a re-parse of the same version (a document closed and reopened) makes new nodes. */
  tree: ts.SourceFile;
}

/** The wrapper function a call is written in, when its call sites are reported instead; `id` names the call as a site of it. */
export function enclosingWrapper(recogniser: CallRecogniser, node: ts.Node, file: ParsedFile): { name: string; id: string } | undefined {
  const functions = wrappersOf(recogniser, file, 0).functions;
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    const wrapper = functions.get(current);
    // A request in a callback the function hands on to run later (`.then(...)`, a listener) is not one of its sites.
    if (wrapper?.sites.includes(node as ts.CallExpression)) return { name: wrapper.name, id: wrapperSiteId(file, current, node) };
  }
  return undefined;
}

/**
 * The index entry of a file, computed on first use and when it or a file it depends on changed. One over the
 * step budget stops the analysis of its own file, and is noted for another file's (see makeEntryNow).
 */
export function wrappersOf(recogniser: CallRecogniser, file: ParsedFile, depth: number): FileWrappers {
  const entry = entryOf(recogniser, file, depth);
  replayNotes(recogniser, entry.notes);
  if (entry.overBudget === undefined) return entry;
  if (file.path === recogniser.analysing) throw new WorkBudgetExceeded("steps", entry.overBudget);
  recogniser.overBudgetReads.set(file.path, entry.overBudget);
  return entry;
}

function entryOf(recogniser: CallRecogniser, file: ParsedFile, depth: number): FileWrappers {
  const cached = recogniser.index.get(file.path);
  if (cached && cached.version === file.version && cached.tree === file.sourceFile && recogniser.isCurrent(cached)) return cached;
  // An import cycle, or a local wrapper calling another while the file is indexed: what is known so far.
  const partial = recogniser.computing.get(file.path);
  if (partial) return recogniser.cycles.readWhileMade(file.path, partial);
  const waiting = recogniser.cycles.readProvisional(file.path);
  if (waiting) return waiting;
  const overCut = recogniser.cutWalk.entries.get(file.path);
  if (depth > MAX_IMPORT_DEPTH || (overCut && overCut.version === file.version && overCut.tree === file.sourceFile)) {
    recogniser.importDepthCuts++;
    return overCut ?? emptyWrappers(file);
  }
  return recogniser.cutWalk.within(() => {
    const made = makeEntry(recogniser, file, depth);
    return made.members ? settleCycle(recogniser, file, depth, made.entry, made.members) : made.entry;
  });
}

/**
 * The root of an import cycle and its members, made again round after round (each member reading what the
 * others offered the round before) until none offers anything new; then all kept (see cycle-reads.ts).
 */
function settleCycle(recogniser: CallRecogniser, file: ParsedFile, depth: number, first: FileWrappers, firstMembers: string[]): FileWrappers {
  const cycles = recogniser.cycles;
  const cuts = recogniser.importDepthCuts;
  // The cycle's entries of the round just made, by path (the root's first), and what each offers.
  const takeRound = (root: FileWrappers, members: readonly string[]): Map<string, FileWrappers> => {
    const made = new Map([[file.path, root]]);
    for (const member of members) {
      made.set(member, cycles.provisional.get(member)!.entry);
      cycles.provisional.delete(member);
    }
    return made;
  };
  let made = takeRound(first, firstMembers);
  for (let round = 1; ; round++) {
    const offered = new Map([...made].map(([path, entry]) => [path, offersOf(entry)]));
    for (const [path, entry] of made) cycles.previous.set(path, entry);
    cycles.nextRound();
    const again = round === MAX_CYCLE_ROUNDS ? undefined : makeEntry(recogniser, file, depth);
    if (again && !again.members) {
      // Made again, it is no root: it read an entry still being made further down, and belongs to that
      // cycle now, which makes it again (or no entry reads it back any more, and it was kept as it was made).
      for (const path of offered.keys()) cycles.previous.delete(path);
      return again.entry;
    }
    if (again) made = takeRound(again.entry, again.members ?? []);
    const settled = again !== undefined && made.size === offered.size && [...made].every(([path, entry]) => offered.get(path) === offersOf(entry));
    if (again && !settled) continue;
    for (const path of offered.keys()) cycles.previous.delete(path);
    cycles.nextRound();
    if (!again) recogniser.importDepthCuts++;
    if (keptUnlessCut(recogniser, cuts)) keepCycle(recogniser, made);
    else {
      recogniser.index.delete(file.path);
      for (const [path, entry] of made) recogniser.cutWalk.entries.set(path, entry);
    }
    return made.get(file.path)!;
  }
}

/**
 * Keeps the settled entries of a cycle, each depending on what any of them read: an edit to one file makes
 * them all stale, as what each offers depends on the others. One list for all of them, each member in it
 * (its own version is its entry's): a copy per member, without itself, took 11 MB on gemini-cli's cycles.
 */
function keepCycle(recogniser: CallRecogniser, entries: ReadonlyMap<string, FileWrappers>): void {
  const read = new Map<string, string>();
  for (const [path, entry] of entries) {
    read.set(path, entry.version);
    for (const [dependency, version] of entry.dependencies) read.set(dependency, version);
  }
  const dependencies = [...read];
  const cycle = [...entries.keys()];
  for (const [path, entry] of entries) {
    entry.dependencies = dependencies;
    entry.cycle = cycle;
    recogniser.index.set(path, entry);
  }
}

/**
 * Makes a file's entry and puts it in the index, unless it belongs to an import cycle not yet settled: a
 * member is kept aside for its root; the root gets its members back, to make the cycle again.
 */
function makeEntry(recogniser: CallRecogniser, file: ParsedFile, depth: number): { entry: FileWrappers; members?: string[] } {
  const shared = recogniser.evaluator.sharedWork;
  if (!shared) return makeEntryNow(recogniser, file, depth);
  shared.entriesMade++;
  // The file's own entry is its own work, not indexing for the files after it.
  if (shared.analysing === file.path) return makeEntryNow(recogniser, file, depth);
  return shared.measure("imports", () => shared.entry(file.path, () => makeEntryNow(recogniser, file, depth)));
}

function makeEntryNow(recogniser: CallRecogniser, file: ParsedFile, depth: number): { entry: FileWrappers; members?: string[] } {
  const result = emptyWrappers(file);
  recogniser.computing.set(file.path, result);
  recogniser.cycles.push(file.path);
  // An entry is work of its own, kept across analyses: bounded as a file is, and never charged to the file
  // whose analysis happened to need it first, so a file gets the same report whether its imports' entries
  // were made now or before (the editor's first analysis of a file, or a CLI run of that file alone). For the
  // same reason the depth guard's cuts it meets are not the ways being read around it (DepthCutWays.apart).
  const evaluator = recogniser.evaluator;
  const budget = evaluator.budget;
  const bounds = recogniser.entryBounds ?? { steps: budget.maxSteps, guardMs: budget.guardMs };
  evaluator.budget = new WorkBudget(bounds.steps, bounds.guardMs);
  const cuts = recogniser.importDepthCuts;
  let kept = false;
  let place: ReturnType<CycleState["pop"]>;
  try {
    const [, notes] = collectingNotes(recogniser, () => recogniser.apartFromWays(() => recogniser.withArguments(true, () => computeWrappers(recogniser, file, depth, result))));
    if (notes) result.notes = notes;
    kept = keptUnlessCut(recogniser, cuts);
  } catch (error) {
    // The entry needs more steps than a file may take: it offers nothing, and the file that asked for it
    // goes on. It was thrown into that file's analysis, which then said "Not analysed: needs more than
    // 2,000,000 evaluation steps" of a file that needed few (openai/openai-agents-js 6d0c61a: agent.ts,
    // importing run.ts, 8 s). Counted in steps, so it is the same entry whichever file asks: kept like any
    // other. The file's own analysis is not analysed, whether it made the entry or found it made; another
    // file's analysis that read it says so (wrappersOf).
    if (!(error instanceof WorkBudgetExceeded) || error.reason !== "steps" || file.path === recogniser.analysing) throw error;
    offerNothing(result);
    result.overBudget = error.message;
    kept = keptUnlessCut(recogniser, cuts);
  } finally {
    evaluator.budget = budget;
    recogniser.computing.delete(file.path);
    place = recogniser.cycles.pop(file.path, result, kept);
  }
  if (place.root) return { entry: result, members: place.members };
  if (kept && !recogniser.cycles.provisional.has(file.path)) recogniser.index.set(file.path, result);
  else recogniser.index.delete(file.path);
  if (!kept) recogniser.cutWalk.entries.set(file.path, result);
  return { entry: result };
}

/**
 * Whether what was worked out since `cuts` may be kept: not when an import was left unread for its depth
 * under it (MAX_IMPORT_DEPTH), which depends on where the chain of imports started, so on which file's
 * analysis asked first. Asked again, it is worked out again.
 */
export function keptUnlessCut(recogniser: CallRecogniser, cuts: number): boolean {
  return recogniser.importDepthCuts === cuts;
}

export function computeWrappers(recogniser: CallRecogniser, file: ParsedFile, depth: number, result: FileWrappers): FileWrappers {
  const imported = new Set<string>();
  const factoryLocals = new Set<string>();
  // What each imported local name holds, for the file's own factories returning instances of imported classes.
  const importedEntries = new Map<string, ExportEntry>();
  const take = (entry: ExportEntry | undefined, local: string) => {
    if (entry) importedEntries.set(local, entry);
    addImported(entry, local, imported, factoryLocals);
  };
  // Names of the open-loop functions of the files imported: a call of one of them is looked at closer.
  const loopNames = new Set<string>();
  const reExports: { specifier: string; names: [string, string][] | "all" }[] = [];
  let uses: NameUses | undefined;
  const usesOfNames = (): NameUses => (uses ??= nameUses(file.sourceFile));
  // What the file's project imports bring in: wrapper functions, and objects or classes with wrapper methods.
  // An import of interfaces and type aliases the file uses only in types brings in none (value-names.ts).
  for (const statement of file.sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const specifier = statement.moduleSpecifier.text;
      let declarationsRead: string | undefined;
      const targetText = (): string | undefined => {
        declarationsRead = resolveProjectFile(recogniser, file.path, specifier);
        return declarationsRead === undefined ? undefined : recogniser.evaluator.workspace.getText(declarationsRead);
      };
      if (!importsWrapperSource(statement, usesOfNames, targetText)) {
        // Left out for what the target declares: an edit there makes this entry stale (a followed import is a dependency anyway).
        if (declarationsRead !== undefined) dependOn(recogniser, result, declarationsRead);
        continue;
      }
      const target = projectFile(recogniser, file, specifier, result);
      if (!target) continue;
      const entry = wrappersOf(recogniser, target, depth + 1);
      for (const name of entry.loops.values()) loopNames.add(name);
      const exports = entry.exports;
      if (exports.size === 0) continue;
      const clause = statement.importClause!;
      if (clause.name) take(exports.get("default"), clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        for (const [exportName, entry] of exports) addImported(entry, exportName, imported, factoryLocals);
      } else if (bindings) {
        for (const element of bindings.elements) take(exports.get((element.propertyName ?? element.name).text), element.name.text);
      }
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) && !statement.isTypeOnly) {
      const names = statement.exportClause && ts.isNamedExports(statement.exportClause) ? statement.exportClause.elements.map((element) => [(element.propertyName ?? element.name).text, element.name.text] as [string, string]) : "all";
      reExports.push({ specifier: statement.moduleSpecifier.text, names });
    }
  }
  // Whole modules required under a name (`const handle = require("./handle")`): a `...handle` in the file's own exports re-exports them.
  const requiredModules = new Map<string, ReadonlyMap<string, ExportEntry>>();
  for (const name of [...requireBindings(file), ...nestedRequireBindings(file)]) {
    const target = projectFile(recogniser, file, name.specifier, result);
    if (!target) continue;
    const exports = wrappersOf(recogniser, target, depth + 1).exports;
    if (name.local && name.imported === null) requiredModules.set(name.local, exports);
    const whole = (): ExportEntry => ({ callable: false, members: new Set(exports.keys()) });
    if (name.local) take(name.namespace ? whole() : (exports.get(name.imported ?? "default") ?? (name.imported === null ? whole() : undefined)), name.local);
  }
  for (const { specifier, names } of reExports) {
    const target = projectFile(recogniser, file, specifier, result);
    if (!target) continue;
    const exports = wrappersOf(recogniser, target, depth + 1).exports;
    if (names === "all") for (const [exportName, entry] of exports) result.exports.set(exportName, entry);
    else for (const [from, as] of names) {
      const entry = exports.get(from);
      if (entry) result.exports.set(as, entry);
    }
  }
  if (factoryLocals.size > 0) for (const name of namesBoundFromFactories(file.sourceFile, factoryLocals)) imported.add(name);
  // Methods of the project classes implementing an interface the file names (`this.engine.generate(...)`).
  for (const typeName of implementationTypesReached(recogniser, file.path, file.text)) for (const member of implementationMembers(recogniser, typeName)) imported.add(member);
  const requestNames = mayRequest(recogniser, file.path, file.text);
  const configured = namesConfiguredWrapper(recogniser, file.text);
  if (!requestNames && imported.size === 0 && !configured) return result;
  for (const name of imported) result.names.add(name);
  if (requestNames) for (const name of [...REQUEST_CALL_NAMES, ...requestNameAliases(file.text)]) result.names.add(name);
  for (const name of recogniser.configuredNames) result.names.add(name);
  for (const name of namesHoldingCallees(recogniser, file, result.names)) result.names.add(name);
  findLocalWrappers(recogniser, file, result, loopNames);
  collectExports(recogniser, file, result, importedEntries, requiredModules);
  return result;
}

/** `completionFn = startConversationMessage;` in a switch, `const run = fast ? quickAnswer : fullAnswer`. */
const HOLDING_PATTERN = /(?<![\w$.])([A-Za-z_$][\w$]*)\s*=\s*(?:[^;=\n?]*\?\s*([A-Za-z_$][\w$]*)\s*:\s*)?([A-Za-z_$][\w$]*)\s*(?:;|\n|$)/g;

/**
 * Variables a file assigns a callee name to (a wrapper or a request function, by name): a call of the
 * variable is a call of what it holds, looked at like the callee's own calls (the evaluator decides).
 */
function namesHoldingCallees(recogniser: CallRecogniser, file: ParsedFile, names: ReadonlySet<string>): string[] {
  const holding: string[] = [];
  for (const [variable, ...held] of textFact(recogniser.evaluator.workspace, file.path, file.text, "assignedNames", assignedNames)) {
    if (held.some((name) => names.has(name))) holding.push(variable);
  }
  return holding;
}

/** Each `variable = name` (or `variable = test ? name : other`) of a text: the variable, then the names it may hold. */
function assignedNames(text: string): [string, ...string[]][] {
  const assigned: [string, ...string[]][] = [];
  HOLDING_PATTERN.lastIndex = 0;
  for (let match = HOLDING_PATTERN.exec(text); match; match = HOLDING_PATTERN.exec(text)) assigned.push(match[2] === undefined ? [match[1]!, match[3]!] : [match[1]!, match[3]!, match[2]]);
  return assigned;
}

/**
 * Function-likes of the file with parameters whose body makes a request. Repeated until nothing new is
 * found, so a local wrapper calling a local wrapper is found too (bounded by MAX_WRAPPER_DEPTH rounds).
 */
export function findLocalWrappers(recogniser: CallRecogniser, file: ParsedFile, result: FileWrappers, loopNames: Set<string>): void {
  // One walk of the file: each candidate function with the named calls its body reaches, in document
  // order. A function declared inside another is a wrapper of its own, so an enclosing body's calls
  // stop there. The rounds then look at those calls only, never at the tree again.
  const functions: LocalFunction[] = [];
  const bindings: ts.VariableDeclaration[] = [];
  // Every named call of the file, kept for the call finder (named-calls.ts): this walk sees them all.
  const namedCalls: NamedCall[] = [];
  let reaching: readonly LocalFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isHigherOrderBinding(node)) bindings.push(node);
    const named = namedCall(node);
    if (named) {
      namedCalls.push(named);
      for (const candidate of reaching) candidate.calls.push(named);
    }
    const enclosing = reaching;
    if (ts.isFunctionDeclaration(node)) reaching = [];
    const declaration = ts.isFunctionLike(node) ? (node as ts.FunctionLikeDeclaration) : undefined;
    const body = declaration?.body;
    // A closure the function returns, or a function stored in an object, does not run when the function
    // around it is called: its requests are not that function's.
    const stored = declaration && body ? (ts.isFunctionDeclaration(node) ? returnedDeclarationRole(node) : nestedRole(declaration)) : undefined;
    // A callback in an object passed to a project function that calls it runs during that call (parameter-calls.ts).
    const runsInCall = stored?.kind === "deferred" && !stored.factory && reaching.length > 0 && callsNamed(body!, result.names) && runByCallee(recogniser.evaluator, declaration!, file, (path) => dependOn(recogniser, result, path));
    const role = runsInCall ? undefined : stored;
    if (role?.kind === "deferred") reaching = [];
    const factory = role?.kind === "deferred" ? role.factory : undefined;
    // A request's repair hook is part of the function making the request, never called by a name of its own.
    const name = declaration && body && !runsInCall && (takesParameters(declaration) || (factory !== undefined && takesParameters(factory))) && !isRepairHook(declaration) ? (functionName(declaration) ?? (factory ? (functionName(factory) ?? "closure") : undefined)) : undefined;
    if (declaration && body && name) {
      const candidate: LocalFunction = { node: declaration, name, calls: [] };
      if (factory) candidate.factory = { node: factory, ...(role?.kind === "deferred" && role.member !== undefined ? { member: role.member } : {}) };
      functions.push(candidate);
      const outside = reaching;
      const inside = [...outside, candidate];
      ts.forEachChild(node, (child) => {
        reaching = child === body ? inside : outside;
        visit(child);
      });
    } else {
      ts.forEachChild(node, visit);
    }
    reaching = enclosing;
  };
  visit(file.sourceFile);
  recordNamedCalls(file.sourceFile, namedCalls);
  // Named closures a function only calls (`const generate = async (candidate) => ...; generate(model)`):
  // one with parameters is read as part of the function around it (see local-closures.ts).
  const localClosures = new Map<ts.Node, boolean>();
  const candidates = new Set<ts.Node>(functions.map((candidate) => candidate.node));
  const mayBeCalled = (fn: ts.Node): boolean => mayHaveProjectCaller(recogniser, fn, file.path);
  for (const candidate of functions) {
    if (candidate.calls.length > 0) candidate.calls = candidate.calls.flatMap((entry) => {
      const levels = localClosureLevels(entry.call, candidate.node, localClosures, mayBeCalled);
      return levels === undefined ? [] : [levels > 0 ? { ...entry, levels } : entry];
    });
  }
  const callers = functions.filter((candidate) => candidate.calls.length > 0 && !foldedIntoEnclosing(candidate.node, candidates, localClosures, mayBeCalled));
  // A call found to make a request still makes it in a later round (rounds only add wrappers): read once.
  const requesting = new Set<ts.CallExpression>();
  const makesRequest = (call: ts.CallExpression): boolean => {
    if (requesting.has(call)) return true;
    const found = recogniser.makesRequest(call, file);
    if (found) requesting.add(call);
    return found;
  };
  // Sites whose request is whatever the call site passes: a function it calls, a URL it posts to.
  // A URL a function receives is looked at only where the file, or a file it imports, names an LLM endpoint
  // (its constants, a client class per vendor): a helper posting to whatever URL it is given elsewhere is
  // not made a wrapper, with every file calling it analysed, for a request none of them makes.
  const urlDeciding: UrlDecidingFunctions | undefined = recogniser.endpointReach.mayRequest(file.path, file.text) ? new Map() : undefined;
  // A closure a factory hands out may call what the factory was given (`createJsonTranslator(model, ...)` returning
  // `{ translate }`, which calls `model.complete`), or post to a URL it was given (`createFetchLanguageModel(url, ...)`
  // returning `{ complete }`): read where what the factory made is called, in the scope of the factory's call.
  const decidedByCallSite = (call: ts.CallExpression, node: ts.FunctionLikeDeclaration, name: string, factory?: ts.FunctionLikeDeclaration): boolean => callsOwnParameter(call, node) || (factory !== undefined && callsOwnParameter(call, factory)) || (urlDeciding !== undefined && postsToParameterUrl(call, node, name, urlDeciding, factory));
  // A call of a method of an object the constructor was given (`this.embedder.embedTextInput(...)`), named
  // as a method of a file that may make a request: its request is what the `new` passed (injected-fields.ts).
  const callsInjectedRequester = (call: ts.CallExpression, callee: string, node: ts.FunctionLikeDeclaration): boolean => {
    if (!callsInjectedField(call, node)) return false;
    if (result.names.has(callee)) return true;
    const files = requestingFilesDeclaring(recogniser, callee).filter((path) => path !== file.path);
    for (const path of files) dependOn(recogniser, result, path);
    return files.length > 0;
  };
  // A number the file's code fixes: a literal, or a constant of the file or one it imports (`stepCountIs(MAX_STEPS)`).
  const staticNumber = (expression: ts.Expression): number | undefined => {
    const value = recogniser.evaluator.evaluate(expression, { file });
    return value.kind === "number" ? value.value : undefined;
  };
  // A request of an agent or generation call running tool steps, set up where its options are written (`const
  // agent = researcher(...)` returning `new ToolLoopAgent({ tools, stopWhen: isStepCount(maxSteps) })`, then
  // `agent.stream(...)`: morphic's chat): its own. Read only for the SDK's names that may.
  const runsAgentSteps = (site: ts.CallExpression): boolean => {
    const callee = calleeName(site.expression);
    return callee !== undefined && STEPPING_CALL_NAMES.has(callee) && recogniser.runsToolSteps(site, file);
  };
  // Names that became wrappers since the functions found so far were read: their calls are read again.
  let fresh = new Set<string>();
  let added = false;
  // A function running an open loop: no wrapper, and the functions read before it that call it are looked at again.
  const markLoop = (node: ts.FunctionLikeDeclaration, name: string): void => {
    result.loops.set(node, name);
    loopNames.add(name);
    added = true;
  };
  const findRounds = (): void => {
    for (let round = 0; round < MAX_WRAPPER_DEPTH; round++) {
      added = false;
      const readAgain = fresh;
      fresh = new Set();
      const boundBefore = result.bound.size;
      for (const { node, name, calls, factory } of callers) {
        if (result.loops.has(node)) continue;
        const known = result.functions.get(node);
        if (known) {
          // A wrapper found before a function of the file it calls was found to run an open loop (written
          // above it): not a wrapper after all; the functions that became wrappers by calling it follow.
          if (!factory && callsOpenLoop(recogniser, file, result, calls, loopNames)) {
            result.functions.delete(node);
            if (![...result.functions.values()].some((other) => other.name === name)) result.names.delete(name);
            markLoop(node, name);
            continue;
          }
          // A wrapper found before a local wrapper it also calls (`this.responses(body)` on one branch, the
          // SDK on the other): that call is one more of its sites.
          if (readAgain.size > 0 && addSites(known, calls, readAgain, (call) => decidedByCallSite(call, node, name, factory?.node) || makesRequest(call))) added = true;
          continue;
        }
        // A call of its own parameter (`generate(...)`, `deps.callLLM(...)`) is a site whose request is the
        // argument's, read at each call site with what it passes (parameter-calls.ts).
        // So is a POST to a URL its parameter gives (parameter-urls.ts).
        // So is a call of an object its class was given when built (injected-fields.ts).
        // So is a call handing on a wrapper by reference (`run(this.#chat.bind(this))`: handed-functions.ts).
        const reaching = calls.filter(({ call, callee }) => callsInjectedRequester(call, callee, node) || ((result.names.has(callee) || (urlDeciding !== undefined && callsGivenFetcher(call, node))) && (decidedByCallSite(call, node, name, factory?.node) || makesRequest(call))) || (handsNamed(call, result.names) && makesRequest(call)));
        const sites = reaching.map(({ call }) => call);
        if (sites.length === 0) {
          // Nothing but a call of an open loop (`stream()` whose nested `chatApi` goes round): one too.
          if (loopNames.size > 0 && callsOpenLoop(recogniser, file, result, calls, loopNames)) markLoop(node, name);
          continue;
        }
        if (requestsRunInOpenLoop(node, name, sites, calls, (call) => decidedByCallSite(call, node, name, factory?.node), staticNumber) || callsOpenLoop(recogniser, file, result, calls, loopNames) || sites.some(runsAgentSteps)) {
          markLoop(node, name);
          continue;
        }
        const levels = new Map(reaching.flatMap(({ call, levels }) => (levels ? [[call, levels] as const] : [])));
        result.functions.set(node, levels.size > 0 ? { name, sites, levels } : { name, sites });
        result.names.add(name);
        fresh.add(name);
        if (factory) addFactory(result, factory);
        added = true;
      }
      if (bindWrappedFunctions(recogniser, file, bindings, result)) {
        for (const declaration of [...result.bound.keys()].slice(boundBefore)) fresh.add((declaration.name as ts.Identifier).text);
        added = true;
      }
      if (!added) break;
    }
  };
  findRounds();
  if (result.factories.size === 0) return;
  // Calls of what a local factory returns (`const generate = createGenerator(opts)`) may make wrappers of their own.
  const factoryNames = new Set<string>();
  for (const [node, entry] of result.factories) {
    const name = entry.closure ? functionName(node as ts.FunctionLikeDeclaration) : undefined;
    if (name) factoryNames.add(name);
  }
  fresh = new Set([...namesBoundFromFactories(file.sourceFile, factoryNames)].filter((name) => !result.names.has(name)));
  for (const name of fresh) result.names.add(name);
  if (fresh.size > 0) findRounds();
}

/**
 * How many named local closures with parameters, only ever called, a call of a function's body sits in
 * (each a level between the request and the function's call sites); undefined when one of them takes no
 * parameters, or sits in a function no project code calls (a route handler): the climb stops there, and the
 * call is not the function's.
 */
function localClosureLevels(call: ts.Node, fn: ts.Node, memo: Map<ts.Node, boolean>, mayBeCalled: (fn: ts.Node) => boolean): number | undefined {
  let levels = 0;
  for (let current = call.parent; current && current !== fn; current = current.parent) {
    if (!ts.isFunctionLike(current) || !isCalledLocalClosure(current, memo)) continue;
    if (!takesParameters(current)) return undefined;
    const enclosing = enclosingFunction(current);
    if (enclosing && !mayBeCalled(enclosing)) return undefined;
    levels++;
  }
  return levels;
}

/**
 * A named local closure with parameters inside a candidate wrapper that project code may call: read as part
 * of it, never a wrapper of its own. Inside a function only its framework calls (an exported `POST(request)`),
 * the closure is a wrapper of its own, its call sites the request lines.
 */
function foldedIntoEnclosing(node: ts.FunctionLikeDeclaration, candidates: ReadonlySet<ts.Node>, memo: Map<ts.Node, boolean>, mayBeCalled: (fn: ts.Node) => boolean): boolean {
  if (!takesParameters(node) || !isCalledLocalClosure(node, memo)) return false;
  const enclosing = enclosingFunction(node);
  return enclosing !== undefined && candidates.has(enclosing) && mayBeCalled(enclosing);
}

/** Adds to a wrapper the calls of names that became wrappers after it was found; whether there was one. */
function addSites(wrapper: { sites: ts.CallExpression[]; levels?: Map<ts.CallExpression, number> }, calls: LocalFunction["calls"], fresh: ReadonlySet<string>, makesRequest: (call: ts.CallExpression) => boolean): boolean {
  const more = calls.filter(({ call, callee }) => (fresh.has(callee) || handsNamed(call, fresh)) && !wrapper.sites.includes(call) && makesRequest(call));
  if (more.length === 0) return false;
  wrapper.sites = [...wrapper.sites, ...more.map(({ call }) => call)].sort((a, b) => a.pos - b.pos);
  for (const { call, levels } of more) if (levels) (wrapper.levels ??= new Map()).set(call, levels);
  return true;
}

/**
 * Whether a function calls one that runs its requests in an open loop (`researcher.research(...)` beside
 * its own requests): one call of it is no definite number of requests either.
 */
function callsOpenLoop(recogniser: CallRecogniser, file: ParsedFile, result: FileWrappers, calls: readonly { call: ts.CallExpression; callee: string }[], loopNames: ReadonlySet<string>): boolean {
  if (loopNames.size === 0) return false;
  for (const { call, callee } of calls) {
    if (!loopNames.has(callee)) continue;
    const value = recogniser.evaluator.evaluate(call.expression, { file });
    if (value.kind !== "function") continue;
    const sourceFile = value.node.getSourceFile();
    const declaredIn = sourceFile === file.sourceFile ? undefined : recogniser.evaluator.workspace.getParsedFile(sourceFile.fileName);
    const loops = sourceFile === file.sourceFile ? result.loops : declaredIn && wrappersOf(recogniser, declaredIn, 0).loops;
    if (loops?.has(value.node)) return true;
  }
  return false;
}

/** Binds the variables that hold a wrapper through a package's higher-order function; whether one was new. */
function bindWrappedFunctions(recogniser: CallRecogniser, file: ParsedFile, bindings: readonly ts.VariableDeclaration[], result: FileWrappers): boolean {
  let added = false;
  const isWrapper = (node: ts.Node): boolean => (node.getSourceFile() === file.sourceFile ? result.functions.has(node) : recogniser.isWrapper(node));
  for (const declaration of bindings) {
    if (result.bound.has(declaration)) continue;
    const wrapped = wrappedFunctionOf(recogniser.evaluator, declaration, file, result.names, isWrapper);
    if (!wrapped) continue;
    result.bound.set(declaration, wrapped);
    result.names.add((declaration.name as ts.Identifier).text);
    added = true;
  }
  return added;
}

function addFactory(result: FileWrappers, factory: { node: ts.FunctionLikeDeclaration; member?: string }): void {
  let entry = result.factories.get(factory.node);
  if (!entry) result.factories.set(factory.node, (entry = { closure: false, members: new Set() }));
  if (factory.member === undefined) entry.closure = true;
  else entry.members.add(factory.member);
}

/** The export entry of a function-like: a wrapper, or a factory of wrappers. */
function functionEntry(result: FileWrappers, node: ts.Node): ExportEntry | undefined {
  if (result.functions.has(node)) return { callable: true, members: new Set() };
  const factory = result.factories.get(node);
  if (!factory) return undefined;
  return factory.closure ? { callable: false, members: factory.members, factory: true } : { callable: false, members: factory.members };
}

/** The class a class extends, when named by an identifier (`extends BaseProvider`). */
function extendedName(node: ts.ClassLikeDeclaration): ts.Identifier | undefined {
  const clause = node.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
  const expression = clause?.types[0]?.expression;
  return expression && ts.isIdentifier(expression) ? expression : undefined;
}

/** Which of the file's wrappers (and objects or classes holding them) it exports, ESM or CommonJS. */
export function collectExports(recogniser: CallRecogniser, file: ParsedFile, result: FileWrappers, importedEntries: ReadonlyMap<string, ExportEntry> = new Map(), requiredModules: ReadonlyMap<string, ReadonlyMap<string, ExportEntry>> = new Map()): void {
  if (result.functions.size === 0 && result.bound.size === 0 && importedEntries.size === 0) return;
  const wrapperNodes = new Map<string, ts.Node>();
  for (const [node, wrapper] of result.functions) wrapperNodes.set(wrapper.name, node);
  const membersOf = (container: ts.Node): Set<string> => {
    const members = new Set<string>();
    for (const [node, wrapper] of result.functions) if (node.parent === container) members.add(wrapper.name);
    return members;
  };
  /**
   * The wrapper members of an object literal: functions written in it, and names it holds that are wrappers
   * (`{ id: "provider-openai", handlePrompt }` with `handlePrompt` imported from the provider's handler: anse's
   * providers, each an object of its handlers).
   */
  const objectsRead = new Set<ts.Node>();
  const objectMembers = (object: ts.ObjectLiteralExpression): Set<string> => {
    const members = membersOf(object);
    if (objectsRead.has(object)) return members;
    objectsRead.add(object);
    try {
      for (const property of object.properties) {
        const held = heldByName(property);
        if (held && entryFor(held.value.text, held.value)?.callable) members.add(held.key);
      }
    } finally {
      objectsRead.delete(object);
    }
    return members;
  };
  /** What a local name holds: a wrapper function, or an object/class/instance with wrapper members. */
  const entryFor = (local: string, at: ts.Node): ExportEntry | undefined => {
    const declaration = findDeclaration(local, at);
    if (!declaration) return undefined;
    if (declaration.kind === "import" || (declaration.kind === "variable" && isRequire(declaration.node.initializer))) return importedEntries.get(local);
    if (declaration.kind === "function") return functionLikeEntry(declaration.node);
    if (declaration.kind === "class") return classEntry(declaration.node);
    if (declaration.kind === "variable") {
      if (result.bound.has(declaration.node)) return { callable: true, members: new Set() };
      const initializer = declaration.node.initializer;
      if (!initializer) return undefined;
      const inner = skipWrappers(initializer);
      const entry = ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) ? functionLikeEntry(inner) : functionEntry(result, inner);
      if (entry) return entry;
      if (ts.isObjectLiteralExpression(inner)) {
        const members = objectMembers(inner);
        return members.size > 0 ? { callable: false, members } : undefined;
      }
      if (ts.isNewExpression(inner) && ts.isIdentifier(inner.expression)) return entryFor(inner.expression.text, inner);
      if (ts.isCallExpression(inner)) return handedFactoriesEntry(inner);
    }
    return undefined;
  };
  /**
   * `create(persist((set) => ({ send }), options))`, `createPersistStore(state, (set, get) => actions)`: a
   * store made from the functions handed to the call, each returning an object of wrappers (its actions);
   * a method of the store's state may request.
   */
  const handedFactoriesEntry = (call: ts.CallExpression): ExportEntry | undefined => {
    const members = new Set<string>();
    const visit = (node: ts.Expression): void => {
      if (ts.isCallExpression(node)) {
        visit(node.expression);
        for (const argument of node.arguments) visit(argument);
        return;
      }
      const factory = result.factories.get(node);
      if (factory && !factory.closure) for (const member of factory.members) members.add(member);
    };
    visit(call);
    return members.size > 0 ? { callable: false, members } : undefined;
  };
  /**
   * A class's wrapper methods, those it inherits from the project class it extends (`class SidebarProvider
   * extends BaseProvider`, its `streamTemplateCompletion` called on a `new SidebarProvider()` in another file),
   * and what its static factories return (a class returning itself is read once).
   */
  const classesRead = new Set<ts.Node>();
  const classEntry = (node: ts.ClassLikeDeclaration): ExportEntry | undefined => {
    const members = membersOf(node);
    if (!classesRead.has(node)) {
      classesRead.add(node);
      try {
        for (const member of staticFactoryMembers(node, entryFor)) members.add(member);
        const base = extendedName(node);
        if (base) for (const member of entryFor(base.text, base)?.members ?? []) members.add(member);
      } finally {
        classesRead.delete(node);
      }
    }
    return members.size > 0 ? { callable: false, members } : undefined;
  };
  /**
   * A function of the file: a wrapper or a factory, and what it returns when that is instances of classes with
   * wrapper methods (`function createService(db) { return new Service(db); }`), also for a wrapper (`const handler = create(mode); handler.getModel(); return handler`, where
   * the handler made from its parameter is a site read at each call): a call of a method of its result may request.
   */
  const functionLikeEntry = (node: ts.FunctionLikeDeclaration): ExportEntry | undefined => {
    const own = functionEntry(result, node);
    const instances = own?.factory ? undefined : returnedInstancesEntry(node, entryFor, 0, (fn) => functionEntry(result, fn));
    if (!own || !instances) return own ?? instances;
    return { ...own, members: new Set([...own.members, ...instances.members]) };
  };
  /** `module.exports.Handler = { chatSync, streamChat }`: an object of the file's wrappers, written in place or named. */
  const objectEntry = (object: ts.ObjectLiteralExpression, at: ts.Node): ExportEntry | undefined => {
    const members = membersOf(object);
    for (const property of object.properties) {
      const local = ts.isShorthandPropertyAssignment(property) ? property.name.text : ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer) ? property.initializer.text : undefined;
      const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
      if (local && key && entryFor(local, at)?.callable) members.add(key);
    }
    return members.size > 0 ? { callable: false, members } : undefined;
  };
  for (const statement of file.sourceFile.statements) {
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        const entry = entryFor((element.propertyName ?? element.name).text, statement);
        if (entry) result.exports.set(element.name.text, entry);
      }
    } else if (ts.isExportAssignment(statement)) {
      const expression = skipWrappers(statement.expression);
      const entry = ts.isIdentifier(expression) ? entryFor(expression.text, statement) : functionEntry(result, expression);
      if (entry) result.exports.set("default", entry);
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && (statement.name || isDefault)) {
        const entry = ts.isFunctionDeclaration(statement)
          ? functionLikeEntry(statement)
          : classEntry(statement);
        if (entry) result.exports.set(isDefault ? "default" : statement.name!.text, entry);
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (!ts.isIdentifier(declaration.name)) continue;
          const entry = entryFor(declaration.name.text, declaration);
          if (entry) result.exports.set(declaration.name.text, entry);
        }
      }
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // module.exports = { ask }, module.exports = ask, exports.ask = ask
      const { left, right } = statement.expression;
      const target = left.getText(file.sourceFile);
      const value = skipWrappers(right);
      if (target === "module.exports") {
        if (ts.isObjectLiteralExpression(value)) {
          for (const property of value.properties) {
            // `module.exports = { ...handle }` with `const handle = require("./handle")`: that module's exports.
            if (ts.isSpreadAssignment(property)) {
              const spread = innerExpression(property.expression);
              const exports = ts.isIdentifier(spread) && findDeclaration(spread.text, statement)?.kind === "variable" ? requiredModules.get(spread.text) : undefined;
              for (const [key, entry] of exports ?? []) result.exports.set(key, entry);
              continue;
            }
            const key = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
            if (!key) continue;
            const local = ts.isShorthandPropertyAssignment(property) ? property.name.text : ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer) ? property.initializer.text : undefined;
            const entry = local ? entryFor(local, statement) : result.functions.has(property) || (ts.isPropertyAssignment(property) && result.functions.has(skipWrappers(property.initializer))) ? { callable: true, members: new Set<string>() } : undefined;
            if (entry) result.exports.set(key, entry);
          }
        } else {
          const entry = ts.isIdentifier(value) ? entryFor(value.text, statement) : functionEntry(result, value);
          if (entry) result.exports.set("default", entry);
        }
      } else if (/^(module\.)?exports\.\w+$/.test(target) && ts.isPropertyAccessExpression(left)) {
        const entry = ts.isIdentifier(value) ? entryFor(value.text, statement) : ts.isObjectLiteralExpression(value) ? objectEntry(value, statement) : functionEntry(result, value);
        if (entry) result.exports.set(left.name.text, entry);
      }
    }
  }
}

/** A project source file an import specifier names, recorded as a dependency of the entry. */
export function projectFile(recogniser: CallRecogniser, file: ParsedFile, specifier: string, result: FileWrappers): ParsedFile | undefined {
  const resolved = resolveProjectFile(recogniser, file.path, specifier);
  if (!resolved) return undefined;
  if (!mayDefineWrappers(recogniser, resolved, 0)) {
    // Not parsed: it defines no wrapper. Its version is still a dependency, in case an edit adds one.
    const version = recogniser.evaluator.workspace.versionOf(resolved);
    if (version !== undefined) result.dependencies.push([resolved, version]);
    return undefined;
  }
  const target = recogniser.evaluator.workspace.getParsedFile(resolved);
  if (target) result.dependencies.push([target.path, target.version]);
  return target;
}

/** Records a file the entry read, so an edit to it makes the entry stale. */
function dependOn(recogniser: CallRecogniser, result: FileWrappers, path: string): void {
  const version = recogniser.evaluator.workspace.versionOf(path);
  if (version !== undefined && !result.dependencies.some(([known]) => known === path)) result.dependencies.push([path, version]);
}

/** Empties what an entry offers, keeping the files it read (it is made again when one of them changes). */
function offerNothing(entry: FileWrappers): void {
  for (const map of [entry.functions, entry.loops, entry.factories, entry.bound, entry.exports]) map.clear();
  entry.names.clear();
}

export function emptyWrappers(file: ParsedFile): FileWrappers {
  return { functions: new Map(), loops: new Map(), factories: new Map(), bound: new Map(), exports: new Map(), names: new Set(), dependencies: [], version: file.version, tree: file.sourceFile };
}

export function addImported(entry: ExportEntry | undefined, local: string, names: Set<string>, factoryLocals: Set<string>): void {
  if (!entry) return;
  if (entry.factory) factoryLocals.add(local);
  if (entry.callable) names.add(local);
  for (const member of entry.members) names.add(member);
}

/** `const { ask } = require("./llm")` and `const llm = require("./llm")`, written at the top level. */
export function requireBindings(file: ParsedFile): ReturnType<typeof requiredNames> {
  const found: ReturnType<typeof requiredNames> = [];
  for (const statement of file.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) found.push(...requiredNames(declaration));
  }
  return found;
}

/** A function-like with parameters and a name, and the named calls in its body (see findLocalWrappers). */
export interface LocalFunction {
  node: ts.FunctionLikeDeclaration;
  name: string;
  /** The function that returns this one, when it is a returned closure or a member of a returned object. */
  factory?: { node: ts.FunctionLikeDeclaration; member?: string };
  /** `levels`: the named local closures the call sits in (see localClosureLevels). */
  calls: { call: ts.CallExpression; callee: string; levels?: number }[];
}

/** The name of a function-like as callers write it: its declared name, or the variable, property or method it is assigned to. */
export function functionName(node: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node)) && node.name && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name))) {
    return node.name.text.replace(/^#/, "");
  }
  if (ts.isFunctionDeclaration(node) && hasModifier(node, ts.SyntaxKind.DefaultKeyword)) return "default";
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || (ts.isCallExpression(parent) && parent.arguments.includes(node as unknown as ts.Expression)))) {
    // `export const ask = cache(async (q) => ...)`: the wrapped function is called by the outer name.
    if (ts.isCallExpression(parent) && !isTransparentWrapper(parent)) return undefined;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name))) return parent.name.text;
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  if (ts.isExportAssignment(parent)) return "default";
  return undefined;
}

export function wrapperId(file: ParsedFile, node: ts.Node): string {
  return `${file.path}:${node.getStart()}`;
}

/**
 * One request site of a wrapper: a call site that reaches it counts that site's request, never the
 * wrapper's other sites (a site too deep for any call site to reach stays counted where it is written).
 */
export function wrapperSiteId(file: ParsedFile, wrapper: ts.Node, site: ts.Node): string {
  return `${wrapperId(file, wrapper)}@${site.getStart()}`;
}

/** The call expression a hop's site is, whatever function it was read as a site of: its file and offset. */
export function hopCallKey(hop: { file: string; id: string }): string {
  return `${hop.file}@${hop.id.slice(hop.id.lastIndexOf("@") + 1)}`;
}

/** The key hopCallKey gives a hop at this call expression. */
export function callKey(file: ParsedFile, call: ts.Node): string {
  return `${file.path}@${call.getStart()}`;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

const WRAPPER_INDEX = Symbol("wrapper index");

/** The workspace's wrapper index, by file path. */
export function wrapperIndexOf(workspace: Workspace): Map<string, FileWrappers> {
  return workspace.memo(WRAPPER_INDEX, () => new Map<string, FileWrappers>());
}

/** Whether a function-like takes parameters: TypeScript's `this: T` annotation is none (`async function* (this: GeminiChat)`). */
function takesParameters(fn: ts.SignatureDeclaration): boolean {
  return fn.parameters.some((parameter) => !(ts.isIdentifier(parameter.name) && parameter.name.text === "this"));
}
