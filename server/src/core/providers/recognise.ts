import * as path from "node:path";
import type { Evaluator } from "../resolve/evaluate.ts";
import { findDeclaration } from "../resolve/scope.ts";
import { fullyStaticText, toTextParts, type EvalScope, type ExternalValue, type Value } from "../resolve/values.ts";
import { ts } from "../ts.ts";
import type { ModelPrice } from "../pricing/price-types.ts";
import { unlistedModelPrice } from "../pricing/price-table.ts";
import type { WrapperHop } from "../types.ts";
import type { ParsedFile, Workspace } from "../workspace/workspace.ts";
import type { RecognisedCall } from "./adapter.ts";
import { readModel, withModel } from "./call-params.ts";
import { adaptersForModule, canonicalModule, REQUEST_CALL_NAMES } from "./index.ts";

/**
 * How many wrapper functions deep a call site is followed to the SDK call (`ask` -> `complete` -> `send`
 * -> `client.chat.completions.create` is three). Deeper chains are not followed: the SDK call is still
 * reported where it is written, with its parameters unknown.
 */
export const MAX_WRAPPER_DEPTH = 4;
/** How many imports deep the wrapper index follows a file's imports (barrels re-exporting barrels). */
const MAX_IMPORT_DEPTH = 8;

/** A wrapper named in the config's `wrappers` for what cannot be inferred (a wrapper from a package, dynamic dispatch). */
export interface WrapperSetting {
  function: string;
  /** A package name, or a path (relative to the project, extension optional) of the module that exports it. */
  module?: string;
  promptArg?: number;
  modelArg?: number;
  provider?: string;
  model?: string;
}

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
}

/** A text test before any parsing: a file that names no request method and imports no project module cannot contain a call. */
export const REQUEST_NAME_PATTERN = new RegExp(`\\b(?:${[...REQUEST_CALL_NAMES].join("|")})\\b`);

/** What the index knows of one file: its wrapper functions, what it exports of them, and the names a call can start with. */
interface FileWrappers {
  /** Function-likes of the file that make an LLM request with their parameters in scope, and where they make it. */
  functions: Map<ts.Node, { name: string; sites: ts.CallExpression[] }>;
  /** Exported names that are wrappers, or objects, classes and instances with wrapper methods. */
  exports: Map<string, { callable: boolean; members: Set<string> }>;
  /** Callee names (last identifier of the callee) that can make a request in this file. */
  names: Set<string>;
  /** Files consulted and their versions, to know when the entry is stale. */
  dependencies: [string, string][];
  version: string;
}

const indexes = new WeakMap<Workspace, Map<string, FileWrappers>>();

/**
 * Recognises the LLM requests a call expression makes: an SDK call through an adapter, a call to a
 * project function that makes one with its parameters (followed across files, the callee's parameters
 * bound to the call site's arguments), or a function named in the config's `wrappers`.
 *
 * Which files can contain such calls is decided without evaluating anything: the wrapper index lists,
 * per file, the names of the wrapper functions it can reach through its imports. The index is built
 * lazily, only for the files an analysed file imports, cached per workspace and file version.
 */
export class CallRecogniser {
  private readonly index: Map<string, FileWrappers>;
  private readonly computing = new Map<string, FileWrappers>();
  /** Per recogniser (one CLI run, one server analysis): files whose text says they may define wrappers. */
  private readonly mayDefine = new Map<string, boolean>();
  /** Per recogniser: files whose imports do or do not lead to an SDK (see mayReachSdk). */
  private readonly reachesSdk = new Map<string, boolean>();
  private readonly specifiers = new Map<string, string[]>();
  private readonly configuredNames: Set<string>;

  constructor(
    readonly evaluator: Evaluator,
    private readonly configured: readonly WrapperSetting[] = [],
  ) {
    const workspace = evaluator.workspace;
    let index = indexes.get(workspace);
    if (!index) {
      index = new Map();
      indexes.set(workspace, index);
    }
    this.index = index;
    this.configuredNames = new Set(configured.map((wrapper) => wrapper.function));
  }

  /** Callee names that can make a request in this file; empty when the file cannot contain a call. */
  candidateNames(file: ParsedFile): ReadonlySet<string> {
    return this.wrappersOf(file, 0).names;
  }

