import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { InputError } from '../util/errors.js';

/** A PNG as 8-bit grayscale, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  gray: Uint8Array;
}

/**
 * Reads a PNG of any colour type and converts it to grayscale by luma (ITU-R BT.601), compositing any
 * transparency over black, the background of Fashion-MNIST's images.
 */
export function readPng(path: string): GrayImage {
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(path));
  } catch (err) {
    const msg = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `not a readable PNG (${(err as Error).message})`;
    throw new InputError(`${path}: ${msg}`);
  }
  const { width, height, data } = png; // RGBA, 8 bits per channel after decoding
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) {
    const a = data[4 * i + 3] / 255;
    const y = 0.299 * data[4 * i] + 0.587 * data[4 * i + 1] + 0.114 * data[4 * i + 2];
    gray[i] = Math.round(y * a);
  }
  return { width, height, gray };
}

/** Encodes grayscale bytes as a PNG file's bytes. */
export function encodeGrayPng(gray: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(gray);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
