// The heritage index (implementations.ts): which project files declare a class implementing or extending a
// type, and which of those may make requests. It is read from every file of the project, so it is kept by the
// workspace across analyses (the editor analyses an open document at every keystroke, and each call of it
// with a recogniser of its own) and brought up to date for the files whose text changed since, rather than
// made again from all of them:
// - what each file's text declares (classesWithBases) is a function of that text alone;
// - whether a file with such a class may make a request (text-prefilter.ts mayRequest) is a function of the
//   texts it reads (its own, those its imports reach) and of module resolution: each answer keeps the texts it
//   read, and is asked again when one of them changed, or when a file changed on disk (resolution may differ).
// The index is then assembled in the project files' order, as made from scratch, so the same files give the
// same index whichever were edited before.
import type { Workspace } from "../workspace/workspace.ts";
import type { CallRecogniser } from "./recognise.ts";
import { mayRequest } from "./text-prefilter.ts";
import { textFact } from "./text-facts.ts";

/** Type name -> the project files (sorted) with a class implementing or extending it: `all`, and those that may `request`. */
export interface HeritageIndex {
  readonly all: ReadonlyMap<string, readonly string[]>;
  readonly request: ReadonlyMap<string, readonly string[]>;
  /** One pattern naming every type of `request` (whole words), made when first asked (implementations.ts heritageTypesNamed). */
  pattern?: RegExp | null;
  /** File -> the types of `request` its text names, and that text (implementations.ts heritageTypesNamedIn). */
  typesNamed?: Map<string, { text: string; types: string[] }>;
}

interface ClassBases {
  name: string;
  bases: string[];
}

/** Shared by every analysis on the workspace, even work kept apart from others (see RecordingWorkspace.memo). */
export const HERITAGE_INDEX = Symbol("heritage index");

