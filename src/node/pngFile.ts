import { PNG } from 'pngjs';
import { inflateSync } from 'node:zlib';
import {
  MAX_PNG_PIXELS,
  checkPngSize,
  inflatedSize,
  pngHeader,
  pngImageData,
  rgbaToGray,
  type GrayImage,
} from '../data/png.js';
import type { RgbaImage } from '../data/pixels.js';
import { InputError } from '../util/errors.js';
import { FILE_SIZE_LIMITS_MB, MB } from '../data/fileLimits.js';
import { readFileCapped } from './readFileCapped.js';

export interface ReadPngOptions {
  /** The size the image must have (the model's); refused from the header otherwise. */
  expected?: { height: number; width: number };
  /** Cap on the file's bytes; FILE_SIZE_LIMITS_MB.png when omitted. */
  maxBytes?: number;
}

export { MAX_PNG_PIXELS };

/**
 * Reads a PNG of any colour type the standard allows and converts it to grayscale (see rgbaToGray). The
 * header is checked first (see pngHeader), then the size against `expected`, so a hostile image costs no
 * memory beyond its file; decoding errors become one line in our words naming the file.
 */
export function readPng(path: string, opts: ReadPngOptions = {}): GrayImage {
  const bytes = readFileCapped(path, opts.maxBytes ?? FILE_SIZE_LIMITS_MB.png * MB);
  return decodePng(bytes, path, opts.expected);
}

/** The checks and decoding of readPng on bytes already read; `name` goes into messages. */
export function decodePng(
  bytes: Uint8Array,
  name: string,
  expected?: { height: number; width: number },
): GrayImage {
  const img = decodePngRgba(bytes, name, MAX_PNG_PIXELS, expected);
  return { width: img.width, height: img.height, gray: rgbaToGray(img.rgba, img.width, img.height) };
}

/**
 * Decodes a PNG of any colour type to 8-bit RGBA, after the checks of readPng: the header (and the size
 * against `expected`, or against `maxPixels`), the chunks and the exact inflated size.
 */
export function decodePngRgba(
  bytes: Uint8Array,
  name: string,
  maxPixels = MAX_PNG_PIXELS,
  expected?: { height: number; width: number },
): RgbaImage {
  const header = pngHeader(bytes, name);
  if (expected !== undefined) checkPngSize(header, expected, name);
  else if (header.width * header.height > maxPixels) {
    throw new InputError(
      `${name}: image is ${header.width}×${header.height}, more than the ${maxPixels} pixels this reader takes`,
    );
  }
  // The chunks and the inflated size are checked here, bounded by the size the header declares: pngjs
  // inflates interlaced images without a bound, accepts too little data, and words its errors its own way.
  checkInflatedSize(pngImageData(bytes, name), name, inflatedSize(header));
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let png: PNG;
  try {
    png = PNG.sync.read(buffer);
  } catch (err) {
    throw new InputError(`${name}: not a readable PNG (${cause(err)})`);
  }
  if (png.width !== header.width || png.height !== header.height) {
    throw new InputError(`${name}: not a readable PNG (decoded size differs from its header)`);
  }
  return { width: png.width, height: png.height, rgba: png.data };
}

function checkInflatedSize(idat: Uint8Array, name: string, size: number): void {
  let inflated: Buffer;
  try {
    inflated = inflateSync(idat, { maxOutputLength: size + 1, chunkSize: Math.max(size + 1, 64) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputError(`${name}: not a readable PNG (its image data is longer than its size allows)`);
    }
    throw new InputError(`${name}: not a readable PNG (its compressed image data is damaged)`);
  }
  if (inflated.length < size) {
    throw new InputError(
      `${name}: not a readable PNG (its image data is shorter than its size needs: truncated?)`,
    );
  }
}

/** A short cause in our words for pngjs's and zlib's messages (which name their internals). */
function cause(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const causes: [RegExp, string][] = [
    [/crc/i, 'a chunk’s checksum does not match: the file is damaged'],
    [/content at end|extra data/i, 'unexpected bytes after the image data'],
    [/end of (input|stream)|ran out of data|unexpected end|waitng|truncat/i, 'the file is truncated'],
    [/palette|transparen/i, 'its palette is missing or damaged'],
    [
      /inflate|zlib|incorrect header|invalid (stored|distance|code|block|literal)|too far back/i,
      'its compressed image data is damaged',
    ],
    [/filter/i, 'a row uses an unknown filter type'],
    [/signature|IHDR|critical chunk/i, 'its chunk structure is not valid PNG'],
  ];
  return causes.find(([re]) => re.test(msg))?.[1] ?? 'its image data is damaged';
}

/** Encodes grayscale bytes as a PNG file's bytes. */
export function encodeGrayPng(gray: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(gray);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
