/**
 * Token counts with js-tiktoken's rank data in a compact table.
 *
 * js-tiktoken's `Tiktoken` keeps two Maps per encoding (a string key "104,101,108" per token and a
 * Uint8Array per rank): for o200k_base, 66 MB reachable after GC and 166 MB more RSS, 753 ms to build
 * (`npm run bench:tokenizer-table`). Counting needs neither the token ids nor decoding, so this keeps
 * every token's bytes back to back in one Uint8Array with an open-addressing hash table over them (5 MB,
 * 9 MB RSS, 57 ms on the same benchmark) and merges byte pairs exactly as
 * js-tiktoken does: the lowest rank first, the leftmost of equal ranks. The same pattern splits the text
 * and special tokens count one each (js-tiktoken's `encode(text, "all")`). A heap keeps long pieces (a
 * run of 100,000 `=`) at n log n where a rescan of every pair per merge is quadratic.
 * test/unit/compact-bpe.test.ts checks the counts against js-tiktoken's own encoder.
 */

/** The shape of js-tiktoken's `js-tiktoken/ranks/*` modules. */
export interface BpeRanks {
  pat_str: string;
  special_tokens: Record<string, number>;
  bpe_ranks: string;
}

/**
 * A counter's tables (CompactBpeCounter.tables), as built from the rank data. Without `slots` (the table file,
 * compact-bpe-file.ts), the counter indexes the tokens again.
 */
export interface CompactBpeTables {
  bytes: Uint8Array;
  starts: Uint32Array;
  ranks: Uint32Array;
  slots?: Int32Array;
  patternSource: string;
  specialTokens: string[];
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let index = 0; index < BASE64.length; index++) BASE64_VALUE[BASE64.charCodeAt(index)] = index;
/**
 * Heap keys are rank × this + the pair's first byte offset. Pieces stay far below 2^22 bytes: countTextTokens
 * counts at most 200,000 characters of a text (600,000 bytes of UTF-8).
 */
const RANK_STRIDE = 2 ** 22;
const NO_RANK = -1;

export class CompactBpeCounter {
  /** Every token's bytes, back to back; token t is bytes[starts[t]] .. bytes[starts[t + 1]]. */
  private readonly bytes: Uint8Array;
  private readonly starts: Uint32Array;
  private readonly ranks: Uint32Array;
  /** Open addressing: token index + 1, or 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly pattern: RegExp;
  private readonly special: RegExp | null;
  private readonly encoder = new TextEncoder();
  // Scratch space, grown as pieces get longer and kept between calls.
  private piece = new Uint8Array(256);
  private next = new Int32Array(256);
  private previous = new Int32Array(256);
  private heapKeys = new Float64Array(768);
  private heapEnds = new Int32Array(768);

  private readonly patternSource: string;
  private readonly specialTokens: string[];

  /** From js-tiktoken's rank data, or from tables built before (tables(): another thread's; the table file). */
  constructor(data: BpeRanks | CompactBpeTables) {
    if ("bpe_ranks" in data) {
      const { tokenCount, byteCount } = measureRanks(data.bpe_ranks);
      this.bytes = new Uint8Array(byteCount);
      this.starts = new Uint32Array(tokenCount + 1);
      this.ranks = new Uint32Array(tokenCount);
      this.slots = new Int32Array(slotCount(tokenCount));
      this.mask = this.slots.length - 1;
      this.load(data.bpe_ranks);
      this.patternSource = data.pat_str;
      this.specialTokens = Object.keys(data.special_tokens);
    } else {
      ({ bytes: this.bytes, starts: this.starts, ranks: this.ranks, patternSource: this.patternSource, specialTokens: this.specialTokens } = data);
      const tokenCount = this.ranks.length;
      this.slots = data.slots ?? new Int32Array(slotCount(tokenCount));
      this.mask = this.slots.length - 1;
      if (!data.slots) for (let token = 0; token < tokenCount; token++) this.index(token);
    }
    this.pattern = new RegExp(this.patternSource, "gu");
    this.special = this.specialTokens.length > 0 ? new RegExp(this.specialTokens.map(escapeRegExp).join("|"), "g") : null;
  }

