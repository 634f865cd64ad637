/**
 * End-to-end harness: a real VS Code (code-server 4.100.3) driven by playwright-core
 * in Debian's headless Chromium, fully offline.
 *
 *   const prefix = await ensureCodeServer();                 // cached install (scripts/setup-code-server.sh)
 *   await installExtension('promptcost.vsix', extensionsDir);
 *   const server = await startCodeServer({ folder: 'examples', extensionsDir });
 *   const wb = await openWorkbench(server.url);
 *   await openFile(wb.page, 'src/openai.ts');
 *   ...
 *   await wb.close(); await server.stop();
 *
 * Selectors below were checked against code-server 4.100.3 (VS Code 1.100.3).
 * Every wait is bounded; retries are bounded too (see `retry`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, createWriteStream, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = process.env.PROMPTCOST_CHROMIUM ?? '/usr/bin/chromium';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SETUP_SCRIPT = path.join(REPO_ROOT, 'scripts', 'setup-code-server.sh');

/** Where scripts/setup-code-server.sh installs (same rule as the script). */
export function codeServerPrefix(): string {
  const cacheRoot = process.env.PROMPTCOST_CACHE || path.join(os.homedir(), '.cache', 'promptcost');
  return path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
}

function entryOf(prefix: string): string {
  return path.join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

// ------------------------------------------------------------------ small utilities

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 30_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(intervalMs);
  }
}

/** Runs `fn` up to `attempts` times; `between` runs after each failed attempt (e.g. press Escape). */
export async function retry<T>(
  what: string,
  attempts: number,
  fn: (attempt: number) => Promise<T>,
  between?: () => Promise<unknown>,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      lastError = error;
      if (process.env.PROMPTCOST_E2E_DEBUG) {
        console.error(`[e2e] ${what}: attempt ${attempt}/${attempts} failed: ${String(error)}`);
      }
      if (attempt < attempts && between) await between().catch(() => undefined);
    }
  }
  const message = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`${what} failed after ${attempts} attempts: ${message}`);
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  command: string,
  args: string[],
  { timeoutMs, env, echoStderr = false }: { timeoutMs: number; env?: NodeJS.ProcessEnv; echoStderr?: boolean },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout kills everything the command started.
    const child = spawn(command, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pid = child.pid;
    if (pid !== undefined) {
      running.set(pid, () => signal(-pid, 'SIGTERM')); // stopped with us if we exit first
      installExitHook();
    }
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (echoStderr) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => {
      if (pid !== undefined) signal(-pid, 'SIGTERM');
      setTimeout(() => pid !== undefined && signal(-pid, 'SIGKILL'), 5_000).unref();
      reject(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms\n${stderr.slice(-4000)}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment for code-server: no VS Code variables leaking in from a surrounding VS Code terminal. */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key.startsWith('CODE_SERVER_')) continue;
    if (key === 'PASSWORD' || key === 'HASHED_PASSWORD') continue;
    env[key] = value;
  }
  // code-server writes a default config.yaml and logs under XDG dirs: keep them out of $HOME.
  env.XDG_CONFIG_HOME = path.join(home, 'config');
  env.XDG_DATA_HOME = path.join(home, 'data');
  env.XDG_CACHE_HOME = path.join(home, 'cache');
  return env;
}

async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

// ------------------------------------------------------------------ install

let ensurePromise: Promise<string> | undefined;

/**
 * Makes sure code-server and Chromium are installed and returns the install prefix.
 * Fast (no child process) when the setup marker is there; otherwise runs
 * scripts/setup-code-server.sh (apt-get + npm, about 70 s cold), streaming its progress to stderr.
 */
export function ensureCodeServer(): Promise<string> {
  ensurePromise ??= (async () => {
    const prefix = codeServerPrefix();
    if (
      existsSync(path.join(prefix, '.promptcost-setup-complete')) &&
      existsSync(entryOf(prefix)) &&
      existsSync(CHROMIUM_PATH)
    ) {
      return prefix;
    }
    const result = await run('bash', [SETUP_SCRIPT], { timeoutMs: 30 * 60_000, echoStderr: true });
    if (result.code !== 0) {
      throw new Error(`${SETUP_SCRIPT} failed with exit code ${result.code}`);
    }
    const printed = result.stdout.trim().split('\n').pop()?.trim();
    if (!printed || !existsSync(entryOf(printed))) {
      throw new Error(`${SETUP_SCRIPT} did not print a usable prefix (got ${JSON.stringify(printed)})`);
    }
    return printed;
  })();
  ensurePromise.catch(() => (ensurePromise = undefined));
  return ensurePromise;
}

