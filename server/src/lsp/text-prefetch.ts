// The workspace's source files, read on a second thread while the server starts (prefetch-worker.ts),
// handed to the workspace as if read from disk: the first analysis of a heavy file reads every project file
// (the classes implementing an interface are looked for in all of them), ~0.2-0.3 s of its time on a
// 2,700-file application, done before the server has loaded its engine.
//
// What the thread read is the disk's bytes, decoded here as a read would decode them, taken once per file
// (the workspace keeps the text from then on); a file changed on disk since (forget) or not yet read by the
// thread is read as usual. Only the listing is waited for (with the reads: a search of every file's text
// follows it). The thread then builds the tokenizer's tables for o200k_base, which the first count takes
// (encoderTables) instead of building them itself. Nothing here changes what an analysis finds, only where
// the bytes were read and the tables built.
import { Buffer } from "node:buffer";
import { receiveMessageOnPort } from "node:worker_threads";
import { decodeText } from "../core/workspace/decode-text.ts";
import { rootPrefixes } from "../core/workspace/roots.ts";
import type { FileSystem } from "../core/workspace/file-system.ts";
import type { CompactBpeTables } from "../core/tokens/compact-bpe.ts";
import type { EncodingName } from "../core/tokens/rank-data.ts";
import type { PrefetchHandle, PrefetchMessage } from "../text-prefetch-protocol.ts";

/** How long the server waits for the thread's listing and reads before listing the folders itself. */
const LISTING_WAIT_MS = 10_000;
/** How long the server waits for the thread's first message: its listing comes ~0.1 s after it starts. */
const FIRST_MESSAGE_WAIT_MS = 2_000;
/** What the thread read and the server has not taken is let go after this long. */
const KEEP_MS = 60_000;

export class TextPrefetch {
  private listed: string[] | undefined;
  private readonly texts = new Map<string, Uint8Array>();
  private readonly directories = new Map<string, string | null>();
  /** Files changed on disk since the thread started: what it read of them is never given. */
  private readonly forgotten = new Set<string>();
  private ended = false;
  /** The thread's reads are all posted. */
  private read = false;
  private readonly encoders = new Map<EncodingName, CompactBpeTables>();
  private listingGiven = false;
  private seen = 0;

  constructor(private readonly handle: PrefetchHandle) {
    setTimeout(() => this.close(), KEEP_MS).unref();
  }

  /** Whether the thread reads these folders (the ones the editor then opened). */
  readsFolders(roots: readonly string[]): boolean {
    const normalise = (folders: readonly string[]) => rootPrefixes(folders).sort().join("\0");
    return normalise(roots) === normalise(this.handle.folders);
  }

  /**
   * The thread's listing of the folders (listSourceFiles), once, waited for with the reading of its files (a
   * search of every file's text follows each listing; reading here what the thread is reading would do the
   * same work twice): undefined when it failed or took too long, when a file changed on disk since (one may
   * have appeared), and when asked again.
   */
  listing(): string[] | undefined {
    if (this.listingGiven || this.forgotten.size > 0) return undefined;
    this.listingGiven = true;
    const deadline = Date.now() + LISTING_WAIT_MS;
    // A thread that posts nothing at all did not start (a worker file that cannot load): not waited for long.
    const firstDeadline = Date.now() + FIRST_MESSAGE_WAIT_MS;
    this.drain();
    while (!this.read && !this.ended) {
      const left = (this.seen === 0 ? Math.min(deadline, firstDeadline) : deadline) - Date.now();
      if (left <= 0 || Atomics.wait(this.handle.signal, 0, this.seen, left) === "timed-out") break;
      this.drain();
    }
    return this.listed;
  }

  /** The file's text as read by the thread, once; undefined when it did not read it (yet), or it is over maxBytes. */
  take(filePath: string, maxBytes: number): string | undefined {
    this.drain();
    const bytes = this.texts.get(filePath);
    if (bytes === undefined) return undefined;
    this.texts.delete(filePath);
    return bytes.length > maxBytes ? undefined : decodeText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  /** The tokenizer's tables the thread built for an encoding, once; undefined when it has not (yet). */
  encoderTables(encoding: EncodingName): CompactBpeTables | undefined {
    this.drain();
    const tables = this.encoders.get(encoding);
    this.encoders.delete(encoding);
    return tables;
  }

  /** The real path of a directory the thread looked up: null when it does not exist, undefined when not looked up. */
  realDirectory(directory: string): string | null | undefined {
    this.drain();
    return this.directories.get(directory);
  }

  /** A file changed on disk: what the thread read of it is not given; directories are looked up again. */
  forget(filePath: string): void {
    this.forgotten.add(filePath);
    this.texts.delete(filePath);
    this.directories.clear();
  }

  /** Stops the thread and lets go of what it read. */
  close(): void {
    this.ended = true;
    this.texts.clear();
    this.encoders.clear();
    this.directories.clear();
    this.handle.port.close();
    void this.handle.worker.terminate();
  }

  private drain(): void {
    // Ended: "done" or "failed" was the thread's last message, or it was stopped. Nothing more comes.
    if (this.ended) return;
    // The count first, then the messages: one posted in between makes the count differ at the next wait, so
    // listing() drains it at once instead of waiting for a later message.
    const posted = Atomics.load(this.handle.signal, 0);
    for (let received = receiveMessageOnPort(this.handle.port); received; received = receiveMessageOnPort(this.handle.port)) this.accept(received.message as PrefetchMessage);
    this.seen = posted;
  }

  private accept(message: PrefetchMessage): void {
    if (message.kind === "listing") this.listed = message.files;
    else if (message.kind === "read") this.read = true;
    else if (message.kind === "encoder") this.encoders.set(message.encoding, message.tables);
    else if (message.kind === "done" || message.kind === "failed") this.ended = true;
    else {
      let start = 0;
      message.files.forEach((file, at) => {
        const end = message.ends[at]!;
        if (!this.forgotten.has(file)) this.texts.set(file, message.bytes.subarray(start, end));
        start = end;
      });
      // A directory looked up after a change on disk is the server's to look up again.
      if (this.forgotten.size === 0) for (const [directory, real] of message.directories) this.directories.set(directory, real);
    }
  }
}

/** The disk, with the thread's reads given first (each once) and its directories' real paths. */
export function prefetchingFileSystem(disk: FileSystem, prefetch: TextPrefetch): FileSystem {
  const readUnlessLink = disk.readFileUpToUnlessLink;
  if (!readUnlessLink) return disk;
  return {
    ...disk,
    realpath(filePath) {
      const known = prefetch.realDirectory(filePath);
      return known === undefined ? disk.realpath(filePath) : known ?? undefined;
    },
    readFileUpToUnlessLink(filePath, maxBytes) {
      return prefetch.take(filePath, maxBytes) ?? readUnlessLink.call(disk, filePath, maxBytes);
    },
  };
}
