import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import type { StepProgress } from '../../src/model/train.js';
import { separableImages } from '../helpers/synthetic.js';

const side = 6;
const data = separableImages(90, side, 3, 7);
const X = { pixels: data.pixels, n: 90, height: side, width: side };
const base = { solver: 'sgd' as const, epochs: 2, tol: 0, backend: 'js' as const, learningRate: 0.1 };

/** fit's onStep: progress within a mini-batch epoch, for pages that show it and pause between steps. */
describe('onStep', () => {
  it('follows every step of a mini-batch epoch and ends on the epoch record', async () => {
    const steps: StepProgress[] = [];
    const clf = new SoftmaxClassifier({ ...base, batchSize: 32 });
    const r = await clf.fit(X, data.labels, { onStep: (p) => steps.push({ ...p }) });
    expect(steps.map((p) => [p.epoch, p.rows, p.of])).toEqual([
      [1, 32, 90],
      [1, 64, 90],
      [1, 90, 90],
      [2, 32, 90],
      [2, 64, 90],
      [2, 90, 90],
    ]);
    for (const e of [1, 2]) {
      const end = steps.filter((p) => p.epoch === e).at(-1) as StepProgress;
      expect(end.loss).toBeCloseTo(r.history[e - 1].loss, 12);
      expect(end.trainAccuracy).toBeCloseTo(r.history[e - 1].trainAccuracy, 12);
    }
  });

  it('is not called for full batches, nor by L-BFGS', async () => {
    let calls = 0;
    const onStep = (): void => void calls++;
    await new SoftmaxClassifier({ ...base, batchSize: 'full' }).fit(X, data.labels, { onStep });
    await new SoftmaxClassifier({ ...base, solver: 'lbfgs', maxIter: 3 }).fit(X, data.labels, { onStep });
    expect(calls).toBe(0);
  });

  it('leaves its own time out of the epoch time', async () => {
    const busy = (): void => {
      const t = performance.now();
      while (performance.now() - t < 20);
    };
    const clf = new SoftmaxClassifier({ ...base, epochs: 1, batchSize: 30 });
    const r = await clf.fit(X, data.labels, { onStep: busy });
    expect(r.history[0].seconds).toBeLessThan(0.06); // three steps of 20 ms left out
  });

  it('must be a function', async () => {
    const clf = new SoftmaxClassifier(base);
    await expect(clf.fit(X, data.labels, { onStep: 3 as never })).rejects.toThrow(/onStep/);
  });
});