/**
 * Installs a .vsix into `extensionsDir` with code-server's own CLI. Returns the
 * installed extension's folder (`<publisher>.<name>-<version>`).
 */
export async function installExtension(vsixPath: string, extensionsDir: string): Promise<string> {
  const prefix = await ensureCodeServer();
  await mkdir(extensionsDir, { recursive: true });
  const before = new Set(readdirSync(extensionsDir));
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'promptcost-cs-install-'));
  try {
    const result = await run(
      process.execPath,
      [
        entryOf(prefix),
        '--extensions-dir', extensionsDir,
        '--user-data-dir', path.join(scratch, 'user-data'),
        '--install-extension', path.resolve(vsixPath),
        '--force',
      ],
      { timeoutMs: 120_000, env: cleanEnv(scratch) },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.code !== 0 || !/successfully installed/i.test(output)) {
      throw new Error(`installing ${vsixPath} failed (exit ${result.code}):\n${output.slice(-4000)}`);
    }
    const manifest = await readVsixManifest(vsixPath).catch(() => undefined);
    const expected = manifest ? `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase() : undefined;
    const after = readdirSync(extensionsDir).filter((name) => !name.startsWith('.') && name !== 'extensions.json');
    const installed =
      after.find((name) => name.toLowerCase() === expected) ?? after.find((name) => !before.has(name));
    if (!installed) throw new Error(`installed ${vsixPath} but found no extension folder in ${extensionsDir}`);
    return path.join(extensionsDir, installed);
  } finally {
    await removeDir(scratch);
  }
}

/** Reads publisher/name/version from extension/package.json inside a .vsix (a zip), without dependencies. */
async function readVsixManifest(vsixPath: string): Promise<{ publisher: string; name: string; version: string }> {
  const { inflateRawSync } = await import('node:zlib');
  const zip = await readFile(vsixPath);
  // Walk the central directory: find its end record first.
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip');
  let offset = zip.readUInt32LE(eocd + 16);
  const count = zip.readUInt16LE(eocd + 10);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (name === 'extension/package.json') {
      const localNameLength = zip.readUInt16LE(localOffset + 26);
      const localExtraLength = zip.readUInt16LE(localOffset + 28);
      const start = localOffset + 30 + localNameLength + localExtraLength;
      const data = zip.subarray(start, start + compressedSize);
      const json = method === 8 ? inflateRawSync(data) : data;
      return JSON.parse(json.toString('utf8')) as { publisher: string; name: string; version: string };
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error('extension/package.json not found in vsix');
}

// ------------------------------------------------------------------ server

export interface StartOptions {
  /** Folder to open in the workbench. */
  folder: string;
  /** Extensions folder (e.g. the one passed to installExtension). A temp one (removed on stop) if omitted. */
  extensionsDir?: string;
  /** User data folder. A temp one (removed on stop) if omitted. */
  userDataDir?: string;
  /** Extra user settings, merged over the harness defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and so for the extension host. */
  env?: Record<string, string>;
  /** Max time for the server to answer HTTP (default 60 s). */
  startTimeoutMs?: number;
}

export interface RunningCodeServer {
  /** Workbench URL with `?folder=` set, on 127.0.0.1. */
  url: string;
  port: number;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  /** Everything code-server printed so far. */
  logs(): string;
  /** Kills the whole process tree and removes the temp dirs. Idempotent. */
  stop(): Promise<void>;
}

/** Settings that make the workbench quiet and deterministic for tests. */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.codeLens': true,
  'editor.hover.enabled': true,
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

function httpStatus(url: string, timeoutMs = 2_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

/** All live descendants of `pid` (from /proc), children first seen first. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ..." — comm may contain spaces/parens: split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // process went away while we were reading
    }
  }
  const result: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const next = queue.shift()!;
    for (const child of children.get(next) ?? []) {
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Child process groups still running (servers, setup), killed synchronously if this process exits first. */
const running = new Map<number, () => void>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const kill of running.values()) kill();
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const kill of running.values()) kill();
      process.kill(process.pid, sig);
    });
  }
}

/**
 * Starts code-server on a free 127.0.0.1 port and waits until it answers HTTP.
 * The server runs in its own process group; stop() kills the group and every
 * descendant (SIGTERM, then SIGKILL after 5 s) and removes the temp dirs.
 */
export async function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const prefix = await ensureCodeServer();
  const folder = path.resolve(options.folder);
  if (!existsSync(folder)) throw new Error(`folder ${folder} does not exist`);

  const tempRoot = await mkdtemp(path.join(os.tmpdir(), 'promptcost-cs-'));
  const userDataDir = options.userDataDir ? path.resolve(options.userDataDir) : path.join(tempRoot, 'user-data');
  const extensionsDir = options.extensionsDir ? path.resolve(options.extensionsDir) : path.join(tempRoot, 'extensions');
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  await writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2),
  );

  const logPath = path.join(tempRoot, 'code-server.log');
  let logText = '';
  const env = { ...cleanEnv(tempRoot), ...options.env };

  // A port picked by freePort() can be taken by someone else before code-server binds it: retry.
  return retry('starting code-server', 3, async () => {
    const port = await freePort();
    const args = [
      entryOf(prefix),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--locale', 'en',
      folder,
    ];
    const child: ChildProcess = spawn(process.execPath, args, {
      cwd: folder,
      env,
      detached: true, // own process group, so stop() can kill the whole tree
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error('code-server did not start');
    const logFile = createWriteStream(logPath, { flags: 'a' });
    const onData = (chunk: Buffer) => {
      logText += chunk.toString('utf8');
      if (logText.length > 2_000_000) logText = logText.slice(-1_000_000);
      logFile.write(chunk);
      if (process.env.PROMPTCOST_E2E_DEBUG) process.stderr.write(chunk);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    let exited = false;
    child.on('exit', () => (exited = true));

    const killTree = (sig: NodeJS.Signals) => {
      const pids = [pid, ...descendants(pid)];
      signal(-pid, sig); // the process group
      for (const p of pids) signal(p, sig); // and anything that left it (setsid'd children)
      return pids;
    };
    running.set(pid, () => {
      killTree('SIGKILL');
      try {
        rmSync(tempRoot, { recursive: true, force: true });
      } catch {
        // best effort at exit
      }
    });
    installExitHook();

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        const pids = killTree('SIGTERM');
        const gone = () => pids.every((p) => !isAlive(p));
        await waitFor('code-server to exit', gone, { timeoutMs: 5_000, intervalMs: 100 }).catch(() => {
          for (const p of killTree('SIGKILL')) pids.includes(p) || pids.push(p);
        });
        await waitFor('code-server to be killed', gone, { timeoutMs: 5_000, intervalMs: 100 }).catch(() => undefined);
        running.delete(pid);
        child.stdout?.destroy();
        child.stderr?.destroy();
        await new Promise<void>((resolve) => logFile.end(resolve));
        await removeDir(tempRoot);
      })());

    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(
        `code-server to answer on ${base}`,
        async () => {
          if (exited) throw new Error(`code-server exited early:\n${logText.slice(-4000)}`);
          return (await httpStatus(`${base}/healthz`)) === 200;
        },
        { timeoutMs: options.startTimeoutMs ?? 60_000, intervalMs: 250 },
      );
      if ((await httpStatus(`${base}/`)) >= 400) throw new Error('workbench page does not load');
      return {
        url: `${base}/?folder=${encodeURIComponent(folder)}`,
        port,
        pid,
        userDataDir,
        extensionsDir,
        logs: () => logText,
        stop,
      };
    } catch (error) {
      // Keep the temp dirs for the next attempt: only kill this process.
      const pids = killTree('SIGKILL');
      await waitFor('code-server to die', () => pids.every((p) => !isAlive(p)), { timeoutMs: 5_000 }).catch(
        () => undefined,
      );
      running.delete(pid);
      logFile.end();
      throw error;
    }
  }).catch(async (error: unknown) => {
    await removeDir(tempRoot);
    throw error;
  });
}

// ------------------------------------------------------------------ browser

export interface Workbench {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launches headless Chromium, opens the workbench URL and waits until the
 * workbench is up and the explorer shows the folder's files.
 */
export async function openWorkbench(
  url: string,
  { timeoutMs = 90_000, viewport = { width: 1400, height: 900 } } = {},
): Promise<Workbench> {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error(`refusing to open a non-loopback URL: ${url}`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    // The explorer has rows once the remote file system answered.
    await page.locator(SELECTORS.explorerRow).first().waitFor({ state: 'visible', timeout: timeoutMs });
    return {
      browser,
      page,
      close: async () => {
        await browser.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

// ------------------------------------------------------------------ workbench driving

/** Selectors that work in code-server 4.100.3 (VS Code 1.100.3). */
export const SELECTORS = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  activeTab: '.part.editor .editor-group-container.active .tab.active',
  activeEditor: '.part.editor .editor-group-container.active .editor-container .monaco-editor',
  editorInput: 'textarea.inputarea, .native-edit-context',
  viewLine: '.view-lines .view-line',
  codeLens: '.codelens-decoration',
  hover: '.monaco-hover',
  problemsStatus: '#status\\.problems',
  actionWidget: '.action-widget',
  lightBulb: '.lightBulbWidget',
  actionItem: '.action-widget .monaco-list-row.action',
  problemsRow: '.markers-panel .monaco-list-row',
  notification: '.notifications-toasts .notification-toast',
} as const;

/** The active editor's root element. */
export function activeEditor(page: Page): Locator {
  return page.locator(SELECTORS.activeEditor).first();
}

/**
 * Gives keyboard focus to the active editor (without moving its cursor).
 * Needed before reading code lenses: in 1.100 an editor that lost focus before
 * its lenses arrived (e.g. to the Problems panel) renders them only once it is
 * focused again.
 */
export async function focusEditor(page: Page): Promise<void> {
  const input = activeEditor(page).locator(SELECTORS.editorInput).first();
  await input.waitFor({ state: 'attached', timeout: 10_000 });
  await input.focus();
  await waitFor(
    'the editor to have focus',
    async () => (await page.locator(`${SELECTORS.activeEditor}.focused`).count()) > 0,
    { timeoutMs: 5_000 },
  );
}

async function hasClass(locator: Locator, name: string): Promise<boolean> {
  return ((await locator.getAttribute('class')) ?? '').split(/\s+/).includes(name);
}

/**
 * Moves the keyboard focus in an open list (quick input, action widget) down to
 * `target` with ArrowDown, at most `maxSteps` presses; throws if it never gets there.
 * Mouse clicks are avoided on purpose: context views put a pointer block over them.
 */
async function focusRowWithArrows(page: Page, target: Locator, maxSteps: number, what: string): Promise<void> {
  for (let i = 0; i <= maxSteps; i++) {
    if (await hasClass(target, 'focused')) return;
    await page.keyboard.press('ArrowDown');
  }
  if (!(await hasClass(target, 'focused'))) throw new Error(`could not move the focus to ${what}`);
}

/** Runs a command from the Command Palette by its title (e.g. "View: Toggle Problems"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await retry(
    `command "${title}"`,
    3,
    async () => {
      await page.keyboard.press('Control+Shift+P');
      const input = page.locator(SELECTORS.quickInputBox);
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`);
      // Row aria-labels look like "View: Toggle Problems, Control+Shift+M".
      const rows = page.locator(SELECTORS.quickInputRow);
      const row = page.locator(`${SELECTORS.quickInputRow}[aria-label^="${cssString(title)}"]`).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      await focusRowWithArrows(page, row, await rows.count(), `command "${title}"`);
      await input.press('Enter');
      await page.locator(SELECTORS.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
    },
    () => page.keyboard.press('Escape'),
  );
}

