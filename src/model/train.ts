import type { Params, RowSelection } from '../kernels/types.js';
import { emptyGrad, gradNormInf, type Objective } from './objective.js';
import type { ClassifierOptions } from './options.js';
import type { Rng } from './rng.js';
import type { Solver } from './solvers/solver.js';

/**
 * One epoch (sgd, adam) or iteration (lbfgs) of a run. `loss` is the objective: averaged over the
 * epoch's batches for mini-batch solvers, at the point reached for lbfgs.
 */
export interface EpochRecord {
  epoch: number;
  loss: number;
  /** Share of training rows whose argmax was right (mini-batch: before each row's step). */
  trainAccuracy: number;
  /** On the evaluation set after the epoch, when one was given. */
  testAccuracy?: number;
  /** Mean cross-entropy on the evaluation set after the epoch (no penalty), when one was given. */
  testLoss?: number;
  /** On the held-out rows, when early stopping. */
  validationAccuracy?: number;
  /** ∞-norm of the objective's gradient at the point reached (full-batch solvers). */
  gradNorm?: number;
  /** The step size: the learning rate (sgd, adam) or the line search's step t (lbfgs). */
  learningRate: number;
  /** Training time of this epoch alone, evaluation excluded. */
  seconds: number;
}

/** Why a run stopped early, with a hint a user can act on. */
export interface Divergence {
  epoch: number;
  loss: number;
  reason: string;
  hint: string;
}

/**
 * Why a run stopped:
 * - 'converged': the gradient's ∞-norm at the point reached fell to `tol` (full-batch solvers, lbfgs: as
 *   scikit-learn's lbfgs `tol`, on the same mean objective), or L-BFGS found no step that lowers the
 *   objective in the arithmetic used (a minimum to working precision);
 * - 'tolerance': mini-batch solvers (sgd, adam), which know the objective only as its average over the
 *   epoch's batches, not its gradient: the relative change of that average between two epochs,
 *   |J_prev − J| / max(|J_prev|, |J|, 1), fell to `tol` (once: patience 1);
 * - 'patience': early stopping saw no better validation accuracy for `patience` epochs;
 * - 'limit': `epochs` (sgd, adam) or `maxIter` (lbfgs) ran out;
 * - 'diverged': the loss became non-finite or grew past divergenceFactor × its first value.
 */
export type StopReason = 'converged' | 'tolerance' | 'patience' | 'limit' | 'diverged';

export interface TrainResult {
  history: EpochRecord[];
  diverged: Divergence | null;
  trainSeconds: number;
  /** The solver that ran ('auto' resolved). */
  solver: Solver['name'];
  stopReason: StopReason;
  /** Epochs (sgd, adam) or iterations (lbfgs) completed. */
  iterations: number;
  /** Objective evaluations during training (one per mini-batch; one or more per L-BFGS iteration). */
  evaluations: number;
  /** J on all training rows at the returned weights (NaN when diverged). */
  finalObjective: number;
  /** ∞-norm of ∇J there. */
  gradNorm: number;
  /** Early stopping: the epoch whose weights were kept, and their validation accuracy. */
  bestEpoch: number | null;
  bestValidationAccuracy: number | null;
}

export type TrainOptions = Pick<
  ClassifierOptions,
  | 'learningRate'
  | 'lrDecay'
  | 'epochs'
  | 'maxIter'
  | 'batchSize'
  | 'divergenceFactor'
  | 'tol'
  | 'earlyStopping'
  | 'patience'
>;

export interface TrainingRun {
  objective: Objective;
  /** Updated in place; on return, the weights kept (early stopping: the best seen). */
  params: Params;
  /** Rows in the data. */
  n: number;
  /** The rows to train on (original row numbers), or null for all n. */
  rows: Int32Array | null;
  solver: Solver;
  options: TrainOptions;
  rng: Rng;
  /** Accuracy on held-out rows (0..1), called after every epoch when options.earlyStopping. */
  validate?: (params: Params) => number;
  /** May add to the record (e.g. a test accuracy); its time is not counted as training. */
  afterEpoch?: (record: EpochRecord, params: Params) => void;
}

/**
 * The training loop. It owns epochs (iterations for a full-batch solver), batching and shuffling, the
 * learning-rate decay, callbacks, history, divergence and the stopping rules; the solver owns the update.
 * Divergence is checked at every step, so a run that blows up stops at once rather than at the end of an
 * epoch, and is reported as data. After stopping, J and ∇J on all training rows are evaluated once more
 * at the weights returned (not counted in trainSeconds).
 */