  /**
   * Whether a file that names no SDK method may still call a wrapper, decided from its text before it is
   * parsed: one of the project modules it imports (transitively) makes requests, and the file names one
   * of the wrappers that module exports. Only those modules are parsed; most files stop at the regex.
   */
  mayCallWrappers(filePath: string, text: string): boolean {
    if (this.namesConfiguredWrapper(text)) return true;
    for (const specifier of this.specifiersOf(filePath, text)) {
      const target = this.resolveProjectFile(filePath, specifier);
      if (!target || !this.mayDefineWrappers(target, 0)) continue;
      const parsed = this.evaluator.workspace.getParsedFile(target);
      if (!parsed) continue;
      for (const [name, entry] of this.wrappersOf(parsed, 0).exports) {
        if (name === "default" || namesWord(text, name)) return true;
        for (const member of entry.members) if (namesWord(text, member)) return true;
      }
    }
    return false;
  }

  /**
   * Whether a file's imports can lead to an SDK, from texts alone: it imports a module an adapter knows,
   * or a project file (followed through tsconfig paths, declaration files included) whose imports do, at
   * any depth. A request is recognised only through an SDK import or a project wrapper (which leads to
   * one), so a file that names `parse` or `create` but whose imports reach no SDK is never parsed:
   * date-fns names `parse` in 147 of its 1,544 files and imports no SDK at all.
   */
  mayReachSdk(filePath: string, text: string): boolean {
    const known = this.reachesSdk.get(filePath);
    if (known !== undefined) return known;
    const seen = new Set([filePath]);
    const queue = [filePath];
    for (let at = 0; at < queue.length; at++) {
      const file = queue[at]!;
      const memo = this.reachesSdk.get(file);
      if (memo === false) continue;
      const specifiers = memo ? [] : this.specifiersOf(file, at === 0 ? text : this.evaluator.workspace.getText(file));
      if (memo || specifiers.some(isSdkModule)) {
        this.reachesSdk.set(filePath, true);
        return true;
      }
      for (const specifier of specifiers) {
        const target = this.evaluator.workspace.resolver.resolve(file, specifier.split("?")[0]!);
        if (target === undefined || seen.has(target) || !/\.[cm]?[jt]sx?$/.test(target)) continue;
        seen.add(target);
        queue.push(target);
      }
    }
    // Nothing this file reaches leads to an SDK, so nothing those files reach does either.
    for (const file of seen) this.reachesSdk.set(file, false);
    return false;
  }

  /** Whether a text names a function the config's `wrappers` lists. */
  private namesConfiguredWrapper(text: string): boolean {
    for (const name of this.configuredNames) if (text.includes(name)) return true;
    return false;
  }

  /** A file's import specifiers, read once per recogniser (texts do not change during one analysis). */
  private specifiersOf(filePath: string, text: string | undefined): string[] {
    let specifiers = this.specifiers.get(filePath);
    if (!specifiers) {
      specifiers = text === undefined ? [] : importSpecifiers(text);
      this.specifiers.set(filePath, specifiers);
    }
    return specifiers;
  }

  /**
   * Whether a file may define wrappers, mostly from its text: it names an SDK method or a configured
   * wrapper, or it imports by name a wrapper that an imported project file really exports (that file is
   * parsed, only because it passed this same test). Importing a module that merely leads to an LLM call
   * somewhere down its imports is not enough, so ordinary code is never parsed for wrappers.
   */
  private mayDefineWrappers(filePath: string, depth: number): boolean {
    const known = this.mayDefine.get(filePath);
    if (known !== undefined) return known;
    if (depth > MAX_IMPORT_DEPTH) return false;
    this.mayDefine.set(filePath, false);
    const text = this.evaluator.workspace.getText(filePath);
    let result = false;
    if (text !== undefined) {
      result =
        (REQUEST_NAME_PATTERN.test(text) && this.mayReachSdk(filePath, text)) ||
        this.namesConfiguredWrapper(text) ||
        importBindings(text).some(({ specifier, names }) => {
          const target = this.resolveProjectFile(filePath, specifier);
          if (target === undefined || !this.mayDefineWrappers(target, depth + 1)) return false;
          const parsed = this.evaluator.workspace.getParsedFile(target);
          const exports = parsed ? this.wrappersOf(parsed, depth + 1).exports : undefined;
          if (!exports || exports.size === 0) return false;
          return names === "all" || names.some((name) => exports.has(name));
        });
    }
    this.mayDefine.set(filePath, result);
    return result;
  }

