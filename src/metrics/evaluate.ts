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
  const k = classNames.length;
  const n = truth.length;
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
