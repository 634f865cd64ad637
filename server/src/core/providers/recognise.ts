import { readAnnotation } from "../comments.ts";
import { Evaluator } from "../resolve/evaluate.ts";
import { eachAlternative } from "../resolve/choice.ts";
import { sitesRuledOutByExample } from "./example-ways.ts";
import { enclosingClass } from "../resolve/members.ts";
import { subclassesOf } from "../resolve/overrides.ts";
import { labelOf, unknown, type EvalScope, type ExternalValue, type FunctionValue, type Value } from "../resolve/values.ts";
import { ts } from "../ts.ts";
import type { WrapperHop } from "../types.ts";
import type { MockedWrappers } from "../test-doubles.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import { withWrapperSiteModel } from "../run-time-model.ts";
import type { RecognisedCall } from "./adapter.ts";
import { recogniseConfigured, type WrapperSetting } from "./configured-wrappers.ts";
import { exclusiveGroups, onFailurePath, pairwiseExclusive, repairsMissingOutput } from "./exclusive-branches.ts";
import { placesInFunction } from "./local-closures.ts";
import { EndpointReach } from "./endpoint-reach.ts";
import { AlternativeWays } from "./same-ways.ts";
import { subclassScopes } from "./subclass-fields.ts";
import { isTestFile } from "../call-sites.ts";
import { scopesPerConstruction, setFromArgument, suppliedScopes, takesParameter } from "./supplied-scopes.ts";
import { RecognitionMemo } from "./recognition-memo.ts";
import { DepthCutWays, withCutWays } from "./depth-cut-ways.ts";
import type { StructuralIds } from "../resolve/evaluation-memo.ts";
import { unwrapClient } from "./client-wrappers.ts";
import { fetchShapedCallee } from "./http-requests.ts";
import { inFunctionWithDefaults, unreachedInCall } from "./guarded-sites.ts";
import { capLiteralAtCallSite, forwardedCap, type ForwardedCap } from "./forwarded-params.ts";
import { functionWrappedByPackage } from "./higher-order.ts";
import { adaptersForModule, canonicalModule, REQUEST_CALL_NAMES, SDK_CALL_NAMES } from "./index.ts";
import type { EndpointSetting } from "./llm-endpoints.ts";
import type { HeritageIndex } from "./heritage-index.ts";
import { implementationsOf } from "./implementations.ts";
import { callsOwnParameter } from "./parameter-calls.ts";
import { handedWrappers, handsNamed } from "./handed-functions.ts";
import { mayCallWrappers, mayReachSdk, mayRequest, specifiersOf } from "./text-prefilter.ts";
import { OpenAnswers } from "./open-answers.ts";
import { CycleState } from "./cycle-reads.ts";
import { CutWalk } from "./cut-walk.ts";
import type { OverBudgetNotes } from "./over-budget-notes.ts";
import { callKey, enclosingWrapper, hopCallKey, wrapperIndexOf, wrapperSiteId, wrappersOf, type FileWrappers } from "./wrapper-index.ts";
import { calleeName } from "./callee-name.ts";

export type { WrapperSetting } from "./configured-wrappers.ts";
export { importBindings } from "./text-prefilter.ts";

/**
 * How many wrapper functions deep a call site is followed to the SDK call (`ask` -> `complete` -> `send`
 * -> `client.chat.completions.create` is three). Deeper chains are not followed: the SDK call is still
 * reported where it is written, with its parameters unknown.
 */
export const MAX_WRAPPER_DEPTH = 4;

/**
 * The part of a file's step budget one call site's requests may take when read with its arguments through
 * its wrappers (the most seen in the application checkouts is 33,276 steps, a sixtieth of the default
 * budget): an agent library's turn loop passes state built by a dozen methods, each read again per field.
 */
export const CALL_SITE_SHARE = 0.1;

/** The field of `this` a model expression starts at: `model` in `this.model`, `config` in `this.config.model`. */
const THIS_FIELD = /^this\.#?([A-Za-z_$][\w$]*)/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** One LLM request a call expression makes, directly or through wrappers. */
export interface RecognisedAt {
  recognised: RecognisedCall;
  /** The SDK access path of the request, for context such as the client's retry settings. */
  callee?: ExternalValue;
  /** The wrappers the request goes through, outermost first; absent for a direct SDK call. */
  via?: WrapperHop[];
  /**
   * One of several requests a call site reaches through exclusive branches of its wrappers (`if (fast)
   * return a(); return b();`): one call makes one of them, not all.
   */
  alternative?: true;
  /**
   * How many hops at the end of `via` lie below the branching the alternative belongs to: alternatives whose
   * hops above it are the same are one request; another branching at the same call site is another one.
   */
  alternativeBelow?: number;
  /**
   * Which of several branchings below one wrapper the alternative belongs to, when the wrapper's other
   * sites run beside them (the first site of its branching; see exclusiveGroups).
   */
  alternativeBranch?: string;
  /**
   * Reached through a subclass's override of a method called on `this` inside its base class, read from the
   * base class itself (no call site binds `this`): the override's own request sites and the call sites of
   * the base method stand for it, so it is never reported here (see subclassDispatch).
   */
  subclassOverride?: true;
  /** Inside a wrapper, a request with no output cap: the literals its parameters spread in, where a call site can add one. */
  forwardedCap?: ForwardedCap;
  /**
   * Made only when an earlier request of the wrapper failed (a `catch` clause, a `.catch()` handler): a
   * retry, repair or fallback. The main path stands for the call; this one is a candidate, never summed.
   */
  fallback?: true;
  /** Sites of wrappers on the way that this call does not reach (behind a condition it decides against): see guarded-sites.ts. */
  unreached?: string[];
  /** Wrapper sites of other ways to this very request, merged into it (see same-ways.ts): counted at this call site too. */
  alsoReached?: string[];
  /**
   * The files whose code made the instances whose methods the request goes through (the `new` of each
   * wrapper's `this`, as a factory function wrote it): a test replacing such a file with a mock makes no
   * request through them (see test-doubles.ts).
   */
  madeIn?: string[];
}

