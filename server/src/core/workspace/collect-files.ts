import * as fs from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { isSourceFile } from "./source-kinds.ts";

/** Directories never analysed: dependencies, build output, VCS and tool caches. */
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git", "dist", "build", "out", "coverage", ".next", ".nuxt", ".turbo", ".cache", ".vercel", ".svelte-kit"]);

/**
 * Minified bundles checked in beside the sources (`public/embed/widget.min.js`, `vendor/jquery-min.js`): build
 * output, skipped as the directories above are. Their code is not what the project's authors change, and one
 * such file took 1 s of a 7 s run (anything-llm's 650 KB chat widget: every `.log(` in it read as a possible
 * call of a project class). Named explicitly, they are analysed.
 */
const MINIFIED_BUNDLE = /[.-]min\.[cm]?js$/i;

export interface FileFilter {
  /** Directory the include/exclude globs are relative to (the config file's). */
  baseDirectory: string;
  include?: string[];
  exclude?: string[];
  /** false: do not read .gitignore files (`--no-ignore`). */
  gitignore?: boolean;
  /** Called for a directory inside the tree that cannot be read; it is skipped. */
  onUnreadableDirectory?: (directory: string, code: string) => void;
}

/**
 * The source files under the given paths: directories are walked without following symlinks, skipping
 * dependencies, build output, minified bundles and what .gitignore files ignore; files named explicitly are
 * always taken.
 */
export function collectFiles(paths: string[], filter: FileFilter, walked?: WalkedDirectories): string[] {
  const included = filter.include?.length ? picomatch(filter.include, { dot: true }) : undefined;
  const excluded = filter.exclude?.length ? picomatch(filter.exclude, { dot: true }) : undefined;
  const accept = (file: string): boolean => {
    if (!included && !excluded) return true;
    const relative = path.relative(filter.baseDirectory, file).split(path.sep).join("/");
    if (included && !included(relative)) return false;
    return !excluded?.(relative);
  };
  const files = new Set<string>();
  for (const input of paths) {
    const absolute = path.resolve(input);
    let stats: fs.Stats;
    try {
      stats = fs.statSync(absolute);
    } catch (error) {
      throw new MissingPathError(describeStatError(input, (error as NodeJS.ErrnoException).code));
    }
    if (stats.isFile()) {
      files.add(absolute);
    } else if (stats.isDirectory()) {
      const scopes = filter.gitignore === false ? [] : gitignoresAbove(absolute);
      let found = walked?.get(absolute, scopes);
      if (!found) {
        found = [];
        walk(absolute, scopes, filter, found.push.bind(found), walked);
        walked?.set(absolute, scopes, found);
      }
      for (const file of found) if (accept(file)) files.add(file);
    }
  }
  return [...files].sort();
}

interface IgnoreScope {
  directory: string;
  rules: Ignore;
}

/**
 * The files walks of one run found under the directories they started from, by the .gitignore files in force
 * there: the CLI walks the linted paths, then the workspace roots holding them (the project's files), and the
 * second walk takes the first one's files where it reaches the same directory under the same .gitignore files.
 * The filter must be the same for every walk given the same instance.
 */
export class WalkedDirectories {
  private readonly files = new Map<string, string[]>();

  get(directory: string, scopes: readonly IgnoreScope[]): string[] | undefined {
    return this.files.get(walkKey(directory, scopes));
  }

  set(directory: string, scopes: readonly IgnoreScope[], files: string[]): void {
    this.files.set(walkKey(directory, scopes), files);
  }
}

function walkKey(directory: string, scopes: readonly IgnoreScope[]): string {
  return [directory, ...scopes.map((scope) => scope.directory)].join("\0");
}

function walk(directory: string, scopes: IgnoreScope[], filter: FileFilter, onFile: (file: string) => void, walked?: WalkedDirectories): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    filter.onUnreadableDirectory?.(directory, (error as NodeJS.ErrnoException).code ?? "EIO");
    return;
  }
  // Read only where the listing has one: trying every directory cost an ENOENT exception each.
  const own = filter.gitignore === false || !entries.some((entry) => entry.name === ".gitignore" && !entry.isDirectory()) ? undefined : readGitignore(directory);
  const active = own ? [...scopes, own] : scopes;
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name) || isIgnored(active, full, true)) continue;
      const known = walked?.get(full, active);
      if (known) known.forEach((file) => onFile(file));
      else walk(full, active, filter, onFile, walked);
    } else if (entry.isFile() && isSourceFile(entry.name) && !MINIFIED_BUNDLE.test(entry.name) && !isIgnored(active, full, false)) {
      onFile(full);
    }
  }
}

function isIgnored(scopes: IgnoreScope[], file: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const relative = relativeInside(scope.directory, file);
    if (relative === undefined) continue;
    if (scope.rules.ignores(isDirectory ? relative + "/" : relative)) return true;
  }
  return false;
}

/** The path of `file` from `directory` with / separators, when it lies inside it (the walk's paths are joined from it). */
function relativeInside(directory: string, file: string): string | undefined {
  const prefix = directory.endsWith(path.sep) ? directory : directory + path.sep;
  if (file.length <= prefix.length || !file.startsWith(prefix)) return undefined;
  const relative = file.slice(prefix.length);
  return path.sep === "/" ? relative : relative.split(path.sep).join("/");
}

function readGitignore(directory: string): IgnoreScope | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(directory, ".gitignore"), "utf8");
  } catch {
    return undefined;
  }
  return { directory, rules: ignore().add(text) };
}

/** .gitignore files of the enclosing repository apply to a directory linted from inside it. */
function gitignoresAbove(directory: string): IgnoreScope[] {
  const scopes: IgnoreScope[] = [];
  let current = path.dirname(directory);
  while (current !== path.dirname(current)) {
    const scope = readGitignore(current);
    if (scope) scopes.unshift(scope);
    if (fs.existsSync(path.join(current, ".git"))) break;
    current = path.dirname(current);
  }
  return scopes;
}

/** Why a path given by name cannot be taken, in words. */
function describeStatError(input: string, code: string | undefined): string {
  if (code === "ELOOP") return `${input} is a symbolic link that points back to itself (a loop)`;
  if (code === "EACCES" || code === "EPERM") return `${input} cannot be read: permission denied`;
  if (code === "ENOTDIR") return `no such file or directory: ${input} (a part of the path is a file)`;
  if (code === "ENAMETOOLONG") return `${input} is too long for a file name`;
  return `no such file or directory: ${input}`;
}

/** A path given to collectFiles that does not exist; the CLI turns it into a usage error (exit code 2). */
export class MissingPathError extends Error {
  override readonly name = "MissingPathError";
}
