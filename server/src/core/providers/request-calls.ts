// Where a file's text calls a method named like an SDK request, and what each call is made on, read from
// the text alone (the text prefilter's first test, before anything is parsed).
import { SDK_CALL_NAMES } from "./index.ts";

/** A cast to a named type between a method and its call: ` as Function`, ` as unknown`, ` satisfies Fn<T>`. */
const CAST_TO = String.raw`\b(?:as|satisfies)\s+[A-Za-z_$][\w$.]*(?:<[^()]*?>)?(?:\[\])*`;

/**
 * A request method's name where a call can start: before `(`, after optional `!`, `?.`, `)`, comments, casts
 * to a named type or type arguments (`client.chat.completions.create(`, `generateObject<T>(`, `(llm.invoke)!(`,
 * `(client.chat.completions.create as Function)(`). A call is recognised only by its callee's last name, so a
 * name in prose, a string or a property key is no call.
 */
const REQUEST_CALL_PATTERN = new RegExp(String.raw`\b(?:${alternationByFirstLetter(SDK_CALL_NAMES)})\b(?:\s|!|\)|\?\.|\/\*[\s\S]*?\*\/|${CAST_TO})*[(<]`, "g");

/**
 * `c(?:reate|hat|...)|s(?:end|tream|...)`: the same words as `create|chat|send|...`, which the regex
 * engine tries at a position only when the first letter fits (3x faster over a 2,800-file application).
 */
function alternationByFirstLetter(words: Iterable<string>): string {
  const byFirst = new Map<string, string[]>();
  for (const word of words) byFirst.set(word[0]!, [...(byFirst.get(word[0]!) ?? []), word.slice(1)]);
  return [...byFirst].map(([first, rests]) => `${first}(?:${rests.join("|")})`).join("|");
}

/**
 * A call of an SDK client's request method by its path under the client (`.chat.completions.create(`,
 * `.beta.threads.runs.createAndStream(`, `.messages.create(`, `.models.generateContent(`): a path no other
 * kind of value is likely to have, written on whatever holds the client.
 */
const CLIENT_METHOD_PATH_CALL = new RegExp(
  String.raw`(?:\.|\?\.)\s*(?:(?:beta\s*\.\s*)?chat\s*\.\s*completions|(?:beta\s*\.\s*)?threads\s*\.\s*runs|(?:beta\s*\.\s*)?messages|responses|embeddings|models)\s*\.\s*(?:create|stream|parse|createAndPoll|createAndStream|generateContent|generateContentStream|embedContent|countTokens)(?:\s|\)|${CAST_TO})*[(<]`,
);

/**
 * Whether a text calls an SDK client's request method by its client path (see CLIENT_METHOD_PATH_CALL):
 * where the file's imports reach no SDK, such a call is made on a client the file receives (a parameter,
 * an object passed in), and a call site passing a client makes the request.
 */
export function callsClientMethodPath(text: string): boolean {
  return CLIENT_METHOD_PATH_CALL.test(text);
}

/**
 * JavaScript's own objects: their methods are never an SDK's (`JSON.parse`, `Object.create`, `Date.parse`,
 * `console.count` share a request method's name), nor a project class's (`console.log`, implementations.ts).
 */
export const BUILT_IN_OBJECTS = ["JSON", "Object", "Date", "console", "Math", "Array", "Promise", "Reflect", "Number", "String"];

const BUILT_IN_RECEIVER = new RegExp(`(?:^|[^\\w$.])(?:${BUILT_IN_OBJECTS.join("|")})\\s{0,4}\\.\\s{0,4}$`);

/**
 * Request methods whose names every codebase calls for other things (`Schema.parse(input)` of zod,
 * `prisma.user.count()`, `prisma.user.create(...)`, a promise's `complete()`): a call of one is an SDK's
 * only under the path the SDKs give it (`chat.completions.parse(`, `responses.parse(`, `messages.parse(`,
 * Mistral's `chat.parse(` and `chat.complete(`, OpenAI's `responses.inputTokens.count(`, `create` under
 * `completions`, `responses`, `embeddings`, `batches`, `runs`, `messages`, Gemini's `interactions`, Mistral's
 * `batch.jobs`, or a `chat` held apart).
 */
