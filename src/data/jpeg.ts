import jpeg from 'jpeg-js';
import { InputError } from '../util/errors.js';
import type { RgbaImage } from './pixels.js';

/** True when the bytes start like a JPEG file (SOI marker, then another marker). */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/**
 * Decodes a baseline or progressive JPEG (jpeg-js, pure JavaScript) to RGBA. Its size is bounded before
 * pixels are allocated (jpeg-js checks the frame header against `maxPixels` and its memory against a cap),
 * and every fault, including the decoder's own exceptions, becomes one InputError naming `name`.
 */
export function decodeJpeg(bytes: Uint8Array, name: string, maxPixels: number): RgbaImage {
  if (!isJpeg(bytes)) throw new InputError(`${name}: not a readable JPEG (no JPEG start marker)`);
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((maxPixels * 12) / 1e6) + 64,
    });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const why = /maxResolutionInMP|exceeds/i.test(msg)
      ? `more than the ${maxPixels} pixels this reader takes`
      : /maxMemoryUsage/i.test(msg)
        ? 'it would need more memory than this reader allows'
        : 'its data is damaged or uses a JPEG feature the decoder does not read';
    throw new InputError(`${name}: not a readable JPEG (${why})`);
  }
  if (!(img.width >= 1 && img.height >= 1) || img.data.length !== img.width * img.height * 4) {
    throw new InputError(`${name}: not a readable JPEG (it holds no image)`);
  }
  return { width: img.width, height: img.height, rgba: img.data };
}

/** What a JPEG's frame header (SOF) declares: its size and number of colour components. */
export interface JpegHeader {
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

/** SOF markers (baseline, extended, progressive, lossless, with Huffman or arithmetic coding). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Reads a JPEG's size and component count by walking its markers up to the frame header, without
 * decoding: an image folder learns every image's size and whether it is grey before it decodes any.
 */
export function jpegHeader(bytes: Uint8Array, name: string): JpegHeader {
  const bad = (why: string): never => {
    throw new InputError(`${name}: not a readable JPEG (${why})`);
  };
  if (!isJpeg(bytes)) bad('no JPEG start marker');
  let at = 2;
  for (;;) {
    while (at < bytes.length && bytes[at] === 0xff && bytes[at + 1] === 0xff) at++;
    if (at + 4 > bytes.length) bad('the file ends before its frame header');
    if (bytes[at] !== 0xff) bad('its marker structure is damaged');
    const marker = bytes[at + 1];
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) bad('no frame header before the image data');
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (length < 2) bad('its marker structure is damaged');
    if (SOF.has(marker)) {
      if (at + 10 > bytes.length) bad('the file ends inside its frame header');
      const height = (bytes[at + 5] << 8) | bytes[at + 6];
      const width = (bytes[at + 7] << 8) | bytes[at + 8];
      const components = bytes[at + 9];
      if (height === 0 || width === 0) bad(`its frame header declares a size of ${width}×${height}`);
      if (components !== 1 && components !== 3) bad(`${components} colour components (1 or 3 are read)`);
      return { width, height, components };
    }
    at += 2 + length;
  }
}