/**
 * Recognises the LLM requests a call expression makes: an SDK call through an adapter, a call to a
 * project function that makes one with its parameters (followed across files, the callee's parameters
 * bound to the call site's arguments), or a function named in the config's `wrappers`.
 *
 * The recogniser is the state of one analysis (see recogniserFor); the work lives beside it, one concern
 * per file: text-prefilter.ts decides from texts alone which files can hold calls, wrapper-index.ts
 * finds the project's wrapper functions, configured-wrappers.ts reads the config's `wrappers`, and
 * exclusive-branches.ts tells when a wrapper's requests cannot both run.
 */
export class CallRecogniser {
  /** The wrapper index, kept by the workspace across analyses (entries check file versions). */
  readonly index: Map<string, FileWrappers>;
  /** Index entries being computed: an import cycle reads what is known so far. */
  readonly computing = new Map<string, FileWrappers>();
  /** Index entries found current since the workspace last changed: their dependencies are not checked again (see isCurrent). */
  private currentEntries = new WeakSet<FileWrappers>();
  private currentAt = -1;
  /** The import cycles met while computing entries (cycle-reads.ts). */
  readonly cycles = new CycleState();
  /** Per recogniser (one CLI run, one server analysis): files whose text says they may define wrappers. */
  readonly mayDefine = new Map<string, boolean>();
  /** Per recogniser: the notes of entries over the step budget read while a mayDefine answer was worked out (over-budget-notes.ts). */
  readonly mayDefineNotes = new Map<string, OverBudgetNotes>();
  /** The mayDefine answers being worked out, and the "no" answers waiting on them (open-answers.ts). */
  readonly openAnswers = new OpenAnswers();
  /** Per recogniser: whether a file, or a project file its imports reach, may define wrappers by its text alone (text-prefilter.ts reachesWrapperText). */
  readonly reachesWrapperText = new Map<string, boolean>();
  /**
   * How many times the wrapper index, or mayDefineWrappers, stopped at MAX_IMPORT_DEPTH, or an import cycle's
   * entry did not settle within MAX_CYCLE_ROUNDS: what was worked out while this grew is not kept (see
   * keptUnlessCut), as the depth a file is reached at, and where a cycle is entered, depend on which file's
   * analysis reached it first.
   */
  importDepthCuts = 0;
  /** What was worked out over such a cut, for the rest of the walk that made it (cut-walk.ts). */
  readonly cutWalk = new CutWalk();
  /** The file whose analysis is running (analyze.ts): its own index entry over the step budget stops it (see makeEntryNow). */
  analysing: string | undefined;
  /** Other files whose index entries over the step budget that analysis read, and why (analyze.ts says so in a finding). */
  overBudgetReads = new Map<string, string>();
  /**
   * The bounds of each wrapper index entry, from the settings (analyze.ts): the same wherever the entry is
   * made, in a file's analysis or in the text prefilter before it (which runs outside any file's bounds).
   */
  entryBounds?: { steps: number; guardMs: number };
  /** Per recogniser: files whose imports do or do not lead to an SDK (see mayReachSdk). */
  readonly reachesSdk = new Map<string, boolean>();
  /** Per recogniser: each file's import specifiers, read from its text. */
  readonly specifiers = new Map<string, string[]>();
  /** Per recogniser: whether each file may call an SDK (text-prefilter.ts mayRequest, without the HTTP endpoints). */
  readonly callsRequest = new Map<string, boolean>();
  readonly configuredNames: Set<string>;
  /** Per recogniser: type name -> files whose classes implement it (implementations.ts), as the workspace keeps it when first asked (heritage-index.ts). */
  heritage?: HeritageIndex;
  /** Per recogniser: method names declared in files that may make a request, and those files (injected-fields.ts). */
  requestingMethods?: Map<string, string[]>;
  /** Per recogniser: one pattern of `.method(` calls of the heritage index's requesting types, and the types of each method (see typesCalledUntyped). */
  untypedCalls?: { pattern: RegExp; types: Map<string, string[]> } | null;
  /** Per recogniser: the methods a project base class of the heritage index declares itself, by its name (implementations.ts). */
  readonly baseMembers = new Map<string, Set<string>>();
  /** Per recogniser: the callee names a call through a heritage type can have, by the type's name (implementations.ts implementationMembers). */
  readonly implementationMembers = new Map<string, Set<string>>();
  /** Per recogniser: the heritage types each file can reach an instance of (see implementationTypesReached). */
  readonly typesReached = new Map<string, string[]>();
  /** Per recogniser: the heritage types reached below a file through what it imports, by depth and file (text-prefilter.ts typesImportedBelow). */
  readonly typesImportedBelow = new Map<string, string[]>();
  /** Per recogniser: the types each file's text declares, and the heritage types it names (text-prefilter.ts). */
  readonly typeDeclarations = new Map<string, { types: Set<string>; heritage: string[] } | null>();
  /** Per recogniser: which files may POST to an LLM endpoint without an SDK (see endpoint-reach.ts). */
  readonly endpointReach: EndpointReach;
  /** While set, a wrapper's request sites are read without the call's arguments (see recogniseUnbound). */
  private unbound = false;
  /** While set, a call rooted at `this` is being read once per subclass of its class (recogniseThroughSubclasses). */
  private readingSubclasses = false;
  /** While set, a call is being read once per caller or construction that gives its client (recogniseThroughSuppliers). */
  private readingSuppliers = false;
  /** While set, a recognition stops at the first request it finds (see makesRequest). */
  private firstOnly = false;
  /**
   * Whether the call being recognised may leave out wrapper sites behind conditions its arguments decide:
   * not when it is written in a function with parameter defaults, which a read outside any call takes
   * (`withImages = false` would rule out what a caller passing true gets).
   */
  private decidesGuards = false;
  /** The call whose function's request sites were all out of reach of it (see readThroughWrapper), as last read. */
  private decidedAway: ts.CallExpression | undefined;
  /**
   * Reads of wrappers' request sites remembered (see recognition-memo.ts), and the structural numbers their
   * keys hold. Under a test file's mocks a read through a mocked wrapper finds nothing: those reads go to a
   * table of their own, kept while the calls of the same file are read (see withMocks).
   */
  private readonly unmockedReads = new RecognitionMemo();
  private mockedReads?: { key: string; reads: RecognitionMemo };
  private reads = this.unmockedReads;
  /** While set, the wrappers a test file's mocks replace (see withMocks). */
  private mocks: MockedWrappers | undefined;
  private readsIds?: StructuralIds;
  /** Ways of a dispatch the depth guard cut (see depth-cut-ways.ts). */
  private readonly depthCuts = new DepthCutWays();
  /** Requests as seen from a call site adding no cap, by the request inside the wrapper (see atCallSite). */
  private readonly seenFromCallSite = new WeakMap<RecognisedCall, RecognisedCall>();