  private resolveProjectFile(fromFile: string, specifier: string): string | undefined {
    const resolved = this.evaluator.workspace.resolver.resolve(fromFile, specifier.split("?")[0]!);
    if (!resolved || !/\.[cm]?[jt]sx?$/.test(resolved) || resolved.endsWith(".d.ts") || resolved.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
    return resolved;
  }

  /** The requests a call expression makes, each with the wrappers it goes through. */
  recognise(node: ts.CallExpression, file: ParsedFile, scope: EvalScope = { file }, depth = 0, active: Set<ts.Node> = new Set()): RecognisedAt[] {
    const name = calleeName(node.expression);
    if (!name) return [];
    if (this.configuredNames.has(name)) {
      const configured = this.recogniseConfigured(node, file, scope, name);
      if (configured) return [{ recognised: configured }];
    }
    const evaluated = this.evaluator.evaluate(node.expression, scope);
    const callee = evaluated.kind === "external" ? { ...evaluated, module: canonicalModule(evaluated.module) } : evaluated;
    if (callee.kind === "external") {
      if (!REQUEST_CALL_NAMES.has(name)) return [];
      for (const adapter of adaptersForModule(callee.module)) {
        const recognised = adapter.recognise(callee, { file, node, evaluator: this.evaluator, scope });
        if (recognised) return [{ recognised, callee }];
      }
      return [];
    }
    if (callee.kind !== "function" || depth >= MAX_WRAPPER_DEPTH || active.has(callee.node)) return [];
    const wrapperFile = this.evaluator.workspace.getParsedFile(callee.node.getSourceFile().fileName);
    if (!wrapperFile) return [];
    const wrapper = this.wrappersOf(wrapperFile, 0).functions.get(callee.node);
    if (!wrapper) return [];
    const bound = this.evaluator.bindArguments(callee, node.arguments, scope);
    const results: RecognisedAt[] = [];
    const reachingSites: ts.CallExpression[] = [];
    let branchesOnly = true;
    active.add(callee.node);
    try {
      for (const site of wrapper.sites) {
        const hop: WrapperHop = {
          function: wrapper.name,
          id: wrapperId(wrapperFile, callee.node),
          file: wrapperFile.path,
          line: wrapperFile.sourceFile.getLineAndCharacterOfPosition(site.getStart()).line + 1,
        };
        const inner = this.recognise(site, wrapperFile, bound, depth + 1, active);
        if (inner.length === 0) continue;
        reachingSites.push(site);
        if (inner.length > 1 && inner.some((result) => !result.alternative)) branchesOnly = false;
        for (const result of inner) results.push({ ...result, recognised: atCallSite(result.recognised), via: [hop, ...(result.via ?? [])] });
      }
    } finally {
      active.delete(callee.node);
    }
    if (results.length > 1 && branchesOnly && pairwiseExclusive(reachingSites)) for (const result of results) result.alternative = true;
    return results;
  }

  /** The wrapper function a call is written in, when its call sites are reported instead. */
  enclosingWrapper(node: ts.Node, file: ParsedFile): { name: string; id: string } | undefined {
    const functions = this.wrappersOf(file, 0).functions;
    for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
      const wrapper = functions.get(current);
      if (wrapper) return { name: wrapper.name, id: wrapperId(file, current) };
    }
    return undefined;
  }

  /** The index entry of a file, computed on first use and when it or a file it depends on changed. */
  private wrappersOf(file: ParsedFile, depth: number): FileWrappers {
    const cached = this.index.get(file.path);
    if (cached && cached.version === file.version && cached.dependencies.every(([dependency, version]) => this.evaluator.workspace.versionOf(dependency) === version)) {
      return cached;
    }
    // An import cycle, or a local wrapper calling another while the file is indexed: what is known so far.
    const partial = this.computing.get(file.path);
    if (partial) return partial;
    if (depth > MAX_IMPORT_DEPTH) return emptyWrappers(file);
    const result = emptyWrappers(file);
    this.computing.set(file.path, result);
    try {
      this.computeWrappers(file, depth, result);
      this.index.set(file.path, result);
      return result;
    } finally {
      this.computing.delete(file.path);
    }
  }

