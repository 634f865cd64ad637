// Evaluations remembered for the rest of an analysis: an expression evaluated again in an equal scope gives
// the value it gave before, without the work.
//
// Real applications call the same helpers from every prompt builder, and a wrapper's body is read again at
// each of its call sites with that site's arguments bound: on a 2,800-file application the same
// `extractEmailAddress(email)` was evaluated ~9,000 times in one test file, each time in a fresh scope
// holding the same values. Scopes and values are compared by structure (see StructuralIds), so a call with
// equal arguments is one entry however many call sites make it.
//
// Results stay exact. A value depends on the expression and its scope, and on three things of the moment:
// the nesting depth (evaluation gives up past a limit), the nodes being evaluated further up the stack (a
// cycle stops there), and the file's step budget. So a remembered value is reused only where its nesting
// fits under the limit and none of the nodes it looked up is being evaluated now, and a reuse charges the
// budget what doing the evaluation again would (WorkBudget.reuse). An evaluation cut short by the depth limit is remembered for the
// depth it started at only: from there it reaches the limit at the same places again. One cut short by a
// cycle (a node found in progress) or by an error is not remembered.
import type { ts } from "../ts.ts";
import type { LargeWork, WorkDone } from "../work-budget.ts";
import type { Value } from "./values.ts";

interface Entry extends WorkDone {
  value: Value;
  /** Evaluation steps the evaluation took, every reuse inside it done again too (charged at each reuse: see WorkBudget.reuse). */
  steps: number;
  large?: LargeWork;
  /** How much deeper than its own level the evaluation nested. */
  depthSpan: number;
  /**
   * Nodes it checked against the in-progress set (and found absent): a reuse needs them absent again. An
   * array, not a set: on a 2,800-file application the sets of every entry took 82 MB, arrays about a fifth.
   */
  touched?: readonly ts.Node[];
  /** It reached the depth limit: the value holds only at the depth it started at (the key of its table). */
  depthBound?: true;
}

interface Frame {
  startDepth: number;
  peakDepth: number;
  /** It, or an evaluation inside it, reached the depth limit: remembered for its start depth only. */
  depthBound: boolean;
  /** A cycle stopped it, or an evaluation inside it threw: not remembered at all. */
  cut: boolean;
  /**
   * What it looked up so far: an inner evaluation's array, shared (never changed once that one closed) until
   * this frame adds to it, then a set of its own.
   */
  touched?: readonly ts.Node[] | Set<ts.Node>;
}

/** Adds what an inner evaluation looked up to a frame's, copying a shared array only when it grows. */
function mergeTouched(frame: Frame, nodes: readonly ts.Node[]): void {
  const current = frame.touched;
  if (!current) {
    frame.touched = nodes;
    return;
  }
  if (current === nodes) return;
  const target = ownTouched(frame, current);
  for (const node of nodes) target.add(node);
}

function ownTouched(frame: Frame, current: readonly ts.Node[] | Set<ts.Node>): Set<ts.Node> {
  if (current instanceof Set) return current;
  const copy = new Set(current);
  frame.touched = copy;
  return copy;
}

/** What a closing frame looked up, as the array its entry and the frame around it keep. */
function closedTouched(frame: Frame): readonly ts.Node[] | undefined {
  const touched = frame.touched;
  return touched instanceof Set ? [...touched] : touched;
}

/**
 * A number per distinct structure: two scopes (or values) built separately from equal parts get the same
 * number. Syntax nodes and parsed files are compared by identity; everything else by its own fields, each
 * field's object by its number, so a key is never longer than one object's fields. Values and scopes are
 * never changed once built, so an object's number is computed once.
 */
export class StructuralIds {
  /** Syntax nodes, parsed files, sets, functions, and objects that cannot take a property: their numbers. */
  private readonly byObject = new WeakMap<object, number>();
  private readonly mark = Symbol("structural id");
  private readonly byShape = new Map<string, number>();
  /** Texts longer than LONG_TEXT: their numbers, given in the order first met. */
  private readonly byText = new Map<string, number>();
  private next = 1;
  /** The file whose nodes are tracked (see track), and the numbers of the objects that reach one of them. */
  private trackedFile?: string;
  private readonly reachingTracked = new Set<number>();

