import type { Params } from '../kernels/types.js';
import { emptyGrad, type Objective } from './objective.js';
import { MomentumOptimizer } from './optimizer.js';
import type { ClassifierOptions } from './options.js';
import type { Rng } from './rng.js';

/** One epoch of a run. `loss` is the objective (mean data loss + penalty) averaged over the epoch's batches. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  /** Share of training rows whose argmax was right while the epoch ran (before each row's step). */
  trainAccuracy: number;
  /** On the evaluation set after the epoch, when one was given. */
  testAccuracy?: number;
  /** Mean cross-entropy on the evaluation set after the epoch (no penalty), when one was given. */
  testLoss?: number;
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

export interface TrainResult {
  history: EpochRecord[];
  diverged: Divergence | null;
  trainSeconds: number;
}

export type TrainOptions = Pick<
  ClassifierOptions,
  'learningRate' | 'momentum' | 'nesterov' | 'lrDecay' | 'epochs' | 'batchSize' | 'divergenceFactor'
>;

/**
 * Runs gradient descent on the objective, full-batch or with seeded mini-batches, decaying the learning
 * rate after each epoch. Stops at the first non-finite loss, or when a batch's loss exceeds
 * divergenceFactor × the first batch's loss, and reports it as data. `afterEpoch` may add to the record (e.g. a
 * test accuracy); its time is not counted as training.
 */
export function runTraining(
  objective: Objective,
  params: Params,
  n: number,
  opts: TrainOptions,
  rng: Rng,
  afterEpoch?: (record: EpochRecord, params: Params) => void,
): TrainResult {
  const { d, k } = params;
  const grad = emptyGrad(d, k);
  const optimizer = new MomentumOptimizer(d, k, opts.momentum, opts.nesterov);
  const batch = opts.batchSize === 'full' ? n : Math.min(opts.batchSize, n);
  const index = batch === n ? null : Int32Array.from({ length: n }, (_, i) => i);
  const history: EpochRecord[] = [];
  let lr = opts.learningRate;
  let firstLoss = NaN;
  let trainSeconds = 0;

  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const t0 = performance.now();
    if (index !== null) rng.shuffle(index);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += batch) {
      const count = Math.min(batch, n - start);
      objective.evaluate(params, { index, start, count }, grad);
      if (Number.isNaN(firstLoss)) firstLoss = grad.loss;
      // Checked at every step, so a run that blows up stops at once rather than at the end of an epoch.
      const reason = !Number.isFinite(grad.loss)
        ? `the loss became ${String(grad.loss)}`
        : grad.loss > opts.divergenceFactor * firstLoss
          ? `the loss grew from ${firstLoss.toPrecision(4)} to ${grad.loss.toPrecision(4)}`
          : null;
      if (reason !== null) {
        trainSeconds += (performance.now() - t0) / 1000;
        return { history, diverged: divergence(epoch, grad.loss, reason, opts), trainSeconds };
      }
      lossSum += grad.loss * count;
      correct += grad.correct;
      optimizer.step(params, grad.gW, grad.gb, lr);
    }
    const seconds = (performance.now() - t0) / 1000;
    trainSeconds += seconds;
    const loss = lossSum / n;
    const record: EpochRecord = { epoch, loss, trainAccuracy: correct / n, learningRate: lr, seconds };
    lr *= opts.lrDecay;
    if (!paramsFinite(params)) {
      return {
        history,
        diverged: divergence(epoch, NaN, 'the weights became NaN or infinite', opts),
        trainSeconds,
      };
    }
    afterEpoch?.(record, params);
    history.push(record);
  }
  return { history, diverged: null, trainSeconds };
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