const UNDER_SDK_PATH_ONLY: ReadonlyMap<string, RegExp> = new Map([
  ["parse", /(?:completions|responses|messages|chat)\s*!?\s*(?:\?\.|\.)\s*$/],
  ["count", /inputTokens\s*!?\s*(?:\?\.|\.)\s*$/],
  ["create", /(?:completions|responses|embeddings|batches|runs|messages|interactions|jobs|chat)\s*!?\s*(?:\?\.|\.)\s*$/],
  ["complete", /(?:chat|fim)\s*!?\s*(?:\?\.|\.)\s*$/],
]);

/** The offset of each request-named call's name in a text, other than calls on a built-in object, methods declared so, and common names off an SDK's path. */
function* requestCalls(text: string): Generator<number> {
  const pattern = new RegExp(REQUEST_CALL_PATTERN);
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    // 20 characters: more than the longest receiver with its spaces, so `^` matches only at the text's start.
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    if (BUILT_IN_RECEIVER.test(before.slice(-20))) continue;
    const path = UNDER_SDK_PATH_ONLY.get(/^[\w$]+/.exec(match[0])![0]);
    if (path && !path.test(before)) continue;
    if (!declaresMethod(text, match.index, match.index + match[0].length - 1)) yield match.index;
  }
}

/** What may stand before a method's name where it is declared: a statement's or member's end, or a modifier. */
const BEFORE_DECLARED_NAME = /(?:^|[{};,*]|\b(?:async|static|public|private|protected|override|readonly|abstract|declare|get|set))\s*$/;

/**
 * Whether the name at `at`, whose type parameters or parameters open at `open`, declares a method or
 * function rather than calling one: `async send(message: Message): Promise<void> {`, `send<T extends
 * keyof Protocol>(type: T): void;` in an interface, `{ create(data) { ... } }`. It stands where a member
 * or statement starts, and its parameter list is followed by a return type or, on the same line, a body.
 * A call never is: `send(message);`, `a ? send(x) : y`, `class A extends mixin(Base) {` (after `extends`).
 */
function declaresMethod(text: string, at: number, open: number): boolean {
  if (!BEFORE_DECLARED_NAME.test(text.slice(Math.max(0, at - 30), at))) return false;
  let index = open;
  if (text[index] === "<") {
    index = closingOf(text, index, "<", ">");
    if (index === -1) return false;
    index = skipSpaces(text, index + 1);
    if (text[index] !== "(") return false;
  }
  const close = closingOf(text, index, "(", ")");
  if (close === -1) return false;
  const after = skipSpaces(text, close + 1);
  // A body on the next line may be a block after a call without a semicolon (`send(x)` then `{ ... }`).
  return text[after] === ":" || (text[after] === "{" && !text.slice(close, after).includes("\n"));
}

/** The offset of the bracket closing the one at `open`, counted over at most 2,000 characters (-1 past them); `=>` is no closing `>`. */
function closingOf(text: string, open: number, opening: string, closing: string): number {
  let depth = 0;
  const end = Math.min(text.length, open + 2000);
  for (let index = open; index < end; index++) {
    const char = text[index];
    if (char === opening) depth++;
    else if (char === closing && !(closing === ">" && text[index - 1] === "=")) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function skipSpaces(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index]!)) index++;
  return index;
}

/** Whether a text calls a method named like an SDK request (as requestCalls reads them: not on a built-in object, not declared, `parse`/`count` only under an SDK's path). */
export function callsRequestName(text: string): boolean {
  for (const _ of requestCalls(text)) return true;
  return false;
}