  private computeWrappers(file: ParsedFile, depth: number, result: FileWrappers): FileWrappers {
    const imported = new Set<string>();
    const reExports: { specifier: string; names: [string, string][] | "all" }[] = [];
    // What the file's project imports bring in: wrapper functions, and objects or classes with wrapper methods.
    for (const statement of file.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause && !statement.importClause.isTypeOnly) {
        const target = this.projectFile(file, statement.moduleSpecifier.text, result);
        if (!target) continue;
        const exports = this.wrappersOf(target, depth + 1).exports;
        if (exports.size === 0) continue;
        const clause = statement.importClause;
        if (clause.name) addImported(exports.get("default"), clause.name.text, imported);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) {
          for (const [exportName, entry] of exports) addImported(entry, exportName, imported);
        } else if (bindings) {
          for (const element of bindings.elements) addImported(exports.get((element.propertyName ?? element.name).text), element.name.text, imported);
        }
      } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) && !statement.isTypeOnly) {
        const names = statement.exportClause && ts.isNamedExports(statement.exportClause) ? statement.exportClause.elements.map((element) => [(element.propertyName ?? element.name).text, element.name.text] as [string, string]) : "all";
        reExports.push({ specifier: statement.moduleSpecifier.text, names });
      }
    }
    for (const name of requireBindings(file)) {
      const target = this.projectFile(file, name.specifier, result);
      if (!target) continue;
      const exports = this.wrappersOf(target, depth + 1).exports;
      if (name.local) addImported(exports.get(name.imported ?? "default") ?? (name.imported === null ? { callable: false, members: new Set(exports.keys()) } : undefined), name.local, imported);
    }
    for (const { specifier, names } of reExports) {
      const target = this.projectFile(file, specifier, result);
      if (!target) continue;
      const exports = this.wrappersOf(target, depth + 1).exports;
      if (names === "all") for (const [exportName, entry] of exports) result.exports.set(exportName, entry);
      else for (const [from, as] of names) {
        const entry = exports.get(from);
        if (entry) result.exports.set(as, entry);
      }
    }
    const requestNames = REQUEST_NAME_PATTERN.test(file.text) && this.mayReachSdk(file.path, file.text);
    const configured = this.namesConfiguredWrapper(file.text);
    if (!requestNames && imported.size === 0 && !configured) return result;
    for (const name of imported) result.names.add(name);
    if (requestNames) for (const name of REQUEST_CALL_NAMES) result.names.add(name);
    for (const name of this.configuredNames) result.names.add(name);
    this.findLocalWrappers(file, result);
    this.collectExports(file, result);
    return result;
  }

  /**
   * Function-likes of the file with parameters whose body makes a request. Repeated until nothing new is
   * found, so a local wrapper calling a local wrapper is found too (bounded by MAX_WRAPPER_DEPTH rounds).
   */
  private findLocalWrappers(file: ParsedFile, result: FileWrappers): void {
    // One walk of the file: each candidate function with the named calls its body reaches, in document
    // order. A function declared inside another is a wrapper of its own, so an enclosing body's calls
    // stop there. The rounds then look at those calls only, never at the tree again.
    const functions: LocalFunction[] = [];
    let reaching: readonly LocalFunction[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && reaching.length > 0) {
        const callee = calleeName(node.expression);
        if (callee) for (const candidate of reaching) candidate.calls.push({ call: node, callee });
      }
      const enclosing = reaching;
      if (ts.isFunctionDeclaration(node)) reaching = [];
      const declaration = ts.isFunctionLike(node) ? (node as ts.FunctionLikeDeclaration) : undefined;
      const body = declaration?.body;
      const name = declaration && body && declaration.parameters.length > 0 ? functionName(declaration) : undefined;
      if (declaration && body && name) {
        const candidate: LocalFunction = { node: declaration, name, calls: [] };
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
    const callers = functions.filter((candidate) => candidate.calls.length > 0);
    for (let round = 0; round < MAX_WRAPPER_DEPTH; round++) {
      let added = false;
      for (const { node, name, calls } of callers) {
        if (result.functions.has(node)) continue;
        const sites = calls.filter(({ call, callee }) => result.names.has(callee) && this.recognise(call, file).length > 0).map(({ call }) => call);
        if (sites.length === 0) continue;
        result.functions.set(node, { name, sites });
        result.names.add(name);
        added = true;
      }
      if (!added) break;
    }
  }

  /** Which of the file's wrappers (and objects or classes holding them) it exports, ESM or CommonJS. */
  private collectExports(file: ParsedFile, result: FileWrappers): void {
    if (result.functions.size === 0) return;
    const wrapperNodes = new Map<string, ts.Node>();
    for (const [node, wrapper] of result.functions) wrapperNodes.set(wrapper.name, node);
    const membersOf = (container: ts.Node): Set<string> => {
      const members = new Set<string>();
      for (const [node, wrapper] of result.functions) if (node.parent === container) members.add(wrapper.name);
      return members;
    };
    /** What a local name holds: a wrapper function, or an object/class/instance with wrapper members. */
    const entryFor = (local: string, at: ts.Node): { callable: boolean; members: Set<string> } | undefined => {
      const declaration = findDeclaration(local, at);
      if (!declaration) return undefined;
      if (declaration.kind === "function") return result.functions.has(declaration.node) ? { callable: true, members: new Set() } : undefined;
      if (declaration.kind === "class") {
        const members = membersOf(declaration.node);
        return members.size > 0 ? { callable: false, members } : undefined;
      }
      if (declaration.kind === "variable") {
        const initializer = declaration.node.initializer;
        if (!initializer) return undefined;
        const inner = skipWrappers(initializer);
        if (result.functions.has(inner)) return { callable: true, members: new Set() };
        if (ts.isObjectLiteralExpression(inner)) {
          const members = membersOf(inner);
          return members.size > 0 ? { callable: false, members } : undefined;
        }
        if (ts.isNewExpression(inner) && ts.isIdentifier(inner.expression)) return entryFor(inner.expression.text, inner);
      }
      return undefined;
    };
    for (const statement of file.sourceFile.statements) {
      if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          const entry = entryFor((element.propertyName ?? element.name).text, statement);
          if (entry) result.exports.set(element.name.text, entry);
        }
      } else if (ts.isExportAssignment(statement)) {
        const expression = skipWrappers(statement.expression);
        const entry = ts.isIdentifier(expression) ? entryFor(expression.text, statement) : result.functions.has(expression) ? { callable: true, members: new Set<string>() } : undefined;
        if (entry) result.exports.set("default", entry);
      } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
        if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && (statement.name || isDefault)) {
          const entry = ts.isFunctionDeclaration(statement)
            ? result.functions.has(statement) ? { callable: true, members: new Set<string>() } : undefined
            : (() => {
                const members = membersOf(statement);
                return members.size > 0 ? { callable: false, members } : undefined;
              })();
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
              const key = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
              if (!key) continue;
              const local = ts.isShorthandPropertyAssignment(property) ? property.name.text : ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer) ? property.initializer.text : undefined;
              const entry = local ? entryFor(local, statement) : result.functions.has(property) || (ts.isPropertyAssignment(property) && result.functions.has(skipWrappers(property.initializer))) ? { callable: true, members: new Set<string>() } : undefined;
              if (entry) result.exports.set(key, entry);
            }
          } else {
            const entry = ts.isIdentifier(value) ? entryFor(value.text, statement) : result.functions.has(value) ? { callable: true, members: new Set<string>() } : undefined;
            if (entry) result.exports.set("default", entry);
          }
        } else if (/^(module\.)?exports\.\w+$/.test(target) && ts.isPropertyAccessExpression(left)) {
          const entry = ts.isIdentifier(value) ? entryFor(value.text, statement) : result.functions.has(value) ? { callable: true, members: new Set<string>() } : undefined;
          if (entry) result.exports.set(left.name.text, entry);
        }
      }
    }
  }

  /** A project source file an import specifier names, recorded as a dependency of the entry. */
  private projectFile(file: ParsedFile, specifier: string, result: FileWrappers): ParsedFile | undefined {
    const resolved = this.resolveProjectFile(file.path, specifier);
    if (!resolved) return undefined;
    if (!this.mayDefineWrappers(resolved, 0)) {
      // Not parsed: it defines no wrapper. Its version is still a dependency, in case an edit adds one.
      const version = this.evaluator.workspace.versionOf(resolved);
      if (version !== undefined) result.dependencies.push([resolved, version]);
      return undefined;
    }
    const target = this.evaluator.workspace.getParsedFile(resolved);
    if (target) result.dependencies.push([target.path, target.version]);
    return target;
  }

  /**
   * A call to a function named in the config's `wrappers`: the prompt and model from the configured
   * argument positions, the vendor from the entry (the SDK inside the wrapper is not visible).
   */
  private recogniseConfigured(node: ts.CallExpression, file: ParsedFile, scope: EvalScope, name: string): RecognisedCall | undefined {
    const origin = importOrigin(node.expression, name);
    const setting = this.configured.find((wrapper) => wrapper.function === (origin?.imported ?? name) && this.moduleMatches(wrapper, file, origin?.specifier));
    if (!setting) return undefined;
    const argument = (index: number | undefined): Value | undefined => {
      const expression = index === undefined ? undefined : node.arguments[index];
      return expression ? this.evaluator.evaluate(expression, scope) : undefined;
    };
    const prompt = argument(setting.promptArg);
    const modelValue = argument(setting.modelArg);
    const model = modelValue && fullyStaticText(modelValue) !== undefined ? readModel(modelValue) : setting.model ? { model: setting.model, note: "from the wrappers config" } : readModel(modelValue, "set no model in the wrappers config");
    return withModel<RecognisedCall>(
      {
        sdk: "custom",
        provider: setting.provider ?? "unknown",
        api: setting.function,
        kind: "chat",
        model: null,
        messages: [{ role: "user", parts: prompt ? toTextParts(prompt) : [{ kind: "dynamic", label: `${setting.function} prompt` }], cacheMarker: false }],
        // The cap is set inside the wrapper, which is not visible: assumed as the default output.
        hasOutputCap: true,
        outputCap: null,
        outputCapParam: "",
        outputCapRequired: true,
      },
      model,
    );
  }

  private moduleMatches(setting: WrapperSetting, file: ParsedFile, specifier: string | undefined): boolean {
    if (!setting.module) return true;
    if (specifier === undefined) {
      // Declared in this very file.
      return stripExtension(file.path).endsWith(normaliseModule(setting.module));
    }
    if (specifier === setting.module) return true;
    const resolved = this.evaluator.workspace.resolver.resolve(file.path, specifier);
    if (!resolved) return false;
    const wanted = normaliseModule(setting.module);
    const target = stripExtension(resolved);
    return target.endsWith(wanted) || target.endsWith(`${wanted}/index`);
  }
}

