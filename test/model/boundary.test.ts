import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/metrics/evaluate.js';
import type { Images } from '../../src/model/SoftmaxClassifier.js';
import { SoftmaxClassifier } from '../../src/node/classifier.js';
import { InputError } from '../../src/util/errors.js';
import { separableImages } from '../helpers/synthetic.js';

const side = 4;
const data = separableImages(30, side, 3, 5);
const X: Images = { pixels: data.pixels, n: 30, height: side, width: side };
const y = data.labels;
const quick = { epochs: 2, batchSize: 8, backend: 'js' as const };

/** Every public entry checks its arguments: an InputError naming the argument, never another error. */
const fitCases: { name: string; call: () => Promise<unknown>; message: RegExp }[] = [
  { name: 'X null', call: () => fit(null, y), message: /^X: must be an object, got null/ },
  { name: 'no labels', call: () => fit(X, undefined), message: /^y: labels are required/ },
  {
    name: 'labels of the wrong length',
    call: () => fit(X, y.subarray(0, 5)),
    message: /y: holds 5 labels but X holds 30/,
  },
  { name: 'a label of 300', call: () => fit(X, [...y.subarray(0, 29), 300]), message: /^y\[29\]: .*got 300/ },
  {
    name: 'a fractional label',
    call: () => fit(X, [...y.subarray(0, 29), 1.5]),
    message: /^y\[29\]: .*got 1.5/,
  },
  { name: 'numClasses 2.5', call: () => fit(X, y, { numClasses: 2.5 }), message: /^numClasses: .*got 2.5/ },
  { name: 'numClasses NaN', call: () => fit(X, y, { numClasses: NaN }), message: /^numClasses: .*got NaN/ },
  {
    name: 'numClasses 1e9',
    call: () => fit(X, y, { numClasses: 1e9 }),
    message: /^numClasses: .*got 1000000000/,
  },
  {
    name: 'labels beyond numClasses',
    call: () => fit(X, y, { numClasses: 2 }),
    message: /^y\[\d+\]: label 2 out of range 0..1/,
  },
  {
    name: 'negative image height',
    call: () => fit({ ...X, height: -4, width: -4 }, y),
    message: /^X.height: .*got -4/,
  },
  {
    name: 'fractional image size',
    call: () => fit({ ...X, height: 2.5 }, y),
    message: /^X.height: .*got 2.5/,
  },
  { name: 'string image size', call: () => fit({ ...X, width: '4' }, y), message: /^X.width: .*got '4'/ },
  {
    name: 'evalSet labels of the wrong length',
    call: () => fit(X, y, { evalSet: { X, y: y.subarray(0, 3) } }),
    message: /^evalSet.y: holds 3 labels/,
  },
  {
    name: 'evalSet labels out of range',
    call: () => fit(X, y, { evalSet: { X, y: new Uint8Array(30).fill(7) } }),
    message: /^evalSet.y\[0\]: label 7 out of range/,
  },
  {
    name: 'classNames not strings',
    call: () => fit(X, y, { classNames: [1, 2, 3] }),
    message: /^classNames: must be an array of strings/,
  },
  {
    name: 'onEpoch not a function',
    call: () => fit(X, y, { onEpoch: 5 }),
    message: /^onEpoch: must be a function/,
  },
];

async function fit(Xa: unknown, ya: unknown, fo: Record<string, unknown> = {}): Promise<unknown> {
  const clf = new SoftmaxClassifier(quick);
  // @ts-expect-error -- deliberately wrong argument types, as a JavaScript caller could pass
  return clf.fit(Xa, ya, fo);
}

