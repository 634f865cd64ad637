import * as fs from "node:fs";
import { decodeText } from "./decode-text.ts";

/** The file access the analysis needs. The CLI uses the disk; tests and the server can layer text over it. */
export interface FileSystem {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /**
   * The text of a regular file of at most maxBytes, else undefined: one open where a stat before reading
   * takes two more calls to the system, for each project file a run reads.
   */
  readFileUpTo?(path: string, maxBytes: number): string | undefined;
  /**
   * As readFileUpTo, but never through a symbolic link: null when the path itself is one (nothing read), so
   * that a caller checking where links lead asks only about those, not with a call of its own for every file.
   */
  readFileUpToUnlessLink?(path: string, maxBytes: number): string | null | undefined;
  /** Size in bytes and whether it is a regular file; undefined when missing. */
  stat(path: string): { size: number; isFile: boolean; isDirectory: boolean } | undefined;
  /** The path with symlinks resolved, or undefined when it does not exist. */
  realpath(path: string): string | undefined;
  /** Whether the path itself (not a directory above it) is a symbolic link; undefined when it does not exist. */
  isSymbolicLink?(path: string): boolean | undefined;
  /** Reads at most maxBytes from the start of the file. */
  readFilePrefix(path: string, maxBytes: number): string | undefined;
  /** The names in a directory, or undefined when it cannot be listed (monorepo package discovery). */
  readDirectory?(path: string): string[] | undefined;
  /**
   * A directory's entries by name, each a file, a directory, or "other" (a link, a socket...: a caller stats
   * it); null when there is no such directory; undefined when it cannot be listed. Module resolution asks up
   * to 19 names for an import, nearly all missing: one listing a directory answers them (module-resolver.ts).
   */
  listDirectory?(path: string): ReadonlyMap<string, DirectoryEntryKind> | null | undefined;
}

export type DirectoryEntryKind = "file" | "directory" | "other";

/**
 * Module resolution stats many candidates that do not exist (x.ts, x.tsx, x/index.ts...): an ENOENT
 * exception per miss cost ~0.25 s on vercel/ai's 6,282 files; without throwing, a miss is an undefined.
 */
const NO_THROW_WHEN_MISSING = { throwIfNoEntry: false } as const;

export const diskFileSystem: FileSystem = {
  readFile(path) {
    try {
      // Only regular files: reading a FIFO or a device named *.ts would block or never end.
      if (!fs.statSync(path, NO_THROW_WHEN_MISSING)?.isFile()) return undefined;
      return decodeText(fs.readFileSync(path));
    } catch {
      return undefined;
    }
  },
  readFileUpTo(path, maxBytes) {
    return readRegularFile(path, maxBytes, 0) ?? undefined;
  },
  // Where the system has no O_NOFOLLOW (Windows), links are looked for first, as without this method.
  ...(fs.constants.O_NOFOLLOW === undefined ? {} : { readFileUpToUnlessLink: (path: string, maxBytes: number) => readRegularFile(path, maxBytes, fs.constants.O_NOFOLLOW) }),
  stat(path) {
    try {
      const stats = fs.statSync(path, NO_THROW_WHEN_MISSING);
      if (!stats) return undefined;
      return { size: stats.size, isFile: stats.isFile(), isDirectory: stats.isDirectory() };
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    try {
      // The system's realpath: one call, where Node's own walks the path an lstat per directory (half the time
      // on a real application's files); Node's remains for what the system call refuses.
      return fs.realpathSync.native(path);
    } catch {
      try {
        return fs.realpathSync(path);
      } catch {
        return undefined;
      }
    }
  },
  isSymbolicLink(path) {
    try {
      return fs.lstatSync(path, NO_THROW_WHEN_MISSING)?.isSymbolicLink();
    } catch {
      return undefined;
    }
  },
  readDirectory(path) {
    try {
      return fs.readdirSync(path).sort();
    } catch {
      return undefined;
    }
  },
  listDirectory(path) {
    try {
      const entries = new Map<string, DirectoryEntryKind>();
      for (const entry of fs.readdirSync(path, { withFileTypes: true })) entries.set(entry.name, entry.isFile() ? "file" : entry.isDirectory() ? "directory" : "other");
      return entries;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === "ENOENT" || code === "ENOTDIR" ? null : undefined;
    }
  },
  readFilePrefix(path, maxBytes) {
    let fd: number | undefined;
    try {
      if (!fs.statSync(path).isFile()) return undefined;
      fd = fs.openSync(path, "r");
      const buffer = Buffer.alloc(maxBytes);
      const read = fs.readSync(fd, buffer, 0, maxBytes, 0);
      return decodeText(buffer.subarray(0, read));
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
};

/** A regular file's text of at most maxBytes; null when `flags` has O_NOFOLLOW and the path is a symbolic link. */
function readRegularFile(path: string, maxBytes: number, flags: number): string | null | undefined {
  const bytes = readRegularBytes(path, maxBytes, flags);
  return bytes ? decodeText(bytes) : bytes;
}

/** A regular file's bytes, at most maxBytes of them; null when `flags` has O_NOFOLLOW and the path is a symbolic link. */
export function readRegularBytes(path: string, maxBytes: number, flags: number): Buffer | null | undefined {
  let fd: number | undefined;
  try {
    // Non-blocking: opening a FIFO named *.ts for reading would wait for a writer.
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | flags);
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const buffer = Buffer.allocUnsafe(stats.size);
    let length = 0;
    for (let read = -1; length < stats.size && read !== 0; length += read) read = fs.readSync(fd, buffer, length, stats.size - length, length);
    return buffer.subarray(0, length);
  } catch (error) {
    // ELOOP: a link refused by O_NOFOLLOW (EMLINK on FreeBSD).
    const code = (error as NodeJS.ErrnoException).code;
    return flags !== 0 && (code === "ELOOP" || code === "EMLINK") ? null : undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
