import * as path from "node:path";
import type { FileSystem } from "./file-system.ts";

/**
 * The packages of a monorepo, so `import { classify } from "@acme/ai"` in one package reaches the source of
 * another: the root is the nearest directory above the importer whose package.json has `workspaces` (npm,
 * yarn, bun) or that holds a pnpm-workspace.yaml; each pattern (`packages/*`, `apps/web`) names package
 * directories, and each package.json there its name. A package a package.json above the importer depends
 * on by path (`"core": "file:../../core"`, `link:`), which the package manager links into node_modules
 * under that key, is reached the same way. Only the project's own packages: nothing in node_modules is read.
 */
export class WorkspacePackages {
  /** Per directory: its monorepo's packages by name (null: not in a monorepo). */
  private readonly byDirectory = new Map<string, ReadonlyMap<string, PackageEntry> | null>();
  /** Per directory: the packages the package.json files above it depend on by path, by dependency key. */
  private readonly pathDependencies = new Map<string, ReadonlyMap<string, PackageEntry>>();

  constructor(private readonly fileSystem: FileSystem) {}

  /** The file a bare specifier names when its package is one of the monorepo's, as TypeScript would find its source. */
  resolve(fromDirectory: string, specifier: string, resolveFile: (candidate: string) => string | undefined): string | undefined {
    const { name, subpath } = splitSpecifier(specifier);
    const entry = this.packagesAround(fromDirectory)?.get(name) ?? this.pathDependenciesAround(fromDirectory).get(name);
    if (!entry) return undefined;
    for (const candidate of entryCandidates(entry, subpath)) {
      const file = resolveFile(path.join(entry.directory, candidate));
      if (file) return file;
    }
    return undefined;
  }

  clear(): void {
    this.byDirectory.clear();
    this.pathDependencies.clear();
  }

  /** The directory packages the package.json files from a directory up depend on by path, the nearest declaration winning. */
  private pathDependenciesAround(directory: string): ReadonlyMap<string, PackageEntry> {
    const cached = this.pathDependencies.get(directory);
    if (cached) return cached;
    const parent = path.dirname(directory);
    const inherited = parent === directory ? new Map<string, PackageEntry>() : this.pathDependenciesAround(parent);
    const own = this.declaredPathDependencies(directory);
    const packages = own.size === 0 ? inherited : new Map([...inherited, ...own]);
    this.pathDependencies.set(directory, packages);
    return packages;
  }

  private declaredPathDependencies(directory: string): Map<string, PackageEntry> {
    return pathDependenciesOf(this.fileSystem, directory);
  }

  private packagesAround(directory: string): ReadonlyMap<string, PackageEntry> | null {
    const cached = this.byDirectory.get(directory);
    if (cached !== undefined) return cached;
    const patterns = this.workspacePatterns(directory);
    const parent = path.dirname(directory);
    const packages = patterns ? this.readPackages(directory, patterns) : parent === directory ? null : this.packagesAround(parent);
    this.byDirectory.set(directory, packages);
    return packages;
  }

  /** The workspace patterns declared in this directory, if it is a monorepo root. */
  private workspacePatterns(directory: string): string[] | undefined {
    const manifest = readJson(this.fileSystem, path.join(directory, "package.json")) as { workspaces?: unknown } | undefined;
    const declared = manifest?.workspaces;
    const list = Array.isArray(declared) ? declared : declared && typeof declared === "object" ? (declared as { packages?: unknown }).packages : undefined;
    if (Array.isArray(list)) return list.filter((pattern): pattern is string => typeof pattern === "string");
    const pnpm = this.fileSystem.readFile(path.join(directory, "pnpm-workspace.yaml"));
    return pnpm === undefined ? undefined : pnpmPatterns(pnpm);
  }

  private readPackages(root: string, patterns: string[]): ReadonlyMap<string, PackageEntry> {
    const packages = new Map<string, PackageEntry>();
    for (const pattern of patterns) {
      if (pattern.startsWith("!")) continue;
      for (const directory of this.expand(root, pattern.replace(/\/+$/, ""))) {
        const manifest = readJson(this.fileSystem, path.join(directory, "package.json")) as PackageManifest | undefined;
        if (manifest && typeof manifest.name === "string" && !packages.has(manifest.name)) packages.set(manifest.name, { directory, manifest });
      }
    }
    return packages;
  }

  /** Directories a workspace pattern names: literal segments, and `*` for every directory at that level (`**` as one level). */
  private expand(root: string, pattern: string): string[] {
    let directories = [root];
    for (const segment of pattern.split("/")) {
      if (segment === "" || segment === ".") continue;
      if (!segment.includes("*")) {
        directories = directories.map((directory) => path.join(directory, segment));
        continue;
      }
      const matches = wildcardSegment(segment);
      directories = directories.flatMap((directory) => (this.fileSystem.readDirectory?.(directory) ?? []).filter((name) => name !== "node_modules" && matches(name)).map((name) => path.join(directory, name)));
    }
    return directories.filter((directory) => this.fileSystem.stat(directory)?.isDirectory);
  }
}

/**
 * The packages a directory's package.json depends on by path (`"core": "file:../../core"`, `link:`), by
 * dependency key: each a directory with a package.json of its own (a tarball is not read).
 */
