/**
 * Decoded images as 8-bit RGBA (what the PNG and JPEG decoders return), and their conversion to the
 * bytes a model reads: grey (one byte a pixel) or colour (r, g, b side by side). Pure functions.
 */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width·height·4 bytes, row-major. */
  readonly rgba: Uint8Array;
}

/** True when every pixel has r = g = b: a grey image, whatever format stored it. */
export function isGrey(img: RgbaImage): boolean {
  const p = img.rgba;
  for (let i = 0; i < p.length; i += 4) if (p[i] !== p[i + 1] || p[i] !== p[i + 2]) return false;
  return true;
}

/**
 * Grey (BT.601 luma) or colour bytes, compositing any transparency over black (the background of
 * Fashion-MNIST's images, as rgbaToGray in png.ts).
 */
export function toChannels(img: RgbaImage, channels: number): Uint8Array {
  const { rgba } = img;
  const count = img.width * img.height;
  const out = new Uint8Array(count * channels);
  for (let i = 0; i < count; i++) {
    const a = rgba[4 * i + 3] / 255;
    const r = rgba[4 * i];
    const g = rgba[4 * i + 1];
    const b = rgba[4 * i + 2];
    if (channels === 1) {
      out[i] = Math.round((0.299 * r + 0.587 * g + 0.114 * b) * a);
    } else {
      out[3 * i] = Math.round(r * a);
      out[3 * i + 1] = Math.round(g * a);
      out[3 * i + 2] = Math.round(b * a);
    }
  }
  return out;
}
