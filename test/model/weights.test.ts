import { describe, expect, it } from 'vitest';
import { toByteRows } from '../../src/data/preprocess.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import type { Link, Params } from '../../src/kernels/types.js';
import { createObjective, emptyGrad } from '../../src/model/objective.js';
import { classWeights } from '../../src/model/rowWeights.js';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import { Rng } from '../../src/model/rng.js';
import { InputError } from '../../src/util/errors.js';
import { randomBytes, randomLabels, randomParams } from '../helpers/synthetic.js';

/** Central differences on float32 parameters: the step is read back after rounding to float32. */
const STEP = 1e-2;
/** Relative agreement between the analytic gradient and finite differences. */
const GRAD_RTOL = 2e-3;
/** J computed two ways in float64 from float32 scores. */
const LOSS_RTOL = 1e-6;

const [n, d, k] = [40, 12, 4];
const px = randomBytes(n, d, 1);
const y = randomLabels(n, k, 2);
const rng = new Rng(9);
const w = Float32Array.from({ length: n }, () => (rng.uniform() < 0.2 ? 0 : 3 * rng.uniform()));
const all = { index: null, start: 0, count: n };

const objective = (link: Link, weights: Float32Array | null, lambda = 0.05) =>
  createObjective({
    backend: createJsBackend(),
    data: toByteRows({ kind: 'minmax' }, px, n, d),
    labels: y,
    link,
    weightDecay: lambda,
    columns: null,
    weights,
  });

const J = (o: ReturnType<typeof objective>, p: Params, rows = all): number => {
  const g = emptyGrad(d, k);
  o.evaluate(p, rows, g);
  return g.loss;
};

describe('weighted objective', () => {
  it.each<Link>(['softmax', 'ovr'])(
    '%s: gradient matches finite differences of Σ w·loss / Σ w + ½λ‖W‖²',
    (link) => {
      const o = objective(link, w);
      const p = randomParams(d, k, 3, 0.5);
      const g = emptyGrad(d, k);
      o.evaluate(p, all, g);
      const analytic = [...g.gW, ...g.gb];
      const numeric: number[] = [];
      for (const arr of [p.W, p.b]) {
        for (let i = 0; i < arr.length; i++) {
          const orig = arr[i];
          arr[i] = orig + STEP;
          const up = arr[i];
          const lp = J(o, p);
          arr[i] = orig - STEP;
          const down = arr[i];
          const lm = J(o, p);
          arr[i] = orig;
          numeric.push((lp - lm) / (up - down));
        }
      }
      const diff = Math.hypot(...analytic.map((a, i) => a - numeric[i]));
      expect(diff / Math.hypot(...numeric)).toBeLessThan(GRAD_RTOL);
    },
  );

  it('is the weighted mean of the rows’ own losses', () => {
    const p = randomParams(d, k, 4, 0.3);
    const plain = objective('softmax', null, 0);
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      num += w[i] * J(plain, p, { index: null, start: i, count: 1 });
      den += w[i];
    }
    expect(Math.abs(J(objective('softmax', w, 0), p) - num / den) / (num / den)).toBeLessThan(LOSS_RTOL);
  });

  it('weights all 1 give the unweighted J exactly; scaling all weights changes nothing', () => {
    const p = randomParams(d, k, 5, 0.3);
    expect(J(objective('softmax', new Float32Array(n).fill(1)), p)).toBe(J(objective('softmax', null), p));
    const scaled = w.map((v) => 4 * v);
    expect(J(objective('softmax', scaled), p)).toBeCloseTo(J(objective('softmax', w), p), 12);
  });
});

describe('class weights', () => {
  it("'balanced' is n / (k · count) per class", () => {
    const labels = Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 1, 2, 2]);
    expect(Array.from(classWeights('balanced', labels, 4, 'cw') as Float64Array)).toEqual([
      10 / 24,
      10 / 8,
      10 / 8,
      0,
    ]);
    expect(classWeights('none', labels, 3, 'cw')).toBeNull();
    expect(() => classWeights([1, 2], labels, 3, '--class-weight')).toThrow(
      /--class-weight: gives 2 weights, but there are 3 classes/,
    );
  });

  it("'balanced' raises the recall of a rare class on a skewed set", async () => {
    // 270 images of class 0, 30 of class 1, overlapping: unweighted, the rare class is mostly missed.
    const side = 4;
    const r = new Rng(11);
    const m = 300;
    const labels = Uint8Array.from({ length: m }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const pixels = Uint8Array.from({ length: m * side * side }, (_, j) =>
      Math.min(255, Math.floor(r.uniform() * 160 + (labels[Math.floor(j / (side * side))] === 1 ? 12 : 0))),
    );
    const X = { pixels, n: m, height: side, width: side };
    const recall = async (classWeight: 'none' | 'balanced') => {
      const clf = new SoftmaxClassifier({ backend: 'js', solver: 'lbfgs', classWeight, tol: 1e-8 });
      await clf.fit(X, labels);
      const pred = clf.predict(X);
      let hit = 0;
      for (let i = 0; i < m; i++) if (labels[i] === 1 && pred[i] === 1) hit++;
      return hit / 30;
    };
    const none = await recall('none');
    const balanced = await recall('balanced');
    expect(balanced).toBeGreaterThan(none + 0.2);
    expect(balanced).toBeGreaterThan(0.6);
  });

  it('the model file carries classWeight', async () => {
    const X = { pixels: px, n, height: 3, width: 4 };
    const clf = new SoftmaxClassifier({ backend: 'js', classWeight: [1, 2, 1, 0.5], maxIter: 5 });
    await clf.fit(X, y);
    const back = SoftmaxClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())));
    expect(back.options.classWeight).toEqual([1, 2, 1, 0.5]);
  });
});

describe('sampleWeight is checked at the boundary', () => {
  const X = { pixels: px, n, height: 3, width: 4 };
  it.each([
    { name: 'wrong length', v: [1, 2], message: /sampleWeight: holds 2 weights but X holds 40 images/ },
    {
      name: 'negative',
      v: Array.from({ length: n }, (_, i) => (i === 3 ? -1 : 1)),
      message: /sampleWeight\[3\]: .*got -1/,
    },
    {
      name: 'NaN',
      v: Array.from({ length: n }, (_, i) => (i === 5 ? NaN : 1)),
      message: /sampleWeight\[5\]: .*got NaN/,
    },
    { name: 'all zero', v: new Float32Array(n), message: /sampleWeight: every weight is 0/ },
    { name: 'not an array', v: 'heavy', message: /sampleWeight: must be an array of numbers/ },
  ])('$name', async ({ v, message }) => {
    const fit = new SoftmaxClassifier({ backend: 'js' }).fit(X, y, { sampleWeight: v as never });
    await expect(fit).rejects.toThrow(InputError);
    await expect(
      new SoftmaxClassifier({ backend: 'js' }).fit(X, y, { sampleWeight: v as never }),
    ).rejects.toThrow(message);
  });

  it('weights that favour some rows change the model; equal weights do not', async () => {
    const fit = async (sampleWeight?: Float32Array) => {
      const clf = new SoftmaxClassifier({ backend: 'js', solver: 'lbfgs', maxIter: 20 });
      await clf.fit(X, y, sampleWeight ? { sampleWeight } : {});
      return Array.from(clf.params.W);
    };
    const plain = await fit();
    expect(await fit(new Float32Array(n).fill(2))).toEqual(plain);
    expect(await fit(w)).not.toEqual(plain);
  });
});
