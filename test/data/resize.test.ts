import { describe, expect, it } from 'vitest';
import { axisWeights, resizeImage } from '../../src/data/resize.js';
import { toChannels } from '../../src/data/pixels.js';

/** Rounding of the last step: results are exact bytes up to this. */
const BYTE_TOLERANCE = 1;

describe('resizeImage', () => {
  it('keeps an image of the same size byte for byte', () => {
    const src = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    expect(resizeImage(src, 2, 2, 3, 2, 2)).toEqual(src);
  });
  it('shrinks by area averaging: each output pixel the mean of the block it covers', () => {
    const src = Uint8Array.from([0, 10, 100, 110, 20, 30, 120, 130, 200, 210, 0, 0, 220, 230, 0, 0]);
    expect(Array.from(resizeImage(src, 4, 4, 1, 2, 2))).toEqual([15, 115, 215, 0]);
  });
  it('shrinks by a fraction with weights that cover each source pixel once', () => {
    for (const [from, to] of [[28, 8], [10, 3], [7, 5], [100, 33]]) {
      const ws = axisWeights(from, to);
      const cover = new Float64Array(from);
      for (const { from: f, weights } of ws) weights.forEach((w, t) => (cover[f + t] += w));
      for (const c of cover) expect(c).toBeCloseTo(to / from, 12);
    }
  });
  it('enlarges bilinearly, edges clamped', () => {
    expect(Array.from(resizeImage(Uint8Array.from([0, 100]), 1, 2, 1, 1, 4))).toEqual([0, 25, 75, 100]);
  });
  it('keeps a constant image constant, for any sizes and channels', () => {
    for (const [h, w, H, W] of [[5, 7, 3, 11], [1, 1, 4, 4], [9, 2, 2, 9]]) {
      const src = new Uint8Array(h * w * 3).map((_, i) => [40, 150, 255][i % 3]);
      const out = resizeImage(src, h, w, 3, H, W);
      out.forEach((v, i) => expect(Math.abs(v - [40, 150, 255][i % 3])).toBeLessThanOrEqual(BYTE_TOLERANCE));
    }
  });
});

describe('toChannels', () => {
  it('grey by luma, colour as is, transparency over black', () => {
    const img = { width: 2, height: 1, rgba: Uint8Array.from([255, 0, 0, 255, 10, 20, 30, 0]) };
    expect(Array.from(toChannels(img, 1))).toEqual([76, 0]);
    expect(Array.from(toChannels(img, 3))).toEqual([255, 0, 0, 0, 0, 0]);
  });
});
