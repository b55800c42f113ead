// The benchmark's workloads over Fashion-MNIST, the same calls the trainer makes (see src/kernels/backend.ts).
import { Rng } from '../dist/model/rng.js';

/** Uniform numbers from the project's seeded generator: every backend and run sees the same values. */
function rng(seed) {
  const r = new Rng(seed);
  return () => r.uniform();
}

/** Small random parameters (a model part-way through training has scores of a few units). */
export function makeParams(d, k, seed = 1) {
  const r = rng(seed);
  return {
    W: Float32Array.from({ length: d * k }, () => (r() - 0.5) * 0.02),
    b: Float32Array.from({ length: k }, () => (r() - 0.5) * 0.2),
    d,
    k,
  };
}

export function shuffledIndex(n, seed = 2) {
  const r = rng(seed);
  const index = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
  }
  return index;
}

/**
 * The three workloads for one backend: full-batch loss and gradient over every training row, one epoch
 * of shuffled mini-batches, and class probabilities for every test row. Buffers are made once here, so
 * the timings hold only the backend's own work.
 */
export function workloads(backend, { train, trainLabels, test, params, link, batch }) {
  const { d, k } = params;
  const out = { gW: new Float32Array(d * k), gb: new Float32Array(k), loss: 0, correct: 0 };
  const all = { index: null, start: 0, count: train.n };
  const index = shuffledIndex(train.n);
  const proba = new Float32Array(test.n * k);
  const testRows = { index: null, start: 0, count: test.n };
  return {
    fullBatch: () => backend.lossGrad(train, trainLabels, all, params, link, out),
    miniBatchEpoch: () => {
      for (let start = 0; start < train.n; start += batch) {
        const count = Math.min(batch, train.n - start);
        backend.lossGrad(train, trainLabels, { index, start, count }, params, link, out);
      }
    },
    predict: () => backend.predictProba(test, testRows, params, link, proba),
  };
}
