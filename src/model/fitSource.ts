import type { BatchSource } from '../data/batchSource.js';
import { columnMap, type PreprocessState } from '../data/preprocess.js';
import type { InputShape } from '../data/features.js';
import type { Backend } from '../kernels/backend.js';
import type { Params, Rows } from '../kernels/types.js';
import { DivergenceError, InputError } from '../util/errors.js';
import { initWeights } from './init.js';
import { createObjective } from './objective.js';
import type { ClassifierOptions } from './options.js';
import { Rng } from './rng.js';
import { evaluateSource } from './scoreSource.js';
import { createSolver } from './solvers/createSolver.js';
import { runTraining, type EpochRecord, type TrainResult } from './train.js';

/** What SoftmaxClassifier.fitSource needs besides the source: what its rows are and how they were made. */
export interface SourceFitOptions {
  /** The shape of one row (images: height × width × channels; a table: its column names). */
  shape: InputShape;
  /** Names of the classes 0..k-1 (k = their number). */
  classNames: readonly string[];
  /** The preprocessing the source's rows were made under (scale, minmax; standardize with its statistics). */
  preprocess: PreprocessState;
  /** Scored after every epoch into the history's testAccuracy and testLoss (streamed as well). */
  evalSource?: BatchSource;
  onEpoch?: (record: EpochRecord) => void;
  /** Shuffle before every epoch (default true): chunks in random order, rows within a block of chunks. */
  shuffle?: boolean;
  backend?: Backend;
}

/** The mini-batch solvers a source can feed: L-BFGS takes full-batch steps over rows held in memory. */
export function sourceSolver(o: ClassifierOptions): 'sgd' | 'adam' {
  if (o.solver === 'lbfgs') {
    throw new InputError(
      'solver lbfgs: takes full-batch steps over every row held in memory; streamed data trains with sgd or adam',
    );
  }
  return o.solver === 'adam' ? 'adam' : 'sgd';
}

/**
 * The training half of fitSource: the same loop (model/train.ts) as fit, over batches the source gives.
 * Early stopping and class weights need every label in memory, so they are refused.
 */
export function fitFromSource(
  backend: Backend,
  source: BatchSource,
  o: ClassifierOptions,
  fo: SourceFitOptions,
): {
  result: TrainResult;
  state: {
    params: Params;
    preprocess: PreprocessState;
    classNames: string[];
    height: number;
    width: number;
    input: InputShape;
  };
} {
  const solverName = sourceSolver(o);
  if (o.earlyStopping) throw new InputError('earlyStopping: not available when training from a source');
  if (o.classWeight !== 'none')
    throw new InputError('classWeight: not available when training from a source');
  if (o.batchSize === 'full') throw new InputError('batchSize full: streamed data trains by mini-batches');
  const k = fo.classNames.length;
  if (k < 2) throw new InputError('classNames: at least 2 classes are needed');
  const input = fo.shape;
  const d = input.kind === 'images' ? input.height * input.width * input.channels : input.featureNames.length;
  const columns = columnMap(fo.preprocess);
  const rng = new Rng(o.seed);
  const params: Params = { W: new Float32Array(d * k), b: new Float32Array(k), d, k };
  initWeights(o.init, params.W, rng);
  // The objective reads every batch's own rows (Objective.evaluate's `on`); these are never read.
  const none: Rows = {
    pixels: new Uint8Array(0),
    n: 0,
    d,
    rowScale: new Float32Array(0),
    rowOffset: new Float32Array(0),
  };
  const objective = createObjective({
    backend,
    data: none,
    labels: new Uint8Array(0),
    link: o.strategy,
    weightDecay: o.weightDecay,
    columns,
  });
  const solver = createSolver(solverName, d, k, o, null);
  const classNames = [...fo.classNames];
  const result = runTraining({
    objective,
    params,
    source,
    shuffle: fo.shuffle,
    solver,
    options: o,
    rng,
    afterEpoch: (record, p) => {
      if (fo.evalSource !== undefined) {
        const e = evaluateSource(backend, fo.evalSource, p, columns, o.strategy, classNames);
        record.testAccuracy = e.accuracy;
        record.testLoss = e.logLoss;
      }
      fo.onEpoch?.(record);
    },
  });
  if (result.diverged) {
    const dv = result.diverged;
    throw new DivergenceError(
      `training diverged at epoch ${dv.epoch} (${solverName}, learning rate ${o.learningRate}): ${dv.reason}; ${dv.hint}`,
      dv.epoch,
      dv.loss,
    );
  }
  const [height, width] = input.kind === 'images' ? [input.height, input.width] : [1, d];
  return { result, state: { params, preprocess: fo.preprocess, classNames, height, width, input } };
}
