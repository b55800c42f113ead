import { decodeJpeg, isJpeg } from '../data/jpeg.js';
import { isPng } from '../data/png.js';
import type { RgbaImage } from '../data/pixels.js';
import { InputError } from '../util/errors.js';
import { decodePngRgba, MAX_PNG_PIXELS } from './pngFile.js';
import { FILE_SIZE_LIMITS_MB, MB } from '../data/fileLimits.js';
import { readFileCapped } from './readFileCapped.js';

export { IMAGE_EXTENSIONS } from '../data/imageFolder.js';

/**
 * Decodes PNG or JPEG bytes to RGBA, by what the bytes are (not the file name); anything else, or a
 * damaged file, is an InputError naming `name`. Images past `maxPixels` are refused before decoding.
 */
export function decodeImage(bytes: Uint8Array, name: string, maxPixels = MAX_PNG_PIXELS): RgbaImage {
  if (isPng(bytes)) return decodePngRgba(bytes, name, maxPixels);
  if (isJpeg(bytes)) return decodeJpeg(bytes, name, maxPixels);
  throw new InputError(`${name}: neither a PNG nor a JPEG image`);
}

/** Reads and decodes one PNG or JPEG file, at most `maxBytes` long (the PNG cap by default). */
export function readImage(path: string, maxBytes = FILE_SIZE_LIMITS_MB.png * MB): RgbaImage {
  return decodeImage(readFileCapped(path, maxBytes), path);
}