  /** What the counter is made of: typed arrays whose buffers can be handed to another thread, and the split pattern. */
  tables(): CompactBpeTables & { slots: Int32Array } {
    return { bytes: this.bytes, starts: this.starts, ranks: this.ranks, slots: this.slots, patternSource: this.patternSource, specialTokens: this.specialTokens };
  }

  /** Tokens in the text, special tokens allowed (each counts one). */
  count(text: string): number {
    if (!this.special) return this.countOrdinary(text);
    let total = 0;
    let start = 0;
    this.special.lastIndex = 0;
    for (let match = this.special.exec(text); match; match = this.special.exec(text)) {
      total += this.countOrdinary(text.slice(start, match.index)) + 1;
      start = match.index + match[0].length;
    }
    return total + this.countOrdinary(start === 0 ? text : text.slice(start));
  }

  private countOrdinary(text: string): number {
    let total = 0;
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const piece = match[0];
      if (piece.length === 0) {
        pattern.lastIndex++;
        continue;
      }
      if (this.piece.length < piece.length * 3) this.grow(piece.length * 3);
      const length = this.encoder.encodeInto(piece, this.piece).written;
      total += this.rankOf(0, length) !== NO_RANK ? 1 : this.mergedParts(length);
    }
    return total;
  }

  /** Parts left after merging the piece's bytes pair by pair, lowest rank first, leftmost on ties. */
  private mergedParts(length: number): number {
    const { next, previous } = this;
    for (let offset = 0; offset < length; offset++) {
      next[offset] = offset + 1;
      previous[offset] = offset - 1;
    }
    let heapSize = 0;
    const push = (rank: number, start: number, end: number): void => {
      let at = heapSize++;
      const key = rank * RANK_STRIDE + start;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (this.heapKeys[parent]! <= key) break;
        this.heapKeys[at] = this.heapKeys[parent]!;
        this.heapEnds[at] = this.heapEnds[parent]!;
        at = parent;
      }
      this.heapKeys[at] = key;
      this.heapEnds[at] = end;
    };
    const pushPair = (start: number, end: number): void => {
      const rank = this.rankOf(start, end);
      if (rank !== NO_RANK) push(rank, start, end);
    };
    for (let offset = 0; offset + 1 < length; offset++) pushPair(offset, offset + 2);
    let parts = length;
    while (heapSize > 0) {
      const key = this.heapKeys[0]!;
      const end = this.heapEnds[0]!;
      heapSize = this.popTop(heapSize);
      const start = key % RANK_STRIDE;
      const middle = next[start]!;
      // Stale when the part at `start` was merged away, or either part of the pair has grown since.
      if (middle < 0 || middle >= length || next[middle] !== end) continue;
      next[start] = end;
      next[middle] = -1;
      if (end < length) previous[end] = start;
      parts--;
      if (previous[start]! >= 0) pushPair(previous[start]!, end);
      if (end < length) pushPair(start, next[end]!);
    }
    return parts;
  }

  /** Removes the heap's top entry; returns the new size. */
  private popTop(size: number): number {
    const last = size - 1;
    const key = this.heapKeys[last]!;
    const end = this.heapEnds[last]!;
    let at = 0;
    for (;;) {
      let child = at * 2 + 1;
      if (child >= last) break;
      if (child + 1 < last && this.heapKeys[child + 1]! < this.heapKeys[child]!) child++;
      if (this.heapKeys[child]! >= key) break;
      this.heapKeys[at] = this.heapKeys[child]!;
      this.heapEnds[at] = this.heapEnds[child]!;
      at = child;
    }
    this.heapKeys[at] = key;
    this.heapEnds[at] = end;
    return last;
  }

  /** The rank of piece bytes [start, end), or NO_RANK. */
  private rankOf(start: number, end: number): number {
    const { piece, bytes, starts, slots, mask } = this;
    const length = end - start;
    let slot = hashBytes(piece, start, end) & mask;
    for (let entry = slots[slot]!; entry !== 0; slot = (slot + 1) & mask, entry = slots[slot]!) {
      const token = entry - 1;
      const from = starts[token]!;
      if (starts[token + 1]! - from !== length) continue;
      let same = true;
      for (let index = 0; index < length; index++) {
        if (bytes[from + index] !== piece[start + index]) {
          same = false;
          break;
        }
      }
      if (same) return this.ranks[token]!;
    }
    return NO_RANK;
  }

  private grow(bytes: number): void {
    const size = Math.max(bytes, this.piece.length * 2);
    this.piece = new Uint8Array(size);
    this.next = new Int32Array(size);
    this.previous = new Int32Array(size);
    // At most one entry per pair at the start and two per merge.
    this.heapKeys = new Float64Array(size * 3);
    this.heapEnds = new Int32Array(size * 3);
  }

  /** Decodes every token into `bytes` and indexes it. Lines read "<marker> <first rank> <base64>...". */
  private load(ranks: string): void {
    let token = 0;
    let written = 0;
    // starts[0] is 0; each token's end is the next one's start.
    forEachRankToken(ranks, (text, from, to, rank) => {
      written = decodeBase64(text, from, to, this.bytes, written);
      this.starts[token + 1] = written;
      this.ranks[token] = rank;
      this.index(token);
      token++;
    });
  }

  /** Puts a token (its bytes in place) in the hash table. */
  private index(token: number): void {
    let slot = hashBytes(this.bytes, this.starts[token]!, this.starts[token + 1]!) & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = token + 1;
  }
}