/**
 * Whether one of a text's request-named calls is made on something that can be an SDK value: anything but
 * a name the file imports from a module that cannot hold one (`prisma.user.create(...)` with `prisma` from
 * a project file whose imports reach no SDK, `create(...)` from a package no adapter knows), or a field of
 * `this` the file declares only with such a package (fieldHoldsNoSdk). Any other receiver that is not a plain
 * chain of names (`getClient().create(`, `this.client.create(` with `client` declared elsewhere) can be anything.
 */
export function callsOnPossibleSdk(text: string, cannotHoldSdk: (specifier: string) => boolean, packageCannotHoldSdk: (specifier: string) => boolean): boolean {
  let locals: Map<string, string> | undefined;
  const fieldsHoldingNoSdk = new Set<string>();
  for (const at of requestCalls(text)) {
    const root = receiverRoot(text, at);
    locals ??= importedLocals(text);
    if (root === undefined) {
      const field = thisFieldRoot(text, at);
      if (field === undefined || (!fieldsHoldingNoSdk.has(field) && !fieldHoldsNoSdk(text, field, locals, packageCannotHoldSdk))) return true;
      fieldsHoldingNoSdk.add(field);
      continue;
    }
    const specifier = locals.get(root);
    if (specifier === undefined || !cannotHoldSdk(specifier)) return true;
  }
  return false;
}

/** The field a call is made on when its receiver is `this.<field>...` (`this.client.users.drafts.create(`: `client`). */
export function thisFieldRoot(text: string, at: number): string | undefined {
  const chain = chainBefore(text, at);
  const names = chain && /^this\s*!?\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)\s*!?\s*(?:\?\.|\.)/.exec(chain.text);
  if (!names) return undefined;
  // `this` itself, not a member named so (`x.this.client`).
  const before = text[chain.at - 1];
  return before === undefined || !/[\w$.#]/.test(before) ? names[1] : undefined;
}

/** The chain of names and dots written just before `at` (`this.client.users.drafts.` of a call's name), read back at most 300 characters. */
function chainBefore(text: string, at: number): { text: string; at: number } | undefined {
  const start = Math.max(0, at - 300);
  const chain = CHAIN_BEFORE.exec(text.slice(start, at));
  return !chain || (chain.index === 0 && start > 0) ? undefined : { text: chain[0], at: start + chain.index };
}

/**
 * Whether everything a text declares a field (or a name) with is a package no adapter knows: each type
 * annotation of the name (`private readonly client: gmail_v1.Gmail`, a constructor's `client: gmail_v1.Gmail`)
 * names only imports of such packages (and `null`, `undefined`); without one (JavaScript, a field's inferred
 * type), each assignment to it (`this.client = client`, `db = new PrismaClient()`) is a name so annotated, or
 * `new`/a call of such an import, neither chosen nor defaulted there. A name declared nowhere in the text, or
 * once in any other way, may hold an SDK client.
 */
function fieldHoldsNoSdk(text: string, field: string, locals: ReadonlyMap<string, string>, packageCannotHoldSdk: (specifier: string) => boolean): boolean {
  const fromPackage = (name: string): boolean => {
    const specifier = locals.get(name);
    return specifier !== undefined && packageCannotHoldSdk(specifier);
  };
  const typed = (name: string): boolean => {
    let found = false;
    for (const match of text.matchAll(annotationsOf(name))) {
      const roots = [...match[1]!.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)].map(([root]) => root);
      // An object's property holding the object a method runs on (`{ client: this }`): no declaration of the field.
      if (roots[0] === "this") continue;
      if (roots.length === 0 || !roots.every((root) => root === "null" || root === "undefined" || fromPackage(root))) return false;
      found = true;
    }
    return found;
  };
  // In TypeScript a field's type decides what it may hold, whatever is assigned to it.
  if (typed(field)) return true;
  let declared = false;
  const escaped = field.replace(/\$/g, "\\$");
  for (const match of text.matchAll(new RegExp(String.raw`(?<![\w$.])(?:this\s*\.\s*#?)?${escaped}\s*=(?![=>])\s*(new\s+)?([A-Za-z_$][\w$]*)?([^;\n]*)`, "g"))) {
    const [, made, name, rest] = match;
    // A value chosen or defaulted where it is assigned (`client ?? new OpenAI()`, `a ? b : c`) may be either.
    if (name === undefined || /\?|\|\|/.test(rest!)) return false;
    if (fromPackage(name)) {
      declared = true;
      continue;
    }
    if (made !== undefined || !typed(name)) return false;
    declared = true;
  }
  return declared;
}