export function pathDependenciesOf(fileSystem: FileSystem, directory: string): Map<string, PackageEntry> {
  const found = new Map<string, PackageEntry>();
  const manifest = readJson(fileSystem, path.join(directory, "package.json")) as Record<string, unknown> | undefined;
  if (!manifest || typeof manifest !== "object") return found;
  for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
    const dependencies = manifest[field];
    if (!dependencies || typeof dependencies !== "object") continue;
    for (const [name, version] of Object.entries(dependencies as Record<string, unknown>)) {
      const target = typeof version === "string" ? version.match(/^(?:file|link):(.+)$/)?.[1] : undefined;
      if (!target || found.has(name)) continue;
      const packageDirectory = path.resolve(directory, target);
      const dependency = readJson(fileSystem, path.join(packageDirectory, "package.json")) as PackageManifest | undefined;
      if (dependency && typeof dependency === "object") found.set(name, { directory: packageDirectory, manifest: dependency });
    }
  }
  return found;
}

interface PackageManifest {
  name?: unknown;
  exports?: unknown;
  types?: unknown;
  typings?: unknown;
  module?: unknown;
  main?: unknown;
  source?: unknown;
}

export interface PackageEntry {
  directory: string;
  manifest: PackageManifest;
}

/** `@scope/name/sub/path` -> `@scope/name` and `sub/path`. */
function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split("/");
  const length = specifier.startsWith("@") ? 2 : 1;
  return { name: parts.slice(0, length).join("/"), subpath: parts.slice(length).join("/") };
}

/**
 * Where a package's source for a subpath may be, most specific first: the `exports` entry for it (the
 * `types`, `source`, `import` and `default` conditions), the manifest's own fields for the root, then the
 * conventional `src/` layout, since built output (`dist/`) is absent from a checkout that was never built.
 */
function entryCandidates(entry: PackageEntry, subpath: string): string[] {
  const candidates: string[] = [];
  const key = subpath === "" ? "." : `./${subpath}`;
  for (const target of exportTargets(entry.manifest.exports, key)) candidates.push(target, ...sourceTwins(target));
  if (subpath === "") {
    for (const field of [entry.manifest.source, entry.manifest.types, entry.manifest.typings, entry.manifest.module, entry.manifest.main]) {
      if (typeof field === "string") candidates.push(field, ...sourceTwins(field));
    }
    candidates.push("src/index", "index");
  } else {
    candidates.push(`src/${subpath}`, subpath);
  }
  return [...new Set(candidates.map((candidate) => candidate.replace(/^\.\//, "")))];
}

/** The string targets of an `exports` field for a key (wildcards `./*` included), in condition order. */
function exportTargets(exports: unknown, key: string): string[] {
  if (typeof exports === "string") return key === "." ? [exports] : [];
  if (!exports || typeof exports !== "object") return [];
  const map = exports as Record<string, unknown>;
  const isConditions = Object.keys(map).every((entry) => !entry.startsWith("."));
  if (isConditions) return key === "." ? conditionTargets(map) : [];
  if (key in map) return conditionTargets(map[key]);
  for (const [pattern, target] of Object.entries(map)) {
    const star = pattern.indexOf("*");
    if (star < 0 || !key.startsWith(pattern.slice(0, star)) || !key.endsWith(pattern.slice(star + 1))) continue;
    const matched = key.slice(star, key.length - (pattern.length - star - 1));
    return conditionTargets(target).map((candidate) => candidate.replace("*", matched));
  }
  return [];
}

function conditionTargets(target: unknown): string[] {
  if (typeof target === "string") return [target];
  if (Array.isArray(target)) return target.flatMap(conditionTargets);
  if (!target || typeof target !== "object") return [];
  const conditions = target as Record<string, unknown>;
  const order = ["source", "types", "typescript", "import", "module", "node", "require", "default"];
  return [...order.filter((name) => name in conditions), ...Object.keys(conditions).filter((name) => !order.includes(name))].flatMap((name) => conditionTargets(conditions[name]));
}

/**
 * `dist/x.js` and `dist/x.d.ts` were built from `src/x.ts`; declarations written apart (`declarationDir`:
 * `dist/types/index.d.ts`) from `src/index.ts`, before a `src/types/index.ts` that may exist beside it
 * (LibreChat's librechat-data-provider has both: the second is a barrel of type modules).
 */
function sourceTwins(target: string): string[] {
  const withoutExtension = target.replace(/\.d\.ts$|\.[cm]?[jt]sx?$/, "");
  const twins = [withoutExtension];
  const declarations = withoutExtension.match(/^(?:\.\/)?(?:dist|build|lib|out)\/(?:types|typings|dts|declarations)\/(.*)$/);
  if (declarations && /\.d\.ts$/.test(target)) twins.push(`src/${declarations[1]}`);
  const built = withoutExtension.match(/^(?:\.\/)?(?:dist|build|lib|out)\/(.*)$/);
  if (built) twins.push(`src/${built[1]}`);
  return twins;
}

function wildcardSegment(segment: string): (name: string) => boolean {
  if (segment === "*" || segment === "**") return (name) => !name.startsWith(".");
  const pattern = new RegExp(`^${segment.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return (name) => pattern.test(name);
}

/** The `packages:` list of a pnpm-workspace.yaml: enough YAML for `- 'apps/*'` items. */
function pnpmPatterns(text: string): string[] {
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = line.match(/^\s*-\s*["']?([^"'#]+?)["']?\s*(?:#.*)?$/);
    if (item) patterns.push(item[1]!);
    else if (/^\S/.test(line)) inPackages = false;
  }
  return patterns;
}

function readJson(fileSystem: FileSystem, file: string): unknown {
  const text = fileSystem.readFile(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
