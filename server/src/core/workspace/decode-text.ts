// Source text from bytes, as editors and the TypeScript compiler read it: UTF-8, with a UTF-8 byte order
// mark dropped, and UTF-16 (little or big endian) when the file starts with its byte order mark. Bytes that
// are not valid UTF-8 (a Latin-1 file) become U+FFFD, as in ESLint and the compiler; the rest of the file
// is analysed as written.

import { isAscii } from "node:buffer";

export function decodeText(bytes: Buffer): string {
  // Most source files are ASCII: the same string read as Latin-1, several times faster than UTF-8 decoding
  // (~50 ms of a 2,700-file application's 14 MB).
  if (isAscii(bytes)) return bytes.toString("latin1");
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return swapBytes(bytes.subarray(2)).toString("utf16le");
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  return bytes.toString("utf8");
}

function swapBytes(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return copy.swap16();
}
