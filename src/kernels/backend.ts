import type { GradOut, Labels, Link, Params, RowSelection, RowWeights, Rows } from './types.js';

/**
 * A solver's update as data, for kernels that run it (model/solvers/sgd.ts and adam.ts say the
 * arithmetic). The state arrays are the solver's own and are updated in place; `t` is Adam's step count
 * before the epoch.
 */
export type UpdateRule =
  | {
      readonly kind: 'sgd';
      readonly lr: number;
      readonly momentum: number;
      readonly nesterov: boolean;
      readonly vW: Float32Array;
      readonly vb: Float32Array;
    }
  | {
      readonly kind: 'adam';
      readonly lr: number;
      readonly beta1: number;
      readonly beta2: number;
      readonly epsilon: number;
      readonly t: number;
      readonly mW: Float32Array;
      readonly vW: Float32Array;
      readonly mb: Float32Array;
      readonly vb: Float32Array;
    };

/**
 * One mini-batch epoch: the batches index[0 .. batch), index[batch .. 2·batch), ... of `count` rows
 * (index null: rows 0 .. count), each a step of model/objective.ts's objective (weighted mean data loss,
 * standardisation folded in through `columns`, ½λ‖W‖²) followed by `rule`'s update of params.W and
 * params.b in place. Per step, losses[s] gets J on the batch before the update and correct[s] the rows
 * whose argmax was right. After a step whose J is not finite or exceeds divergenceFactor × firstLoss
 * (firstLoss NaN: the first step's J), the epoch stops, as model/train.ts's loop does.
 */
export interface EpochJob {
  readonly data: Rows;
  readonly labels: Labels;
  readonly weights: RowWeights | null;
  readonly index: Int32Array | null;
  readonly count: number;
  readonly batch: number;
  readonly params: Params;
  readonly link: Link;
  readonly lambda: number;
  readonly columns: { readonly colScale: Float32Array; readonly colOffset: Float32Array } | null;
  readonly rule: UpdateRule;
  readonly divergenceFactor: number;
  readonly firstLoss: number;
  readonly losses: Float64Array;
  readonly correct: Float64Array;
}

/** What an epoch in the kernels did: its steps, Adam's step count after it, and the run's first J. */
export interface EpochDone {
  steps: number;
  t: number;
  firstLoss: number;
}

/**
 * The seam between the model and the numeric core. Every backend (plain TypeScript, WebAssembly, worker
 * threads) implements the same two operations over a batch of rows, either uint8 pixels with a per-row
 * map (ByteRows) or float32 features (FloatRows), and every backend is tested against the `js` reference.
 *
 * A backend may keep its own copy of a data set's rows and labels between calls, found again by the
 * arrays' identity: hand it new arrays rather than changing them in place. Weights are read afresh on
 * every call and may change between calls.
 */
export interface Backend {
  /** Name printed by every command, e.g. 'js', 'wasm', 'wasm×2'. */
  readonly name: string;

  /**
   * Data loss and its gradient for the selected rows, as SUMS over those rows (the caller divides by the
   * number of rows, or by the sum of the weights, and adds the penalty). With weights, row i counts
   * w_i times: out.loss = Σ w_i·loss_i, out.gW, out.gb = Σ w_i·∇loss_i; without (null or left out),
   * every w_i = 1, with no extra work. Overwrites out.gW (d × k) and out.gb (k), and sets out.loss and
   * out.correct (how many rows' highest score is their label, ties to the lower class; never weighted).
   */
  lossGrad(
    data: Rows,
    labels: Labels,
    rows: RowSelection,
    p: Params,
    link: Link,
    out: GradOut,
    weights?: RowWeights | null,
  ): void;

  /** Class probabilities for the selected rows, written row-major into out (count × k). */
  predictProba(data: Rows, rows: RowSelection, p: Params, link: Link, out: Float32Array): void;

  /**
   * Optional: a whole mini-batch epoch in the kernels (see EpochJob), no JavaScript between its steps.
   * Backends without it are driven step by step by the training loop, with the same results up to float
   * rounding of the gradient sums.
   */
  trainEpoch?(job: EpochJob): EpochDone;

  /** Releases threads or memory the backend holds. Safe to call more than once. */
  dispose(): void;
}
