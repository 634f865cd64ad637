// A minimal LSP client written from the spec (Content-Length framed JSON-RPC over stdio), so the tests
// exercise the server exactly as Neovim, Helix or Emacs would, without sharing code with it.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PREFETCH_FOLDERS_VARIABLE } from "../../server/src/text-prefetch-protocol.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SERVER = path.join(REPO_ROOT, "dist", "server.cjs");

interface Message {
  jsonrpc: "2.0";
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface StartOptions {
  rootPath: string;
  /** Advertise pull diagnostics (textDocument/diagnostic) like VS Code; otherwise the server must push. */
  pullDiagnostics?: boolean;
  /** What workspace/configuration answers for section "promptcost"; undefined: do not advertise the capability. */
  settings?: Record<string, unknown>;
  initializationOptions?: unknown;
  /** Advertise versioned workspace edits (documentChanges). */
  documentChanges?: boolean;
  /** Extra Node flags for the server process, e.g. `--cpu-prof`. */
  execArgv?: string[];
  /** Environment variables for the server process, over this process's own. */
  env?: Record<string, string>;
  /** false: do not name the workspace folder for the server to read on a second thread at start, as the VS Code client does (text-prefetch.ts). */
  prefetch?: boolean;
}

interface Waiter {
  method: string;
  predicate: (params: any) => boolean;
  resolve: (params: any) => void;
}

export class LspClient {
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void; method: string }>();
  private waiters: Waiter[] = [];
  /** Every notification received, in order, with when it arrived (performance.now()). */
  readonly notifications: { method: string; params: any; at: number }[] = [];
  /** Every request the server made of the client, in order. */
  readonly serverRequests: { method: string; params: any }[] = [];
  settings: Record<string, unknown> | undefined;
  stderr = "";

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [...(options.execArgv ?? []), SERVER, "--stdio"], { cwd: options.rootPath, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...(options.prefetch === false ? {} : { [PREFETCH_FOLDERS_VARIABLE]: JSON.stringify([options.rootPath]) }), ...options.env } });
    const client = new LspClient(child);
    client.settings = options.settings;
    const rootUri = pathToFileURL(options.rootPath).href;
    await client.request("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(options.rootPath) }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: options.settings !== undefined,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          codeLens: { refreshSupport: true },
          diagnostics: { refreshSupport: options.pullDiagnostics === true },
          workspaceEdit: { documentChanges: options.documentChanges === true, ...(options.documentChanges ? { resourceOperations: ["create"] } : {}) },
        },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          hover: { contentFormat: ["markdown", "plaintext"] },
          codeLens: {},
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } }, isPreferredSupport: true },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          ...(options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        },
      },
    });
    client.notify("initialized", {});
    return client;
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    const id = this.nextId++;
    this.send({ jsonrpc: "2.0", id, method, params });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
  }

  /** Sends a request and cancels it at once; resolves with the response (a result or the cancellation error). */
  requestAndCancel(method: string, params: unknown): Promise<{ result?: unknown; error?: { code: number } }> {
    const id = this.nextId++;
    this.send({ jsonrpc: "2.0", id, method, params });
    this.send({ jsonrpc: "2.0", method: "$/cancelRequest", params: { id } });
    return new Promise((resolve) => this.pending.set(id, { resolve: (result) => resolve({ result }), reject: (error) => resolve({ error: error as unknown as { code: number } }), method }));
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  /** The next notification of a method that satisfies the predicate (one already received counts, from `since`). */
  waitForNotification<P = any>(method: string, predicate: (params: P) => boolean = () => true, timeoutMs = 30000, since = 0): Promise<P> {
    const seen = this.notifications.slice(since).find((note) => note.method === method && predicate(note.params));
    if (seen) return Promise.resolve(seen.params);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { method, predicate, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        if (!this.waiters.includes(waiter)) return;
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(`timed out waiting for ${method}\nserver stderr:\n${this.stderr}`));
      }, timeoutMs).unref();
    });
  }

  /** Pushed diagnostics of a document at exactly this version. */
  diagnostics(uri: string, version: number, since = 0): Promise<{ uri: string; version?: number; diagnostics: any[] }> {
    return this.waitForNotification("textDocument/publishDiagnostics", (params: any) => params.uri === uri && params.version === version, 30000, since);
  }

  /** When each publishDiagnostics of a document arrived, and for which version. */
  publishReceipts(uri: string): { version: number; at: number }[] {
    return this.notifications
      .filter((note) => note.method === "textDocument/publishDiagnostics" && note.params.uri === uri)
      .map((note) => ({ version: note.params.version as number, at: note.at }));
  }

  open(uri: string, text: string, languageId = "typescript", version = 1): void {
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
  }

  /** Replaces the whole text (a full-range incremental change). */
  replaceText(uri: string, version: number, oldText: string, newText: string): void {
    const lines = oldText.split("\n");
    const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    this.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end }, text: newText }] });
  }

  async shutdown(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await Promise.race([this.request("shutdown", null), new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.notify("exit", null);
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill();
        resolve(undefined);
      }, 2000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }

  /** Writes bytes to the server as they are: for tests of malformed input on the wire. */
  sendRaw(bytes: string | Buffer): void {
    this.child.stdin.write(bytes);
  }

  /** The server's process id (for benchmarks that sample its memory). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The server's exit code once it has exited, else null. */
  get exitCode(): number | null {
    return this.child.exitCode;
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString("ascii");
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      const pending = this.pending.get(message.id as number);
      if (!pending) return;
      this.pending.delete(message.id as number);
      if (message.error) pending.reject(Object.assign(new Error(`${pending.method}: ${message.error.message}`), { code: message.error.code }));
      else pending.resolve(message.result);
      return;
    }
    if (message.id !== undefined && message.method !== undefined) {
      this.serverRequests.push({ method: message.method, params: message.params });
      this.send({ jsonrpc: "2.0", id: message.id, result: this.answer(message.method, message.params) } as Message);
      return;
    }
    if (message.method) {
      this.notifications.push({ method: message.method, params: message.params, at: performance.now() });
      for (const waiter of [...this.waiters]) {
        if (waiter.method === message.method && waiter.predicate(message.params)) {
          this.waiters = this.waiters.filter((other) => other !== waiter);
          waiter.resolve(message.params);
        }
      }
    }
  }

  private answer(method: string, params: any): unknown {
    if (method === "workspace/configuration") return (params.items as { section?: string }[]).map((item) => (item.section === "promptcost" ? this.settings ?? null : null));
    return null;
  }
}

export function uriOf(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** Applies LSP text edits to a text (from the end, so earlier positions stay valid). */
export function applyTextEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === "\n") lineStarts.push(index + 1);
  const offset = (position: { line: number; character: number }): number => (lineStarts[position.line] ?? text.length) + position.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  return result;
}
