import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import type { ClassifierOptions } from '../../src/model/options.js';
import { randomBytes, randomLabels, separableImages } from '../helpers/synthetic.js';

/**
 * The solver seam must not move sgd's results: the same options give the same bytes as the trainer
 * before the seam (commit 759e6e2). Each expectation below was computed by that code; a change here means
 * sgd's arithmetic or its use of the random generator changed.
 */
const side = 6;
const sep = separableImages(90, side, 3, 7);
const noisy = { pixels: randomBytes(120, side * side, 11), labels: randomLabels(120, 4, 12) };

function sha(a: Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex')
    .slice(0, 16);
}

interface Expected {
  W: string;
  b: string;
  losses: string;
  epochs: number;
}

const cases: { name: string; data: typeof sep; o: Partial<ClassifierOptions>; expected: Expected }[] = [
  {
    name: 'full batch, uniform init, min-max, plain momentum (the original recipe)',
    data: noisy,
    o: {
      batchSize: 'full',
      init: 'uniform',
      preprocessing: 'minmax',
      nesterov: false,
      lrDecay: 0.99,
      weightDecay: 1e-3,
      epochs: 12,
    },
    expected: { W: 'f0ce25037e20d248', b: '8b13cef7123c25df', losses: 'e23ceb80f758937f', epochs: 12 },
  },
  {
    name: 'mini-batch 7 shuffled, gaussian init, standardize, Nesterov',
    data: noisy,
    o: {
      batchSize: 7,
      init: 'gaussian',
      preprocessing: 'standardize',
      nesterov: true,
      epochs: 6,
      learningRate: 0.05,
    },
    expected: { W: 'a30efc72834c7dd2', b: '384b4024da71f4b2', losses: 'e15b802556be6401', epochs: 6 },
  },
  {
    name: 'one-vs-rest, mini-batch 16, x/255',
    data: sep,
    o: { strategy: 'ovr', batchSize: 16, epochs: 8, momentum: 0.5 },
    expected: { W: 'cb9a2480efe75c82', b: '4dca286d045031f6', losses: '12bd23a40669cde3', epochs: 8 },
  },
];

describe('sgd gives the same bytes as before the solver seam', () => {
  it.each(cases)('$name', async ({ data, o, expected }) => {
    const clf = new SoftmaxClassifier({ backend: 'js', seed: 3, solver: 'sgd', tol: 0, ...o });
    const r = await clf.fit(
      { pixels: data.pixels, n: data.labels.length, height: side, width: side },
      data.labels,
    );
    const losses = r.history.map((h) => h.loss.toPrecision(17)).join(',');
    const got = {
      W: sha(clf.params.W),
      b: sha(clf.params.b),
      losses: createHash('sha256').update(losses).digest('hex').slice(0, 16),
      epochs: r.history.length,
    };
    expect(got).toEqual(expected);
  });
});