function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

/**
 * Opens a file with Quick Open (Ctrl+P, type the path, Enter) and waits until it
 * is the active editor with its text rendered. `relPath` is relative to the folder.
 */
export async function openFile(page: Page, relPath: string): Promise<Locator> {
  const base = path.posix.basename(relPath);
  const dir = path.posix.dirname(relPath.replace(/\\/g, '/').replace(/^\.\//, ''));
  await retry(
    `open ${relPath}`,
    3,
    async () => {
      await page.keyboard.press('Control+P');
      const input = page.locator(SELECTORS.quickInputBox);
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(relPath);
      // File search runs ripgrep on the server: wait for the row of exactly this
      // file. Row aria-labels look like "sample.ts src, recently opened" (name,
      // folder relative to the workspace, group) or "package.json" at the root.
      const rows = page.locator(SELECTORS.quickInputRow);
      const label = cssString(dir === '.' ? base : `${base} ${dir}`);
      const row = rows.and(page.locator(`[aria-label="${label}"], [aria-label^="${label},"]`)).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      await focusRowWithArrows(page, row, await rows.count(), relPath);
      await input.press('Enter');
      await page.locator(SELECTORS.activeTab).filter({ hasText: base }).waitFor({ state: 'visible', timeout: 15_000 });
      await activeEditor(page).locator(SELECTORS.viewLine).first().waitFor({ state: 'visible', timeout: 15_000 });
    },
    async () => {
      await page.keyboard.press('Escape');
      await sleep(500);
    },
  );
  return activeEditor(page);
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
  total: number;
}

/**
 * Reads the Problems counts from the status bar item `#status.problems`. Its
 * aria-label is "No Problems", "Warnings: 1", "Errors: 2, Warnings: 1" (infos
 * only when shown); its visible text is the numbers beside the icons ("0 1").
 */
export async function getProblemCounts(page: Page): Promise<ProblemCounts> {
  const item = page.locator(SELECTORS.problemsStatus);
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  const label = (await item.getAttribute('aria-label')) ?? '';
  const count = (name: string) => Number(new RegExp(`${name}s?:\\s*(\\d+)`, 'i').exec(label)?.[1] ?? 0);
  let errors = count('error');
  let warnings = count('warning');
  let infos = count('info');
  if (!/no problems|error|warning|info/i.test(label)) {
    // no usable label: fall back to the numbers shown (errors, warnings[, infos])
    const numbers = ((await item.innerText()).match(/\d+/g) ?? []).map(Number);
    [errors = 0, warnings = 0, infos = 0] = numbers;
  }
  return { errors, warnings, infos, total: errors + warnings + infos };
}

/** Waits until the status bar's Problems total equals `expected`; returns the counts. */
export async function waitForProblemCount(page: Page, expected: number, timeoutMs = 30_000): Promise<ProblemCounts> {
  let last: ProblemCounts | undefined;
  try {
    return await waitFor(
      `Problems count ${expected}`,
      async () => {
        last = await getProblemCounts(page);
        return last.total === expected ? last : undefined;
      },
      { timeoutMs },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message} (last seen ${JSON.stringify(last)})`);
  }
}

export interface ProblemRow {
  /** true for a file header row ("sample.ts src 1"), false for a problem row */
  isFile: boolean;
  /** the row's text, whitespace collapsed: "smoke problem smoke(smoke-rule) [Ln 1, Col 1]" */
  text: string;
  /** the row's aria-label */
  label: string;
}

/**
 * Opens the Problems panel (Ctrl+Shift+M, if not open yet) and returns its
 * rendered rows; then gives focus back to the editor. Rows are virtualised:
 * only what fits in the panel is returned.
 */
export async function readProblemsPanel(page: Page): Promise<ProblemRow[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
  }
  const rows = page.locator(SELECTORS.problemsRow);
  // Rows, or the panel's message when there are none ("No problems have been detected in the workspace.").
  const message = page.locator('.markers-panel .message-box-container').filter({ hasText: /\S/ });
  await rows.first().or(message).first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
  const result: ProblemRow[] = [];
  for (const row of await rows.all()) {
    const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
    result.push({
      isFile: (await row.getAttribute('aria-level')) === '1',
      text,
      label: (await row.getAttribute('aria-label')) ?? '',
    });
  }
  await focusEditor(page).catch(() => undefined);
  return result;
}

/**
 * Makes the bottom panel (Problems, Output, ...) about `height` px tall by dragging the sash above it,
 * e.g. to leave the editor room for a screenshot. Best effort: returns the panel's height afterwards
 * (0 when no panel is open), then gives focus back to the editor.
 */
export async function setPanelHeight(page: Page, height: number): Promise<number> {
  const panel = page.locator('.part.panel.bottom');
  const box = await panel.boundingBox().catch(() => null);
  if (!box) return 0;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + 1);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height - height, { steps: 6 });
  await page.mouse.up();
  await page.mouse.move(5, 5);
  await focusEditor(page).catch(() => undefined);
  return (await panel.boundingBox().catch(() => null))?.height ?? 0;
}

/** Texts of the code lenses rendered in the active editor (only lines in view). */
export async function getCodeLenses(page: Page): Promise<string[]> {
  const lenses = activeEditor(page).locator(SELECTORS.codeLens);
  const texts = await lenses.allInnerTexts();
  return texts
    .flatMap((text) => text.split(/\s*\|\s*/))
    .map((text) => text.replace(/\u00a0/g, ' ').trim())
    .filter(Boolean);
}

export interface PlacedCodeLens {
  /** the lens text (one entry per command when a line has several, like getCodeLenses) */
  text: string;
  /** 1-based number of the editor line drawn right below the lens, i.e. the line it stands above; 0 if unknown */
  line: number;
}

/**
 * The code lenses rendered in the active editor with the line each stands above
 * (read from the line-number gutter, which must be on: the default).
 */
export async function getCodeLensesWithLines(page: Page): Promise<PlacedCodeLens[]> {
  const placed = await activeEditor(page).evaluate(placeLenses, SELECTORS.codeLens);
  return placed.flatMap(({ text, line }) =>
    text
      .split(/\s*\|\s*/)
      .map((part) => part.replace(/\u00a0/g, ' ').trim())
      .filter(Boolean)
      .map((part) => ({ text: part, line })),
  );
}

/** Runs in the browser: each lens's text and the number of the first gutter line below it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function placeLenses(root: any, lensSelector: string): { text: string; line: number }[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const numbers = Array.from(root.querySelectorAll('.margin-view-overlays .line-numbers') as any[])
    .map((element) => ({ top: element.getBoundingClientRect().top as number, line: Number(String(element.textContent).trim()) }))
    .filter((entry) => Number.isInteger(entry.line) && entry.line > 0)
    .sort((a, b) => a.top - b.top);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return Array.from(root.querySelectorAll(lensSelector) as any[]).map((lens) => {
    const bottom: number = lens.getBoundingClientRect().bottom;
    const below = numbers.find((entry) => entry.top >= bottom - 2);
    return { text: String(lens.innerText ?? lens.textContent ?? ''), line: below ? below.line : 0 };
  });
}

/**
 * Waits until a code lens containing `text` (string or RegExp) is rendered in
 * the active editor; returns all lens texts. Focuses the editor first (see
 * focusEditor) and again every 5 s while waiting.
 */
export async function waitForCodeLens(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<string[]> {
  const match = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
  let lastFocus = 0;
  let last: string[] = [];
  try {
    return await waitFor(
      `code lens ${String(text)}`,
      async () => {
        if (Date.now() - lastFocus > 5_000) {
          lastFocus = Date.now();
          await focusEditor(page).catch(() => undefined);
        }
        last = await getCodeLenses(page);
        return last.some(match) ? last : undefined;
      },
      { timeoutMs },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message} (lenses seen: ${JSON.stringify(last)})`);
  }
}

/**
 * Runs in the browser: the viewport rectangle of the first occurrence of
 * `needle` among the rendered lines of the editor `root`. (Typed loosely: the
 * project compiles without the DOM lib.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function rectOfText(root: any, needle: string): Rect | null {
  const doc = root.ownerDocument;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const lines: any[] = Array.from(root.querySelectorAll('.view-lines .view-line'));
  lines.sort((a, b) => parseFloat(a.style.top || '0') - parseFloat(b.style.top || '0'));
  for (const line of lines) {
    const text: string = String(line.textContent).replace(/\u00a0/g, ' ');
    const index = text.indexOf(needle);
    if (index < 0) continue;
    const walker = doc.createTreeWalker(line, 4 /* NodeFilter.SHOW_TEXT */);
    let seen = 0;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let startNode: any, endNode: any;
    let startOffset = 0;
    let endOffset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length: number = node.textContent.length;
      if (!startNode && index < seen + length) {
        startNode = node;
        startOffset = index - seen;
      }
      if (startNode && index + needle.length <= seen + length) {
        endNode = node;
        endOffset = index + needle.length - seen;
        break;
      }
      seen += length;
    }
    if (!startNode || !endNode) continue;
    const range = doc.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    const r = range.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }
  return null;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where `text` is drawn in the active editor (first occurrence among rendered lines). */
