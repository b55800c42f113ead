import { decodeJpeg, isJpeg } from '../data/jpeg.js';
import type { RgbaImage } from '../data/pixels.js';
import { inflatedSize, isPng, pngHeader, pngImageData } from '../data/png.js';
import { InputError } from '../util/errors.js';
import { inflateCapped } from './inflate.js';

/** The parts of the browser's image API used here (the project's TypeScript libraries have no DOM). */
interface Bitmap {
  readonly width: number;
  readonly height: number;
  close(): void;
}
interface Canvas2D {
  drawImage(image: Bitmap, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
interface ImageApi {
  createImageBitmap(
    blob: Blob,
    options: { colorSpaceConversion: 'none'; premultiplyAlpha: 'none' },
  ): Promise<Bitmap>;
  OffscreenCanvas: new (
    w: number,
    h: number,
  ) => { getContext(kind: '2d', options: { willReadFrequently: boolean }): Canvas2D | null };
}
const api = globalThis as unknown as ImageApi;

/**
 * PNG or JPEG bytes to RGBA in a page (a worker): what the command line's decodeImage (node/imageFile.ts)
 * does there with pngjs and node:zlib, neither of which runs here.
 * - JPEG: jpeg-js, the same decoder as the command line, so the same pixels.
 * - PNG: the command line's checks first (header, size, every chunk's CRC, the exact inflated size, by the
 *   browser's zlib), then the browser's decoder without colour conversion or premultiplied alpha: for
 *   opaque 8-bit images the same pixels as pngjs (the page test checks); where alpha is partial, the
 *   canvas may differ by one level after compositing, and 16-bit channels are cut to 8 bits by the browser.
 */
export async function decodeImageInBrowser(
  bytes: Uint8Array,
  name: string,
  maxPixels: number,
): Promise<RgbaImage> {
  if (isJpeg(bytes)) return decodeJpeg(bytes, name, maxPixels);
  if (!isPng(bytes)) throw new InputError(`${name}: neither a PNG nor a JPEG image`);
  const header = pngHeader(bytes, name);
  const { width, height } = header;
  if (width * height > maxPixels) {
    throw new InputError(
      `${name}: image is ${width}×${height}, more than the ${maxPixels} pixels this reader takes`,
    );
  }
  await checkInflatedSize(pngImageData(bytes, name), name, inflatedSize(header));
  let bitmap: Bitmap;
  try {
    bitmap = await api.createImageBitmap(
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
      {
        colorSpaceConversion: 'none',
        premultiplyAlpha: 'none',
      },
    );
  } catch {
    throw new InputError(`${name}: not a readable PNG (its image data is damaged)`);
  }
  try {
    if (bitmap.width !== width || bitmap.height !== height) {
      throw new InputError(`${name}: not a readable PNG (decoded size differs from its header)`);
    }
    const ctx = new api.OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (ctx === null) throw new InputError(`${name}: this browser cannot draw images off screen`);
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, width, height).data;
    return { width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } finally {
    bitmap.close();
  }
}

/** As the command line's check (node/pngFile.ts): the image data inflates to the size its header needs. */
async function checkInflatedSize(idat: Uint8Array, name: string, size: number): Promise<void> {
  let result;
  try {
    result = await inflateCapped(idat, 'deflate', size + 1);
  } catch {
    throw new InputError(`${name}: not a readable PNG (its compressed image data is damaged)`);
  }
  if (result.over) {
    throw new InputError(`${name}: not a readable PNG (its image data is longer than its size allows)`);
  }
  if (result.bytes.length < size) {
    throw new InputError(
      `${name}: not a readable PNG (its image data is shorter than its size needs: truncated?)`,
    );
  }
}
