import { ORIGINAL_TEST_COUNT } from '../metrics/evaluate.js';
import { ORIGINAL_RECIPE, type ClassifierOptions } from '../model/options.js';
import { resolveOptions } from '../model/validate.js';
import { grouped } from '../util/grouped.js';

/** The original write-up trained on the first 30,000 training images; --full uses all 60,000. */
export const ORIGINAL_TRAIN_COUNT = 30_000;
export const FULL_TRAIN_COUNT = 60_000;

/** Table 1: accuracy (%) on the first 2,000 test images after N epochs at learning rate 0.1. */
export const PUBLISHED_TABLE1 = {
  learningRate: 0.1,
  rows: [
    { epochs: 50, accuracy: 79.95 },
    { epochs: 150, accuracy: 81.7 },
    { epochs: 250, accuracy: 81.85 },
    { epochs: 350, accuracy: 82.05 },
  ],
} as const;

/** Table 2: accuracy (%) on the first 2,000 test images after 350 epochs at each learning rate. */
export const PUBLISHED_TABLE2 = {
  epochs: 350,
  rows: [
    { lr: 0.8, accuracy: 83.7 },
    { lr: 0.1, accuracy: 82.0 },
    { lr: 0.01, accuracy: 75.75 },
    { lr: 0.001, accuracy: 66.1 },
  ],
} as const;

/** How far (in percentage points) our figures may land from the published ones and still count as reproduced. */
export const TOLERANCE_POINTS = 2.5;

/** The original recipe as full options, at Table 1's learning rate and Table 2's number of epochs. */
export function originalOptions(
  choice: Pick<ClassifierOptions, 'seed' | 'backend' | 'threads'>,
): ClassifierOptions {
  return resolveOptions({
    ...ORIGINAL_RECIPE,
    learningRate: PUBLISHED_TABLE1.learningRate,
    epochs: PUBLISHED_TABLE2.epochs,
    ...choice,
  });
}

const PREPROCESSING_TEXT: Record<ClassifierOptions['preprocessing'], string> = {
  minmax: 'each image min-max scaled to [0, 1]',
  scale: 'each pixel divided by 255',
  standardize: 'each pixel standardised with training-set statistics',
};

const INIT_TEXT: Record<ClassifierOptions['init'], string> = {
  uniform: 'W initialised to 0.001·U[0,1)',
  zeros: 'W initialised to zero',
  gaussian: 'W initialised to 0.01·N(0,1)',
};

/**
 * The recipe in words, written from the options actually used, so the output can only say what ran.
 */
export function describeRecipe(o: ClassifierOptions, trainCount: number, testCount: number): string[] {
  const scored = Math.min(ORIGINAL_TEST_COUNT, testCount);
  return [
    o.batchSize === 'full'
      ? 'full-batch gradient descent'
      : `mini-batch gradient descent (batch ${o.batchSize})`,
    `momentum ${o.momentum} in the form v ← μv + α∇, W ← W − v${o.nesterov ? ' (Nesterov)' : ''}`,
    `L2 weight decay λ = ${o.weightDecay} (loss + ½λ‖W‖², bias not penalised)`,
    `learning rate × ${o.lrDecay} after every epoch`,
    PREPROCESSING_TEXT[o.preprocessing],
    `${INIT_TEXT[o.init]} (seed ${o.seed}), b to zero`,
    `the first ${grouped(trainCount)} training images`,
    `accuracy on the first ${grouped(scored)} test images`,
  ];
}