export async function locateText(page: Page, text: string): Promise<Rect> {
  const editor = activeEditor(page);
  return waitFor(
    `"${text}" in the editor`,
    async () => {
      const rect = await editor.evaluate(rectOfText, text);
      return rect && rect.width > 0 ? rect : undefined;
    },
    { timeoutMs: 10_000 },
  );
}

/** Clicks into the editor on the middle of `text`, which puts the cursor there. */
export async function clickText(page: Page, text: string): Promise<void> {
  const rect = await locateText(page, text);
  await page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2);
}

/**
 * Moves the mouse over `text` in the active editor and returns the hover
 * widget's text. Retries (bounded) by moving away and back if no hover shows.
 * Pass `expect` to wait until the hover contains it (hovers can fill in late).
 */
export async function hoverText(
  page: Page,
  text: string,
  { expect, timeoutMs = 10_000 }: { expect?: string | RegExp; timeoutMs?: number } = {},
): Promise<string> {
  const hover = activeEditor(page).locator(`${SELECTORS.hover}:visible`).first();
  return retry(
    `hover on "${text}"`,
    3,
    async () => {
      const rect = await locateText(page, text);
      await page.mouse.move(5, 5);
      await page.mouse.move(rect.x + rect.width / 2, rect.y + rect.height / 2, { steps: 4 });
      await hover.waitFor({ state: 'visible', timeout: timeoutMs });
      return waitFor(
        `hover text${expect ? ` ${String(expect)}` : ''}`,
        async () => {
          const content = (await hover.innerText()).replace(/\u00a0/g, ' ').trim();
          if (!content) return undefined;
          if (expect === undefined) return content;
          return (typeof expect === 'string' ? content.includes(expect) : expect.test(content)) ? content : undefined;
        },
        { timeoutMs },
      );
    },
    async () => {
      await page.keyboard.press('Escape');
      await page.mouse.move(5, 5);
      await sleep(300);
    },
  );
}

