import { limit, type ImageSet } from '../data/imageSet.js';
import type { Backend } from '../kernels/backend.js';
import { evaluate, ORIGINAL_TEST_COUNT } from '../metrics/evaluate.js';
import type { ModelView } from '../model/SoftmaxClassifier.js';
import { SoftmaxClassifier } from '../node/classifier.js';
import type { EpochRecord, StopReason } from '../model/train.js';
import { DivergenceError } from '../util/errors.js';
import type { ConcreteSolver, RunPlan } from './plan.js';

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

/**
 * The model scored on the whole evaluation set after `epochs` epochs, or at the end of the run (`epochs`
 * null: lbfgs, early stopping); null figures if it diverged first.
 */
export interface CheckpointResult {
  epochs: number | null;
  /** Epochs (sgd, adam) or iterations (lbfgs) trained when scored: fewer than `epochs` if the run stopped
   *  earlier (e.g. by tolerance), as a separate run of that many epochs would have. */
  iterations: number | null;
  /** Why a run of this configuration stops: 'limit' for a checkpoint the run passed on its way. */
  stopReason: StopReason | null;
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
  /** The solver that ran ('auto' resolved when the run was planned). */
  solver: ConcreteSolver;
  history: CurvePoint[];
  checkpoints: CheckpointResult[];
  /** The model at the end of the run (early stopping: the best weights kept); null if it diverged. */
  final: CheckpointResult | null;
  /** Set when the run stopped early; checkpoints before `epoch` are still exact. */
  diverged: { epoch: number; message: string } | null;
  trainSeconds: number;
}

/**
 * Trains one planned run and scores it at each checkpoint through the model view (the weights as they
 * stand after that epoch), and at its end; a checkpoint the run did not reach because it stopped earlier
 * (tolerance) gets the end's figures, as a separate run of that many epochs would. Plus a learning curve on the first 2,000 evaluation images after every
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

  const score = (
    epochs: number | null,
    r: EpochRecord,
    view: Pick<ModelView, 'predictProba'>,
    stopReason: StopReason,
  ): CheckpointResult => {
    const e = evaluate(view.predictProba(evalSet), evalSet.labels, classNames);
    return {
      epochs,
      iterations: r.epoch,
      stopReason,
      accuracy: e.accuracy,
      accuracyFirst2000: e.accuracyFirst2000,
      meanPerClassAccuracy: e.meanPerClassAccuracy,
      logLoss: e.logLoss,
      trainLoss: r.loss,
      trainAccuracy: r.trainAccuracy,
      trainSeconds: seconds,
      confusionMatrix: e.confusionMatrix,
    };
  };
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
    // Scored as the run passes the checkpoint; if the run stops right here, stopReason is set after fit.
    if (wanted.has(r.epoch)) scored.set(r.epoch, score(r.epoch, r, view, 'limit'));
    onEpoch?.(r.epoch);
  };

  const clf = new SoftmaxClassifier(plan.options);
  let diverged: RunResult['diverged'] = null;
  let final: CheckpointResult | null = null;
  try {
    const result = await clf.fit(train, train.labels, {
      backend,
      classNames,
      numClasses: classNames.length,
      // fit prepares the curve images once and scores them after every epoch into testAccuracy.
      evalSet: { X: curveSet, y: curveSet.labels },
      onEpoch: record,
    });
    const last = result.history.at(-1);
    if (last !== undefined) {
      const atStop = scored.get(last.epoch);
      if (atStop !== undefined) atStop.stopReason = result.stopReason;
      // The weights fit returns (early stopping: the best seen), with the loss of their epoch.
      const keptEpoch = result.bestEpoch ?? last.epoch;
      const kept = result.history[keptEpoch - 1];
      final =
        atStop !== undefined && keptEpoch === last.epoch
          ? { ...atStop, epochs: null }
          : score(null, { ...kept, epoch: last.epoch }, clf, result.stopReason);
    }
  } catch (err) {
    if (!(err instanceof DivergenceError)) throw err;
    diverged = { epoch: err.epoch, message: err.message };
  } finally {
    clf.dispose();
  }
  return {
    id: plan.id,
    backend: backend.name,
    solver: plan.options.solver,
    history,
    checkpoints: plan.checkpoints.map(
      (epochs) => scored.get(epochs) ?? (final !== null ? { ...final, epochs } : unscored(epochs)),
    ),
    final,
    diverged,
    trainSeconds: seconds,
  };
}

/** A cell without figures: the run diverged before it. */
export function unscored(epochs: number | null): CheckpointResult {
  return {
    epochs,
    iterations: null,
    stopReason: 'diverged',
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
