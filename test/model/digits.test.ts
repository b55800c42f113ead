/**
 * Issue 9's second image set: scikit-learn's 8×8 digits as IDX files (test/fixtures/digits, written by
 * bench/data/make_digits.py: 1,500 training and 297 test images, bytes round(v·255/16)). With the
 * defaults (`softmax train --data DIR` with no other flag) `auto` picks L-BFGS, which converges in a few
 * dozen iterations. The defaults were chosen by 5-fold cross-validation on the training images only
 * (bench/tune_digits.mjs, docs/tuning-log.txt); the test figure was read once afterwards: 288 of 297
 * (96.97%), the same as scikit-learn's LogisticRegression() on the same bytes / 255 (make_digits.py
 * prints it), one image short of the issue's 97%.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import { loadDataset } from '../../src/node/dataset.js';

const DIR = fileURLToPath(new URL('../fixtures/digits', import.meta.url));
/** scikit-learn's LogisticRegression() on the same split, bytes / 255 (printed by make_digits.py). */
const SKLEARN_ACCURACY = 288 / 297;

describe("scikit-learn's 8×8 digits with the default options", () => {
  it('auto runs L-BFGS to convergence and scores 288 of 297 test images, as scikit-learn does', async () => {
    const { train, test } = loadDataset({ dir: DIR });
    expect([train.n, test.n, train.height, train.width]).toEqual([1500, 297, 8, 8]);
    const clf = new SoftmaxClassifier({ backend: 'js' });
    const t0 = performance.now();
    const r = await clf.fit(train, train.labels);
    const seconds = (performance.now() - t0) / 1000;
    expect(r.solver).toBe('lbfgs');
    expect(r.stopReason).toBe('converged');
    expect(r.gradNorm).toBeLessThanOrEqual(1e-4);
    expect(r.iterations).toBeLessThan(100);
    expect(seconds).toBeLessThan(10);
    const accuracy = clf.score(test, test.labels);
    expect(Math.round(accuracy * 297)).toBe(288);
    // Within 1 point of scikit-learn's default (issue 9); in fact equal.
    expect(accuracy).toBeGreaterThanOrEqual(SKLEARN_ACCURACY - 0.01);
    clf.dispose();
  });
});
