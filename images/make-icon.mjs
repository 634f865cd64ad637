// Writes images/icon.png (128x128): a rounded navy tile with a chat bubble and a rising cost bar chart.
// Kept out of the package by .vscodeignore. Run: node images/make-icon.mjs
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZE = 128;
const SAMPLES = 4; // supersampling per axis, for smooth edges
const pixels = Buffer.alloc(SIZE * SIZE * 4);

const NAVY = [20, 33, 61];
const AMBER = [252, 163, 17];
const WHITE = [229, 236, 246];

function roundedRect(x, y, left, top, right, bottom, radius) {
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return x >= left && x <= right && y >= top && y <= bottom && (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** The colour at a point, or null for transparent. Later shapes are drawn over earlier ones. */
function colourAt(x, y) {
  let colour = null;
  if (roundedRect(x, y, 4, 4, 124, 124, 24)) colour = NAVY;
  // Speech bubble (a prompt) in the upper left, with a tail.
  const inBubble = roundedRect(x, y, 18, 18, 78, 58, 12);
  const inTail = y >= 56 && y <= 70 && x >= 28 && x <= 44 && x - 28 <= (70 - y) * 1.1;
  if (inBubble || inTail) colour = WHITE;
  // Three text lines inside the bubble.
  for (const [top, right] of [[28, 68], [37, 62], [46, 52]]) if (roundedRect(x, y, 27, top, right, top + 4, 2)) colour = NAVY;
  // Rising bars (cost) at the bottom right.
  for (const [left, top] of [[58, 86], [78, 70], [98, 50]]) if (roundedRect(x, y, left, top, left + 14, 108, 3)) colour = AMBER;
  return colour;
}

for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const colour = colourAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
        if (!colour) continue;
        r += colour[0]; g += colour[1]; b += colour[2]; a += 1;
      }
    }
    const offset = (py * SIZE + px) * 4;
    if (a > 0) {
      pixels[offset] = Math.round(r / a);
      pixels[offset + 1] = Math.round(g / a);
      pixels[offset + 2] = Math.round(b / a);
    }
    pixels[offset + 3] = Math.round((a / SAMPLES ** 2) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
writeFileSync(new URL("./icon.png", import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