  constructor(
    readonly evaluator: Evaluator,
    readonly configured: readonly WrapperSetting[] = [],
    readonly endpoints: readonly EndpointSetting[] = [],
  ) {
    this.index = wrapperIndexOf(evaluator.workspace);
    this.configuredNames = new Set(configured.map((wrapper) => wrapper.function));
    evaluator.implementations = (name, declaredIn) => implementationsOf(this, name, declaredIn);
    this.endpointReach = new EndpointReach(evaluator.workspace, (filePath, text) => specifiersOf(this, filePath, text), endpoints);
  }

  /**
   * Starts the analysis of a file: its own index entry over the step budget stops it, and the entries over
   * the budget it reads are noted afresh (overBudgetReads). Returns what ends it, restoring the analysis around.
   */
  startAnalysis(filePath: string): () => void {
    const outer = { analysing: this.analysing, reads: this.overBudgetReads };
    this.analysing = filePath;
    this.overBudgetReads = new Map();
    return () => {
      this.analysing = outer.analysing;
      this.overBudgetReads = outer.reads;
    };
  }

  /** A recogniser of a fresh analysis with the same settings: questions asked of it read every file they depend on again. */
  apart(): CallRecogniser {
    return new CallRecogniser(new Evaluator(this.evaluator.workspace, this.evaluator.symbolicPackages), this.configured, this.endpoints);
  }

  /**
   * Whether an index entry's dependencies are at the versions it read. A yes holds until the workspace next
   * changes (an edit, an overlay, a file parsed again), so a cycle's entries, which list the whole cycle's
   * dependencies, are checked once between changes rather than at every read.
   */
  isCurrent(entry: FileWrappers): boolean {
    const workspace = this.evaluator.workspace;
    if (this.currentAt !== workspace.changes) {
      this.currentEntries = new WeakSet();
      this.currentAt = workspace.changes;
    }
    if (this.currentEntries.has(entry)) return true;
    if (!entry.dependencies.every(([dependency, version]) => workspace.versionOf(dependency) === version)) return false;
    this.currentEntries.add(entry);
    return true;
  }

  /** Callee names that can make a request in this file; empty when the file cannot contain a call. */
  candidateNames(file: ParsedFile): ReadonlySet<string> {
    return wrappersOf(this, file, 0).names;
  }

  /** See text-prefilter.ts. */
  mayCallWrappers(filePath: string, text: string): boolean {
    return mayCallWrappers(this, filePath, text);
  }

  /** See text-prefilter.ts. */
  mayRequest(filePath: string, text: string): boolean {
    return mayRequest(this, filePath, text);
  }

  /** See text-prefilter.ts. */
  mayReachSdk(filePath: string, text: string): boolean {
    return mayReachSdk(this, filePath, text);
  }

  /** Whether a function-like of the project makes a request with its parameters (see wrapper-index.ts). */
  isWrapper(node: ts.Node): boolean {
    const file = this.evaluator.workspace.getParsedFile(node.getSourceFile().fileName);
    return file !== undefined && wrappersOf(this, file, 0).functions.has(node);
  }

  /** Whether a function-like of the project makes its requests in an open loop, or calls one that does (see run-time-loops.ts). */
  runsOpenLoop(node: ts.Node): boolean {
    const file = this.evaluator.workspace.getParsedFile(node.getSourceFile().fileName);
    return file !== undefined && wrappersOf(this, file, 0).loops.has(node);
  }

  /** The wrapper function a call is written in, when its call sites are reported instead. */
  enclosingWrapper(node: ts.Node, file: ParsedFile): { name: string; id: string } | undefined {
    return enclosingWrapper(this, node, file);
  }

  /** The requests a call expression makes, each with the wrappers it goes through. */
  recognise(node: ts.CallExpression, file: ParsedFile, scope: EvalScope = { file }, depth = 0, active: Set<ts.Node> = new Set()): RecognisedAt[] {
    const name = calleeName(node.expression);
    if (!name) return [];
    if (depth === 0) {
      const before = this.decidesGuards;
      this.decidesGuards = !scope.bindings && !inFunctionWithDefaults(node);
      try {
        return this.reads.apart(() => this.modelFromConstructions(this.recogniseCall(node, name, file, scope, depth, active), node, name, file, scope, active));
      } finally {
        this.decidesGuards = before;
      }
    }
    return this.recogniseSite(node, name, file, scope, depth, active);
  }

  /**
   * A request site of a wrapper read in a scope: what it gave there before, when the scope is equal to one it
   * was read in (see recognition-memo.ts). Not while the wrapper index is being made (an import cycle's
   * entry may be partial), nor inside an evaluation (its depth and the nodes in progress would count).
   */
  private recogniseSite(node: ts.CallExpression, name: string, file: ParsedFile, scope: EvalScope, depth: number, active: Set<ts.Node>): RecognisedAt[] {
    const evaluator = this.evaluator;
    if (this.computing.size > 0 || !evaluator.atTopLevel) return this.recogniseCall(node, name, file, scope, depth, active);
    evaluator.forgetIfChanged();
    const ids = evaluator.evaluations.ids;
    if (this.readsIds !== ids) {
      this.unmockedReads.clear();
      this.mockedReads?.reads.clear();
      this.readsIds = ids;
    }
    // The scope's structure, how deep the site is (MAX_WRAPPER_DEPTH stops further down) and how it is read.
    const key = (ids.of(scope) * (MAX_WRAPPER_DEPTH + 1) + depth) * 8 + (this.unbound ? 1 : 0) + (this.firstOnly ? 2 : 0) + (this.decidesGuards ? 4 : 0);
    const remembered = this.reads.find(node, key, active);
    if (remembered) {
      evaluator.budget.reuse(remembered);
      this.reads.reused(remembered);
      if (remembered.cut) this.noteDepthCut(remembered.cut);
      return [...remembered.results];
    }
    const budget = evaluator.budget;
    this.reads.open();
    budget.openWork();
    let results: RecognisedAt[];
    try {
      results = this.recogniseCall(node, name, file, scope, depth, active);
    } catch (error) {
      this.reads.abandon();
      budget.dropWork();
      throw error;
    }
    this.reads.close(node, key, results, budget.closeWork());
    return [...results];
  }

