import { describe, expect, it } from 'vitest';
import { columnMap, fitPreprocessing, toByteRows, type Preprocessing } from '../../src/data/preprocess.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import type { Params } from '../../src/kernels/types.js';
import { createObjective, emptyGrad } from '../../src/model/objective.js';
import { DEFAULTS, ORIGINAL_RECIPE, type ClassifierOptions, type Strategy } from '../../src/model/options.js';
import { SoftmaxClassifier } from '../../src/node/classifier.js';
import { randomBytes, randomLabels, randomParams, separableImages } from '../helpers/synthetic.js';

/** Finite-difference step on each parameter, and the relative agreement asked of the gradient. */
const STEP = 1e-3;
const GRAD_RTOL = 1e-3;
/** Probabilities that must sum to one, in float32. */
const SUM_TOL = 1e-5;

describe('on separable data both strategies are perfect', () => {
  const side = 6;
  const k = 4;
  const images = (n: number, seed: number) => {
    const { pixels, labels } = separableImages(n, side, k, seed);
    return { X: { pixels, n, height: side, width: side }, y: labels };
  };
  const train = images(80, 1);
  const test = images(40, 2);

  const cases: { strategy: Strategy; recipe: string; options: Partial<ClassifierOptions> }[] = [
    { strategy: 'softmax', recipe: 'defaults', options: { ...DEFAULTS, epochs: 10, batchSize: 16 } },
    { strategy: 'ovr', recipe: 'defaults', options: { ...DEFAULTS, epochs: 10, batchSize: 16 } },
    { strategy: 'softmax', recipe: 'the original recipe', options: { ...ORIGINAL_RECIPE, epochs: 30 } },
    { strategy: 'ovr', recipe: 'the original recipe', options: { ...ORIGINAL_RECIPE, epochs: 30 } },
  ];
  it.each(cases)('$strategy, $recipe', async ({ strategy, options }) => {
    const clf = new SoftmaxClassifier({ ...options, strategy, threads: 1 });
    await clf.fit(train.X, train.y);
    expect(clf.score(train.X, train.y)).toBe(1);
    expect(clf.score(test.X, test.y)).toBe(1);
    const p = clf.predictProba(test.X);
    for (let i = 0; i < test.X.n; i++) {
      const row = p.subarray(i * k, (i + 1) * k);
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(SUM_TOL);
    }
  });
});

/**
 * The one-vs-rest objective written out independently, in float64 from the raw bytes:
 *   J = (1/n) Σ_i Σ_c [softplus(z_ic) − [y_i = c]·z_ic] + ½λ‖W‖²,  z_i = W ᵀ f_i + b.
 */
function ovrObjective64(
  px: Uint8Array,
  y: Uint8Array,
  n: number,
  d: number,
  k: number,
  prep: Preprocessing,
  lambda: number,
): (W: Float64Array, b: Float64Array) => number {
  const f = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = px.subarray(i * d, (i + 1) * d);
    const lo = Math.min(...row);
    const hi = Math.max(...row);
    for (let j = 0; j < d; j++) {
      const x = row[j];
      f[i * d + j] = prep === 'scale' ? x / 255 : hi > lo ? (x - lo) / (hi - lo) : 0;
    }
  }
  const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  return (W, b) => {
    let loss = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        let z = b[c];
        for (let j = 0; j < d; j++) z += f[i * d + j] * W[j * k + c];
        loss += softplus(z) - (y[i] === c ? z : 0);
      }
    }
    let sq = 0;
    for (const w of W) sq += w * w;
    return loss / n + 0.5 * lambda * sq;
  };
}

describe('the one-vs-rest gradient passes a finite-difference check', () => {
  const n = 30;
  const d = 10;
  const k = 4;
  const cases: { name: string; prep: Preprocessing; lambda: number }[] = [
    { name: 'x/255, no penalty', prep: 'scale', lambda: 0 },
    { name: 'min-max per image, λ = 1e-3 (the original recipe)', prep: 'minmax', lambda: 1e-3 },
    { name: 'x/255, λ = 0.1', prep: 'scale', lambda: 0.1 },
  ];

  it.each(cases)('$name', ({ prep, lambda }) => {
    const px = randomBytes(n, d, 11);
    const y = randomLabels(n, k, 12);
    const state = fitPreprocessing(prep, px, n, d);
    const objective = createObjective({
      backend: createJsBackend(),
      data: toByteRows(state, px, n, d),
      labels: y,
      link: 'ovr',
      weightDecay: lambda,
      columns: columnMap(state),
    });
    const p: Params = randomParams(d, k, 13, 0.5);
    const rows = { index: null, start: 0, count: n };
    const g = emptyGrad(d, k);
    objective.evaluate(p, rows, g);
    const analytic = [...g.gW, ...g.gb];

    // The kernel's loss is the float64 formula's, at the float32 parameters.
    const J = ovrObjective64(px, y, n, d, k, prep, lambda);
    const W = Float64Array.from(p.W);
    const b = Float64Array.from(p.b);
    expect(Math.abs(g.loss - J(W, b)) / J(W, b)).toBeLessThan(1e-6);

    // Central differences of the float64 objective, step exact in float64.
    const numeric: number[] = [];
    for (const arr of [W, b]) {
      for (let i = 0; i < arr.length; i++) {
        const orig = arr[i];
        arr[i] = orig + STEP;
        const up = J(W, b);
        arr[i] = orig - STEP;
        const down = J(W, b);
        arr[i] = orig;
        numeric.push((up - down) / (2 * STEP));
      }
    }
    const diff = Math.hypot(...analytic.map((a, i) => a - numeric[i]));
    const scale = Math.hypot(...numeric);
    expect(scale).toBeGreaterThan(0);
    expect(diff / scale).toBeLessThan(GRAD_RTOL);
    // And coordinate by coordinate, relative to the gradient's size.
    for (let i = 0; i < numeric.length; i++) {
      expect(Math.abs(analytic[i] - numeric[i])).toBeLessThan(GRAD_RTOL * scale);
    }
  });
});
