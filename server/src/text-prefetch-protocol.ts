// Reading the workspace's source files on a second thread while the language server starts (see
// lsp/text-prefetch.ts): what the editor's client, the server's entry, the reading thread and the server
// share. The client knows the workspace folders before the server process exists; it names them in
// PREFETCH_FOLDERS_VARIABLE so the reading can start before the engine is even loaded.
import type { MessagePort, Worker } from "node:worker_threads";
import type { CompactBpeTables } from "./core/tokens/compact-bpe.ts";
import type { EncodingName } from "./core/tokens/rank-data.ts";

/** Set by the editor's client: the workspace folders' paths, a JSON array. */
export const PREFETCH_FOLDERS_VARIABLE = "PROMPTCOST_PREFETCH_FOLDERS";

/**
 * What the reading thread posts, in this order: the listing, texts in chunks (their buffers transferred), the
 * end of the reads, the tokenizer's tables for o200k_base (built as the server would build them when it first
 * counts), then the end.
 */
export type PrefetchMessage =
  | { kind: "listing"; files: string[] }
  | { kind: "texts"; files: string[]; ends: number[]; bytes: Uint8Array; directories: [string, string | null][] }
  | { kind: "read" }
  | { kind: "encoder"; encoding: EncodingName; tables: CompactBpeTables }
  | { kind: "done" }
  | { kind: "failed"; message: string };

/** The reading thread as the server's entry started it; the language server takes it over (or stops it). */
export interface PrefetchHandle {
  folders: string[];
  worker: Worker;
  port: MessagePort;
  /** Counts the messages posted: the server waits on it (Atomics.wait) when it needs the listing. */
  signal: Int32Array;
}

/** Files larger than this are left to the server to read (and to refuse over its own limit). */
export const PREFETCH_MAX_FILE_BYTES = 8 * 1024 * 1024;
/** The thread stops reading past this many bytes in all (held until the server takes them): the rest the server reads. */
export const PREFETCH_MAX_TOTAL_BYTES = 256 * 1024 * 1024;
