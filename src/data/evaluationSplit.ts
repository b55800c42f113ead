import type { ImageSet } from './imageSet.js';
import { InputError } from '../util/errors.js';

/**
 * What an experiment scores on: the test set, or with --validation N the last N training images (which
 * are then not trained on), so that settings can be chosen without looking at the test set.
 */
export function evaluationSplit(
  train: ImageSet,
  test: ImageSet,
  validation: number | undefined,
): { train: ImageSet; evalSet: ImageSet; evaluatedOn: 'test' | 'validation' } {
  if (validation === undefined) return { train, evalSet: test, evaluatedOn: 'test' };
  if (validation < 1 || validation >= train.n) {
    throw new InputError(
      `--validation: must be between 1 and ${train.n - 1} (the training images less one), got ${validation}`,
    );
  }
  const d = train.height * train.width;
  const cut = train.n - validation;
  const part = (from: number, to: number): ImageSet => ({
    ...train,
    n: to - from,
    pixels: train.pixels.subarray(from * d, to * d),
    labels: train.labels.subarray(from, to),
  });
  return { train: part(0, cut), evalSet: part(cut, train.n), evaluatedOn: 'validation' };
}
