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

/**
 * An upper bound on the bytes a PNG's image data inflates to: filter byte and padded row per scanline,
 * and for Adam7 interlacing room for its ~15/8·height + 7 pass rows, each adding a filter and a padding byte.
 */
export function maxInflatedBytes(h: PngHeader): number {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[h.colorType] ?? 4;
  const rowBytes = Math.ceil((h.width * channels * h.bitDepth) / 8) + 1;
  return h.interlaced ? 2 * rowBytes * h.height + 2 * h.height + 64 : rowBytes * h.height;
}

/** The concatenated IDAT data, walking the chunks; undefined when the chunk structure is broken. */
export function idatData(bytes: Uint8Array): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) return undefined;
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at = end;
  }
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
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