/** Module specifiers of import, export-from, require and dynamic import in a file's text, without parsing it. */
function importSpecifiers(text: string): string[] {
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
export function importBindings(text: string): { specifier: string; names: string[] | "all" }[] {
  const found: { specifier: string; names: string[] | "all" }[] = [];
  const statement = /\b(import|export)\s+(type\s+)?([\w$\s{},*]*?)\s*from\s*["']([^"'\n]+)["']|\b(?:require|import)\s*\(\s*["']([^"'\n]+)["']/g;
  for (let match = statement.exec(text); match; match = statement.exec(text)) {
    if (match[5] !== undefined) {
      found.push({ specifier: match[5], names: "all" });
      continue;
    }
    if (match[2]) continue;
    found.push({ specifier: match[4]!, names: importedNames(match[1] as "import" | "export", match[3]!) });
  }
  return found;
}

/** The exported names an import or export-from clause takes: `a`, `{ b as c, type d }`, `* as ns`, `*`. */
function importedNames(keyword: "import" | "export", clause: string): string[] | "all" {
  if (clause.includes("*")) return "all";
  const names: string[] = [];
  const braces = /\{([^}]*)\}/.exec(clause);
  for (const element of braces?.[1]?.split(",") ?? []) {
    const words = element.trim().split(/\s+/).filter((word) => word !== "");
    if (words.length === 0 || words[0] === "type") continue;
    names.push(words[0]!);
  }
  const outside = clause.replace(/\{[^}]*\}/, "").replace(/,/g, " ").trim();
  if (keyword === "import" && /^[\w$]+$/.test(outside)) names.push("default");
  else if (outside !== "") return "all";
  return names;
}

