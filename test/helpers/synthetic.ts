import { toByteRows } from '../../src/data/preprocess.js';
import type { ByteRows, Params } from '../../src/kernels/types.js';
import { Rng } from '../../src/model/rng.js';

/** Random byte images with about half the pixels zero (like Fashion-MNIST), made from a seed. */
export function randomBytes(n: number, d: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const px = new Uint8Array(n * d);
  for (let i = 0; i < px.length; i++) px[i] = rng.uniform() < 0.5 ? 0 : Math.floor(rng.uniform() * 256);
  return px;
}

export function randomLabels(n: number, k: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rng.uniform() * k));
}

export function randomParams(d: number, k: number, seed: number, scale = 0.05): Params {
  const rng = new Rng(seed);
  return {
    W: Float32Array.from({ length: d * k }, () => scale * rng.normal()),
    b: Float32Array.from({ length: k }, () => scale * rng.normal()),
    d,
    k,
  };
}

/** Byte rows under each preprocessing, so tests cover a per-row offset (minmax) too. */
export function rowsFor(
  kind: 'scale' | 'minmax' | 'standardize',
  px: Uint8Array,
  n: number,
  d: number,
): ByteRows {
  return toByteRows({ kind }, px, n, d);
}

/**
 * Linearly separable images: class c lights up its own block of pixels brightly, the rest faintly.
 */
export function separableImages(
  n: number,
  side: number,
  k: number,
  seed: number,
): { pixels: Uint8Array; labels: Uint8Array } {
  const rng = new Rng(seed);
  const d = side * side;
  const block = Math.floor(d / k);
  const pixels = new Uint8Array(n * d);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    labels[i] = c;
    for (let j = 0; j < d; j++) {
      const inBlock = j >= c * block && j < (c + 1) * block;
      pixels[i * d + j] = inBlock ? 180 + Math.floor(rng.uniform() * 75) : Math.floor(rng.uniform() * 40);
    }
  }
  return { pixels, labels };
}
