import type { BatchSource } from '../data/batchSource.js';
import type { ColumnMap } from '../data/preprocess.js';
import type { Backend } from '../kernels/backend.js';
import type { Link, Params } from '../kernels/types.js';
import { argmaxRows } from '../metrics/argmax.js';
import { mostConfusedPairs, perClassScores } from '../metrics/confusion.js';
import { ORIGINAL_TEST_COUNT, type Evaluation } from '../metrics/evaluate.js';
import { InputError } from '../util/errors.js';
import { predictInto } from './images.js';

/**
 * The evaluation of metrics/evaluate.ts over rows pulled from a source in its own order (one batch at a
 * time, so a test set larger than memory is scored without holding its probabilities): the confusion
 * matrix, log loss and accuracies are sums over rows, so they come out as evaluate() computes them.
 */
export function evaluateSource(
  backend: Backend,
  source: BatchSource,
  params: Params,
  columns: ColumnMap | null,
  link: Link,
  classNames: string[],
): Evaluation {
  const k = params.k;
  const cm = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let lossSum = 0;
  let right = 0;
  let rightFirst = 0;
  let seen = 0;
  let proba = new Float32Array(0);
  let pred = new Uint8Array(0);
  source.begin(source.count, null);
  for (let b = source.next(); b !== null; b = source.next()) {
    const { count } = b.rows;
    if (proba.length < count * k) {
      proba = new Float32Array(count * k);
      pred = new Uint8Array(count);
    }
    predictInto(backend, b.data, params, columns, link, proba.subarray(0, count * k), b.rows);
    argmaxRows(proba, count, k, pred);
    for (let t = 0; t < count; t++) {
      const row = b.rows.index === null ? b.rows.start + t : b.rows.index[b.rows.start + t];
      const y = b.labels[row];
      if (y >= k) throw new InputError(`test label ${y} out of range 0..${k - 1}`);
      const p = proba[t * k + y];
      if (!Number.isFinite(p)) {
        throw new InputError(`the model's probabilities for test row ${seen + t} are not finite`);
      }
      lossSum -= Math.log(Math.max(p, 1e-15));
      cm[y][pred[t]]++;
      if (pred[t] === y) {
        right++;
        if (seen + t < ORIGINAL_TEST_COUNT) rightFirst++;
      }
    }
    seen += count;
  }
  if (seen === 0) throw new InputError('the test set has no rows to evaluate');
  const perClass = perClassScores(cm, classNames);
  const present = perClass.filter((c) => c.support > 0);
  return {
    accuracy: right / seen,
    accuracyFirst2000: rightFirst / Math.min(ORIGINAL_TEST_COUNT, seen),
    meanPerClassAccuracy: present.reduce((a, c) => a + c.accuracy, 0) / present.length,
    logLoss: lossSum / seen,
    confusionMatrix: cm,
    perClass,
    mostConfused: mostConfusedPairs(cm, classNames),
    testCount: seen,
  };
}