export function runTraining(run: TrainingRun): TrainResult {
  const { objective, params, solver, rng, options: opts } = run;
  const { d, k } = params;
  const grad = emptyGrad(d, k);
  const m = run.rows === null ? run.n : run.rows.length;
  const full = solver.batching === 'full';
  const batch = full || opts.batchSize === 'full' ? m : Math.min(opts.batchSize, m);
  // Shuffled per epoch for mini-batches; the training rows as they are for full batches.
  const index = batch === m ? run.rows : (run.rows?.slice() ?? Int32Array.from({ length: m }, (_, i) => i));
  const shuffle = batch !== m;
  const limit = full ? opts.maxIter : opts.epochs;
  const history: EpochRecord[] = [];
  const early = opts.earlyStopping && run.validate !== undefined;
  let best: { epoch: number; accuracy: number; W: Float32Array; b: Float32Array } | null = null;
  let lr = opts.learningRate;
  let firstLoss = NaN;
  let trainSeconds = 0;
  let evaluations = 0;
  let stopReason: StopReason = 'limit';

  for (let epoch = 1; epoch <= limit; epoch++) {
    const t0 = performance.now();
    if (shuffle && index !== null) rng.shuffle(index);
    let lossSum = 0;
    let correct = 0;
    let last = null;
    for (let start = 0; start < m; start += batch) {
      const count = Math.min(batch, m - start);
      const rows: RowSelection = { index, start, count };
      last = solver.step(params, (p, g) => objective.evaluate(p, rows, g), grad, lr);
      evaluations += last.evaluations;
      if (Number.isNaN(firstLoss)) firstLoss = last.loss;
      const reason = !Number.isFinite(last.loss)
        ? `the loss became ${String(last.loss)}`
        : last.loss > opts.divergenceFactor * firstLoss
          ? `the loss grew from ${firstLoss.toPrecision(4)} to ${last.loss.toPrecision(4)}`
          : null;
      if (reason !== null) {
        trainSeconds += (performance.now() - t0) / 1000;
        return diverged(
          history,
          divergence(epoch, last.loss, reason, opts),
          trainSeconds,
          solver,
          evaluations,
        );
      }
      lossSum += last.loss * count;
      correct += last.correct;
    }
    if (last === null) break;
    const record: EpochRecord = {
      epoch,
      loss: lossSum / m,
      trainAccuracy: correct / m,
      learningRate: full ? last.stepSize : lr,
      seconds: 0,
    };
    if (last.gradNorm !== undefined) record.gradNorm = last.gradNorm;
    if (!full) lr *= opts.lrDecay;
    if (!paramsFinite(params)) {
      trainSeconds += (performance.now() - t0) / 1000;
      const dv = divergence(epoch, NaN, 'the weights became NaN or infinite', opts);
      return diverged(history, dv, trainSeconds, solver, evaluations);
    }
    if (early) {
      const accuracy = (run.validate as (p: Params) => number)(params);
      record.validationAccuracy = accuracy;
      if (best === null || accuracy > best.accuracy) {
        best = { epoch, accuracy, W: params.W.slice(), b: params.b.slice() };
      }
    }
    record.seconds = (performance.now() - t0) / 1000;
    trainSeconds += record.seconds;
    const previous = history.at(-1);
    run.afterEpoch?.(record, params);
    history.push(record);

    const stop = stopRule(record, previous, last.stalled === true, best?.epoch ?? null, opts);
    if (stop !== null) {
      stopReason = stop;
      break;
    }
  }

  if (best !== null && best.epoch !== history.length) {
    params.W.set(best.W);
    params.b.set(best.b);
  }
  objective.evaluate(params, { index: run.rows, start: 0, count: m }, grad);
  return {
    history,
    diverged: null,
    trainSeconds,
    solver: solver.name,
    stopReason,
    iterations: history.length,
    evaluations,
    finalObjective: grad.loss,
    gradNorm: gradNormInf(grad),
    bestEpoch: best?.epoch ?? null,
    bestValidationAccuracy: best?.accuracy ?? null,
  };
}

/**
 * The stopping rule that holds after this epoch, if any ('limit' is the loop's own). `tol` reads by what
 * the solver reports: a full-batch solver (record.gradNorm set) stops on the gradient, a mini-batch one on
 * the relative change of the epoch's objective. At the default 1e-4 the latter leaves the default recipe
 * alone: on Fashion-MNIST its smallest change in 15 epochs is 5e-4 (docs/tuning-log.txt).
 */
export function stopRule(
  record: EpochRecord,
  previous: EpochRecord | undefined,
  stalled: boolean,
  bestEpoch: number | null,
  opts: TrainOptions,
): StopReason | null {
  if (stalled) return 'converged';
  if (opts.tol > 0 && record.gradNorm !== undefined) {
    if (record.gradNorm <= opts.tol) return 'converged';
  } else if (
    opts.tol > 0 &&
    previous !== undefined &&
    relativeChange(previous.loss, record.loss) <= opts.tol
  ) {
    return 'tolerance';
  }
  if (bestEpoch !== null && record.epoch - bestEpoch >= opts.patience) return 'patience';
  return null;
}

/** |a − b| / max(|a|, |b|, 1), as scipy's L-BFGS-B measures a change of the objective. */
export function relativeChange(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1);
}

function diverged(
  history: EpochRecord[],
  dv: Divergence,
  trainSeconds: number,
  solver: Solver,
  evaluations: number,
): TrainResult {
  return {
    history,
    diverged: dv,
    trainSeconds,
    solver: solver.name,
    stopReason: 'diverged',
    iterations: history.length,
    evaluations,
    finalObjective: NaN,
    gradNorm: NaN,
    bestEpoch: null,
    bestValidationAccuracy: null,
  };
}

function divergence(epoch: number, loss: number, reason: string, opts: TrainOptions): Divergence {
  const smaller = Number((opts.learningRate / 10).toPrecision(2));
  return {
    epoch,
    loss,
    reason,
    hint: `try a smaller learning rate, e.g. --lr ${smaller}`,
  };
}

function paramsFinite(p: Params): boolean {
  for (let i = 0; i < p.W.length; i++) if (!Number.isFinite(p.W[i])) return false;
  for (let i = 0; i < p.b.length; i++) if (!Number.isFinite(p.b[i])) return false;
  return true;
}
