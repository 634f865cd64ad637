/**
 * The packaged extension for the end-to-end suites: the production bundles and the .vsix built in a staging
 * folder (the working tree's dist/ is left alone), the CLI's JSON report from the installed bundle, and the
 * extension's output channel read back from the workbench's logs.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { screenshot, type Workbench } from './code-server.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `promptcost --lint PATH... --format json` with the bundle the editor runs, from the workspace folder: the parsed report. */
export async function lintJsonOf(serverJs: string, folder: string, paths: string[]): Promise<unknown> {
  const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [serverJs, '--lint', ...paths, '--format', 'json', '--no-color'],
      { cwd: folder, encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = child.exitCode;
        if (error && status === null) reject(new Error(`promptcost --lint failed: ${error.message}\n${stderr}`));
        else resolve({ status, stdout, stderr });
      },
    );
  });
  // 0: clean or warnings only; 1: something at error severity. Anything else is a broken run.
  assert.ok(result.status === 0 || result.status === 1, `promptcost --lint exited ${result.status}:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

/**
 * What the extension wrote to its "Prompt Cost" output channel (the language client's log and the server's
 * console), read from the workbench's log files under the user data folder.
 */
export async function extensionLog(userDataDir: string): Promise<string> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 6) return;
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, depth + 1);
      else if (/Prompt Cost\.log$/.test(entry.name)) found.push(full);
    }
  };
  await walk(path.join(userDataDir, 'logs'), 0);
  const texts = await Promise.all(found.map(async (file) => `--- ${path.basename(file)}\n${await readFile(file, 'utf8').catch(() => '')}`));
  return texts.join('\n') || '(no Prompt Cost output channel log found)';
}

function runOrThrow(what: string, command: string, args: string[], cwd: string, timeout = 180_000): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout });
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Files under `dir` (relative, `/`-separated), skipping dependencies, VCS data and build output. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!['node_modules', '.git', 'dist', 'test-results'].includes(entry.name)) out.push(...(await listFiles(dir, rel)));
    } else if (entry.isFile()) {
      out.push(rel);
    }
  }
  return out;
}

/**
 * Builds the production bundles and packages the extension into `<stage>/promptcost.vsix`, all inside
 * `stage` (so the working tree's dist/, which others build and run, is left alone): the build runs there
 * with client/ and server/ linked in; next to it go package.json, the README and every file of the
 * manifest's `files` list, so vsce packs exactly what it would pack in the repository.
 */
export async function buildVsix(stage: string): Promise<string> {
  await mkdir(stage, { recursive: true });
  await symlink(path.join(REPO_ROOT, 'client'), path.join(stage, 'client'), 'dir');
  await symlink(path.join(REPO_ROOT, 'server'), path.join(stage, 'server'), 'dir');
  runOrThrow('esbuild --production', process.execPath, [path.join(REPO_ROOT, 'esbuild.mjs'), '--production'], stage);
  await rm(path.join(stage, 'client'));
  await rm(path.join(stage, 'server'));
  // package.json `files` is the one include list of both npm and vsce; vsce adds the README and the manifest.
  const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
  const isShipped = picomatch(manifest.files, { dot: true });
  const files = (await listFiles(REPO_ROOT)).filter((file) => isShipped(file) || file === 'package.json' || file === 'README.md');
  for (const file of files) {
    await mkdir(path.dirname(path.join(stage, file)), { recursive: true });
    await copyFile(path.join(REPO_ROOT, file), path.join(stage, file));
  }
  const vsix = path.join(stage, 'promptcost.vsix');
  // The manifest has a repository, a LICENSE, a README and an icon: no flag beyond these is needed and vsce
  // asks nothing (stdin closed anyway, so a prompt would fail instead of hanging).
  runOrThrow(
    'vsce package',
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix],
    stage,
  );
  assert.ok(existsSync(vsix), 'vsce produced no .vsix');
  return vsix;
}

/** What a suite's step needs to run, and to explain a failure: the workbench, the server's log, the user data folder. */
export interface StepContext {
  /** Names the failure screenshot: `e2e-${suite}-failure-${step}.png`. */
  suite: string;
  resultsDir: string;
  workbench: () => Workbench | undefined;
  serverLogs: () => string | undefined;
  userDataDir: () => string;
  /** Called with the step's name when it passed. */
  passed: (name: string) => void;
  /** How much of the code-server log and of the output channel to print on failure. */
  tail: { log: number; output: number };
}

/** A step runner: on failure a screenshot, the code-server log tail and the extension's output channel, then rethrow. */
export function stepRunner(context: StepContext): (name: string, fn: (w: Workbench) => Promise<void>) => Promise<void> {
  return async (name, fn) => {
    const wb = context.workbench();
    assert.ok(wb, 'workbench did not open');
    try {
      await fn(wb);
      context.passed(name);
    } catch (error) {
      await screenshot(wb.page, path.join(context.resultsDir, `e2e-${context.suite}-failure-${name}.png`)).catch(() => undefined);
      console.error(`[e2e] step ${name} failed; code-server log tail:\n${context.serverLogs()?.slice(-context.tail.log)}`);
      console.error(`[e2e] the extension's output channel:\n${(await extensionLog(context.userDataDir())).slice(-context.tail.output)}`);
      throw error;
    }
  };
}