function namesWord(text: string, name: string): boolean {
  return new RegExp(`\\b${name.replace(/[$]/g, "\\$")}\\b`).test(text);
}

const recognisers = new WeakMap<Evaluator, CallRecogniser>();

/** The recogniser of an evaluator (one CLI run, or one server analysis), made on first use. */
export function recogniserFor(evaluator: Evaluator, wrappers: readonly WrapperSetting[] = []): CallRecogniser {
  let recogniser = recognisers.get(evaluator);
  if (!recogniser) {
    recogniser = new CallRecogniser(evaluator, wrappers);
    recognisers.set(evaluator, recogniser);
  }
  return recogniser;
}

/** Vendors that are servers of the user's own: no per-token price unless `pricing.overrides` sets one. */
const SELF_HOSTED_PROVIDERS = new Set(["ollama", "local"]);

/** A zero price for a self-hosted model, so it is shown as costing nothing rather than as unknown. */
export function selfHostedPrice(provider: string, model: string): ModelPrice | null {
  if (!SELF_HOSTED_PROVIDERS.has(provider)) return null;
  return unlistedModelPrice(model, provider, "self-hosted: no per-token price (set pricing.selfHosted to price it from its hardware)");
}

function emptyWrappers(file: ParsedFile): FileWrappers {
  return { functions: new Map(), exports: new Map(), names: new Set(), dependencies: [], version: file.version };
}