  /**
   * A request seen from a call site (see atCallSite), one object per request when the call site adds no
   * cap: the requests of a site read once are the same objects at every call site reaching them, so the
   * ways of a dispatch repeating them (same-ways.ts) compare them at once.
   */
  private atCallSite(call: RecognisedCall, capLiteral: RecognisedCall["paramsObject"], forwarded: ForwardedCap | undefined): RecognisedCall {
    if (capLiteral) return atCallSite(call, capLiteral, forwarded);
    let seen = this.seenFromCallSite.get(call);
    if (!seen) this.seenFromCallSite.set(call, (seen = atCallSite(call, undefined, forwarded)));
    return seen;
  }

  /** Whether a wrapper is being read further up (a retry calling it again); the reads open now depend on the answer. */
  private inProgress(active: ReadonlySet<ts.Node>, wrapper: ts.Node): boolean {
    const present = active.has(wrapper);
    this.reads.checkedActive(wrapper, present);
    return present;
  }

  private recogniseCall(node: ts.CallExpression, name: string, file: ParsedFile, scope: EvalScope, depth: number, active: Set<ts.Node>): RecognisedAt[] {
    if (this.configuredNames.has(name)) {
      const configured = recogniseConfigured(this, node, file, scope, name);
      if (configured) return [{ recognised: configured }];
    }
    const evaluated = this.evaluator.evaluate(node.expression, scope);
    const results = this.recogniseEvaluated(evaluated, node, name, file, scope, depth, active);
    // Ways the env example rules out of the receiver: their wrapper sites are this call's too (example-ways.ts).
    const ruledOut = results.length > 0 ? sitesRuledOutByExample(this, evaluated) : [];
    if (ruledOut.length === 0) return results;
    return [{ ...results[0]!, unreached: [...new Set([...(results[0]!.unreached ?? []), ...ruledOut])] }, ...results.slice(1)];
  }

  private recogniseEvaluated(evaluated: Value, node: ts.CallExpression, name: string, file: ParsedFile, scope: EvalScope, depth: number, active: Set<ts.Node>): RecognisedAt[] {
    // `engines[provider].generate(...)`, `clientFor(provider).chat.completions.create(...)`, `this.engine.generate(...)`
    // through an interface: one request made by one of several functions or clients, each recognised, merged as alternatives.
    const alternatives = eachAlternative(evaluated);
    const overrides = subclassDispatch(this.evaluator, node, scope, alternatives ?? [evaluated]);
    // What the call passes is the same for every function it may call: read once (an interface implemented
    // by 45 classes made a call site read its arguments 45 times).
    let values: Value[] | undefined;
    const argumentValues = (): Value[] => (values ??= this.evaluator.argumentValues(node.arguments, scope));
    if (alternatives) {
      // One of the ways runs an open loop (an implementation whose tool loop goes round until the model stops):
      // the call makes no definite number of requests; each implementation's are counted where it makes them.
      if (alternatives.some((alternative) => alternative.kind === "function" && this.runsOpenLoop(alternative.node))) return [];
      return this.oneRequestOfWays(alternatives, (alternative) => {
        const own = this.recogniseCallee(alternative, name, node, file, scope, depth, active, argumentValues);
        return overrides.has(alternative.kind === "function" ? alternative.node : node) ? own.map((result) => ({ ...result, subclassOverride: true as const })) : own;
      });
    }
    this.decidedAway = undefined;
    const results = this.recogniseCallee(evaluated, name, node, file, scope, depth, active, argumentValues);
    // Every site of the function it calls is behind a condition this call decides against: no request, and
    // none through what it is handed either (`testLLM(new Azure(...), { skip: true })`).
    if (results.length === 0 && this.decidedAway === node) return results;
    if (results.length === 0 && evaluated.kind === "unknown" && !this.readingSubclasses) {
      const throughSubclasses = this.recogniseThroughSubclasses(node, name, file, scope, depth, active);
      if (throughSubclasses.length > 0) return throughSubclasses;
      const throughSuppliers = this.recogniseThroughSuppliers(node, name, file, scope, depth, active);
      if (throughSuppliers.length > 0) return throughSuppliers;
    }
    if (results.length === 0 && depth < MAX_WRAPPER_DEPTH) return this.recogniseHanded(node, file, scope, depth, active);
    return evaluated.kind === "function" && overrides.has(evaluated.node) ? results.map((result) => ({ ...result, subclassOverride: true as const })) : results;
  }

  /**
   * A call rooted at `this` in a base class whose fields the subclasses set (`this.client.chat.completions
   * .create(...)` with the client each vendor subclass passes to `super`): each subclass's request, merged as
   * the alternatives of one (see subclass-fields.ts). Not nested: a subclass read is not read per subclass again.
   */
  private recogniseThroughSubclasses(node: ts.CallExpression, name: string, file: ParsedFile, scope: EvalScope, depth: number, active: Set<ts.Node>): RecognisedAt[] {
    return this.readInEachScope(subclassScopes(this.evaluator, node.expression, scope), "readingSubclasses", node, name, file, depth, active);
  }

  /**
   * A call written where no call site stands for it (not a wrapper's request site), through a client its
   * function or class is given: read once per project call of the function or `new` of the class that gives
   * it, merged as one request (see supplied-scopes.ts). Only as written (depth 0, no bindings), never while
   * the wrapper index asks whether a function makes a request, and not nested.
   */
  private recogniseThroughSuppliers(node: ts.CallExpression, name: string, file: ParsedFile, scope: EvalScope, depth: number, active: Set<ts.Node>): RecognisedAt[] {
    if (depth !== 0 || !SDK_CALL_NAMES.has(name) || scope.bindings || scope.thisValue || this.firstOnly || this.unbound || this.readingSuppliers) return [];
    if (enclosingWrapper(this, node, file)) return [];
    return this.readInEachScope(suppliedScopes(this.evaluator, node.expression, scope), "readingSuppliers", node, name, file, depth, active);
  }

