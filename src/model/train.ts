import type { Batch, BatchSource } from '../data/batchSource.js';
import type { GradOut, Params } from '../kernels/types.js';
import { canFuse, fusedSteps, runFusedEpoch, type FusedObjective } from './solvers/fusedEpoch.js';
import { emptyGrad, gradNormInf, type Objective } from './objective.js';
import type { ClassifierOptions } from './options.js';
import type { Rng } from './rng.js';
import type { Solver, StepReport } from './solvers/solver.js';

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

/** How far an epoch of a mini-batch solver has got: its rows so far, and their mean loss and accuracy. */
export interface StepProgress {
  epoch: number;
  /** Training rows stepped over so far in this epoch, of `of`. */
  rows: number;
  of: number;
  /** Mean loss and accuracy of those rows' batches, as the epoch's record will average them. */
  loss: number;
  trainAccuracy: number;
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
  /** The training rows, in batches: in memory (memoryBatches) or read from disk (node/streamSource.ts). */
  source: BatchSource;
  /** Shuffle the rows before every epoch (mini-batch solvers); default true. False: the data's order. */
  shuffle?: boolean;
  solver: Solver;
  options: TrainOptions;
  rng: Rng;
  /** Accuracy on held-out rows (0..1), called after every epoch when options.earlyStopping. */
  validate?: (params: Params) => number;
  /** May add to the record (e.g. a test accuracy); its time is not counted as training. */
  afterEpoch?: (record: EpochRecord, params: Params) => void;
  /**
   * After every step of a mini-batch epoch (not for full batches), e.g. to show progress within long
   * epochs or to pause between steps; its time is not counted as training.
   */
  afterStep?: (progress: StepProgress) => void;
  /**
   * The objective's spec, when the source holds its rows in memory: a backend that runs whole epochs
   * (Backend.trainEpoch: the native kernels) then takes each mini-batch epoch in one call, with the
   * solver's update inside, instead of one step per batch from here. Same results to float rounding.
   */
  fused?: FusedObjective;
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
  const { source } = run;
  const m = source.count;
  const full = solver.batching === 'full';
  const batch = full || opts.batchSize === 'full' ? m : Math.min(opts.batchSize, m);
  // Shuffled per epoch for mini-batches; the training rows as they are for full batches.
  const shuffler = batch !== m && run.shuffle !== false ? rng : null;
  const limit = full ? opts.maxIter : opts.epochs;
  const history: EpochRecord[] = [];
  const early = opts.earlyStopping && run.validate !== undefined;
  let best: { epoch: number; accuracy: number; W: Float32Array; b: Float32Array } | null = null;
  let lr = opts.learningRate;
  let firstLoss = NaN;
  let trainSeconds = 0;
  let evaluations = 0;
  let stopReason: StopReason = 'limit';
  const fuse = !full && batch < m && run.fused && canFuse(run.fused, solver) ? run.fused : null;
  const stepOut = fusedSteps(m, batch);
  const reports: { count: number; report: StepReport }[] = [];

