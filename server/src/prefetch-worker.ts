// The reading thread of lsp/text-prefetch.ts (bundled as dist/prefetch-worker.cjs): lists the workspace
// folders' source files as the server does, then reads each one the server would read without looking
// further (a regular file, not a link, whose directory's real path lies inside the folders, up to
// PREFETCH_MAX_FILE_BYTES) and posts the bytes, undecoded, in chunks whose buffers it hands over. It never
// decides anything about a file: what it skips, the server reads or refuses itself. Then it builds the
// tokenizer's tables the first count needs (~70 ms of a first analysis otherwise).
import * as fs from "node:fs";
import * as path from "node:path";
import { workerData, type MessagePort } from "node:worker_threads";
import { diskFileSystem, readRegularBytes } from "./core/workspace/file-system.ts";
import { isUnderRoots, rootPrefixes } from "./core/workspace/roots.ts";
import { listSourceFiles } from "./lsp/source-files.ts";
import { CompactBpeCounter } from "./core/tokens/compact-bpe.ts";
import { loadEncoding } from "./core/tokens/rank-data.ts";
import { PREFETCH_MAX_FILE_BYTES, PREFETCH_MAX_TOTAL_BYTES, type PrefetchMessage } from "./text-prefetch-protocol.ts";

const CHUNK_BYTES = 2 * 1024 * 1024;
const CHUNK_FILES = 256;

const { folders, port, signal, maxTotalBytes = PREFETCH_MAX_TOTAL_BYTES } = workerData as { folders: string[]; port: MessagePort; signal: Int32Array; maxTotalBytes?: number };

function post(message: PrefetchMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function readAll(): void {
  const files = listSourceFiles(folders);
  post({ kind: "listing", files });
  const roots = rootPrefixes(folders);
  const realDirectories = new Map<string, string | null>();
  let chunk: { files: string[]; buffers: Buffer[]; size: number; directories: [string, string | null][] } = { files: [], buffers: [], size: 0, directories: [] };
  const flush = (): void => {
    if (chunk.files.length === 0 && chunk.directories.length === 0) return;
    const bytes = new Uint8Array(chunk.size);
    const ends: number[] = [];
    let at = 0;
    for (const buffer of chunk.buffers) {
      bytes.set(buffer, at);
      ends.push((at += buffer.length));
    }
    post({ kind: "texts", files: chunk.files, ends, bytes, directories: chunk.directories }, [bytes.buffer as ArrayBuffer]);
    chunk = { files: [], buffers: [], size: 0, directories: [] };
  };
  let total = 0;
  for (const file of files) {
    // A very large workspace: past this much, the server reads the rest itself (the bytes are held until taken).
    if (total >= maxTotalBytes) break;
    const directory = path.dirname(file);
    let realDirectory = realDirectories.get(directory);
    if (realDirectory === undefined) {
      realDirectories.set(directory, (realDirectory = diskFileSystem.realpath(directory) ?? null));
      chunk.directories.push([directory, realDirectory]);
    }
    if (realDirectory === null || !isUnderRoots(path.join(realDirectory, path.basename(file)), roots)) continue;
    const bytes = readRegularBytes(file, PREFETCH_MAX_FILE_BYTES, fs.constants.O_NOFOLLOW ?? 0);
    if (!bytes) continue;
    chunk.files.push(file);
    chunk.buffers.push(bytes);
    chunk.size += bytes.length;
    total += bytes.length;
    if (chunk.size >= CHUNK_BYTES || chunk.files.length >= CHUNK_FILES) flush();
  }
  flush();
}

/** The tokenizer's tables for the encoding most models count in, built as the server builds them (count-text.ts). */
function buildEncoder(): void {
  const tables = new CompactBpeCounter(loadEncoding("o200k_base")).tables();
  post({ kind: "encoder", encoding: "o200k_base", tables }, [tables.bytes.buffer, tables.starts.buffer, tables.ranks.buffer, tables.slots.buffer] as ArrayBuffer[]);
}

try {
  // Without O_NOFOLLOW (Windows) a link cannot be told from a file by the read alone: nothing is read here.
  if (fs.constants.O_NOFOLLOW !== undefined) readAll();
  post({ kind: "read" });
  buildEncoder();
  post({ kind: "done" });
} catch (error) {
  post({ kind: "failed", message: (error as Error).message });
}
