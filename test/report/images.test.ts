import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { diverging, divergingCssGradient, hex } from '../../src/report/images/colormap.js';
import { encodePng, pngDataUri, upscale, zoomFor, type Raster } from '../../src/report/images/raster.js';
import { weightTemplates } from '../../src/report/images/weightTemplates.js';

describe('diverging colour scale', () => {
  it('is blue below zero, near-white at zero, red above, and clamps', () => {
    const [r0, g0, b0] = diverging(0);
    expect(Math.min(r0, g0, b0)).toBeGreaterThan(240);
    const neg = diverging(-1);
    const pos = diverging(1);
    expect(neg[2]).toBeGreaterThan(neg[0]);
    expect(pos[0]).toBeGreaterThan(pos[2]);
    expect(diverging(-5)).toEqual(neg);
    expect(diverging(7)).toEqual(pos);
    expect(diverging(Number.NaN)).toEqual(diverging(0));
  });

  it('has a CSS gradient for its legend and hex output', () => {
    expect(divergingCssGradient()).toMatch(/^linear-gradient\(to right, rgb\(/);
    expect(hex([255, 0, 16])).toBe('#ff0010');
  });
});

describe('rasters', () => {
  const gray: Raster = {
    width: 3,
    height: 2,
    channels: 1,
    data: Uint8Array.from([0, 50, 100, 150, 200, 250]),
  };

  it('upscales by whole pixels, keeping hard edges', () => {
    const big = upscale(gray, 2);
    expect([big.width, big.height]).toEqual([6, 4]);
    expect(Array.from(big.data.subarray(0, 6))).toEqual([0, 0, 50, 50, 100, 100]);
    expect(Array.from(big.data.subarray(18, 24))).toEqual([150, 150, 200, 200, 250, 250]);
    expect(upscale(gray, 1)).toBe(gray);
  });

  it('encodes gray and RGBA PNGs that decode to the same pixels', () => {
    const g = PNG.sync.read(encodePng(gray));
    expect([g.width, g.height]).toEqual([3, 2]);
    expect(g.data[4 * 5]).toBe(250);
    const rgba: Raster = { width: 1, height: 1, channels: 4, data: Uint8Array.from([10, 20, 30, 255]) };
    const c = PNG.sync.read(encodePng(rgba));
    expect(Array.from(c.data)).toEqual([10, 20, 30, 255]);
    expect(pngDataUri(gray)).toMatch(/^data:image\/png;base64,iVBOR/);
  });

  it('chooses a zoom from the image size', () => {
    expect(zoomFor(28, 28, 84)).toBe(3);
    expect(zoomFor(6, 5, 84)).toBe(14);
    expect(zoomFor(500, 400, 84)).toBe(1);
  });
});

describe('weight templates', () => {
  it('draws one height × width image per class from a d × k row-major W', () => {
    const height = 3;
    const width = 2;
    const k = 2;
    // Class 0 weights all positive, class 1 all negative except one zero.
    const W = new Float32Array(height * width * k);
    for (let j = 0; j < height * width; j++) {
      W[j * k] = 1;
      W[j * k + 1] = j === 0 ? 0 : -1;
    }
    const t = weightTemplates(W, height, width, k);
    expect(t).toHaveLength(k);
    expect([t[0].image.width, t[0].image.height, t[0].image.channels]).toEqual([width, height, 4]);
    const px = (i: number, j: number) => Array.from(t[i].image.data.subarray(4 * j, 4 * j + 3));
    expect(px(0, 3)).toEqual(diverging(1));
    expect(px(1, 3)).toEqual(diverging(-1));
    expect(px(1, 0)).toEqual(diverging(0));
  });

  it('rejects weights of the wrong size', () => {
    expect(() => weightTemplates(new Float32Array(5), 2, 2, 2)).toThrow(/expected/);
  });
});
