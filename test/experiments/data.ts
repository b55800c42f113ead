import type { ImageSet } from '../../src/data/imageSet.js';
import type { ExperimentData } from '../../src/experiments/runPlan.js';
import { Rng } from '../../src/model/rng.js';
import { separableImages } from '../helpers/synthetic.js';

/**
 * Small images that are learnable but not trivially: separable blocks with a share of labels flipped,
 * so accuracy and loss keep moving from epoch to epoch (a checkpoint scored with the wrong weights shows).
 */
export function noisySet(n: number, seed: number, side = 6, k = 3, flip = 0.25): ImageSet {
  const { pixels, labels } = separableImages(n, side, k, seed);
  const rng = new Rng(seed + 1000);
  for (let i = 0; i < n; i++) if (rng.uniform() < flip) labels[i] = Math.floor(rng.uniform() * k);
  return { pixels, labels, n, height: side, width: side };
}

export function experimentData(nTrain = 120, nTest = 90): ExperimentData {
  return { train: noisySet(nTrain, 1), evalSet: noisySet(nTest, 2), classNames: ['a', 'b', 'c'] };
}
