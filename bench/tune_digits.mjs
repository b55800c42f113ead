#!/usr/bin/env node
// Issue 9's tuning on scikit-learn's 8×8 digits, on the TRAINING set only: stratified 5-fold
// cross-validation over the 1,500 training images (bench/data/make_digits.py), never the 297 test
// images. Prints the mean validation accuracy per setting; the findings are in docs/tuning-log.txt.
// Usage: npm run build && node bench/tune_digits.mjs [DIGITS_DIR]
import process from 'node:process';
import { SoftmaxClassifier, loadDataset } from '../dist/node/index.js';

const dir = process.argv[2] ?? new URL('data/digits', import.meta.url).pathname;
const { train } = loadDataset({ dir });
const n = train.n;
const d = train.height * train.width;
const FOLDS = 5;
// Stratified folds: each class's images dealt in turn, in file order (the file is already shuffled).
const fold = new Int32Array(n);
const seen = new Map();
for (let i = 0; i < n; i++) {
  const c = train.labels[i];
  const j = seen.get(c) ?? 0;
  fold[i] = j % FOLDS;
  seen.set(c, j + 1);
}
const subset = (keep) => {
  const idx = [];
  for (let i = 0; i < n; i++) if (keep(fold[i])) idx.push(i);
  const pixels = new Uint8Array(idx.length * d);
  const labels = new Uint8Array(idx.length);
  idx.forEach((r, j) => {
    pixels.set(train.pixels.subarray(r * d, (r + 1) * d), j * d);
    labels[j] = train.labels[r];
  });
  return { pixels, labels, n: idx.length, height: train.height, width: train.width };
};
const splits = Array.from({ length: FOLDS }, (_, f) => ({
  fit: subset((g) => g !== f),
  val: subset((g) => g === f),
}));

const settings = [];
for (const preprocessing of ['scale', 'standardize']) {
  for (const weightDecay of [1e-5, 5e-5, 1e-4, 2e-4, 3e-4, 1 / 1200, 1e-3, 3e-3, 1e-2]) {
    settings.push({ solver: 'lbfgs', preprocessing, weightDecay });
  }
}
settings.push({ solver: 'lbfgs', preprocessing: 'scale', weightDecay: 1e-4, tol: 0 });
settings.push({ solver: 'lbfgs', preprocessing: 'scale', weightDecay: 1 / 1200, tol: 0 });
settings.push({ solver: 'lbfgs', preprocessing: 'scale', weightDecay: 1e-4, tol: 1e-3 });
settings.push({ solver: 'sgd', preprocessing: 'scale' });

for (const s of settings) {
  let correct = 0;
  let total = 0;
  const t0 = performance.now();
  for (const { fit, val } of splits) {
    const clf = new SoftmaxClassifier({ ...s, backend: 'js', threads: 1 });
    await clf.fit(fit, fit.labels);
    correct += clf.score(val, val.labels) * val.n;
    total += val.n;
    clf.dispose();
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `${JSON.stringify(s)} => ${((100 * correct) / total).toFixed(2)}% (${correct}/${total}) ${secs}s`,
  );
}