/** `name: Type` and `name?: Type` as a field, parameter or variable declares them: the type up to where it ends. */
function annotationsOf(name: string): RegExp {
  return new RegExp(String.raw`(?<![\w$.])#?${name.replace(/\$/g, "\\$")}\s*[?!]?\s*:\s*(?!:)([^;,)=\n{]*)`, "g");
}

const CHAIN_BEFORE = /(?:[A-Za-z_$][\w$]*\s*!?\s*(?:\?\.|\.)\s*)+$/;
const DOT_BEFORE = /(?:\?\.|\.)\s*$/;
/** Words after which a name starts an expression (`await prisma.user.create(`). */
const KEYWORDS_BEFORE = new Set(["await", "return", "yield", "typeof", "void", "throw", "case", "else", "do", "in", "of"]);

/**
 * The first name of what a call whose name starts at `at` is made on: `prisma` of `prisma.user.create(`,
 * `create` of `create(`; undefined when it is anything else (`getClient().create(`, `this.client.create(`,
 * `this.#create(`, a chain longer than the window read).
 */
export function receiverRoot(text: string, at: number): string | undefined {
  let rootAt = at;
  if (DOT_BEFORE.test(text.slice(Math.max(0, at - 300), at))) {
    const chain = chainBefore(text, at);
    if (chain === undefined) return undefined;
    rootAt = chain.at;
  }
  const root = /^[A-Za-z_$][\w$]*/.exec(text.slice(rootAt, rootAt + 200))?.[0];
  if (root === undefined || root === "this" || root === "super") return undefined;
  const before = text.slice(Math.max(0, rootAt - 40), rootAt).trimEnd();
  const last = before[before.length - 1];
  if (last === undefined || "([{,;:=!&|+-*/%<>^~?}".includes(last)) return root;
  const word = /[\w$]+$/.exec(before)?.[0];
  return word !== undefined && KEYWORDS_BEFORE.has(word) && /(?:^|[^\w$.#])[\w$]+$/.test(before) ? root : undefined;
}

const IMPORT_STATEMENT = /\bimport\s+(?:type\s+)?([\w$\s{},*]*?)\s*from\s*["']([^"'\n]+)["']/g;

/** The local names a text's ES imports bind, each with its module specifier (`import a, { b as c } from "m"`, `import * as ns from "m"`). */
export function importedLocals(text: string): Map<string, string> {
  const locals = new Map<string, string>();
  const pattern = new RegExp(IMPORT_STATEMENT);
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const [, clause, specifier] = match as unknown as [string, string, string];
    const namespace = /\*\s*as\s+([\w$]+)/.exec(clause);
    if (namespace) locals.set(namespace[1]!, specifier);
    for (const element of /\{([^}]*)\}/.exec(clause)?.[1]?.split(",") ?? []) {
      const words = element.trim().split(/\s+/).filter((word) => word !== "");
      const local = words[words.length - 1];
      if (local !== undefined && local !== "type") locals.set(local, specifier);
    }
    const outside = /^\s*([\w$]+)\s*(?:,|$)/.exec(clause.replace(/\{[^}]*\}/, "").replace(/\*\s*as\s+[\w$]+/, ""));
    if (outside && outside[1] !== "type") locals.set(outside[1]!, specifier);
  }
  return locals;
}