/** Hides any hover (Escape + mouse away). */
export async function dismissHover(page: Page): Promise<void> {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await activeEditor(page)
    .locator(`${SELECTORS.hover}:visible`)
    .first()
    .waitFor({ state: 'hidden', timeout: 5_000 })
    .catch(() => undefined);
}

/**
 * Puts the cursor on `atText` (when given), opens the quick fix menu (Ctrl+.)
 * and chooses the item whose title contains `title`, with the keyboard (arrow
 * keys until it is focused, then Enter: a mouse click on the item is
 * intercepted by the context view's pointer block). Returns all item titles.
 */
export async function applyQuickFix(page: Page, title: string, { atText }: { atText?: string } = {}): Promise<string[]> {
  return retry(
    `quick fix "${title}"`,
    3,
    async () => {
      await dismissHover(page); // a leftover hover can cover the text to click
      if (atText) await clickText(page, atText);
      else await focusEditor(page);
      // The light bulb shows once code actions for the cursor are computed;
      // Ctrl+. pressed right after the click is sometimes lost without this wait.
      await page.locator(SELECTORS.lightBulb).waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
      await page.keyboard.press('Control+.');
      const widget = page.locator(SELECTORS.actionWidget);
      await widget.waitFor({ state: 'visible', timeout: 5_000 });
      const items = page.locator(SELECTORS.actionItem);
      const item = items.filter({ hasText: title }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      const titles = (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      const rows = await page.locator(`${SELECTORS.actionWidget} .monaco-list-row`).count();
      await focusRowWithArrows(page, item, rows + 1, `"${title}" in the quick fix menu ${JSON.stringify(titles)}`);
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden', timeout: 10_000 });
      return titles;
    },
    async () => {
      await page.keyboard.press('Escape');
      await sleep(300);
    },
  );
}

/**
 * The text of the active editor as rendered: the lines in view, in order
 * (DOM order of `.view-line` is not line order; they are sorted by their top).
 * Fine for files that fit on screen; for anything longer use saveActiveEditor()
 * and read the file from disk.
 */
export async function readEditorText(page: Page): Promise<string> {
  const lines = await activeEditor(page)
    .locator(SELECTORS.viewLine)
    .evaluateAll((elements) =>
      elements.map((element) => ({
        top: parseFloat((element as unknown as { style: { top: string } }).style.top || '0'),
        text: element.textContent ?? '',
      })),
    );
  return lines
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text.replace(/\u00a0/g, ' '))
    .join('\n');
}

/** Saves the active editor (Ctrl+S) and waits until its tab is no longer dirty. */
export async function saveActiveEditor(page: Page): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('Control+S');
  await waitFor('the active tab to be saved', async () => (await page.locator(`${SELECTORS.activeTab}.dirty`).count()) === 0, {
    timeoutMs: 10_000,
  });
}

/** Saves a PNG screenshot of the page to `file` (folders created). */
export async function screenshot(page: Page, file: string): Promise<string> {
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target });
  return target;
}
