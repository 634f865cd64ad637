// What `--changed-since REF` and `--baseline git:REF` ask of git: the commit a ref names, the lines changed
// since it, and a temporary worktree of it. git is run with the repository's hooks switched off: checking
// out a worktree must not run code from the repository being analysed.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "./usage-error.ts";

/** Lines changed in one file, as 1-based inclusive ranges; a deletion between lines n and n+1 is [n + 0.5, n + 0.5]. */
export type LineRanges = [number, number][];

function git(cwd: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync("git", ["-c", "core.hooksPath=/dev/null", "-c", "core.quotePath=false", ...args], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new UsageError(`--changed-since and --baseline git:REF need git, which could not be run (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})`);
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

/** The full commit id a ref names, or a usage error naming the flag. */
export function resolveCommit(cwd: string, ref: string, flag: string): string {
  const inside = git(cwd, ["rev-parse", "--is-inside-work-tree"]);
  if (!inside.ok || inside.stdout.trim() !== "true") throw new UsageError(`${flag} needs a git repository, and ${cwd} is not inside one`);
  const commit = git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  if (!commit.ok) throw new UsageError(`${flag}: "${ref}" names no commit in this repository (fetch it first in a shallow clone)`);
  return commit.stdout.trim();
}

/**
 * Lines changed between `commit` and the working tree, by path relative to `cwd` (`/` separators), from
 * `git diff --unified=0`; files git does not track yet count as changed throughout.
 */
export function changedLinesSince(cwd: string, commit: string): Map<string, LineRanges> {
  const diff = git(cwd, ["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--relative", "--src-prefix=a/", "--dst-prefix=b/", commit, "--"]);
  if (!diff.ok) throw new UsageError(`--changed-since: git diff failed: ${diff.stderr.trim().split("\n")[0] ?? ""}`);
  const changed = parseUnifiedDiff(diff.stdout);
  const untracked = git(cwd, ["ls-files", "-z", "--others", "--exclude-standard"]);
  for (const file of untracked.stdout.split("\0").filter(Boolean)) changed.set(file, [[1, Number.MAX_SAFE_INTEGER]]);
  return changed;
}

/** The new side's changed line ranges of each file in a zero-context unified diff. */
export function parseUnifiedDiff(text: string): Map<string, LineRanges> {
  const changed = new Map<string, LineRanges>();
  let ranges: LineRanges | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("+++ ")) {
      const name = unquote(line.slice(4));
      ranges = name === "/dev/null" ? undefined : [];
      if (ranges) changed.set(name.replace(/^b\//, ""), ranges);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk || !ranges) continue;
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    ranges.push(count === 0 ? [start + 0.5, start + 0.5] : [start, start + count - 1]);
  }
  return changed;
}

/** git quotes a path with unusual characters as a C string. */
function unquote(name: string): string {
  if (!name.startsWith('"')) return name;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 };
  for (let index = 1; index < name.length - 1; index++) {
    const char = name[index]!;
    if (char !== "\\") {
      bytes.push(...Buffer.from(char, "utf8"));
      continue;
    }
    const next = name[++index]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(name.slice(index, index + 3), 8));
      index += 2;
    } else bytes.push(escapes[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** True when a range [line, endLine] touches any changed range. */
export function touchesChange(ranges: LineRanges | undefined, line: number, endLine: number): boolean {
  return ranges !== undefined && ranges.some(([start, end]) => start <= endLine && end >= line);
}

/**
 * Runs `work` in a temporary detached worktree of `commit`, given the directory there that corresponds to
 * `cwd`, and removes the worktree afterwards whatever happens.
 */
export function inWorktree<T>(cwd: string, commit: string, work: (mappedCwd: string, map: (file: string) => string) => T): T {
  const top = git(cwd, ["rev-parse", "--show-toplevel"]).stdout.trim();
  const root = fs.realpathSync(top);
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-baseline-"));
  const worktree = path.join(parent, "tree");
  const added = git(cwd, ["worktree", "add", "--detach", "--quiet", worktree, commit]);
  try {
    if (!added.ok) throw new UsageError(`--baseline git:REF: git worktree add failed: ${added.stderr.trim().split("\n")[0] ?? ""}`);
    const map = (file: string): string => {
      const relative = path.relative(root, fs.existsSync(file) ? fs.realpathSync(file) : file);
      return relative.startsWith("..") || path.isAbsolute(relative) ? file : path.join(worktree, relative);
    };
    return work(map(cwd), map);
  } finally {
    if (added.ok) git(cwd, ["worktree", "remove", "--force", worktree]);
    fs.rmSync(parent, { recursive: true, force: true });
    git(cwd, ["worktree", "prune"]);
  }
}
