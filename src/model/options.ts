import type { Preprocessing } from '../data/preprocess.js';
import type { BackendName } from '../kernels/select.js';
import type { Link } from '../kernels/types.js';

export type Init = 'zeros' | 'uniform' | 'gaussian';
export const INITS: readonly Init[] = ['zeros', 'uniform', 'gaussian'];
export type Strategy = Link;
export const STRATEGIES: readonly Strategy[] = ['softmax', 'ovr'];

/** Everything that shapes a training run. Defaults below; the CLI's --help reads them too. */
export interface ClassifierOptions {
  /** 'softmax' (multinomial) or 'ovr' (one binary logistic regression per class). */
  strategy: Strategy;
  /** α, the step size of gradient descent on the MEAN loss over a batch. */
  learningRate: number;
  /** μ in v ← μv + α∇, W ← W − v (the original's form); 0 disables momentum. */
  momentum: number;
  /** Nesterov's look-ahead form of momentum. */
  nesterov: boolean;
  /** λ in loss + ½λ‖W‖² (the bias is not penalised). */
  weightDecay: number;
  /** The learning rate is multiplied by this after each epoch (the original used 0.99). */
  lrDecay: number;
  epochs: number;
  /** Rows per gradient step, or 'full' for full-batch gradient descent. */
  batchSize: number | 'full';
  /** W's initial values: zeros, the original's 0.001·U[0,1), or 0.01·N(0,1). b starts at zero. */
  init: Init;
  preprocessing: Preprocessing;
  seed: number;
  backend: BackendName;
  /** Worker threads; 0 = one per core. */
  threads: number;
  /** A run whose epoch loss exceeds this multiple of its first loss counts as diverged. */
  divergenceFactor: number;
}

/**
 * The recommended recipe (what `npm start` trains). Chosen on a validation split of the training set
 * (the last 10,000 training images), never on the test set: see README, "Choosing the defaults".
 */
export const DEFAULTS: Readonly<ClassifierOptions> = Object.freeze({
  strategy: 'softmax',
  learningRate: 0.1,
  momentum: 0.9,
  nesterov: true,
  weightDecay: 1e-4,
  lrDecay: 0.8,
  epochs: 15,
  batchSize: 256,
  init: 'zeros',
  preprocessing: 'scale',
  seed: 1,
  backend: 'auto',
  threads: 0,
  divergenceFactor: 20,
});

/** The original write-up's recipe (Table 1 and 2), on the first 30,000 training images. */
export const ORIGINAL_RECIPE: Readonly<Partial<ClassifierOptions>> = Object.freeze({
  strategy: 'softmax',
  learningRate: 0.1,
  momentum: 0.9,
  nesterov: false,
  weightDecay: 1e-3,
  lrDecay: 0.99,
  batchSize: 'full',
  init: 'uniform',
  preprocessing: 'minmax',
});