describe('the library checks its arguments at the boundary', () => {
  it.each(fitCases)('fit: $name', async ({ call, message }) => {
    const err = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
  });

  it.each([
    { name: 'null', options: null, message: /^options: must be an object, got null/ },
    { name: 'a typo', options: { lr: 0.1 }, message: /^options.lr: unknown option/ },
    {
      name: 'threads 1e6',
      options: { threads: 1e6 },
      message: /^options.threads: must be at most 256, got 1000000/,
    },
    { name: 'epochs 2.5', options: { epochs: 2.5 }, message: /^options.epochs: must be a whole number/ },
    {
      name: 'class weights with a zero',
      options: { classWeight: [1, 0] },
      message: /^options.classWeight: /,
    },
  ])('new SoftmaxClassifier($name)', ({ options, message }) => {
    // @ts-expect-error -- deliberately wrong argument types
    expect(() => new SoftmaxClassifier(options)).toThrow(InputError);
    // @ts-expect-error -- deliberately wrong argument types
    expect(() => new SoftmaxClassifier(options)).toThrow(message);
  });

  it('evaluate refuses probabilities that do not match the labels', () => {
    const proba = new Float32Array(3 * 3).fill(1 / 3);
    expect(() => evaluate(proba, new Uint8Array(5), ['a', 'b', 'c'])).toThrow(
      /proba: holds 9 values, expected 5 labels × 3 classes = 15/,
    );
    expect(() => evaluate(proba, new Uint8Array([0, 1, 9]), ['a', 'b', 'c'])).toThrow(/truth\[2\]: label 9/);
    proba[4] = NaN;
    expect(() => evaluate(proba, new Uint8Array(3), ['a', 'b', 'c'])).toThrow(/row 1 is not finite/);
  });

  it('predict and score check their images and labels', async () => {
    const clf = new SoftmaxClassifier(quick);
    await clf.fit(X, y);
    // @ts-expect-error -- deliberately wrong
    expect(() => clf.predictProba({ pixels: [1, 2], n: 1, height: 1, width: 2 })).toThrow(
      /^X.pixels: must be a Uint8Array/,
    );
    expect(() => clf.score(X, y.subarray(1))).toThrow(/y: holds 29 labels but X holds 30/);
  });

  it('a model whose weights overflow 32-bit floats is refused at load or at prediction, never scored as NaN', async () => {
    const clf = new SoftmaxClassifier(quick);
    await clf.fit(X, y);
    const json = clf.toJSON();
    expect(() => SoftmaxClassifier.fromJSON({ ...json, W: json.W.map(() => 1e300) }, 'm.json')).toThrow(
      /m.json: not a valid softmax-classifier model \(W.0: is too large for a 32-bit float\)/,
    );
    // Finite float32 weights whose scores overflow 32-bit arithmetic: on every backend the probabilities
    // are finite or refused with an InputError, never returned as NaN.
    for (const backend of ['js', 'wasm'] as const) {
      const huge = SoftmaxClassifier.fromJSON(
        { ...json, W: json.W.map(() => 3e38), b: json.b.map((_, i) => (i === 0 ? -3e38 : 3e38)) },
        'm.json',
        { backend, threads: 1 },
      );
      await huge.ensureBackend();
      try {
        const p = huge.predictProba(X);
        expect(p.every(Number.isFinite), backend).toBe(true);
      } catch (err) {
        expect(err, backend).toBeInstanceOf(InputError);
        expect((err as Error).message).toMatch(/probabilities for image \d+ are not finite/);
      } finally {
        huge.dispose();
      }
    }
  });

  it('fromJSON(toJSON(m)) always works, and model options name the file and field when wrong', async () => {
    const clf = new SoftmaxClassifier({ ...quick, classWeight: [1, 2, 1] });
    await clf.fit(X, y);
    const back = SoftmaxClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())));
    expect(back.options.classWeight).toEqual([1, 2, 1]);
    const bad = { ...clf.toJSON(), options: { ...clf.toJSON().options, learningRate: -5 } };
    expect(() => SoftmaxClassifier.fromJSON(bad, 'model.json')).toThrow(
      'model.json: options.learningRate: must be greater than 0, got -5',
    );
    expect(clf.toJSON().options).not.toHaveProperty('threads');
    expect(clf.toJSON().options).not.toHaveProperty('backend');
  });
});
