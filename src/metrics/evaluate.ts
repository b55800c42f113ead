import { InputError } from '../util/errors.js';
import { accuracy } from './accuracy.js';
import { argmaxRows } from './argmax.js';
import {
  confusionMatrix,
  mostConfusedPairs,
  perClassScores,
  type ClassScore,
  type ConfusedPair,
} from './confusion.js';
import { logLoss } from './logLoss.js';

/** How many test images the original write-up scored on: the first 2,000. */
export const ORIGINAL_TEST_COUNT = 2000;

/** Everything `softmax train` and `softmax eval` report about a model on a test set. */
export interface Evaluation {
  /** On the whole test set, 0..1. */
  accuracy: number;
  /** On the first 2,000 test images (or all, if fewer), 0..1. */
  accuracyFirst2000: number;
  meanPerClassAccuracy: number;
  logLoss: number;
  confusionMatrix: number[][];
  perClass: ClassScore[];
  mostConfused: ConfusedPair[];
  testCount: number;
}

/** Scores predicted probabilities (n × k) against the true labels. */
export function evaluate(proba: Float32Array, truth: Uint8Array, classNames: string[]): Evaluation {
  if (!(proba instanceof Float32Array)) throw new InputError('proba: must be a Float32Array (n × k)');
  if (!(truth instanceof Uint8Array)) throw new InputError('truth: must be a Uint8Array of labels');
  if (!Array.isArray(classNames) || classNames.length < 2) {
    throw new InputError('classNames: must name at least 2 classes');
  }
  const k = classNames.length;
  const n = truth.length;
  if (n === 0) throw new InputError('truth: no labels to evaluate against');
  if (proba.length !== n * k) {
    throw new InputError(
      `proba: holds ${proba.length} values, expected ${n} labels × ${k} classes = ${n * k}`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (truth[i] >= k) throw new InputError(`truth[${i}]: label ${truth[i]} out of range 0..${k - 1}`);
  }
  for (let i = 0; i < proba.length; i++) {
    if (!Number.isFinite(proba[i])) {
      throw new InputError(`proba: row ${Math.floor(i / k)} is not finite (${proba[i]}): nothing to score`);
    }
  }
  const pred = new Uint8Array(n);
  argmaxRows(proba, n, k, pred);
  const first = Math.min(ORIGINAL_TEST_COUNT, n);
  const cm = confusionMatrix(truth, pred, k);
  const perClass = perClassScores(cm, classNames);
  const present = perClass.filter((c) => c.support > 0);
  return {
    accuracy: accuracy(pred, truth),
    accuracyFirst2000: accuracy(pred.subarray(0, first), truth.subarray(0, first)),
    meanPerClassAccuracy: present.reduce((a, c) => a + c.accuracy, 0) / present.length,
    logLoss: logLoss(proba, truth, k),
    confusionMatrix: cm,
    perClass,
    mostConfused: mostConfusedPairs(cm, classNames),
    testCount: n,
  };
}