  /**
   * One request, read where it is written, whose model is a field the class's constructor sets from an
   * argument (`model: this.model`, `constructor(public model: string)`): read again once per project `new` of
   * the class, `this` the instance each builds, merged as one request of several ways (the costliest stands),
   * when one of them names a model. Otherwise, and for a call making several requests, as it was read.
   */
  private modelFromConstructions(results: RecognisedAt[], node: ts.CallExpression, name: string, file: ParsedFile, scope: EvalScope, active: Set<ts.Node>): RecognisedAt[] {
    if (results.length !== 1 || scope.bindings || scope.thisValue || this.firstOnly || this.unbound || this.readingSuppliers || this.readingSubclasses || this.computing.size > 0) return results;
    const { model, modelSource } = results[0]!.recognised;
    const expression = model === null ? modelSource?.expression : undefined;
    if (expression === undefined) return results;
    // `this.model`, or the constructor's parameter a field was set from (`this.model = model`), as the read reached it.
    const field = THIS_FIELD.exec(expression)?.[1];
    const given = field !== undefined ? (constructor: ts.ConstructorDeclaration) => setFromArgument(constructor, field) : IDENTIFIER.test(expression) ? (constructor: ts.ConstructorDeclaration) => takesParameter(constructor, expression) : undefined;
    if (!given) return results;
    const read = this.readInEachScope(scopesPerConstruction(this.evaluator, node, given, scope, isTestFile(file.path)), "readingSuppliers", node, name, file, 0, active);
    return read.some((result) => result.recognised.model !== null) ? read : results;
  }

  /** A call read once in each scope, merged as one request of several ways, with `flag` set so the reads are not nested. */
  private readInEachScope(scopes: readonly EvalScope[], flag: "readingSubclasses" | "readingSuppliers", node: ts.CallExpression, name: string, file: ParsedFile, depth: number, active: Set<ts.Node>): RecognisedAt[] {
    if (scopes.length === 0) return [];
    this[flag] = true;
    try {
      return this.oneRequestOfWays(scopes, (each) => this.recogniseCall(node, name, file, each, depth, active));
    } finally {
      this[flag] = false;
    }
  }

  /**
   * One request made one of several ways (a callee's alternatives, a base class's subclasses): each way's
   * requests added unless they repeat an earlier way's (same-ways.ts), the main ones marked alternatives of
   * one another; stops at the first request while indexing (firstOnly).
   */
  private oneRequestOfWays<T>(ways: readonly T[], read: (way: T) => RecognisedAt[]): RecognisedAt[] {
    const merged = new AlternativeWays(this.evaluator.evaluations.ids);
    const cut: string[] = [];
    for (const way of ways) {
      const own = this.depthCuts.readWay(() => read(way));
      merged.add(own.results);
      cut.push(...own.cut);
      if (this.firstOnly && merged.results.length > 0) break;
    }
    const main = merged.results.filter((result) => !result.fallback);
    if (main.length > 1) markAlternatives(main);
    return withCutWays(merged.results, cut);
  }

  /** Runs a wrapper index entry's work apart from the ways being read (see DepthCutWays.apart). */
  apartFromWays<T>(work: () => T): T {
    return this.depthCuts.apart(work);
  }

  /** Wrapper sites a read went through to a cut of the depth guard: the reads and ways open went through them too. */
  private noteDepthCut(ids: readonly string[]): void {
    this.depthCuts.note(ids);
    this.reads.noteCut(ids);
  }

  /**
   * A call that makes no request of its own but hands on a wrapper by reference (`run(this.#chat.bind(this))`):
   * the wrapper runs during the call, with arguments the callee gives it (see handed-functions.ts).
   */
  private recogniseHanded(node: ts.CallExpression, file: ParsedFile, scope: EvalScope, depth: number, active: Set<ts.Node>): RecognisedAt[] {
    const names = wrappersOf(this, file, 0).names;
    if (!handsNamed(node, names)) return [];
    return handedWrappers(this.evaluator, node, scope, names, (fn) => this.isWrapper(fn)).flatMap((wrapper) => this.recogniseThroughWrapper(wrapper, node, scope, depth, active, undefined, true));
  }

  /**
   * As recognise, in a share of the file's budget (CALL_SITE_SHARE): a call whose arguments take more work
   * to follow through its wrappers is read without them (recogniseUnbound), so the rest of the file is read.
   */
  recogniseInShare(node: ts.CallExpression, file: ParsedFile): RecognisedAt[] {
    const budget = this.evaluator.budget;
    const cuts = this.depthCuts.noted;
    this.decidedAway = undefined;
    const results = budget.share(budget.maxSteps * CALL_SITE_SHARE, () => this.recognise(node, file), () => this.recogniseUnbound(node, file));
    // Every request site out of reach of this call (see readThroughWrapper): nothing to read without the arguments.
    if (results.length === 0 && this.decidedAway === node) return results;
    // Every way the arguments led down was cut by the depth guard (gemini-cli's `ensureCorrectFileContent(content,
    // config.getBaseLlmClient())`: a client whose generator is one of several decorators of one another): read
    // without them, as when they take too much work, rather than leave the request to its wrapper's own line.
    if (results.length > 0 || this.unbound || this.depthCuts.noted === cuts) return results;
    return this.recogniseUnbound(node, file);
  }

  /**
   * Whether a call makes a request, read as recogniseInShare reads it but stopping at the first request
   * found: the wrapper index asks no more of a call, and a call reaching the same requests through every
   * class of a dispatch (a vector database per vendor calling an LLM class per vendor calling an embedder
   * per vendor) is not read down each of its thousands of ways.
   */
  makesRequest(node: ts.CallExpression, file: ParsedFile): boolean {
    const before = this.firstOnly;
    this.firstOnly = true;
    try {
      return this.recogniseInShare(node, file).length > 0;
    } finally {
      this.firstOnly = before;
    }
  }

  /**
   * Whether a call's request runs tool steps the model decides the number of (an AI SDK agent's
   * `generate`/`stream`, a `generateText` with tools and a step limit over one, written anywhere its options
   * come from): one call of a function making it is no definite number of requests (run-time-loops.ts).
   * Read as makesRequest reads (the tools and the limit, no prompt), from the same answers.
   */
  runsToolSteps(node: ts.CallExpression, file: ParsedFile): boolean {
    const before = this.firstOnly;
    this.firstOnly = true;
    try {
      return this.recogniseInShare(node, file).some(({ recognised }) => (recognised.toolSteps?.max ?? 0) > 1);
    } finally {
      this.firstOnly = before;
    }
  }