  for (let epoch = 1; epoch <= limit; epoch++) {
    const t0 = performance.now();
    source.begin(batch, shuffler);
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let outside = 0; // ms spent in afterStep, left out of the epoch's time
    let last = null;
    // Native kernels: the whole epoch in one call, then its steps' reports; else one step per batch.
    const taken = fuse ? takePass(source, fuse, batch) : null;
    const inKernels = taken?.index ?? null;
    if (fuse && inKernels) {
      const done = runFusedEpoch(
        fuse,
        solver,
        params,
        inKernels,
        m,
        batch,
        lr,
        opts.divergenceFactor,
        firstLoss,
        stepOut,
      );
      fusedReports(done.steps, m, batch, stepOut, lr, reports);
      reports.length = done.steps;
    }
    let queued = 0;
    const nextBatch = (): Batch | null => (taken ? (taken.batches[queued++] ?? null) : source.next());
    for (let s = 0, b = inKernels ? null : nextBatch(); inKernels ? s < reports.length : b !== null; s++) {
      let count: number;
      if (inKernels) {
        count = reports[s].count;
        last = reports[s].report;
      } else {
        const { rows, data, labels } = b as Batch;
        count = rows.count;
        const on = { data, labels };
        last = solver.step(params, (p, g) => objective.evaluate(p, rows, g, on), grad, lr);
        b = nextBatch();
      }
      evaluations += last.evaluations;
      if (Number.isNaN(firstLoss)) firstLoss = last.loss;
      const reason = !Number.isFinite(last.loss)
        ? `the loss became ${String(last.loss)}`
        : last.loss > opts.divergenceFactor * firstLoss
          ? `the loss grew from ${firstLoss.toPrecision(4)} to ${last.loss.toPrecision(4)}`
          : null;
      if (reason !== null) {
        trainSeconds += (performance.now() - t0 - outside) / 1000;
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
      seen += count;
      if (run.afterStep && batch < m) {
        const c0 = performance.now();
        run.afterStep({ epoch, rows: seen, of: m, loss: lossSum / seen, trainAccuracy: correct / seen });
        outside += performance.now() - c0;
      }
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
      trainSeconds += (performance.now() - t0 - outside) / 1000;
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
    record.seconds = (performance.now() - t0 - outside) / 1000;
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
  evaluateAll(objective, source, params, grad);
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
 * J and ∇J on every row of the source at `params`, into grad: one evaluation when the source gives all its
 * rows as one batch (memory); otherwise the mean of the batches' J and ∇J weighted by their row counts,
 * which is J and ∇J over all rows (each batch's J is its mean data term plus the same penalty).
 */
export function evaluateAll(objective: Objective, source: BatchSource, params: Params, grad: GradOut): void {
  source.begin(source.count, null);
  const first = source.next();
  if (first === null) return;
  objective.evaluate(params, first.rows, grad, first);
  if (first.rows.count === source.count) return;
  const gW = Float64Array.from(grad.gW, (v) => v * first.rows.count);
  const gb = Float64Array.from(grad.gb, (v) => v * first.rows.count);
  let loss = grad.loss * first.rows.count;
  let correct = grad.correct;
  for (let b = source.next(); b !== null; b = source.next()) {
    const c = b.rows.count;
    objective.evaluate(params, b.rows, grad, b);
    for (let i = 0; i < gW.length; i++) gW[i] += c * grad.gW[i];
    for (let i = 0; i < gb.length; i++) gb[i] += c * grad.gb[i];
    loss += c * grad.loss;
    correct += grad.correct;
  }
  const m = source.count;
  for (let i = 0; i < gW.length; i++) grad.gW[i] = gW[i] / m;
  for (let i = 0; i < gb.length; i++) grad.gb[i] = gb[i] / m;
  grad.loss = loss / m;
  grad.correct = correct;
}

/**
 * Takes a pass's batches from a source that holds its rows in memory (taking them costs nothing there).
 * `index`: the pass's whole selection index[0 .. m) when every batch is the next `batch` rows of one index
 * over the fused objective's data, as memoryBatches gives them; else null, and the batches are trained
 * one by one.
 */
function takePass(
  source: BatchSource,
  fuse: FusedObjective,
  batch: number,
): { batches: Batch[]; index: Int32Array | null } {
  const batches: Batch[] = [];
  for (let b = source.next(); b !== null; b = source.next()) batches.push(b);
  const first = batches[0]?.rows;
  const index = first?.index ?? null;
  let at = first?.start ?? 0;
  let ok = index !== null;
  for (const [i, b] of batches.entries()) {
    ok &&= b.data === fuse.data && b.labels === fuse.labels && b.rows.index === index && b.rows.start === at;
    ok &&= b.rows.count === batch || i === batches.length - 1;
    at += b.rows.count;
  }
  ok &&= first !== undefined && at - first.start === source.count;
  return { batches, index: ok && index !== null && first ? index.subarray(first.start, at) : null };
}

/** The loop's view of the steps an epoch in the kernels took: each batch's J, correct rows and size. */
function fusedReports(
  steps: number,
  m: number,
  batch: number,
  out: { losses: Float64Array; correct: Float64Array },
  lr: number,
  reports: { count: number; report: StepReport }[],
): void {
  for (let s = 0; s < steps; s++) {
    const report = { loss: out.losses[s], correct: out.correct[s], evaluations: 1, stepSize: lr };
    reports[s] = { count: Math.min(batch, m - s * batch), report };
  }
}

/**
 * The stopping rule that holds after this epoch, if any ('limit' is the loop's own). `tol` reads by what
 * the solver reports: a full-batch solver (record.gradNorm set) stops on the gradient, a mini-batch one on
 * the relative change of the epoch's objective. At the default 1e-4 the latter leaves the default recipe
 * alone: on Fashion-MNIST its smallest change in 15 epochs is 5e-4; on other seeds or on the 50,000-image
 * validation split it can fall to 1e-4 near the end and stop an epoch early (docs/tuning-log.txt).
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