function addImported(entry: { callable: boolean; members: Set<string> } | undefined, local: string, names: Set<string>): void {
  if (!entry) return;
  if (entry.callable) names.add(local);
  for (const member of entry.members) names.add(member);
}

/** `const { ask } = require("./llm")` and `const llm = require("./llm")`. */
function requireBindings(file: ParsedFile): { specifier: string; local: string; imported: string | null }[] {
  const found: { specifier: string; local: string; imported: string | null }[] = [];
  for (const statement of file.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const initializer = declaration.initializer;
      if (!initializer || !ts.isCallExpression(initializer) || !ts.isIdentifier(initializer.expression) || initializer.expression.text !== "require") continue;
      const argument = initializer.arguments[0];
      if (!argument || !ts.isStringLiteralLike(argument)) continue;
      if (ts.isIdentifier(declaration.name)) found.push({ specifier: argument.text, local: declaration.name.text, imported: null });
      else if (ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          found.push({ specifier: argument.text, local: element.name.text, imported: key });
        }
      }
    }
  }
  return found;
}

/** Whether an import specifier names a module an SDK adapter knows. */
function isSdkModule(specifier: string): boolean {
  return adaptersForModule(canonicalModule(specifier)).length > 0;
}

/** Whether at most one of the call sites runs in one call of the function holding them. */
function pairwiseExclusive(sites: readonly ts.Node[]): boolean {
  for (let first = 0; first < sites.length; first++) {
    for (let second = first + 1; second < sites.length; second++) if (!exclusive(sites[first]!, sites[second]!)) return false;
  }
  return true;
}

/**
 * Whether two nodes of one function can never both run in one call: the two branches of an `if` or a
 * conditional expression, two clauses of a `switch`, or an earlier statement that always leaves the
 * function once it has run its node (`if (fast) return a(); return b();`).
 */
