import { InputError } from '../util/errors.js';

/** A PNG as 8-bit grayscale, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  gray: Uint8Array;
}

/** What a PNG's IHDR chunk declares. */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlaced: boolean;
}

/** Without an expected size, images of more pixels than this are refused (a 4096 × 4096 photo fits). */
export const MAX_PNG_PIXELS = 4096 * 4096;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Bit depths the PNG standard (ISO/IEC 15948, table 11.1) allows for each colour type. */
const ALLOWED_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16], // grayscale
  2: [8, 16], // truecolour
  3: [1, 2, 4, 8], // indexed
  4: [8, 16], // grayscale with alpha
  6: [8, 16], // truecolour with alpha
};

const MAX_DIMENSION = 2 ** 31 - 1;

/**
 * Reads and checks a PNG's signature and IHDR chunk (the first 33 bytes) before anything is decoded:
 * the size is known, and combinations the standard forbids are refused, before memory is spent.
 */
export function pngHeader(bytes: Uint8Array, name: string): PngHeader {
  const bad = (why: string): never => {
    throw new InputError(`${name}: not a readable PNG (${why})`);
  };
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) bad('no PNG signature');
  if (bytes.length < 33) bad('truncated before the end of its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (type !== 'IHDR' || view.getUint32(8) !== 13) bad('its first chunk is not a 13-byte IHDR');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const [bitDepth, colorType, compression, filter, interlace] = bytes.subarray(24, 29);
  for (const [what, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (v < 1 || v > MAX_DIMENSION) bad(`${what} ${v}, the standard allows 1 to ${MAX_DIMENSION}`);
  }
  const depths = ALLOWED_DEPTHS[colorType];
  if (depths === undefined) bad(`colour type ${colorType} does not exist`);
  if (!depths.includes(bitDepth)) {
    bad(`colour type ${colorType} with bit depth ${bitDepth}; the standard allows ${depths.join(', ')}`);
  }
  if (compression !== 0) bad(`compression method ${compression} does not exist`);
  if (filter !== 0) bad(`filter method ${filter} does not exist`);
  if (interlace > 1) bad(`interlace method ${interlace} does not exist`);
  return { width, height, bitDepth, colorType, interlaced: interlace === 1 };
}

/** Refuses an image whose declared size is not the one expected (the model's), from its header alone. */
export function checkPngSize(header: PngHeader, expected: { height: number; width: number }, name: string): void {
  if (header.width !== expected.width || header.height !== expected.height) {
    throw new InputError(
      `${name}: image is ${header.width}×${header.height}, the model takes ${expected.width}×${expected.height}`,
    );
  }
}

/** Adam7's passes: [x start, y start, x step, y step]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The exact number of bytes a PNG's image data inflates to: each scanline is a filter byte and packed pixels. */
export function inflatedSize(h: PngHeader): number {
  const bits = CHANNELS[h.colorType] * h.bitDepth;
  const rows = (w: number, rowCount: number): number => (w > 0 && rowCount > 0 ? rowCount * (Math.ceil((w * bits) / 8) + 1) : 0);
  if (!h.interlaced) return rows(h.width, h.height);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    total += rows(Math.ceil((h.width - x0) / dx), Math.ceil((h.height - y0) / dy));
  }
  return total;
}

/**
 * Walks a PNG's chunks (after the signature), checking each one's length and CRC, that IEND ends the file,
 * and returns the concatenated IDAT data. Faults are ours to word, not the decoder's.
 */
export function pngImageData(bytes: Uint8Array, name: string): Uint8Array {
  const bad = (why: string): never => {
    throw new InputError(`${name}: not a readable PNG (${why})`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) bad('the file is truncated');
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (length > 2 ** 31 - 1 || end > bytes.length) bad('the file is truncated');
    const typeBytes = bytes.subarray(at + 4, at + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) bad('its chunk structure is damaged');
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      bad(`the checksum of its ${type} chunk does not match: the file is damaged`);
    }
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length));
    at = end;
    if (type === 'IEND') break;
  }
  if (at !== bytes.length) bad('unexpected bytes after its end');
  if (parts.length === 0) bad('it holds no image data');
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG (and gzip) define it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Converts decoded RGBA (8 bits per channel) to grayscale by luma (ITU-R BT.601), compositing any
 * transparency over black, the background of Fashion-MNIST's images.
 */
export function rgbaToGray(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) {
    const a = rgba[4 * i + 3] / 255;
    const y = 0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2];
    gray[i] = Math.round(y * a);
  }
  return gray;
}

/** True when the bytes start with PNG's eight-byte signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}