  /**
   * As recognise, with the wrappers' parameters unknown instead of bound to the call's arguments: each
   * wrapper's requests as it makes them alone (a parameter typed with a project interface stands for its
   * implementations). The same requests through the same wrappers, without what the arguments say of them.
   */
  private recogniseUnbound(node: ts.CallExpression, file: ParsedFile): RecognisedAt[] {
    return this.withArguments(false, () => this.recognise(node, file));
  }

  /**
   * Runs `work` with the wrappers a test file's mocks replace read as the mocks they are: a mock's body never
   * runs, so a call of one reaches no request, and the wrapper is not read with the call's arguments, nor
   * anything below it (callsAt used to find those requests, then drop each as passing through the mock).
   * Not while the wrapper index is made: an entry is the file's own, whichever test asked for it.
   */
  withMocks<T>(mocks: MockedWrappers | undefined, work: () => T): T {
    const before = { mocks: this.mocks, reads: this.reads };
    this.mocks = mocks;
    if (mocks && this.mockedReads?.key !== mocks.key) this.mockedReads = { key: mocks.key, reads: new RecognitionMemo() };
    this.reads = mocks ? this.mockedReads!.reads : this.unmockedReads;
    try {
      return work();
    } finally {
      this.mocks = before.mocks;
      this.reads = before.reads;
    }
  }

  /**
   * Runs `work` reading wrappers with the call's arguments bound (`bound`) or not, restoring the mode after:
   * a wrapper index entry made during an unbound read is made bound, as any other time it is made.
   */
  withArguments<T>(bound: boolean, work: () => T): T {
    const before = this.unbound;
    this.unbound = !bound;
    try {
      return work();
    } finally {
      this.unbound = before;
    }
  }

  /** The requests a call makes through one evaluated callee: an SDK path, or a project function's summary. */
  private recogniseCallee(evaluated: Value, name: string, node: ts.CallExpression, file: ParsedFile, scope: EvalScope, depth: number, active: Set<ts.Node>, argumentValues: () => Value[]): RecognisedAt[] {
    // A client a tracing package wrapped (`observeOpenAI(new OpenAI())`) makes the client's requests.
    const external = evaluated.kind === "external" ? unwrapClient(this.evaluator, evaluated) : undefined;
    const fetchShaped = external ? undefined : fetchShapedCallee(node.expression, evaluated, (fn) => this.isWrapper(fn));
    const callee = external ? { ...external, module: canonicalModule(external.module) } : fetchShaped ?? evaluated;
    if (callee.kind === "external") {
      // A fetcher the function is given is read as fetch whatever its name (`fetcher(input, init)`).
      if (REQUEST_CALL_NAMES.has(name) || fetchShaped !== undefined || importedUnderAlias(callee)) {
        for (const adapter of adaptersForModule(callee.module)) {
          const recognised = adapter.recognise(callee, { file, node, evaluator: this.evaluator, scope, endpoints: this.endpoints, presenceOnly: this.firstOnly });
          if (!recognised) continue;
          // Read with a call site's arguments bound (depth > 0): where that caller could add the missing cap.
          const forwarded = depth > 0 ? forwardedCap(this.evaluator, recognised, file.sourceFile, scope) : undefined;
          return [{ recognised, callee, ...(forwarded ? { forwardedCap: forwarded } : {}) }];
        }
      }
      // `verify(...)` where `const verify = traceable(verifyFunc)`: the requests of the function the package wrapped.
      const wrapped = depth < MAX_WRAPPER_DEPTH ? functionWrappedByPackage(this.evaluator, callee, (fn) => this.isWrapper(fn)) : undefined;
      return wrapped ? this.recogniseThroughWrapper(wrapped, node, scope, depth, active, argumentValues) : [];
    }
    if (callee.kind !== "function") return [];
    if (depth >= MAX_WRAPPER_DEPTH) {
      // A wrapper one level too deep: the site calling it notes where the way was cut.
      if (this.isWrapper(callee.node)) this.noteDepthCut([]);
      return [];
    }
    return this.recogniseThroughWrapper(callee, node, scope, depth, active, argumentValues);
  }

  /**
   * The requests a call of a project function makes, seen with the call's arguments bound to its
   * parameters: each request site of the function (its summary in the wrapper index) read again in
   * that scope. Sites on exclusive branches are alternatives of one request; sites reached only when
   * an earlier request failed are fallbacks of it.
   */
  private recogniseThroughWrapper(callee: FunctionValue, node: ts.CallExpression, scope: EvalScope, depth: number, active: Set<ts.Node>, argumentValues?: () => Value[], handed = false): RecognisedAt[] {
    const results = this.readThroughWrapper(callee, node, scope, depth, active, argumentValues, handed);
    // Read without arguments (unbound), a wrapper that a wrapper calls may need what its caller built to make
    // a request at all (`this.executeConverseStream(command)` with the command its caller made): when it
    // makes none unbound, it is read again with what the caller passes, which is the wrapper's own code.
    if (results.length > 0 || !this.unbound || depth === 0 || handed) return results;
    return this.withArguments(true, () => this.readThroughWrapper(callee, node, scope, depth, active, argumentValues, handed));
  }