  of(object: object): number {
    const known = this.known(object);
    if (known !== undefined) return known;
    const identity = isIdentityObject(object);
    const id = identity ? this.next++ : this.shapeId(object);
    // A value or scope keeps its number on itself, hidden: on anything-llm (72aabbd) a million of them
    // numbered in a WeakMap took ~35 MiB more peak RSS, and the insertions ~3% of a run.
    if (identity || !Object.isExtensible(object)) this.byObject.set(object, id);
    else Object.defineProperty(object, this.mark, { value: id });
    if (this.trackedFile !== undefined && this.reachesTracked(object)) this.reachingTracked.add(id);
    return id;
  }

  /** The number an object was given, if it was: on the object itself (this instance's key: not enumerable, so spreads and key walks skip it), or in byObject. */
  private known(object: object): number | undefined {
    return (object as { [key: symbol]: number | undefined })[this.mark] ?? this.byObject.get(object);
  }

  /**
   * From now on, notes which numbers are given to objects reaching a node of this file (a scope holding
   * one of its nodes, or its parsed file); undefined stops and forgets. Only objects numbered while
   * tracking are noted: a file's nodes exist only from its parse, which the caller tracks from.
   */
  track(fileName: string | undefined): void {
    this.trackedFile = fileName;
    this.reachingTracked.clear();
  }

  get tracked(): string | undefined {
    return this.trackedFile;
  }

  /** Whether the object numbered `id` reaches a node of the tracked file. */
  reaches(id: number): boolean {
    return this.reachingTracked.has(id);
  }

  private reachesTracked(object: object): boolean {
    if (isIdentityObject(object)) {
      const fields = object as { kind?: unknown; sourceFile?: ts.SourceFile };
      if (typeof fields.kind === "number") return (object as ts.Node).getSourceFile()?.fileName === this.trackedFile;
      if (fields.sourceFile !== undefined) return fields.sourceFile.fileName === this.trackedFile;
      // A function, set or weak map: what it holds is not looked into, so it may.
      return true;
    }
    const parts = Array.isArray(object) ? object : object instanceof Map ? [...object.keys(), ...object.values()] : Object.values(object);
    return parts.some((part) => (typeof part === "object" && part !== null) || typeof part === "function" ? this.reaching(part as object) : false);
  }

  /** Whether an object numbered already (every part is, once its owner is) reaches the tracked file. */
  private reaching(part: object): boolean {
    const id = this.known(part);
    return id === undefined || this.reachingTracked.has(id);
  }

  private shapeId(object: object): number {
    const shape = this.shapeOf(object);
    let id = this.byShape.get(shape);
    if (id === undefined) {
      id = this.next++;
      this.byShape.set(shape, id);
    }
    return id;
  }

  /**
   * A long text's number: a prompt's text held by many values is written into each of their shapes once,
   * not quoted whole into every one (and hashed again with each shape).
   */
  private longTextKey(text: string): string {
    let id = this.byText.get(text);
    if (id === undefined) this.byText.set(text, (id = this.byText.size));
    return "s" + id;
  }

  // Each shape is joined once from its parts: built with `+=`, a shape stays in the table as a chain of
  // string pieces (~280 bytes each; 15 MB on a 2,800-file application).
  private shapeOf(object: object): string {
    if (Array.isArray(object)) return "[" + object.map((element) => this.fieldKey(element)).join(",") + "]";
    const parts: string[] = [];
    if (object instanceof Map) {
      parts.push("M{");
      for (const [key, value] of object) parts.push(this.fieldKey(key), "=", this.fieldKey(value), ";");
    } else {
      parts.push("{");
      for (const key of Object.keys(object)) parts.push(key, ":", this.fieldKey((object as Record<string, unknown>)[key]), ";");
    }
    parts.push("}");
    return parts.join("");
  }

