import { expect } from 'vitest';
import type { Backend } from '../../src/kernels/backend.js';
import { Rng } from '../../src/model/rng.js';
import type {
  ByteRows,
  FloatRows,
  GradOut,
  Labels,
  Link,
  Params,
  RowSelection,
  RowWeights,
  Rows,
} from '../../src/kernels/types.js';

/**
 * How far a float32 backend may be from the float64 js reference: the gradient and probabilities as
 * ‖got − want‖ / ‖want‖, the loss relative to max(1, |want|). The wasm kernels sum in float32 within
 * blocks of 256 rows, so they agree to a few float32 ulps per sum, far inside these.
 */
export const GRAD_TOL = 1e-5;
export const PROBA_TOL = 1e-5;
export const LOSS_TOL = 1e-6;

/** Expects a lossGrad result to agree with the reference's within the tolerances above; same count. */
export function expectAgreement(got: GradOut, want: GradOut, tag: string): void {
  expect(relDiff(got.gW, want.gW), tag).toBeLessThan(GRAD_TOL);
  expect(relDiff(got.gb, want.gb), tag).toBeLessThan(GRAD_TOL);
  expect(Math.abs(got.loss - want.loss), tag).toBeLessThanOrEqual(
    LOSS_TOL * Math.max(1, Math.abs(want.loss)),
  );
  expect(got.correct, tag).toBe(want.correct);
}

/** Uniform numbers from the project's seeded generator, so every run tests the same data. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.uniform();
}

export interface Problem {
  data: Rows;
  labels: Labels;
  p: Params;
}

/** The two kinds of rows every backend takes. */
export type RowsKind = 'bytes' | 'float';
export const ROWS_KINDS: readonly RowsKind[] = ['bytes', 'float'];

/**
 * Random image-like rows: about half the pixels zero (as in Fashion-MNIST), per-row scale and a non-zero
 * per-row offset (as 'minmax' preprocessing gives), and small random parameters.
 */
export function makeProblem(
  seed: number,
  n: number,
  d: number,
  k: number,
  weightScale = 0.05,
): Problem & { data: ByteRows } {
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

/**
 * Random real-valued rows, as a table's columns: roughly normal values times `magnitude`, each column
 * scaled by its own power of ten up to 10³ (unstandardised measurements), a few exact zeros, and
 * parameters small enough that scores stay a few units (weightScale / magnitude per term).
 */
export function makeFloatProblem(
  seed: number,
  n: number,
  d: number,
  k: number,
  magnitude = 1,
  weightScale = 3,
): Problem & { data: FloatRows } {
  const r = rng(seed);
  const colScale = Array.from({ length: d }, (_, j) => 10 ** (j % 4));
  const values = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const x = r() < 0.05 ? 0 : (r() + r() + r() - 1.5) * 2;
      values[i * d + j] = x * magnitude * colScale[j];
    }
  const labels = new Uint8Array(n).map(() => Math.floor(r() * k));
  const W = new Float32Array(d * k).map(
    (_, i) => ((r() - 0.5) * weightScale) / (magnitude * colScale[Math.floor(i / k)] * Math.sqrt(d)),
  );
  const b = new Float32Array(k).map(() => r() - 0.5);
  return { data: { kind: 'float', values, n, d }, labels, p: { W, b, d, k } };
}

/** A problem of either kind (the byte kind as makeProblem, the float one as makeFloatProblem). */
export function makeRowsProblem(kind: RowsKind, seed: number, n: number, d: number, k: number): Problem {
  return kind === 'bytes' ? makeProblem(seed, n, d, k) : makeFloatProblem(seed, n, d, k);
}

/** Per-row weights in [0.1, 3), a few exactly 0, distinct per row, so a row given another's weight shows. */
export function makeWeights(seed: number, n: number): RowWeights {
  const r = rng(seed);
  return new Float32Array(n).map(() => (r() < 0.05 ? 0 : 0.1 + 2.9 * r()));
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

export function lossGrad(
  be: Backend,
  q: Problem,
  rows: RowSelection,
  link: Link,
  weights?: RowWeights | null,
): GradOut {
  const out = gradOut(q.p.d, q.p.k);
  be.lossGrad(q.data, q.labels, rows, q.p, link, out, weights);
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

/** A lossGrad result as one string of its exact bytes, for comparing results that must be identical. */
export function fingerprint(out: GradOut): string {
  return Buffer.concat([bytesOf(out.gW), bytesOf(out.gb)]).toString('base64') + `|${out.loss}|${out.correct}`;
}
