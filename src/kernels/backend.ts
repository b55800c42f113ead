import type { ByteRows, GradOut, Labels, Link, Params, RowSelection } from './types.js';

/**
 * The seam between the model and the numeric core. Every backend (plain TypeScript, WebAssembly, worker
 * threads) implements the same two operations over a batch of uint8 rows, and every backend is tested
 * against the `js` reference.
 */
export interface Backend {
  /** Name printed by every command, e.g. 'js', 'wasm', 'wasm×2'. */
  readonly name: string;

  /**
   * Data loss and its gradient for the selected rows, as SUMS over those rows (the caller divides by the
   * number of rows and adds the penalty). Overwrites out.gW (d × k) and out.gb (k), and sets out.loss (the
   * summed loss) and out.correct (how many rows' highest score is their label, ties to the lower class).
   */
  lossGrad(data: ByteRows, labels: Labels, rows: RowSelection, p: Params, link: Link, out: GradOut): void;

  /** Class probabilities for the selected rows, written row-major into out (count × k). */
  predictProba(data: ByteRows, rows: RowSelection, p: Params, link: Link, out: Float32Array): void;

  /** Releases threads or memory the backend holds. Safe to call more than once. */
  dispose(): void;
}