const HERITAGE_PATTERN = /\bclass\s+([\w$]+)(?:\s*<[^{]*?>)?\s+((?:extends|implements)\b[^{]*)\{/g;

/**
 * Built-in bases a requesting class may extend (an error type thrown by an SDK wrapper, an event emitter
 * streaming a reply): a value typed with one of them is an error or an emitter, never a way to a request,
 * so they name no requesting type. gemini-cli: every file naming `Error` reached the members of its
 * requesting error classes (~1 s of a run).
 */
const BUILT_IN_BASES = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "AggregateError", "EventEmitter", "EventTarget", "Array", "Map", "Set", "Promise", "Object"]);

/** The project's heritage index as the files say now: the kept one when no change since touched it. */
export function keptHeritageIndex(recogniser: CallRecogniser): HeritageIndex {
  recogniser.evaluator.workspace.noteProjectLookup({ kind: "heritage" });
  const kept = recogniser.evaluator.workspace.memo(HERITAGE_INDEX, () => new KeptHeritage());
  const shared = recogniser.evaluator.sharedWork;
  return shared ? shared.measure("classes", () => kept.current(recogniser)) : kept.current(recogniser);
}

/** What a request answer was asked with: the packages read as SDKs by name, and the config's endpoints. */
function settingsOf(recogniser: CallRecogniser): unknown[] {
  return [recogniser.evaluator.symbolicPackages, JSON.stringify(recogniser.endpoints)];
}

class KeptHeritage {
  /** The listing the kept state was made from, and each file's place in it. */
  private files: readonly string[] | undefined;
  private positions = new Map<string, number>();
  /** Project files whose text declares a class with a base -> those classes. */
  private readonly classes = new Map<string, ClassBases[]>();
  /** File -> whether it may make a request, and every text reading that took (its own too). */
  private readonly answers = new Map<string, { requests: boolean; reads: Map<string, string | undefined> }>();
  private settings: unknown[] = [];
  private invalidations = -1;
  /** The workspace's `changes` when the state was last brought up to date. */
  private checked = -1;
  private index: HeritageIndex | undefined;

  current(recogniser: CallRecogniser): HeritageIndex {
    const workspace = recogniser.evaluator.workspace;
    const settings = settingsOf(recogniser);
    if (workspace.invalidations !== this.invalidations || settings.some((value, at) => value !== this.settings[at])) {
      // Resolution may have changed (a file appeared, a tsconfig changed), or the answers' settings did.
      this.answers.clear();
      this.index = undefined;
      this.invalidations = workspace.invalidations;
      this.settings = settings;
    }
    const files = workspace.projectFiles;
    if (files !== this.files) this.list(workspace, files);
    else if (workspace.changes !== this.checked) this.update(workspace, recogniser);
    this.checked = workspace.changes;
    this.index ??= this.assemble(recogniser);
    return this.index;
  }

  /** A new listing of the project's files: every file's classes read (kept text facts for texts read before). */
  private list(workspace: Workspace, files: readonly string[]): void {
    this.files = files;
    this.positions = new Map(files.map((file, at) => [file, at]));
    this.classes.clear();
    for (const file of files) {
      const text = workspace.getText(file);
      if (text === undefined) continue;
      const classes = textFact(workspace, file, text, "heritage", classesWithBases);
      if (classes.length > 0) this.classes.set(file, classes);
    }
    this.index = undefined;
  }

  /** The files changed since the last check: their classes read again, and the answers that read them asked again. */
  private update(workspace: Workspace, recogniser: CallRecogniser): void {
    for (const file of workspace.changedSince(this.checked)) {
      const text = workspace.getText(file);
      if (this.positions.has(file)) {
        const classes = text === undefined ? [] : textFact(workspace, file, text, "heritage", classesWithBases);
        const before = this.classes.get(file);
        if (classes.length > 0) this.classes.set(file, classes);
        else this.classes.delete(file);
        if (JSON.stringify(before ?? []) !== JSON.stringify(classes)) this.index = undefined;
      }
      for (const [answered, answer] of this.answers) {
        if (!answer.reads.has(file) || answer.reads.get(file) === text) continue;
        this.answers.delete(answered);
        if (this.index && this.classes.has(answered) && this.requests(recogniser, answered) !== answer.requests) this.index = undefined;
      }
    }
  }

  /**
   * Whether a file with a class may make a request, asked with a recogniser of its own so that every text the
   * answer depends on is read (and noted) by it, none taken from what an earlier question read.
   */
  private requests(recogniser: CallRecogniser, file: string): boolean {
    const known = this.answers.get(file);
    if (known) return known.requests;
    const workspace = recogniser.evaluator.workspace;
    const reads = new Map<string, string | undefined>();
    const requests = workspace.readingTexts(reads, () => {
      const text = workspace.getText(file);
      return text !== undefined && mayRequest(recogniser.apart(), file, text);
    });
    this.answers.set(file, { requests, reads });
    return requests;
  }

  /** The index from the kept classes and answers, in the order of the project's files, as made from scratch. */
  private assemble(recogniser: CallRecogniser): HeritageIndex {
    const all = new Map<string, string[]>();
    const request = new Map<string, string[]>();
    const add = (index: Map<string, string[]>, name: string, file: string): boolean => {
      const files = index.get(name) ?? [];
      if (files.includes(file)) return false;
      files.push(file);
      index.set(name, files);
      return true;
    };
    // Classes that make no request themselves, each with the types it names: requesting through a subclass.
    const others: { name: string; file: string; types: string[] }[] = [];
    const ordered = [...this.classes.keys()].sort((a, b) => this.positions.get(a)! - this.positions.get(b)!);
    for (const file of ordered) {
      let requests: boolean | undefined;
      for (const { name, bases } of this.classes.get(file)!) {
        const types: string[] = [];
        for (const typeName of bases) {
          add(all, typeName, file);
          if (BUILT_IN_BASES.has(typeName)) continue;
          requests ??= this.requests(recogniser, file);
          if (requests) add(request, typeName, file);
          else types.push(typeName);
        }
        if (types.length > 0) others.push({ name, file, types });
      }
    }
    // A base class with requesting subclasses requests through them, and so do the types it implements.
    for (let changed = true; changed; ) {
      changed = false;
      for (const { name, file, types } of others) {
        if (!request.has(name)) continue;
        for (const typeName of types) if (add(request, typeName, file)) changed = true;
      }
    }
    return { all, request };
  }
}

/**
 * The classes a text declares with what they extend or implement, read without parsing: each class's name
 * and the type names of its heritage.
 * Kept by the workspace while the text is the same (text-facts.ts).
 */
export function classesWithBases(text: string): ClassBases[] {
  if (!/\b(?:implements|extends)\b/.test(text)) return [];
  const classes: ClassBases[] = [];
  HERITAGE_PATTERN.lastIndex = 0;
  for (let match = HERITAGE_PATTERN.exec(text); match; match = HERITAGE_PATTERN.exec(text)) {
    const bases: string[] = [];
    for (const name of match[2]!.replace(/\b(?:extends|implements)\b/g, ",").replace(/<[^>]*>/g, "").split(",")) {
      const typeName = name.trim().split(".").pop();
      if (typeName && /^[\w$]+$/.test(typeName)) bases.push(typeName);
    }
    classes.push({ name: match[1]!, bases });
  }
  return classes;
}
