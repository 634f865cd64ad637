import * as path from "node:path";
import { parse as parseJsonc } from "jsonc-parser/lib/esm/main.js";
import type { FileSystem } from "./file-system.ts";
import { WorkspacePackages } from "./workspace-packages.ts";
import { DirectoryListings } from "./directory-listings.ts";

/** Extensions tried for an import specifier, in the order TypeScript's bundler resolution tries them. */
const TRY_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".d.ts", ".js", ".jsx", ".mjs", ".cjs"];
/** `import "./x.js"` in TypeScript ESM refers to ./x.ts (or the declaration file ./x.d.ts). */
const JS_TO_TS: Record<string, string[]> = {
  ".js": [".ts", ".tsx", ".d.ts"],
  ".jsx": [".tsx"],
  ".mjs": [".mts", ".d.mts"],
  ".cjs": [".cts", ".d.cts"],
};

/** `@/x`, `~/x`, `@@/x`, `~~/x`: never a package's name (a scope is never empty). */
const UNMAPPED_ALIAS = /^(@@|~~|@|~)\/(.+)$/;

/** Whether a specifier is one of the project's own aliases (`@/x`, `~/x`, `@@/x`, `~~/x`), never a package's name. */
export function isProjectAlias(specifier: string): boolean {
  return UNMAPPED_ALIAS.test(specifier);
}

interface PathMapping {
  /** Directory that `paths` targets are relative to. */
  baseDir: string;
  paths: { prefix: string; suffix: string; wildcard: boolean; targets: string[] }[];
}

/**
 * Resolves project-relative imports, tsconfig `paths` aliases and the packages of the project's own
 * monorepo to files on disk. Other bare package names are not resolved: what a package from node_modules
 * exports is recognised by name (the SDK adapters), never read.
 */
export class ModuleResolver {
  private readonly mappingByDirectory = new Map<string, PathMapping | null>();
  private readonly resolved = new Map<string, string | null>();
  /** The same answers by importing file, then specifier. */
  private readonly resolvedByFile = new Map<string, Map<string, string | null>>();
  /** Per absolute candidate path: an alias (`@/lib/ai`) imported from many directories is looked up once. */
  private readonly candidates = new Map<string, string | null>();
  /** Per directory: the nearest directory with a package.json (see resolveUnmappedAlias). */
  private readonly packageRoots = new Map<string, string | null>();
  private readonly packages: WorkspacePackages;
  /** What is a file or a directory, from one listing per directory (directory-listings.ts). */
  private readonly listings: DirectoryListings;

  constructor(private readonly fileSystem: FileSystem) {
    this.packages = new WorkspacePackages(fileSystem);
    this.listings = new DirectoryListings(fileSystem);
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    // By file first: the evaluator asks again for each import it follows, and a key made of the directory and
    // the specifier was a new string to hash each time (~3 % of a cold run on a 2,700-file application).
    let byFile = this.resolvedByFile.get(fromFile);
    if (!byFile) this.resolvedByFile.set(fromFile, (byFile = new Map()));
    let result = byFile.get(specifier);
    if (result === undefined) {
      const key = `${path.dirname(fromFile)}\0${specifier}`;
      result = this.resolved.get(key);
      if (result === undefined) this.resolved.set(key, (result = this.resolveUncached(fromFile, specifier) ?? null));
      byFile.set(specifier, result);
    }
    return result ?? undefined;
  }

  /** Forget cached answers, e.g. after a file was created or a tsconfig changed. */
  clear(): void {
    this.mappingByDirectory.clear();
    this.resolved.clear();
    this.resolvedByFile.clear();
    this.candidates.clear();
    this.packageRoots.clear();
    this.packages.clear();
    this.listings.clear();
  }

