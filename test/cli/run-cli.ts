import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SERVER_BUNDLE = path.join(REPO_ROOT, "dist", "server.cjs");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled binary as users do (`npm test` builds it first). */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [SERVER_BUNDLE, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: "utf8",
    // Deprecation warnings depend on the date; a fixed one keeps golden reports stable as time passes.
    env: { PATH: process.env.PATH ?? "", PROMPTCOST_TODAY: "2026-11-22", ...options.env },
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes a small project (path → text) into `root` and returns `root`. */
export function writeProject(root: string, files: Record<string, string>): string {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}
