import type { Backend } from '../../src/kernels/backend.js';
import { Rng } from '../../src/model/rng.js';
import type { ByteRows, GradOut, Labels, Link, Params, RowSelection } from '../../src/kernels/types.js';

/** Uniform numbers from the project's seeded generator, so every run tests the same data. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.uniform();
}

export interface Problem {
  data: ByteRows;
  labels: Labels;
  p: Params;
}

/**
 * Random image-like rows: about half the pixels zero (as in Fashion-MNIST), per-row scale and a non-zero
 * per-row offset (as 'minmax' preprocessing gives), and small random parameters.
 */
export function makeProblem(seed: number, n: number, d: number, k: number, weightScale = 0.05): Problem {
  const r = rng(seed);
  const pixels = new Uint8Array(n * d);
  for (let i = 0; i < pixels.length; i++) pixels[i] = r() < 0.5 ? 0 : 1 + Math.floor(r() * 255);
  const rowScale = new Float32Array(n).map(() => (0.5 + r()) / 255);
  const rowOffset = new Float32Array(n).map(() => r() - 0.5);
  const labels = new Uint8Array(n).map(() => Math.floor(r() * k));
  const W = new Float32Array(d * k).map(() => (r() - 0.5) * weightScale);
  const b = new Float32Array(k).map(() => r() - 0.5);
  return { data: { pixels, n, d, rowScale, rowOffset }, labels, p: { W, b, d, k } };
}

export function gradOut(d: number, k: number): GradOut {
  return { gW: new Float32Array(d * k), gb: new Float32Array(k), loss: NaN, correct: -1 };
}

/** A shuffled selection of `count` rows out of n, starting at `start` in the index. */
export function shuffledRows(seed: number, n: number, start: number, count: number): RowSelection {
  const r = rng(seed);
  const index = new Int32Array(n).map((_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [index[i], index[j]] = [index[j], index[i]];
  }
  return { index, start, count };
}

export function lossGrad(be: Backend, q: Problem, rows: RowSelection, link: Link): GradOut {
  const out = gradOut(q.p.d, q.p.k);
  be.lossGrad(q.data, q.labels, rows, q.p, link, out);
  return out;
}

export function predict(be: Backend, q: Problem, rows: RowSelection, link: Link): Float32Array {
  const out = new Float32Array(rows.count * q.p.k);
  be.predictProba(q.data, rows, q.p, link, out);
  return out;
}

/** ‖a − b‖ / ‖b‖ (0 when both are zero). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

export function argmaxRows(proba: Float32Array, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < proba.length; i += k) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i + c] > proba[i + best]) best = c;
    out.push(best);
  }
  return out;
}

export function bytesOf(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
