import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/kernels/backend.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import { createBackend } from '../../src/node/backend.js';
import type { Link, RowSelection } from '../../src/kernels/types.js';
import {
  expectAgreement,
  fingerprint,
  gradOut,
  GRAD_TOL,
  lossGrad,
  LOSS_TOL,
  makeRowsProblem,
  makeWeights,
  relDiff,
  ROWS_KINDS,
  shuffledRows,
} from './fixtures.js';

/**
 * Per-row weights (class and sample weights): what they mean, checked without trusting the kernels'
 * own weighting, on every backend and both kinds of rows.
 */
const backends: Backend[] = [createJsBackend()];

beforeAll(async () => {
  for (const threads of [1, 2, 3]) backends.push(await createBackend({ backend: 'wasm', threads }));
});

afterAll(() => {
  for (const be of backends) be.dispose();
});

const links: Link[] = ['softmax', 'ovr'];

describe.each(ROWS_KINDS)('%s rows', (kind) => {
  it.each(links)('%s link: weights all 1 give exactly the unweighted bytes', (link) => {
    // 9000 rows: float64 chunk slots; 77 shuffled rows: float32 slots.
    const q = makeRowsProblem(kind, 5, 9000, 21, 10);
    const ones = new Float32Array(9000).fill(1);
    for (const rows of [{ index: null, start: 0, count: 9000 }, shuffledRows(6, 9000, 3, 77)])
      for (const be of backends)
        expect(fingerprint(lossGrad(be, q, rows, link, ones)), be.name).toBe(
          fingerprint(lossGrad(be, q, rows, link, null)),
        );
  });

  it.each(links)('%s link: the weighted sums are Σ w·(each row alone), by original row number', (link) => {
    const [n, d, k] = [50, 11, 3];
    const q = makeRowsProblem(kind, 7, n, d, k);
    const weights = makeWeights(8, n);
    const rows = shuffledRows(9, n, 4, 30);
    // Each selected row on its own, unweighted, scaled by its weight and summed here in float64.
    const gW = new Float64Array(d * k);
    const gb = new Float64Array(k);
    let loss = 0;
    let correct = 0;
    for (let t = 0; t < rows.count; t++) {
      const r = (rows.index as Int32Array)[rows.start + t];
      const one = lossGrad(backends[0], q, { index: null, start: r, count: 1 }, link);
      const w = weights[r];
      one.gW.forEach((g, i) => (gW[i] += w * g));
      one.gb.forEach((g, c) => (gb[c] += w * g));
      loss += w * one.loss;
      correct += one.correct;
    }
    const want = { gW: Float32Array.from(gW), gb: Float32Array.from(gb), loss, correct };
    for (const be of backends) expectAgreement(lossGrad(be, q, rows, link, weights), want, be.name);
  });

  it.each(links)('%s link: weight 0 drops a row, weight 2 counts it twice', (link) => {
    const n = 400;
    const q = makeRowsProblem(kind, 10, n, 17, 10);
    const weights = new Float32Array(n).map((_, i) => i % 3); // 0, 1, 2, 0, 1, 2, ...
    const ones = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === 1);
    const twos = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === 2);
    const sel = (index: Int32Array): RowSelection => ({ index, start: 0, count: index.length });
    for (const be of backends) {
      const got = lossGrad(be, q, { index: null, start: 0, count: n }, link, weights);
      const a = lossGrad(be, q, sel(ones), link);
      const b = lossGrad(be, q, sel(twos), link);
      const want = gradOut(17, 10);
      want.gW.forEach((_, i) => (want.gW[i] = a.gW[i] + 2 * b.gW[i]));
      want.gb.forEach((_, c) => (want.gb[c] = a.gb[c] + 2 * b.gb[c]));
      expect(relDiff(got.gW, want.gW), be.name).toBeLessThan(GRAD_TOL);
      expect(relDiff(got.gb, want.gb), be.name).toBeLessThan(GRAD_TOL);
      const loss = a.loss + 2 * b.loss;
      expect(Math.abs(got.loss - loss), be.name).toBeLessThanOrEqual(LOSS_TOL * loss);
      // `correct` counts every selected row, whatever its weight.
      const all = lossGrad(be, q, { index: null, start: 0, count: n }, link);
      expect(got.correct, be.name).toBe(all.correct);
    }
  });
});
