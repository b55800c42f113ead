import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** An image as tests write it: `pixels` holds height·width·channels bytes, row-major. */
export interface TestImage {
  height: number;
  width: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

function rgba(img: TestImage): Buffer {
  const out = Buffer.alloc(img.height * img.width * 4);
  for (let p = 0; p < img.height * img.width; p++) {
    for (let ch = 0; ch < 3; ch++) out[4 * p + ch] = img.pixels[img.channels === 1 ? p : 3 * p + ch];
    out[4 * p + 3] = 255;
  }
  return out;
}

/** The bytes of a PNG: 8-bit grey (colour type 0) or RGB (colour type 2). */
export function pngOf(img: TestImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  png.data = rgba(img);
  return PNG.sync.write(png, { colorType: img.channels === 1 ? 0 : 2, inputColorType: 6 });
}

/** The bytes of a baseline JPEG (jpeg-js writes three components even for grey content). */
export function jpegOf(img: TestImage, quality = 95): Buffer {
  return Buffer.from(jpeg.encode({ data: rgba(img), width: img.width, height: img.height }, quality).data);
}

/** Writes `bytes` at `path`, making its folders. */
export function writeFile(path: string, bytes: Uint8Array | string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/** A seeded image: class `c` is a bright square in a place of its own, with noise. */
export function classImage(c: number, i: number, height = 8, width = 8, channels: 1 | 3 = 1): TestImage {
  const pixels = new Uint8Array(height * width * channels);
  let s = (c * 7919 + i * 104729 + 1) >>> 0;
  const rand = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 16) & 255;
  const cy = (c * 3) % height;
  const cx = (c * 5) % width;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let ch = 0; ch < channels; ch++) {
        const near = Math.abs(y - cy) <= 1 && Math.abs(x - cx) <= 1;
        const tint = channels === 3 && ch !== c % 3 ? 0.5 : 1;
        pixels[(y * width + x) * channels + ch] = near ? Math.round(220 * tint) : rand() >> 3;
      }
  return { height, width, channels, pixels };
}