  private readThroughWrapper(callee: FunctionValue, node: ts.CallExpression, scope: EvalScope, depth: number, active: Set<ts.Node>, argumentValues?: () => Value[], handed = false): RecognisedAt[] {
    const values = argumentValues ?? (() => this.evaluator.argumentValues(node.arguments, scope));
    // A wrapper calling itself (a retry from its `catch`) makes no request of its own: its sites are already the call's.
    if (this.inProgress(active, callee.node) || (callee.node.getSourceFile() === node.getSourceFile() && callee.node.pos <= node.pos && node.end <= callee.node.end)) return [];
    const wrapperFile = this.evaluator.workspace.getParsedFile(callee.node.getSourceFile().fileName);
    if (!wrapperFile) return [];
    const wrapper = wrappersOf(this, wrapperFile, 0).functions.get(callee.node);
    if (!wrapper) return [];
    // A mocked wrapper, or a method of an instance made in a module the test replaces wholesale (the test's
    // instance is the mock's): no request, as callsAt would find after reading it (madeByMock).
    const maker = instanceMadeIn(callee);
    if (this.mocks && this.computing.size === 0 && (this.mocks.replaces(wrapperFile.path, wrapper.name) || (maker !== undefined && this.mocks.makes(maker)))) return [];
    // A wrapper handed on by reference gets its arguments from the callee it is handed to: not known here.
    const bound = handed ? this.evaluator.bindValues(callee, callee.node.parameters.map((parameter) => unknown(labelOf(parameter)))) : this.unbound ? this.evaluator.bindValues(callee, node.arguments.map((argument) => unknown(labelOf(argument)))) : this.evaluator.bindValues(callee, values());
    // Read without the call's arguments, a call of the wrapper's own parameter still asks which function
    // the call passes (`deps.callLLM(...)`): only that site's callee reads them, the rest stays unbound.
    let argumentsBound: EvalScope | undefined;
    const scopeOf = (site: ts.CallExpression): EvalScope => (this.unbound && !handed && callsOwnParameter(site, callee.node) ? (argumentsBound ??= this.evaluator.bindValues(callee, values())) : bound);
    const results: RecognisedAt[] = [];
    const reachingSites: ts.CallExpression[] = [];
    /** The results of each reaching site that makes one request (the sites a branching can choose between). */
    const singleRequestSites = new Map<ts.CallExpression, RecognisedAt[]>();
    const unreached: string[] = [];
    /** The results of each site read so far, by its call expression (see repeatsReadSite). */
    const readSites = new Map<string, RecognisedAt[]>();
    let branchesOnly = true;
    active.add(callee.node);
    try {
      for (const site of wrapper.sites) {
        const { hop, siteModel, fallback, key } = siteFacts(wrapper, wrapperFile, callee.node, site);
        // A site inside a local closure the wrapper calls (`generate(candidate)`) is a level further down.
        const siteDepth = depth + 1 + (wrapper.levels?.get(site) ?? 0);
        if (siteDepth > MAX_WRAPPER_DEPTH) {
          this.noteDepthCut([hop.id]);
          continue;
        }
        // Behind a condition the call's arguments decide against (`if (!schema) ...` with a schema passed):
        // the call does not reach it, and the site is not counted on its own for that. Never while indexing:
        // whether a function makes a request is asked of every path it has.
        const decided = this.decidesGuards && !this.unbound && this.computing.size === 0 && unreachedInCall(this.evaluator, site, callee.node, bound, handed ? undefined : node.arguments);
        const cutsBefore = this.depthCuts.noted;
        const inner = repeatsReadSite(this.recognise(site, wrapperFile, scopeOf(site), siteDepth, active), hop.id, readSites);
        if (inner.length === 0) {
          if (this.depthCuts.noted > cutsBefore) this.noteDepthCut([hop.id]);
          continue;
        }
        if (decided) {
          // What it would have reached is accounted for by this call all the same (not counted on its own).
          unreached.push(hop.id, ...inner.flatMap((result) => [...(result.via ?? []).map((inside) => inside.id), ...(result.unreached ?? [])]));
          continue;
        }
        const single = requestsMade(inner) === 1;
        if (!fallback) {
          reachingSites.push(site);
          if (!single) branchesOnly = false;
        }
        const siteResults: RecognisedAt[] = [];
        // Whether a call site reaches an override is its own matter: a flag from inside the wrapper does not carry out.
        for (const { subclassOverride: _inner, ...result } of inner) {
          const recognised = this.atCallSite(result.recognised, handed ? undefined : capLiteralAtCallSite(result.forwardedCap, node, callee.node), result.forwardedCap);
          const madeIn = maker && !result.madeIn?.includes(maker) ? [maker, ...(result.madeIn ?? [])] : result.madeIn;
          siteResults.push({ ...result, ...(fallback ? { fallback: true as const } : {}), ...(madeIn ? { madeIn } : {}), recognised: siteModel ? withWrapperSiteModel(recognised, siteModel, hop) : recognised, via: [hop, ...(result.via ?? [])] });
        }
        results.push(...siteResults);
        readSites.set(key, siteResults);
        if (!fallback && single) singleRequestSites.set(site, siteResults);
        if (this.firstOnly) break;
      }
    } finally {
      active.delete(callee.node);
    }
    const main = results.filter((result) => !result.fallback);
    // A site in a named local closure runs where the wrapper calls the closure.
    const closures = new Map<ts.Node, boolean>();
    const placesOf = (site: ts.Node): readonly ts.Node[] => (wrapper.levels?.has(site as ts.CallExpression) ? placesInFunction(site, callee.node, closures) : [site]);
    if (main.length > 1 && branchesOnly && pairwiseExclusive(reachingSites, placesOf)) markAlternatives(main);
    else if (main.length > 1) {
      // Some sites exclude each other and others run beside them: each such branching is one request.
      for (const group of exclusiveGroups([...singleRequestSites.keys()], placesOf)) {
        const branch = group.flatMap((site) => singleRequestSites.get(site) ?? []);
        markAlternatives(branch, branch[0]?.via?.[0]?.id);
      }
    }
    if (unreached.length > 0 && results[0]) results[0] = { ...results[0], unreached: [...(results[0].unreached ?? []), ...unreached] };
    else if (unreached.length > 0) this.decidedAway = node;
    return results;
  }
}

/** What a wrapper's request site is, whatever call reads it: its hop, its `// promptcost: model=` and whether it only runs on failure. */
interface SiteFacts {
  hop: WrapperHop;
  siteModel: string | undefined;
  fallback: boolean;
  /** callKey of the site. */
  key: string;
}

/**
 * Per wrapper of an index entry (a new entry, a new wrapper object) and site: read at every call of the
 * wrapper otherwise, each needing the site's start (a scan past its comments), line and annotation.
 */
const siteFactsByWrapper = new WeakMap<object, Map<ts.CallExpression, SiteFacts>>();

