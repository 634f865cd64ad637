// The compact tokenizer's tables as a file (dist/ranks/NAME.bin, written by the build): read back as views
// of one buffer, they make a counter in ~10 ms, where building them from js-tiktoken's rank text (JSON,
// base64) took ~90 ms of every run that counts a text (o200k_base: 35 ms to read and parse the JSON, 55 ms
// to decode and index it).
//
// Layout: the magic, a header length (uint32, little-endian), the header as JSON, padding to 4 bytes, then
// `starts` (uint32 × tokens + 1), `ranks` (uint32 × tokens) unless every token's rank is its index (so in
// both encodings shipped), then the tokens' bytes. The hash slots are not stored: indexing the tokens again
// takes a few milliseconds and would double the file.
import type { CompactBpeTables } from "./compact-bpe.ts";

const MAGIC = "PCBPE001";
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface Header {
  patternSource: string;
  specialTokens: string[];
  tokens: number;
  bytes: number;
  /** False when every token's rank is its index. */
  ranks: boolean;
}

/** The tables as the file holds them (the hash slots left out). */
export function encodeTables(tables: CompactBpeTables): Uint8Array {
  // The arrays are written as they lie in memory, and read only where that is little-endian.
  if (!LITTLE_ENDIAN) throw new Error("the tokenizer's table file is written on little-endian machines only");
  const tokens = tables.ranks.length;
  const ranks = !tables.ranks.every((rank, index) => rank === index);
  const header: Header = { patternSource: tables.patternSource, specialTokens: tables.specialTokens, tokens, bytes: tables.bytes.length, ranks };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const arraysAt = align4(MAGIC.length + 4 + headerBytes.length);
  const size = arraysAt + (tokens + 1) * 4 + (ranks ? tokens * 4 : 0) + tables.bytes.length;
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  let at = arraysAt;
  for (const array of ranks ? [tables.starts, tables.ranks] : [tables.starts]) {
    out.set(littleEndianBytes(array), at);
    at += array.byteLength;
  }
  out.set(tables.bytes, at);
  return out;
}

/**
 * The tables in a file's bytes, as views of its buffer (no copy); undefined when the bytes are not such a
 * file, or not whole, or the machine is big-endian (the caller then builds the tables from the rank text).
 */
export function decodeTables(file: Uint8Array): Omit<CompactBpeTables, "slots"> | undefined {
  if (!LITTLE_ENDIAN || file.length < MAGIC.length + 4 || new TextDecoder().decode(file.subarray(0, MAGIC.length)) !== MAGIC) return undefined;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(file.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength))) as Header;
  } catch {
    return undefined;
  }
  const { tokens, bytes } = header;
  const arraysAt = align4(MAGIC.length + 4 + headerLength);
  const ranksAt = arraysAt + (tokens + 1) * 4;
  const bytesAt = ranksAt + (header.ranks ? tokens * 4 : 0);
  if (!Number.isInteger(tokens) || !Number.isInteger(bytes) || bytesAt + bytes !== file.length) return undefined;
  // Views need their offset in the buffer aligned: a copy when the read gave a buffer that is not.
  const aligned = (file.byteOffset & 3) === 0 ? file : file.slice();
  const starts = new Uint32Array(aligned.buffer, aligned.byteOffset + arraysAt, tokens + 1);
  const ranks = header.ranks ? new Uint32Array(aligned.buffer, aligned.byteOffset + ranksAt, tokens) : indexRanks(tokens);
  return { starts, ranks, bytes: new Uint8Array(aligned.buffer, aligned.byteOffset + bytesAt, bytes), patternSource: header.patternSource, specialTokens: header.specialTokens };
}

function align4(offset: number): number {
  return (offset + 3) & ~3;
}

function indexRanks(tokens: number): Uint32Array {
  const ranks = new Uint32Array(tokens);
  for (let index = 0; index < tokens; index++) ranks[index] = index;
  return ranks;
}

function littleEndianBytes(array: Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
