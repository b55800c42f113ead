import { describe, expect, it } from 'vitest';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import type { Link, Params } from '../../src/kernels/types.js';
import { lossGrad, makeRowsProblem, makeWeights, ROWS_KINDS, shuffledRows } from './fixtures.js';

/**
 * The js reference's gradient against central finite differences of its own weighted loss, entry by
 * entry, on a shuffled selection with distinct per-row weights. Parameters are float32, so each step is
 * the float32 difference actually taken, not the nominal h.
 */
const js = createJsBackend();

/**
 * |finite difference − gradient| ≤ FD_TOL · the largest |gradient| of the same feature (features differ
 * in scale by 10³, and so do their gradients); steps are 0.1% of the feature's largest weight.
 */
const FD_TOL = 1e-5;

describe.each(ROWS_KINDS)('%s rows, weighted', (kind) => {
  it.each<Link>(['softmax', 'ovr'])('%s link: gradient = finite differences of the loss', (link) => {
    const [n, d, k] = [60, 9, 4];
    const q = makeRowsProblem(kind, 77, n, d, k);
    const weights = makeWeights(78, n);
    const rows = shuffledRows(79, n, 5, 40);
    const g = lossGrad(js, q, rows, link, weights);
    const lossAt = (p: Params): number => lossGrad(js, { ...q, p }, rows, link, weights).loss;
    const check = (which: 'W' | 'b', i: number, h: number, want: number, scale: number): void => {
      const plus = { ...q.p, [which]: q.p[which].slice() };
      const minus = { ...q.p, [which]: q.p[which].slice() };
      plus[which][i] += h;
      minus[which][i] -= h;
      const fd = (lossAt(plus) - lossAt(minus)) / (plus[which][i] - minus[which][i]);
      expect(Math.abs(fd - want), `${which}[${i}]`).toBeLessThanOrEqual(FD_TOL * scale);
    };
    for (let j = 0; j < d; j++) {
      const row = (a: Float32Array): number => Math.max(...a.subarray(j * k, j * k + k).map(Math.abs));
      const [wMax, gMax] = [row(q.p.W), row(g.gW)];
      expect(gMax).toBeGreaterThan(0);
      for (let c = 0; c < k; c++) check('W', j * k + c, 1e-3 * wMax, g.gW[j * k + c], gMax);
    }
    const gbMax = Math.max(...g.gb.map(Math.abs));
    for (let c = 0; c < k; c++) check('b', c, 1e-3, g.gb[c], gbMax);
  });
});
