import { limit, type ImageSet } from '../data/dataset.js';
import type { Backend } from '../kernels/backend.js';
import { evaluate, ORIGINAL_TEST_COUNT } from '../metrics/evaluate.js';
import type { ModelView } from '../model/SoftmaxClassifier.js';
import { SoftmaxClassifier } from '../node/classifier.js';
import type { EpochRecord } from '../model/train.js';
import { DivergenceError } from '../util/errors.js';
import type { RunPlan } from './plan.js';

/** What every run of an experiment trains on and is scored on. */
export interface ExperimentData {
  readonly train: ImageSet;
  /** The test set, or a validation split of the training set. */
  readonly evalSet: ImageSet;
  readonly classNames: string[];
}

/** One epoch of a run's learning curve. */
export interface CurvePoint {
  epoch: number;
  /** The training objective averaged over the epoch's batches. */
  loss: number;
  trainAccuracy: number;
  /** On the first 2,000 evaluation images (the original's measure) after the epoch, 0..1. */
  accuracyFirst2000: number;
  learningRate: number;
  /** Training time of this epoch, evaluation excluded. */
  seconds: number;
}

/** The model scored on the whole evaluation set after `epochs` epochs; null figures if it diverged first. */
export interface CheckpointResult {
  epochs: number;
  accuracy: number | null;
  accuracyFirst2000: number | null;
  meanPerClassAccuracy: number | null;
  logLoss: number | null;
  trainLoss: number | null;
  trainAccuracy: number | null;
  /** Training time up to this checkpoint. */
  trainSeconds: number | null;
  confusionMatrix: number[][] | null;
}

export interface RunResult {
  id: number;
  backend: string;
  history: CurvePoint[];
  checkpoints: CheckpointResult[];
  /** Set when the run stopped early; checkpoints before `epoch` are still exact. */
  diverged: { epoch: number; message: string } | null;
  trainSeconds: number;
}

/**
 * Trains one planned run and scores it at each checkpoint through the model view (the weights as they
 * stand after that epoch), plus a learning curve on the first 2,000 evaluation images after every
 * epoch. Runs the same way on the main thread and in a sweep worker, so results never depend on where.
 */
export async function runPlan(
  plan: RunPlan,
  data: ExperimentData,
  backend: Backend,
  onEpoch?: (epoch: number) => void,
): Promise<RunResult> {
  const { train, evalSet, classNames } = data;
  const curveSet = limit(evalSet, ORIGINAL_TEST_COUNT);
  const wanted = new Set(plan.checkpoints);
  const history: CurvePoint[] = [];
  const scored = new Map<number, CheckpointResult>();
  let seconds = 0;

  const record = (r: EpochRecord, view: ModelView): void => {
    seconds += r.seconds;
    history.push({
      epoch: r.epoch,
      loss: r.loss,
      trainAccuracy: r.trainAccuracy,
      accuracyFirst2000: r.testAccuracy ?? NaN,
      learningRate: r.learningRate,
      seconds: r.seconds,
    });
    if (wanted.has(r.epoch)) {
      const e = evaluate(view.predictProba(evalSet), evalSet.labels, classNames);
      scored.set(r.epoch, {
        epochs: r.epoch,
        accuracy: e.accuracy,
        accuracyFirst2000: e.accuracyFirst2000,
        meanPerClassAccuracy: e.meanPerClassAccuracy,
        logLoss: e.logLoss,
        trainLoss: r.loss,
        trainAccuracy: r.trainAccuracy,
        trainSeconds: seconds,
        confusionMatrix: e.confusionMatrix,
      });
    }
    onEpoch?.(r.epoch);
  };

  const clf = new SoftmaxClassifier(plan.options);
  let diverged: RunResult['diverged'] = null;
  try {
    await clf.fit(train, train.labels, {
      backend,
      classNames,
      numClasses: classNames.length,
      // fit prepares the curve images once and scores them after every epoch into testAccuracy.
      evalSet: { X: curveSet, y: curveSet.labels },
      onEpoch: record,
    });
  } catch (err) {
    if (!(err instanceof DivergenceError)) throw err;
    diverged = { epoch: err.epoch, message: err.message };
  } finally {
    clf.dispose();
  }
  return {
    id: plan.id,
    backend: backend.name,
    history,
    checkpoints: plan.checkpoints.map((epochs) => scored.get(epochs) ?? unscored(epochs)),
    diverged,
    trainSeconds: seconds,
  };
}

function unscored(epochs: number): CheckpointResult {
  return {
    epochs,
    accuracy: null,
    accuracyFirst2000: null,
    meanPerClassAccuracy: null,
    logLoss: null,
    trainLoss: null,
    trainAccuracy: null,
    trainSeconds: null,
    confusionMatrix: null,
  };
}