/** Hash slots for this many tokens: a power of two, at least twice as many. */
function slotCount(tokenCount: number): number {
  let size = 1;
  while (size < tokenCount * 2) size *= 2;
  return size;
}

function measureRanks(ranks: string): { tokenCount: number; byteCount: number } {
  let tokenCount = 0;
  let byteCount = 0;
  forEachRankToken(ranks, (text, from, to) => {
    tokenCount++;
    byteCount += decodedLength(text, from, to);
  });
  return { tokenCount, byteCount };
}

/** Calls back with each token's base64 text span and rank, without splitting the 2 MB string. */
function forEachRankToken(ranks: string, visit: (text: string, from: number, to: number, rank: number) => void): void {
  let lineStart = 0;
  while (lineStart < ranks.length) {
    let lineEnd = ranks.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = ranks.length;
    const markerEnd = ranks.indexOf(" ", lineStart);
    if (markerEnd > lineStart && markerEnd < lineEnd) {
      let field = ranks.indexOf(" ", markerEnd + 1);
      if (field < 0 || field > lineEnd) field = lineEnd;
      let rank = Number.parseInt(ranks.slice(markerEnd + 1, field), 10);
      while (field < lineEnd) {
        let fieldEnd = ranks.indexOf(" ", field + 1);
        if (fieldEnd < 0 || fieldEnd > lineEnd) fieldEnd = lineEnd;
        if (fieldEnd > field + 1) visit(ranks, field + 1, fieldEnd, rank++);
        field = fieldEnd;
      }
    }
    lineStart = lineEnd + 1;
  }
}

function decodedLength(text: string, from: number, to: number): number {
  let padding = 0;
  while (to - padding > from && text.charCodeAt(to - 1 - padding) === 61 /* = */) padding++;
  return Math.floor(((to - from - padding) * 6) / 8);
}

function decodeBase64(text: string, from: number, to: number, out: Uint8Array, at: number): number {
  let buffer = 0;
  let bits = 0;
  for (let index = from; index < to; index++) {
    const value = BASE64_VALUE[text.charCodeAt(index)]!;
    if (value < 0) continue;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
    }
  }
  return at;
}

/** FNV-1a over bytes [start, end). */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
  return hash >>> 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$*+?.()|[\]{}]/g, "\\$&");
}