  private resolveUncached(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
      return this.resolveAsFileOrDirectory(path.resolve(path.dirname(fromFile), specifier));
    }
    const mapping = this.mappingFor(path.dirname(fromFile));
    let mapped = false;
    for (const entry of mapping?.paths ?? []) {
      const matched = matchPattern(entry, specifier);
      if (matched === undefined) continue;
      mapped = true;
      for (const target of entry.targets) {
        const candidate = path.resolve(mapping!.baseDir, target.replace("*", matched));
        const file = this.resolveAsFileOrDirectory(candidate);
        if (file) return file;
      }
    }
    const inPackage = this.packages.resolve(path.dirname(fromFile), specifier, (candidate) => this.resolveAsFileOrDirectory(candidate));
    return inPackage ?? (mapped ? undefined : this.resolveUnmappedAlias(fromFile, specifier));
  }

  /**
   * `@/models` or `~/utils/ai` with no `paths` entry for it: no package can be named so, so it is an alias the
   * framework's generated tsconfig defines, absent until the framework's own set-up runs (WXT's `.wxt/`, Nuxt's
   * `.nuxt/`, which a tsconfig of the checkout `extends`). Read as those frameworks define them: `@/` and `~/`
   * the source folder (`src/` when the file is there, else the package's root), `@@/` and `~~/` the package's root.
   */
  private resolveUnmappedAlias(fromFile: string, specifier: string): string | undefined {
    const alias = UNMAPPED_ALIAS.exec(specifier);
    if (!alias) return undefined;
    const root = this.packageRootOf(path.dirname(fromFile));
    if (root === undefined) return undefined;
    const bases = alias[1]!.length === 2 ? [root] : [path.join(root, "src"), root];
    for (const base of bases) {
      const file = this.resolveAsFileOrDirectory(path.join(base, alias[2]!));
      if (file) return file;
    }
    return undefined;
  }

  /** The nearest directory at or above `directory` holding a package.json. */
  private packageRootOf(directory: string): string | undefined {
    const known = this.packageRoots.get(directory);
    if (known !== undefined) return known ?? undefined;
    const parent = path.dirname(directory);
    const root = this.listings.isFile(path.join(directory, "package.json")) ? directory : parent === directory ? undefined : this.packageRootOf(parent);
    this.packageRoots.set(directory, root ?? null);
    return root;
  }

  private resolveAsFileOrDirectory(candidate: string): string | undefined {
    let file = this.candidates.get(candidate);
    if (file === undefined) this.candidates.set(candidate, (file = this.fileOrIndexOf(candidate) ?? null));
    return file ?? undefined;
  }

  private fileOrIndexOf(candidate: string): string | undefined {
    const kind = this.listings.kindOf(candidate);
    if (kind === "file") return candidate;
    const extension = path.extname(candidate);
    for (const replacement of JS_TO_TS[extension] ?? []) {
      const swapped = candidate.slice(0, -extension.length) + replacement;
      if (this.listings.isFile(swapped)) return swapped;
    }
    for (const extension of TRY_EXTENSIONS) {
      if (this.listings.isFile(candidate + extension)) return candidate + extension;
    }
    if (kind === "directory") {
      for (const extension of TRY_EXTENSIONS) {
        const index = path.join(candidate, "index" + extension);
        if (this.listings.isFile(index)) return index;
      }
    }
    return undefined;
  }

  /** The `paths` mapping of the nearest tsconfig.json (or jsconfig.json) above a directory. */
  private mappingFor(directory: string): PathMapping | null {
    const cached = this.mappingByDirectory.get(directory);
    if (cached !== undefined) return cached;
    let mapping: PathMapping | null = null;
    for (const name of ["tsconfig.json", "jsconfig.json"]) {
      const configPath = path.join(directory, name);
      if (this.listings.isFile(configPath)) {
        mapping = this.readMapping(configPath, new Set());
        break;
      }
    }
    if (!mapping) {
      const parent = path.dirname(directory);
      mapping = parent === directory ? null : this.mappingFor(parent);
    }
    this.mappingByDirectory.set(directory, mapping);
    return mapping;
  }

  /** Reads `baseUrl` and `paths`, following relative `extends` (with a guard against cycles). */
  private readMapping(configPath: string, seen: Set<string>): PathMapping | null {
    if (seen.has(configPath) || seen.size > 10) return null;
    seen.add(configPath);
    const text = this.fileSystem.readFile(configPath);
    if (text === undefined) return null;
    // JSON with comments and trailing commas, as the compiler reads a tsconfig (without loading the compiler).
    const parsed = parseJsonc(text, [], { allowTrailingComma: true }) as
      | { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } }
      | undefined;
    if (!parsed || typeof parsed !== "object") return null;
    const configDir = path.dirname(configPath);
    let inherited: PathMapping | null = null;
    const parents = Array.isArray(parsed.extends) ? parsed.extends : [parsed.extends];
    for (const parent of parents) {
      if (typeof parent !== "string" || !parent.startsWith(".")) continue;
      const parentPath = path.resolve(configDir, parent.endsWith(".json") ? parent : parent + ".json");
      inherited = this.readMapping(parentPath, seen) ?? inherited;
    }
    const options = parsed.compilerOptions ?? {};
    const baseDir = typeof options.baseUrl === "string" ? path.resolve(configDir, options.baseUrl) : inherited?.baseDir ?? configDir;
    if (!options.paths || typeof options.paths !== "object") {
      return inherited ? { baseDir: inherited.baseDir, paths: inherited.paths } : null;
    }
    const paths: PathMapping["paths"] = [];
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf("*");
      paths.push({
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? "" : pattern.slice(star + 1),
        wildcard: star >= 0,
        targets: targets.filter((target): target is string => typeof target === "string"),
      });
    }
    // Longest prefix first, as TypeScript matches the most specific pattern.
    paths.sort((a, b) => b.prefix.length - a.prefix.length);
    return { baseDir, paths };
  }
}

function matchPattern(entry: PathMapping["paths"][number], specifier: string): string | undefined {
  if (!entry.wildcard) return specifier === entry.prefix ? "" : undefined;
  if (!specifier.startsWith(entry.prefix) || !specifier.endsWith(entry.suffix)) return undefined;
  if (specifier.length < entry.prefix.length + entry.suffix.length) return undefined;
  return specifier.slice(entry.prefix.length, specifier.length - entry.suffix.length);
}