function siteFacts(wrapper: { name: string; sites: readonly ts.CallExpression[] }, wrapperFile: ParsedFile, wrapperNode: ts.Node, site: ts.CallExpression): SiteFacts {
  let bySite = siteFactsByWrapper.get(wrapper);
  if (!bySite) siteFactsByWrapper.set(wrapper, (bySite = new Map()));
  let facts = bySite.get(site);
  if (!facts) {
    const line = wrapperFile.sourceFile.getLineAndCharacterOfPosition(site.getStart()).line + 1;
    facts = {
      hop: { function: wrapper.name, id: wrapperSiteId(wrapperFile, wrapperNode, site), file: wrapperFile.path, line },
      siteModel: readAnnotation(wrapperFile.text, line, wrapperFile.sourceFile.getLineStarts())?.model,
      fallback: onFailurePath(site, wrapperNode) || repairsMissingOutput(site, wrapperNode, wrapper.sites),
      key: callKey(wrapperFile, site),
    };
    bySite.set(site, facts);
  }
  return facts;
}

/**
 * A site's requests without those it makes through another site of the same wrapper read before: a closure
 * the wrapper writes and hands on by reference (`const streamFactory = async () => backoff(llm, params);
 * withRetries(streamFactory)`) runs as part of the wrapper, so its calls are the wrapper's own sites, and
 * the call handing it reaches them again. One request: the site read before keeps it, with the ways
 * through the handing call (`alsoReached`) counted at the call site all the same.
 */
function repeatsReadSite(inner: RecognisedAt[], siteId: string, readSites: ReadonlyMap<string, RecognisedAt[]>): RecognisedAt[] {
  if (readSites.size === 0) return inner;
  return inner.filter((result) => {
    const earlier = result.via?.map((hop) => readSites.get(hopCallKey(hop))).find((found) => found !== undefined);
    if (!earlier) return true;
    const ids = [siteId, ...(result.via ?? []).map((hop) => hop.id), ...(result.alsoReached ?? [])];
    for (const kept of earlier) kept.alsoReached = [...new Set([...(kept.alsoReached ?? []), ...ids])];
    return false;
  });
}

/** Results that are one request made one of several ways: each an alternative of the branching found here. */
function markAlternatives(results: RecognisedAt[], branch?: string): void {
  for (const result of results) {
    result.alternative = true;
    result.alternativeBelow = result.via?.length ?? 0;
    if (branch === undefined) delete result.alternativeBranch;
    else result.alternativeBranch = branch;
  }
}

/**
 * Which branching an alternative belongs to, from the call site: the hops above it (they lead to the call
 * that branches). Two branchings a call site reaches one after the other are two requests.
 */
export function alternativeGroup(result: Pick<RecognisedAt, "via" | "alternativeBelow" | "alternativeBranch">): string {
  const via = result.via ?? [];
  const above = via
    .slice(0, via.length - (result.alternativeBelow ?? 0))
    .map((hop) => hop.id)
    .join(" ");
  return result.alternativeBranch === undefined ? above : `${above} | ${result.alternativeBranch}`;
}

/** How many requests results make in one call: each result on the main path, alternatives of one branching counted once. */
function requestsMade(results: readonly RecognisedAt[]): number {
  const groups = new Set<string>();
  let count = 0;
  for (const result of results) {
    if (result.fallback) continue;
    if (!result.alternative) count++;
    else groups.add(alternativeGroup(result));
  }
  return count + groups.size;
}

/**
 * `this.send(...)` read inside a base class with no instance bound (its own file indexed or linted): the
 * methods among the callee's alternatives that are subclasses' overrides.
 */
function subclassDispatch(evaluator: Evaluator, node: ts.CallExpression, scope: EvalScope, callees: Value[]): Set<ts.Node> {
  const found = new Set<ts.Node>();
  const expression = node.expression;
  if (!ts.isPropertyAccessExpression(expression) || expression.expression.kind !== ts.SyntaxKind.ThisKeyword) return found;
  for (let current: EvalScope | undefined = scope; current; current = current.parent) if (current.thisValue) return found;
  const own = enclosingClass(node);
  if (!own) return found;
  const subclasses = new Set<ts.Node>(subclassesOf(evaluator, own).map((subclass) => subclass.node));
  for (const callee of callees) if (callee.kind === "function" && subclasses.has(callee.node.parent)) found.add(callee.node);
  return found;
}

/** `generateWithModel(...)` where `import { generateText as generateWithModel } from "ai"`: the SDK's name is the import's. */
function importedUnderAlias(callee: ExternalValue): boolean {
  const [first] = callee.steps;
  return callee.steps.length === 1 && first?.kind === "property" && REQUEST_CALL_NAMES.has(first.name);
}

const RECOGNISER = Symbol("call recogniser");

/** The recogniser of an evaluator (one CLI run, or one server analysis), made on first use. */
export function recogniserFor(evaluator: Evaluator, wrappers: readonly WrapperSetting[] = [], endpoints: readonly EndpointSetting[] = []): CallRecogniser {
  return evaluator.memo(RECOGNISER, () => new CallRecogniser(evaluator, wrappers, endpoints));
}

/**
 * A request seen from a call site: the parameter object, system prompt and part offsets point into the
 * wrapper's file, so the fixes that would edit them are left to the call inside the wrapper. The one
 * exception: an object literal of the call site's own arguments that the wrapper spreads into the request
 * (`generate({ prompt })` -> `generateText({ ...options, model })`) takes the output cap there.
 */
function atCallSite(call: RecognisedCall, capLiteral: RecognisedCall["paramsObject"], forwarded: ForwardedCap | undefined): RecognisedCall {
  const copy: RecognisedCall = { ...call, messages: call.messages.map(({ offsets: _offsets, ...message }) => ({ ...message, parts: message.parts.map((part) => (part.kind === "dynamic" && part.offsets ? withoutOffsets(part) : part)) })) };
  delete copy.paramsObject;
  delete copy.capTemplate;
  delete copy.systemParam;
  if (capLiteral && forwarded) {
    copy.paramsObject = capLiteral;
    copy.capTemplate = forwarded.capTemplate;
  }
  return copy;
}

function withoutOffsets<T extends { offsets?: unknown }>(part: T): T {
  const { offsets: _offsets, ...rest } = part;
  return rest as T;
}

/** The file whose code made the instance a method is called on (`new OpenAILLM(config)` in a factory), when known. */
function instanceMadeIn(callee: FunctionValue): string | undefined {
  const self = callee.scope.thisValue;
  return self?.kind === "instance" ? self.construction?.scope.file.path : undefined;
}
