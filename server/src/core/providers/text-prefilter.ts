// Which files can hold a request, decided from their texts before anything is parsed: the names they
// call, and whether their imports (followed through the project) lead to an SDK or to a project wrapper.
import * as path from "node:path";
import type { CallRecogniser } from "./recognise.ts";
import { exportsDropInClient } from "./client-wrappers.ts";
import { adaptersForModule, canonicalModule, SDK_CALL_NAMES } from "./index.ts";
import { heritagePattern, heritageTypesNamed, heritageTypesNamedIn, implementationMembers, typesCalledUntyped } from "./implementations.ts";
import { callsClientMethodPath, callsOnPossibleSdk, callsRequestName } from "./request-calls.ts";
import { collectingNotes, replayNotes, type OverBudgetNotes } from "./over-budget-notes.ts";
import { keptUnlessCut, MAX_IMPORT_DEPTH, wrappersOf } from "./wrapper-index.ts";
import { textFact } from "./text-facts.ts";
import { isRelative, packageRoot } from "../resolve/modules.ts";
import { isProjectAlias } from "../workspace/module-resolver.ts";

/** The named imports of a text: `import { a as b, c } from "..."` (type-only ones too; they are never called). */
const NAMED_IMPORTS = /\bimport\s*(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\b/g;

/**
 * The local names a text imports request functions under, when it renames them and calls them so:
 * `import { generateText as generateWithModel } from "ai"` and a call `generateWithModel(...)`.
 */
export function requestNameAliases(text: string): string[] {
  const aliases: string[] = [];
  NAMED_IMPORTS.lastIndex = 0;
  for (let match = NAMED_IMPORTS.exec(text); match; match = NAMED_IMPORTS.exec(text)) {
    // Most import lists rename nothing.
    if (!match[1]!.includes("as")) continue;
    for (const element of match[1]!.split(",")) {
      const [imported, alias] = element.trim().split(/\s+as\s+/);
      if (!imported || !alias || !SDK_CALL_NAMES.has(imported) || !/^[A-Za-z_$][\w$]*$/.test(alias)) continue;
      if (new RegExp(String.raw`(?<![\w$.])${alias.replace(/\$/g, "\\$")}\s*[(<]`).test(text)) aliases.push(alias);
    }
  }
  return aliases;
}

/** Whether a file may make a request itself, from texts alone: through an SDK, or by a POST to an LLM endpoint (endpoint-reach.ts). */
export function mayRequest(recogniser: CallRecogniser, filePath: string, text: string): boolean {
  let calls = recogniser.callsRequest.get(filePath);
  if (calls === undefined) recogniser.callsRequest.set(filePath, (calls = maySdkRequest(recogniser, filePath, text)));
  return calls || recogniser.endpointReach.mayRequest(filePath, text);
}

/**
 * Whether a file may call an SDK: it calls a request method, its imports reach an SDK, and one of those
 * calls is made on something that can be an SDK value. A file importing an SDK itself is taken at its
 * word (a local `client` there may shadow an imported name).
 */
function maySdkRequest(recogniser: CallRecogniser, filePath: string, text: string): boolean {
  const workspace = recogniser.evaluator.workspace;
  if (!(textFact(workspace, filePath, text, "callsRequestName", callsRequestName) || textFact(workspace, filePath, text, "requestNameAliases", requestNameAliases).length > 0)) return false;
  // Imports that reach no SDK: a request method called by its client path is on a client the file receives.
  if (!mayReachSdk(recogniser, filePath, text)) return textFact(workspace, filePath, text, "callsClientMethodPath", callsClientMethodPath);
  if (specifiersOf(recogniser, filePath, text).some(isSdkModule)) return true;
  return callsOnPossibleSdk(
    text,
    (specifier) => cannotHoldSdk(recogniser, filePath, specifier),
    (specifier) => isPackageSpecifier(specifier) && recogniser.evaluator.workspace.resolver.resolve(filePath, specifier.split("?")[0]!) === undefined && cannotHoldSdk(recogniser, filePath, specifier),
  );
}

/** A package's name (`@googleapis/gmail`, `typeorm`), not a path or an alias of the project's own (`@/db`, `~/db`). */
function isPackageSpecifier(specifier: string): boolean {
  return !isRelative(specifier) && !specifier.startsWith("#") && !isProjectAlias(specifier);
}

/**
 * Whether nothing a module exports can be an SDK value: a project file whose imports reach no SDK, or a
 * package no adapter knows (left symbolic, so never an SDK's). A file in node_modules or a declaration
 * file may be anything.
 */
function cannotHoldSdk(recogniser: CallRecogniser, fromFile: string, specifier: string): boolean {
  if (isSdkModule(specifier)) return false;
  const bare = specifier.split("?")[0]!;
  const workspace = recogniser.evaluator.workspace;
  const resolved = workspace.resolver.resolve(fromFile, bare);
  if (resolved === undefined) return !bare.startsWith(".") && !bare.startsWith("/") && adaptersForModule(canonicalModule(bare)).length === 0;
  if (resolveProjectFile(recogniser, fromFile, specifier) !== resolved) return false;
  const text = workspace.getText(resolved);
  return text !== undefined && !mayReachSdk(recogniser, resolved, text);
}

/**
 * Whether a file that names no SDK method may still call a wrapper, decided from its text before it is
 * parsed: one of the project modules it imports (transitively) makes requests, and the file names one
 * of the wrappers that module exports. Only those modules are parsed; most files stop at the regex.
 */
export function mayCallWrappers(recogniser: CallRecogniser, filePath: string, text: string): boolean {
  const words = new WordsOfText(text);
  if (namesConfiguredWrapper(recogniser, text) || callsImplementationMember(recogniser, filePath, text, words)) return true;
  for (const specifier of specifiersOf(recogniser, filePath, text)) {
    const target = resolveProjectFile(recogniser, filePath, specifier);
    if (!target || !mayDefineWrappers(recogniser, target, 0)) continue;
    const parsed = recogniser.evaluator.workspace.getParsedFile(target);
    if (!parsed) continue;
    for (const [name, entry] of wrappersOf(recogniser, parsed, 0).exports) {
      if (name === "default" || words.has(name)) return true;
      for (const member of entry.members) if (words.has(member)) return true;
    }
  }
  return false;
}

/** A field or parameter typed with an interface whose implementations make requests, and a call of one of their methods. */
function callsImplementationMember(recogniser: CallRecogniser, filePath: string, text: string, words = new WordsOfText(text)): boolean {
  for (const typeName of implementationTypesReached(recogniser, filePath, text)) {
    for (const member of implementationMembers(recogniser, typeName)) if (words.has(member)) return true;
  }
  return false;
}

/** `const command: Command = {` and `} satisfies Command`: object literals typed with a named interface. */
const TYPED_OBJECT_PATTERN = /\b(?:const|let|var)\s+[\w$]+\s*:\s*([A-Z][\w$]*)\s*=\s*\{|\bsatisfies\s+([A-Z][\w$]*)\b/g;

/**
 * The types of the heritage index a file can reach an instance of: those its text names, and those named
 * in the file declaring an interface one of its object literals is typed with (`const command:
 * SlashCommand = { run: async ({ llm }) => llm.chat(...) }`, where the interface's file names `ILLM`), or a
 * type or class it imports, and so on through the types those files import, a few files deep (`core.ts`
 * imports `ConfigHandler`, whose `loadConfig(): Promise<ConfigResult<ContinueConfig>>` names a type of
 * index.d.ts, which names `ILLM`).
 */
export function implementationTypesReached(recogniser: CallRecogniser, filePath: string, text: string): string[] {
  const known = recogniser.typesReached.get(filePath);
  if (known) return known;
  const found = typesReachedFrom(recogniser, filePath, text);
  recogniser.typesReached.set(filePath, found);
  return found;
}

/** How many files of imported types deep a file reaches a heritage type (see implementationTypesReached). */
const MAX_TYPE_IMPORT_DEPTH = 3;

/** `import`, `export`, `require(`, `module.exports`, `exports.name =`: a module, which other files can hand values to. */
const MODULE_SYNTAX = /\b(?:import|export)\b|\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]+\s*=/;

function typesReachedFrom(recogniser: CallRecogniser, filePath: string, text: string): string[] {
  // A JavaScript module's untyped calls of an implementation's method (`provider.chat(...)` on what a caller
  // passes); a script that neither imports nor exports (a vendor's tracking snippet served from `public/`) is
  // handed no project instance.
  const untyped = /\.[cm]?jsx?$/.test(filePath) && textFact(recogniser.evaluator.workspace, filePath, text, "hasModuleSyntax", (read) => MODULE_SYNTAX.test(read));
  const named = untyped ? [...new Set([...heritageTypesNamed(recogniser, text), ...typesCalledUntyped(recogniser, text)])] : heritageTypesNamed(recogniser, text);
  if (!heritagePattern(recogniser)) return named;
  TYPED_OBJECT_PATTERN.lastIndex = 0;
  const typedObjects = new Set<string>();
  for (let match = TYPED_OBJECT_PATTERN.exec(text); match; match = TYPED_OBJECT_PATTERN.exec(text)) typedObjects.add((match[1] ?? match[2])!);
  const found = new Set(named);
  for (const typeName of typesImportedFrom(recogniser, filePath, text, typedObjects, MAX_TYPE_IMPORT_DEPTH)) found.add(typeName);
  return [...found];
}

/**
 * The heritage types named in the files whose types a file imports (and the interfaces its object literals
 * are typed with, `typed`), and so on through what those files import, `levels` files deep. Below the first
 * file the answer depends on the file and the depth alone: kept per recogniser, so the files many others
 * import are read once (gemini-cli 5411f11: every file's walk read the same core files again).
 */
function typesImportedFrom(recogniser: CallRecogniser, filePath: string, text: string, typed: ReadonlySet<string>, levels: number): string[] {
  const workspace = recogniser.evaluator.workspace;
  const found = new Set<string>();
  for (const { specifier, names } of textFact(workspace, filePath, text, "importBindingsWithTypes", (read) => importBindings(read, true))) {
    // Types the file imports by name (`input: ClassifierInput`), and the interfaces its object literals are typed with.
    const types = names === "all" ? [...typed] : [...new Set([...names.filter((name) => /^[A-Z]/.test(name)), ...typed])];
    if (types.length === 0) continue;
    const target = workspace.resolver.resolve(filePath, specifier);
    if (!target || target.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const declared = typeDeclarationsOf(recogniser, target);
    if (!declared || !types.some((name) => declared.types.has(name))) continue;
    for (const typeName of declared.heritage) found.add(typeName);
    if (levels > 1) for (const typeName of typesImportedBelow(recogniser, target, levels - 1)) found.add(typeName);
  }
  return [...found];
}

/**
 * typesImportedFrom of a file reached through another's imports (its object literals' types count in the
 * first file only), once per file and depth. Each level asks for fewer below it, so an import cycle ends.
 */
function typesImportedBelow(recogniser: CallRecogniser, filePath: string, levels: number): string[] {
  const key = `${levels}\0${filePath}`;
  const known = recogniser.typesImportedBelow.get(key);
  if (known) return known;
  const text = recogniser.evaluator.workspace.getText(filePath);
  const found = text === undefined ? [] : typesImportedFrom(recogniser, filePath, text, new Set(), levels);
  recogniser.typesImportedBelow.set(key, found);
  return found;
}

const TYPE_DECLARATION_PATTERN = /\b(?:interface|type|class)\s+([\w$]+)/g;

/** The interfaces, type aliases and classes a text declares. */
function declaredTypes(text: string): Set<string> {
  const types = new Set<string>();
  TYPE_DECLARATION_PATTERN.lastIndex = 0;
  for (let match = TYPE_DECLARATION_PATTERN.exec(text); match; match = TYPE_DECLARATION_PATTERN.exec(text)) types.add(match[1]!);
  return types;
}

/** The interfaces, type aliases and classes a file's text declares, and the heritage types it names: once per file and recogniser, from what the workspace keeps while the text is the same. */
function typeDeclarationsOf(recogniser: CallRecogniser, filePath: string): { types: Set<string>; heritage: string[] } | undefined {
  let entry = recogniser.typeDeclarations.get(filePath);
  if (entry === undefined) {
    const workspace = recogniser.evaluator.workspace;
    const text = workspace.getText(filePath);
    entry = text === undefined ? null : { types: textFact(workspace, filePath, text, "declaredTypes", declaredTypes), heritage: heritageTypesNamedIn(recogniser, filePath, text) };
    recogniser.typeDeclarations.set(filePath, entry);
  }
  return entry ?? undefined;
}

/**
 * Whether a file's imports can lead to an SDK, from texts alone: it imports a module an adapter knows,
 * or a project file (followed through tsconfig paths, declaration files included) whose imports do, at
 * any depth. A request is recognised only through an SDK import or a project wrapper (which leads to
 * one), so a file that names `parse` or `create` but whose imports reach no SDK is never parsed:
 * date-fns names `parse` in 147 of its 1,544 files and imports no SDK at all.
 */
export function mayReachSdk(recogniser: CallRecogniser, filePath: string, text: string): boolean {
  const known = recogniser.reachesSdk.get(filePath);
  if (known !== undefined) return known;
  const seen = new Set([filePath]);
  const queue = [filePath];
  for (let at = 0; at < queue.length; at++) {
    const file = queue[at]!;
    const memo = recogniser.reachesSdk.get(file);
    if (memo === false) continue;
    const specifiers = memo ? [] : specifiersOf(recogniser, file, at === 0 ? text : recogniser.evaluator.workspace.getText(file));
    if (memo || specifiers.some(isSdkModule)) {
      recogniser.reachesSdk.set(filePath, true);
      return true;
    }
    for (const specifier of specifiers) {
      const target = recogniser.evaluator.workspace.resolver.resolve(file, specifier.split("?")[0]!);
      if (target === undefined || seen.has(target) || !/\.[cm]?[jt]sx?$/.test(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  // Nothing this file reaches leads to an SDK, so nothing those files reach does either.
  for (const file of seen) recogniser.reachesSdk.set(file, false);
  return false;
}

/** Whether a text names a function the config's `wrappers` lists. */
export function namesConfiguredWrapper(recogniser: CallRecogniser, text: string): boolean {
  for (const name of recogniser.configuredNames) if (text.includes(name)) return true;
  return false;
}

/** A file's import specifiers, read once per recogniser (texts do not change during one analysis). */
export function specifiersOf(recogniser: CallRecogniser, filePath: string, text: string | undefined): string[] {
  let specifiers = recogniser.specifiers.get(filePath);
  if (!specifiers) {
    specifiers = text === undefined ? [] : textFact(recogniser.evaluator.workspace, filePath, text, "importSpecifiers", importSpecifiers);
    recogniser.specifiers.set(filePath, specifiers);
  }
  return specifiers;
}

/**
 * Whether a file may define wrappers, mostly from its text: it names an SDK method or a configured
 * wrapper, or it imports by name a wrapper that an imported project file really exports (that file is
 * parsed, only because it passed this same test). Importing a module that merely leads to an LLM call
 * somewhere down its imports is not enough, so ordinary code is never parsed for wrappers.
 */
export function mayDefineWrappers(recogniser: CallRecogniser, filePath: string, depth: number): boolean {
  const answers = recogniser.openAnswers;
  const entries = recogniser.cycles.frames.length;
  // Kept, kept for this round of an import cycle being made, or a "no" waiting on an answer still open.
  const known = recogniser.mayDefine.get(filePath) ?? recogniser.cycles.answerThisRound(filePath) ?? answers.waitingAnswer(filePath, entries);
  if (known !== undefined) {
    replayNotes(recogniser, recogniser.mayDefineNotes.get(filePath));
    return known;
  }
  // An import cycle: the file's answer is still being worked out. "No" for now, and the answer asking rests
  // on it (open-answers.ts), unless nothing the file reaches can define wrappers (then "no" holds anyway).
  // Asked for an index entry, it may (which only costs a parse: its entry then says what it defines).
  if (answers.isOpen(filePath)) return reachesWrapperText(recogniser, filePath) && !answers.restOn(filePath, entries);
  const overCut = recogniser.cutWalk.mayDefine.get(filePath);
  if (depth > MAX_IMPORT_DEPTH || overCut !== undefined) {
    recogniser.importDepthCuts++;
    return overCut ?? false;
  }
  return recogniser.cutWalk.within(() => {
    const cuts = recogniser.importDepthCuts;
    const roundReads = recogniser.cycles.roundReads;
    const text = recogniser.evaluator.workspace.getText(filePath);
    answers.open(filePath, entries);
    let result: boolean;
    let notes: OverBudgetNotes | undefined;
    try {
      [result, notes] = collectingNotes(recogniser, () => text !== undefined && mayDefineFromText(recogniser, filePath, text, depth));
    } catch (error) {
      answers.abandon();
      throw error;
    }
    if (notes) recogniser.mayDefineNotes.set(filePath, notes);
    const keep = (path: string, answer: boolean): void => {
      if (!keptUnlessCut(recogniser, cuts)) {
        recogniser.mayDefine.delete(path);
        recogniser.cutWalk.mayDefine.set(path, answer);
      } else if (recogniser.cycles.roundReads === roundReads) recogniser.mayDefine.set(path, answer);
      // Worked out on entries of an import cycle being made: for this round (CycleState.nextRound).
      else recogniser.cycles.keepForRound(path, answer);
    };
    const closed = answers.close(result);
    if (closed.keep) keep(filePath, result);
    for (const path of closed.settled) keep(path, false);
    return result;
  });
}

/**
 * Whether the file, or a project file its imports reach at any depth, has in its text what makes a file
 * define wrappers by itself (mayRequest, a configured wrapper's name, a call of an implementation's member):
 * if none has, no file of them may define any, whatever order they are asked in (an import cycle of
 * ordinary code is then never parsed). Known per recogniser; a "no" holds for every file reached.
 */
function reachesWrapperText(recogniser: CallRecogniser, filePath: string): boolean {
  const known = recogniser.reachesWrapperText.get(filePath);
  if (known !== undefined) return known;
  const workspace = recogniser.evaluator.workspace;
  const seen = new Set([filePath]);
  const queue = [filePath];
  for (let at = 0; at < queue.length; at++) {
    const file = queue[at]!;
    const text = workspace.getText(file);
    if (text === undefined || recogniser.reachesWrapperText.get(file) === false) continue;
    if (recogniser.reachesWrapperText.get(file) || mayRequest(recogniser, file, text) || namesConfiguredWrapper(recogniser, text) || callsImplementationMember(recogniser, file, text)) {
      recogniser.reachesWrapperText.set(filePath, true);
      return true;
    }
    for (const specifier of specifiersOf(recogniser, file, text)) {
      const target = resolveProjectFile(recogniser, file, specifier);
      if (target === undefined || seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  for (const file of seen) recogniser.reachesWrapperText.set(file, false);
  return false;
}

/** mayDefineWrappers' answer from the file's text and what its project imports export. */
function mayDefineFromText(recogniser: CallRecogniser, filePath: string, text: string, depth: number): boolean {
  return (
    mayRequest(recogniser, filePath, text) ||
    namesConfiguredWrapper(recogniser, text) ||
    callsImplementationMember(recogniser, filePath, text) ||
    // Type-only imports too: a class taken as a parameter's type (`check(client: Client)`) brings its wrapper methods (wrapper-index.ts).
    textFact(recogniser.evaluator.workspace, filePath, text, "importBindingsWithTypes", (read) => importBindings(read, true)).some(({ specifier, names }) => {
      const target = resolveProjectFile(recogniser, filePath, specifier);
      if (target === undefined || !mayDefineWrappers(recogniser, target, depth + 1)) return false;
      // An import cycle: the target's entry is still being made, and lists only part of its exports yet.
      const growing = recogniser.computing.get(target);
      const parsed = growing ? undefined : recogniser.evaluator.workspace.getParsedFile(target);
      const entry = growing ? recogniser.cycles.exportsWhileMade(target, growing) : parsed ? wrappersOf(recogniser, parsed, depth + 1) : undefined;
      // The target's entry was made this round of an import cycle: what it exports holds for the round only.
      if (recogniser.cycles.provisional.has(target)) recogniser.cycles.noteRoundRead();
      const exports = entry?.exports;
      if (!exports || exports.size === 0) return false;
      return names === "all" || names.some((name) => exports.has(name));
    })
  );
}

export function resolveProjectFile(recogniser: CallRecogniser, fromFile: string, specifier: string): string | undefined {
  // An SDK is recognised by name, never read as the project's, even where the project holds its source
  // (an SDK's own examples depending on it as `"openai": "file:.."`).
  if (!isRelative(specifier) && recogniser.evaluator.symbolicPackages.has(packageRoot(specifier))) return undefined;
  const resolved = recogniser.evaluator.workspace.resolver.resolve(fromFile, specifier.split("?")[0]!);
  if (!resolved || !/\.[cm]?[jt]sx?$/.test(resolved) || resolved.endsWith(".d.ts") || resolved.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
  return resolved;
}

/** Module specifiers of import, export-from, require and dynamic import in a file's text, without parsing it. */
export function importSpecifiers(text: string): string[] {
  const found = new Set<string>();
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"'\n]+)["']/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) found.add(match[1]!);
  return [...found];
}

/**
 * What a file's text imports from each module, without parsing it: the names it takes, or "all" for a
 * namespace import, `export *`, `require` and dynamic `import()` (anything the pattern cannot read is
 * "all" too, which only costs a parse). Type-only imports and side-effect imports take nothing callable.
 */
export function importBindings(text: string, withTypes = false): { specifier: string; names: string[] | "all" }[] {
  const found: { specifier: string; names: string[] | "all" }[] = [];
  const statement = /\b(import|export)\s+(type\s+)?([\w$\s{},*]*?)\s*from\s*["']([^"'\n]+)["']|\b(?:require|import)\s*\(\s*["']([^"'\n]+)["']/g;
  for (let match = statement.exec(text); match; match = statement.exec(text)) {
    if (match[5] !== undefined) {
      found.push({ specifier: match[5], names: "all" });
      continue;
    }
    if (match[2] && !withTypes) continue;
    found.push({ specifier: match[4]!, names: importedNames(match[1] as "import" | "export", match[3]!, withTypes) });
  }
  return found;
}

/** The exported names an import or export-from clause takes: `a`, `{ b as c, type d }`, `* as ns`, `*`. */
export function importedNames(keyword: "import" | "export", clause: string, withTypes = false): string[] | "all" {
  if (clause.includes("*")) return "all";
  const names: string[] = [];
  const braces = /\{([^}]*)\}/.exec(clause);
  for (const element of braces?.[1]?.split(",") ?? []) {
    // The first word (`b` of `b as c`), or the second after `type` when types are wanted.
    const [first, rest] = firstWord(element);
    if (first === "" || (first === "type" && (!withTypes || rest === ""))) continue;
    names.push(first === "type" ? firstWord(rest)[0] : first);
  }
  // `{ a, b }` alone, as most clauses are: nothing outside the braces.
  if (braces && braces[0].length === clause.length) return names;
  const outside = clause.replace(/\{[^}]*\}/, "").replace(/,/g, " ").trim();
  if (keyword === "import" && /^[\w$]+$/.test(outside)) names.push("default");
  else if (outside !== "") return "all";
  return names;
}

/** A text's first run of non-space characters and what follows it, without the spaces around: `["b", "as c"]`. */
function firstWord(text: string): [string, string] {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  return space === -1 ? [trimmed, ""] : [trimmed.slice(0, space), trimmed.slice(space).trimStart()];
}

/**
 * Whether a text has `name` as a word: what `\bname\b` matches, without compiling a pattern per name (the
 * prefilter asks for every wrapper and member name of every imported module, file after file: 0.64 s of a
 * continue run went to compiling them).
 */
export function namesWord(text: string, name: string): boolean {
  if (name === "") return false;
  const end = name.length;
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    if (isWordCode(text.charCodeAt(at - 1)) !== isWordCode(text.charCodeAt(at)) && isWordCode(text.charCodeAt(at + end - 1)) !== isWordCode(text.charCodeAt(at + end))) return true;
  }
  return false;
}

/**
 * How many names are looked for in a text (namesWord) before its words are gathered into a set instead. A
 * file importing a module of many exports asks for each export and each of its members: gemini-cli 5411f11,
 * 0.72 s of a run went to looking for them one by one.
 */
const WORDS_BY_SEARCH = 16;

/** A name made of word characters only: it has `\b` around it exactly where it is a whole run of them. */
const PLAIN_WORD = /^\w+$/;

/**
 * Whether a text has names as words (namesWord), for a text asked of many names: the first few searched for,
 * then the text's runs of word characters gathered once and looked up.
 */
export class WordsOfText {
  private searches = 0;
  private words?: Set<string>;

  constructor(private readonly text: string) {}

  has(name: string): boolean {
    if (this.words === undefined && ++this.searches <= WORDS_BY_SEARCH) return namesWord(this.text, name);
    if (!PLAIN_WORD.test(name)) return namesWord(this.text, name);
    this.words ??= new Set(this.text.match(/\w+/g));
    return this.words.has(name);
  }
}

/** A character `\b` counts as a word character (ASCII letters, digits, `_`); NaN (before or after the text) is none. */
function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Whether an import specifier names a module an SDK adapter knows (an HTTP client is not one: see ProviderAdapter.textGate). */
export function isSdkModule(specifier: string): boolean {
  const module = canonicalModule(specifier);
  return exportsDropInClient(module) || adaptersForModule(module).some((adapter) => !adapter.textGate);
}