  private fieldKey(field: unknown): string {
    switch (typeof field) {
      case "string":
        return field.length > LONG_TEXT ? this.longTextKey(field) : JSON.stringify(field);
      case "number":
        return "n" + String(field);
      case "boolean":
        return field ? "T" : "F";
      case "undefined":
        return "u";
      case "object":
        return field === null ? "N" : "@" + this.of(field);
      case "function":
        return "@" + this.of(field);
      default:
        return "?" + String(field);
    }
  }
}

/** Texts longer than this are numbered in a shape rather than quoted (StructuralIds.longTextKey). */
const LONG_TEXT = 64;

/** Syntax nodes, parsed files, sets and functions: equal only to themselves. */
function isIdentityObject(object: object): boolean {
  if (typeof object === "function" || object instanceof Set || object instanceof WeakMap) return true;
  const fields = object as { kind?: unknown; sourceFile?: unknown };
  return typeof fields.kind === "number" || fields.sourceFile !== undefined;
}

const setHas = Set.prototype.has;

/** Whether none of the nodes an entry looked up is being evaluated now (else a cycle would stop it elsewhere). */
function noneInProgress(entry: Entry, inProgress: ReadonlySet<ts.Node>): boolean {
  const touched = entry.touched;
  if (!touched || inProgress.size === 0) return true;
  // With Set's own `has`: the in-progress set's records each check.
  for (const node of touched) if (setHas.call(inProgress, node)) return false;
  return true;
}

export class EvaluationMemo {
  ids = new StructuralIds();
  /** While a file's remembered values are set aside for forgetting (see trackFile): each one remembered since. */
  private remembered?: { node: ts.Node; key: number; depthBound: boolean }[];
  private readonly entries = new Map<ts.Node, Map<number, Entry>>();
  /** Evaluations that reached the depth limit, by node, then by scope number and start depth (see depthKey). */
  private readonly depthBound = new Map<ts.Node, Map<number, Entry>>();
  private readonly frames: Frame[] = [];

  /** @param maxDepth the evaluator's depth limit: evaluation never starts at or past it. */
  constructor(private readonly maxDepth: number) {}

  /** A remembered value of `node` in the scope numbered `scopeId`, when it is valid at this depth and stack. */
  find(node: ts.Node, scopeId: number, depth: number, inProgress: ReadonlySet<ts.Node>): Entry | undefined {
    const entry = this.entries.get(node)?.get(scopeId);
    if (entry && depth + entry.depthSpan < this.maxDepth) return noneInProgress(entry, inProgress) ? entry : undefined;
    // Not remembered, or its nesting passes the limit from here: what the same evaluation gave from this depth.
    const bound = this.depthBound.get(node)?.get(this.depthKey(scopeId, depth));
    return bound && noneInProgress(bound, inProgress) ? bound : undefined;
  }

