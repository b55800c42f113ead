import { describe, expect, it } from 'vitest';
import { columnMap, fitPreprocessing, toByteRows, type Preprocessing } from '../../src/data/preprocess.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import type { Link, Params } from '../../src/kernels/types.js';
import { createObjective, emptyGrad } from '../../src/model/objective.js';
import { randomBytes, randomLabels, randomParams } from '../helpers/synthetic.js';

/** Central differences on float32 parameters: the step is read back after rounding to float32. */
const STEP = 1e-2;
/** Relative agreement between the analytic gradient and finite differences. */
const GRAD_RTOL = 2e-3;

const n = 40;
const d = 12;
const k = 4;

const cases: { name: string; link: Link; lambda: number; prep: Preprocessing }[] = [
  { name: 'softmax, no penalty, x/255', link: 'softmax', lambda: 0, prep: 'scale' },
  { name: 'softmax, λ = 0.1, x/255', link: 'softmax', lambda: 0.1, prep: 'scale' },
  { name: 'softmax, λ = 1e-3, min-max (per-row offset)', link: 'softmax', lambda: 1e-3, prep: 'minmax' },
  {
    name: 'softmax, λ = 0.01, standardized (folded columns)',
    link: 'softmax',
    lambda: 0.01,
    prep: 'standardize',
  },
  { name: 'one-vs-rest, λ = 0.05, min-max', link: 'ovr', lambda: 0.05, prep: 'minmax' },
];

describe('objective gradient matches finite differences', () => {
  it.each(cases)('$name', ({ link, lambda, prep }) => {
    const px = randomBytes(n, d, 1);
    const y = randomLabels(n, k, 2);
    const state = fitPreprocessing(prep, px, n, d);
    const objective = createObjective({
      backend: createJsBackend(),
      data: toByteRows(state, px, n, d),
      labels: y,
      link,
      weightDecay: lambda,
      columns: columnMap(state),
    });
    const p = randomParams(d, k, 3, 0.5);
    const rows = { index: null, start: 0, count: n };
    const g = emptyGrad(d, k);
    objective.evaluate(p, rows, g);
    const analytic = [...g.gW, ...g.gb];

    const lossAt = (q: Params): number => {
      const h = emptyGrad(d, k);
      objective.evaluate(q, rows, h);
      return h.loss;
    };
    const numeric: number[] = [];
    for (const [arr] of [[p.W], [p.b]] as const) {
      for (let i = 0; i < arr.length; i++) {
        const orig = arr[i];
        arr[i] = orig + STEP;
        const up = arr[i];
        const lp = lossAt(p);
        arr[i] = orig - STEP;
        const down = arr[i];
        const lm = lossAt(p);
        arr[i] = orig;
        numeric.push((lp - lm) / (up - down));
      }
    }
    const diff = Math.hypot(...analytic.map((a, i) => a - numeric[i]));
    const scale = Math.hypot(...numeric);
    expect(scale).toBeGreaterThan(0);
    expect(diff / scale).toBeLessThan(GRAD_RTOL);
  });
});

describe('penalty', () => {
  it('adds ½λ‖W‖² to the loss and leaves the bias unpenalised', () => {
    const px = randomBytes(n, d, 4);
    const y = randomLabels(n, k, 5);
    const mk = (lambda: number) =>
      createObjective({
        backend: createJsBackend(),
        data: toByteRows({ kind: 'scale' }, px, n, d),
        labels: y,
        link: 'softmax',
        weightDecay: lambda,
        columns: null,
      });
    const p = randomParams(d, k, 6);
    const rows = { index: null, start: 0, count: n };
    const g0 = emptyGrad(d, k);
    const g1 = emptyGrad(d, k);
    mk(0).evaluate(p, rows, g0);
    mk(0.3).evaluate(p, rows, g1);
    const sq = p.W.reduce((a, w) => a + w * w, 0);
    expect(g1.loss - g0.loss).toBeCloseTo(0.15 * sq, 6);
    expect(Array.from(g1.gb)).toEqual(Array.from(g0.gb));
  });
});
