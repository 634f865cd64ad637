// Starts the reading thread of lsp/text-prefetch.ts from the server's entry, before the engine is loaded
// (~0.3 s of a start): by the time the editor's first document is analysed, the workspace's files are read.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { MessageChannel, Worker } from "node:worker_threads";
import { PREFETCH_FOLDERS_VARIABLE, type PrefetchHandle } from "./text-prefetch-protocol.ts";

/** The reading thread for the folders the client named, or undefined (none named, no worker file beside this bundle, or it could not start). */
export function startTextPrefetch(env: NodeJS.ProcessEnv): PrefetchHandle | undefined {
  const folders = foldersFrom(env[PREFETCH_FOLDERS_VARIABLE]);
  const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "prefetch-worker.cjs");
  if (!folders || !existsSync(workerFile)) return undefined;
  try {
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(workerFile, { workerData: { folders, port: port2, signal }, transferList: [port2] });
    // Never what keeps the server running; an error there only means the server reads for itself.
    worker.unref();
    worker.on("error", () => {});
    return { folders, worker, port: port1, signal };
  } catch {
    return undefined;
  }
}

function foldersFrom(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  try {
    const folders: unknown = JSON.parse(value);
    return Array.isArray(folders) && folders.length > 0 && folders.every((folder) => typeof folder === "string" && path.isAbsolute(folder)) ? (folders as string[]) : undefined;
  } catch {
    return undefined;
  }
}
