import type { GradOut, Labels, Link, Params, RowSelection, RowWeights, Rows } from './types.js';

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

  /** Releases threads or memory the backend holds. Safe to call more than once. */
  dispose(): void;
}