function exclusive(a: ts.Node, b: ts.Node): boolean {
  const ancestorsOfA = new Set<ts.Node>();
  for (let node: ts.Node | undefined = a; node; node = node.parent) ancestorsOfA.add(node);
  let sideB: ts.Node = b;
  let common = b.parent;
  while (common && !ancestorsOfA.has(common)) {
    sideB = common;
    common = common.parent;
  }
  // One node inside the other (a call in another's arguments) runs with it.
  if (!common || common === a) return false;
  let sideA: ts.Node = a;
  while (sideA.parent !== common) sideA = sideA.parent;
  if (sideA === sideB) return false;
  if (ts.isIfStatement(common) || ts.isConditionalExpression(common)) {
    const [yes, no] = ts.isIfStatement(common) ? [common.thenStatement, common.elseStatement] : [common.whenTrue, common.whenFalse];
    return (sideA === yes && sideB === no) || (sideA === no && sideB === yes);
  }
  // Two clauses of one switch (the nodes are on different sides, checked above).
  if (ts.isCaseBlock(common)) return true;
  if (ts.isBlock(common) || ts.isCaseClause(common) || ts.isDefaultClause(common) || ts.isSourceFile(common)) {
    const [earlier, node] = sideA.pos < sideB.pos ? [sideA, a] : [sideB, b];
    return leavesAfter(earlier as ts.Statement, node);
  }
  return false;
}

/** Whether a statement always leaves the function once the node inside it has run. */
function leavesAfter(statement: ts.Statement, node: ts.Node): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (!ts.isIfStatement(statement)) return false;
  const branch = [statement.thenStatement, statement.elseStatement].find((candidate) => candidate && candidate.pos <= node.pos && node.end <= candidate.end);
  if (!branch) return false;
  const last = ts.isBlock(branch) ? branch.statements[branch.statements.length - 1] : branch;
  return last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
}

/** A function-like with parameters and a name, and the named calls in its body (see findLocalWrappers). */
interface LocalFunction {
  node: ts.FunctionLikeDeclaration;
  name: string;
  calls: { call: ts.CallExpression; callee: string }[];
}

/** The name of a function-like as callers write it: its declared name, or the variable, property or method it is assigned to. */
function functionName(node: ts.SignatureDeclaration): string | undefined {
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

/** Higher-order functions that return the function they are given, so it is called under the outer name. */
function isTransparentWrapper(call: ts.CallExpression): boolean {
  const name = calleeName(call.expression);
  return name !== undefined && /^(cache|memo|memoize|useCallback|traceable|observe|withRetry|retry|wrap\w*|action|authAction|serverAction)$/i.test(name);
}

function skipWrappers(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
    else if (ts.isCallExpression(current) && isTransparentWrapper(current) && current.arguments[0]) current = current.arguments[0];
    else return current;
  }
}

/** `ask` of `ask(...)`, `complete` of `llm.complete(...)`. */
export function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  if (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression)) return calleeName(expression.expression);
  return undefined;
}

/** The import a callee's root identifier comes from: `callLLM` of `import { callLLM } from "./llm"`, or `llm.callLLM` of a namespace. */
function importOrigin(expression: ts.Expression, name: string): { specifier: string; imported: string } | undefined {
  const root = ts.isPropertyAccessExpression(expression) ? expression.expression : expression;
  if (!ts.isIdentifier(root)) return undefined;
  const declaration = findDeclaration(root.text, root);
  if (declaration?.kind !== "import") return undefined;
  const specifier = (declaration.node.moduleSpecifier as ts.StringLiteral).text;
  if (declaration.importedName === null || root !== expression) return { specifier, imported: name };
  return { specifier, imported: declaration.importedName };
}

function wrapperId(file: ParsedFile, node: ts.Node): string {
  return `${file.path}:${node.getStart()}`;
}

/**
 * A request seen from a call site: the parameter object, system prompt and part offsets point into the
 * wrapper's file, so the fixes that would edit them are left to the call inside the wrapper.
 */
function atCallSite(call: RecognisedCall): RecognisedCall {
  const copy: RecognisedCall = { ...call, messages: call.messages.map(({ offsets: _offsets, ...message }) => ({ ...message, parts: message.parts.map((part) => (part.kind === "dynamic" && part.offsets ? withoutOffsets(part) : part)) })) };
  delete copy.paramsObject;
  delete copy.capTemplate;
  delete copy.systemParam;
  return copy;
}

function withoutOffsets<T extends { offsets?: unknown }>(part: T): T {
  const { offsets: _offsets, ...rest } = part;
  return rest as T;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

function stripExtension(file: string): string {
  return file.replace(/\.[cm]?[jt]sx?$/, "").split(path.sep).join("/");
}

function normaliseModule(module: string): string {
  return stripExtension(module.replace(/^\.\//, "")).replace(/\/$/, "");
}
