// The compact tokenizer's tables as a file (dist/ranks/NAME.bin, written by the build): read back, they make a
// counter in ~30 ms, where building them from js-tiktoken's rank text (JSON, base64) took ~90 ms of every run
// that counts a text (o200k_base: 35 ms to read and parse the JSON, 55 ms to decode and index it).
//
// Layout: the magic, a header length (uint32, little-endian), the header as JSON, padding to 4 bytes, then
// each token's length in bytes (one byte each: the longest token of both encodings shipped is 128 bytes),
// the ranks (uint32 each, little-endian) unless every token's rank is its place (so in both encodings
// shipped), then the tokens' bytes back to back. Where each token starts and the hash slots are made again
// when read (o200k_base: 8 ms and 24 ms). With each token's start stored, its file was 2.2 MB for 1.6 MB and the
// .vsix 3.51 MB for 2.87 MB; the hash slots would add 2 MB more.
import type { CompactBpeTables } from "./compact-bpe.ts";

const MAGIC = "PCBPE002";
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** The longest token a one-byte length holds. */
const MAX_TOKEN_BYTES = 255;

interface Header {
  patternSource: string;
  specialTokens: string[];
  tokens: number;
  bytes: number;
  /** False when every token's rank is its place. */
  ranks: boolean;
}

/** The tables as the file holds them (where tokens start and the hash slots left out). */
export function encodeTables(tables: CompactBpeTables): Uint8Array {
  // The ranks are written as they lie in memory, and read only where that is little-endian.
  if (!LITTLE_ENDIAN) throw new Error("the tokenizer's table file is written on little-endian machines only");
  const tokens = tables.ranks.length;
  const lengths = new Uint8Array(tokens);
  for (let token = 0; token < tokens; token++) {
    const length = tables.starts[token + 1]! - tables.starts[token]!;
    if (length > MAX_TOKEN_BYTES) throw new Error(`token ${token} is ${length} bytes long: the table file holds tokens of up to ${MAX_TOKEN_BYTES}`);
    lengths[token] = length;
  }
  const ranks = !tables.ranks.every((rank, index) => rank === index);
  const header: Header = { patternSource: tables.patternSource, specialTokens: tables.specialTokens, tokens, bytes: tables.bytes.length, ranks };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const lengthsAt = align4(MAGIC.length + 4 + headerBytes.length);
  const ranksAt = align4(lengthsAt + tokens);
  const bytesAt = ranksAt + (ranks ? tokens * 4 : 0);
  const out = new Uint8Array(bytesAt + tables.bytes.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  out.set(lengths, lengthsAt);
  if (ranks) out.set(new Uint8Array(tables.ranks.buffer, tables.ranks.byteOffset, tables.ranks.byteLength), ranksAt);
  out.set(tables.bytes, bytesAt);
  return out;
}

/**
 * The tables in a file's bytes (the tokens' bytes a view of its buffer); undefined when the bytes are not
 * such a file, or not whole, or the machine is big-endian (the caller then builds the tables from the rank text).
 */
export function decodeTables(file: Uint8Array): Omit<CompactBpeTables, "slots"> | undefined {
  if (!LITTLE_ENDIAN || file.length < MAGIC.length + 4 || new TextDecoder().decode(file.subarray(0, MAGIC.length)) !== MAGIC) return undefined;
  const headerLength = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(MAGIC.length, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(file.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength))) as Header;
  } catch {
    return undefined;
  }
  const { tokens, bytes } = header;
  if (!Number.isInteger(tokens) || !Number.isInteger(bytes)) return undefined;
  const lengthsAt = align4(MAGIC.length + 4 + headerLength);
  const ranksAt = align4(lengthsAt + tokens);
  const bytesAt = ranksAt + (header.ranks ? tokens * 4 : 0);
  if (bytesAt + bytes !== file.length) return undefined;
  const starts = new Uint32Array(tokens + 1);
  for (let token = 0; token < tokens; token++) starts[token + 1] = starts[token]! + file[lengthsAt + token]!;
  if (starts[tokens] !== bytes) return undefined;
  const ranks = header.ranks ? new Uint32Array(file.slice(ranksAt, bytesAt).buffer) : indexRanks(tokens);
  return { starts, ranks, bytes: new Uint8Array(file.buffer, file.byteOffset + bytesAt, bytes), patternSource: header.patternSource, specialTokens: header.specialTokens };
}

function align4(offset: number): number {
  return (offset + 3) & ~3;
}

function indexRanks(tokens: number): Uint32Array {
  const ranks = new Uint32Array(tokens);
  for (let index = 0; index < tokens; index++) ranks[index] = index;
  return ranks;
}
