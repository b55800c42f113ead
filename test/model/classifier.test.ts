import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import { DEFAULTS } from '../../src/model/options.js';
import { DivergenceError, InputError } from '../../src/util/errors.js';
import { randomBytes, randomLabels, separableImages } from '../helpers/synthetic.js';

const side = 6;
const k = 3;
const data = separableImages(90, side, k, 7);
const X = { pixels: data.pixels, n: 90, height: side, width: side };
const quick = {
  solver: 'sgd' as const,
  epochs: 15,
  tol: 0,
  batchSize: 16,
  backend: 'js' as const,
  learningRate: 0.1,
};

describe('SoftmaxClassifier', () => {
  it.each(['scale', 'minmax', 'standardize'] as const)(
    'learns separable data perfectly (%s)',
    async (preprocessing) => {
      const clf = new SoftmaxClassifier({ ...quick, preprocessing });
      const r = await clf.fit(X, data.labels);
      expect(r.history).toHaveLength(15);
      expect(r.diverged).toBeNull();
      expect(clf.score(X, data.labels)).toBe(1);
      const p = clf.predictProba(X);
      expect(p.length).toBe(90 * k);
      expect(p.subarray(0, k).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    },
  );

  it.each([
    { batchSize: 'full' as const, init: 'uniform' as const, nesterov: false },
    { batchSize: 7, init: 'gaussian' as const, nesterov: true },
  ])('the same seed gives the same weights, byte for byte ($batchSize, $init)', async (o) => {
    const fit = async (seed: number) => {
      const clf = new SoftmaxClassifier({ ...quick, ...o, seed, epochs: 3 });
      await clf.fit(X, data.labels);
      return Buffer.from(clf.params.W.buffer).toString('hex');
    };
    const a = await fit(5);
    expect(await fit(5)).toBe(a);
    expect(await fit(6)).not.toBe(a);
  });

  it("fit with { solver: 'adam' } trains at Adam's learning rate, records it and reloads it", async () => {
    const clf = new SoftmaxClassifier({ ...quick, learningRate: undefined, solver: 'adam', epochs: 2 });
    expect(clf.options.learningRate).toBe(0.01);
    const r = await clf.fit(X, data.labels);
    expect(r.history[0].learningRate).toBe(0.01);
    const back = SoftmaxClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())));
    expect(back.options).toMatchObject({ solver: 'adam', learningRate: 0.01 });
    // A rate given always wins, even sgd's.
    expect(new SoftmaxClassifier({ solver: 'adam', learningRate: 0.1 }).options.learningRate).toBe(0.1);
  });

  it('round-trips through toJSON / fromJSON with identical predictions', async () => {
    const clf = new SoftmaxClassifier({ ...quick, preprocessing: 'standardize' });
    await clf.fit(X, data.labels, { classNames: ['a', 'b', 'c'] });
    const json = JSON.parse(JSON.stringify(clf.toJSON()));
    const back = SoftmaxClassifier.fromJSON(json);
    expect(back.classNames).toEqual(['a', 'b', 'c']);
    expect(Array.from(back.params.W)).toEqual(Array.from(clf.params.W));
    expect(Array.from(back.predictProba(X))).toEqual(Array.from(clf.predictProba(X)));
    // The model file keeps what the model is; backend and threads are the loader's to choose.
    expect({ ...back.options, backend: 'js' }).toEqual(clf.options);
  });

  it.each([
    { name: 'not an object', value: 42, message: /not a valid softmax-classifier model/ },
    { name: 'wrong version', value: { format: 'softmax-classifier', version: 99 }, message: /version/ },
    { name: 'W of the wrong size', value: 'truncateW', message: /W: has 2 values, expected 36×3 = 108/ },
  ])('fromJSON rejects a bad model: $name', async ({ value, message }) => {
    let v: unknown = value;
    if (value === 'truncateW') {
      const clf = new SoftmaxClassifier(quick);
      await clf.fit(X, data.labels);
      v = { ...clf.toJSON(), W: [1, 2] };
    }
    expect(() => SoftmaxClassifier.fromJSON(v, 'm.json')).toThrow(InputError);
    expect(() => SoftmaxClassifier.fromJSON(v, 'm.json')).toThrow(message);
  });

  it.each([
    { o: { learningRate: 0 }, message: /learningRate: must be greater than 0, got 0/ },
    { o: { learningRate: -1 }, message: /learningRate/ },
    { o: { momentum: 1 }, message: /options.momentum: must be less than 1, got 1/ },
    { o: { batchSize: 0 }, message: /batchSize/ },
    { o: { epochs: 0 }, message: /options.epochs: must be at least 1, got 0/ },
    { o: { preprocessing: 'zscore' }, message: /preprocessing: must be one of scale, minmax, standardize/ },
  ])('rejects options $o', ({ o, message }) => {
    expect(() => new SoftmaxClassifier(o as never)).toThrow(message);
  });

  it('rejects images of another size at predict time', async () => {
    const clf = new SoftmaxClassifier(quick);
    await clf.fit(X, data.labels);
    expect(() => clf.predict({ pixels: new Uint8Array(25), n: 1, height: 5, width: 5 })).toThrow(
      /images are 5×5 but the model was trained on 6×6 images/,
    );
  });

  it('stops a diverging run and says so, leaving the classifier unfitted', async () => {
    const px = randomBytes(50, 16, 1);
    const y = randomLabels(50, 4, 2);
    const clf = new SoftmaxClassifier({ ...quick, learningRate: 1e30 });
    const fit = clf.fit({ pixels: px, n: 50, height: 4, width: 4 }, y);
    await expect(fit).rejects.toThrow(DivergenceError);
    await expect(clf.fit({ pixels: px, n: 50, height: 4, width: 4 }, y)).rejects.toThrow(
      /diverged at epoch 1.*smaller learning rate/,
    );
    expect(() => clf.params).toThrow(/not fitted/);
  });

  it('exports one DEFAULTS that the classifier uses', () => {
    expect(new SoftmaxClassifier().options).toEqual(DEFAULTS);
  });
});