  /** A reused entry counts, for the evaluations around it, as if it had been evaluated here. */
  reused(entry: Entry, depth: number): void {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) return;
    frame.peakDepth = Math.max(frame.peakDepth, depth + entry.depthSpan);
    if (entry.depthBound) frame.depthBound = true;
    if (entry.touched) mergeTouched(frame, entry.touched);
  }

  /** An evaluation that is not remembered itself ran at this depth, inside the innermost remembered one. */
  sawDepth(depth: number): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame && depth > frame.peakDepth) frame.peakDepth = depth;
  }

  open(depth: number): void {
    const parent = this.frames[this.frames.length - 1];
    if (parent && depth > parent.peakDepth) parent.peakDepth = depth;
    this.frames.push({ startDepth: depth, peakDepth: depth, depthBound: false, cut: false });
  }

  /**
   * Closes the innermost evaluation, remembering its value: for any depth it fits under the limit from, or,
   * when it reached the limit, for the depth it started at; not at all when a cycle or an error cut it short.
   */
  close(node: ts.Node, scopeId: number, value: Value, work: WorkDone): void {
    const frame = this.frames.pop()!;
    const parent = this.frames[this.frames.length - 1];
    const touched = closedTouched(frame);
    if (parent) {
      parent.peakDepth = Math.max(parent.peakDepth, frame.peakDepth);
      if (frame.cut) parent.cut = true;
      if (frame.depthBound) parent.depthBound = true;
      if (touched) mergeTouched(parent, touched);
    }
    if (frame.cut) return;
    // Fields set only when present (an absent one takes no room), without spreads (a spread copies: one of
    // these is made per evaluation).
    const entry: Entry = { value, steps: work.steps, depthSpan: frame.peakDepth - frame.startDepth };
    if (work.large) entry.large = work.large;
    if (touched) entry.touched = touched;
    const table = frame.depthBound ? this.depthBound : this.entries;
    let byKey = table.get(node);
    if (!byKey) table.set(node, (byKey = new Map()));
    if (frame.depthBound) {
      entry.depthBound = true;
      byKey.set(this.depthKey(scopeId, frame.startDepth), entry);
    } else byKey.set(scopeId, entry);
    this.remembered?.push({ node, key: frame.depthBound ? this.depthKey(scopeId, frame.startDepth) : scopeId, depthBound: frame.depthBound });
  }

  /**
   * Starts noting what is remembered while a file nothing else can reach is analysed, so that
   * forgetTracked can drop the values that involve its nodes (they can never be asked for again) and keep
   * the rest (a helper of another file called with values that do not come from it).
   */
  trackFile(fileName: string): void {
    this.ids.track(fileName);
    this.remembered = [];
  }

  /** Forgets the values remembered since trackFile for a node of that file or in a scope reaching one, and stops tracking. */
  forgetTracked(): void {
    const fileName = this.ids.tracked;
    for (const { node, key, depthBound } of this.remembered ?? []) {
      const scopeId = depthBound ? Math.floor(key / this.maxDepth) : key;
      if (!this.ids.reaches(scopeId) && node.getSourceFile()?.fileName !== fileName) continue;
      const table = depthBound ? this.depthBound : this.entries;
      const byKey = table.get(node);
      if (!byKey) continue;
      byKey.delete(key);
      if (byKey.size === 0) table.delete(node);
    }
    this.remembered = undefined;
    this.ids.track(undefined);
  }

  /** One number for a scope number and a start depth (below maxDepth). */
  private depthKey(scopeId: number, depth: number): number {
    return scopeId * this.maxDepth + depth;
  }

  /** Drops the innermost evaluation without remembering it (it threw); the ones around it are not remembered either. */
  abandon(): void {
    this.frames.pop();
    const parent = this.frames[this.frames.length - 1];
    if (parent) parent.cut = true;
  }

  /** An evaluation reached the depth limit at this depth: it and the ones around it depend on where they ran. */
  depthLimitReached(): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) frame.depthBound = true;
  }

  /** A node was checked against the in-progress set: `present` means a cycle stopped there. */
  checked(node: ts.Node, present: boolean): void {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) return;
    if (present) frame.cut = true;
    else if (!frame.touched) frame.touched = new Set([node]);
    else ownTouched(frame, frame.touched).add(node);
  }

  /** Forgets every remembered value (the analysis settings that values depend on changed). */
  clear(): void {
    this.entries.clear();
    this.depthBound.clear();
    const tracked = this.ids.tracked;
    this.ids = new StructuralIds();
    this.ids.track(tracked);
    if (this.remembered) this.remembered = [];
  }
}

/**
 * The in-progress set of an evaluator: every membership check is reported to the memo, since the answer
 * makes the value depend on what is being evaluated further up.
 */
export class InProgressNodes extends Set<ts.Node> {
  constructor(private readonly memo: EvaluationMemo) {
    super();
  }

  override has(node: ts.Node): boolean {
    const present = super.has(node);
    this.memo.checked(node, present);
    return present;
  }
}
