/**
 * The numeric core's data types. Kernels see only these typed views; nothing here knows about files,
 * options or the command line.
 */

/**
 * Images as unsigned bytes, one row per image (n × d, row-major), with a per-row affine map that turns a
 * raw byte x into the feature the model sees: f = rowScale[i]·x + rowOffset[i]. That map is how
 * preprocessing (x/255, per-image min-max) is folded into the kernels without a float copy of the data.
 * Per-pixel standardisation is folded into the parameters instead (see model/objective.ts).
 *
 * `kind` may be left out (objects built before FloatRows existed have none): a Rows value without
 * kind 'float' is byte rows.
 */
export interface ByteRows {
  readonly kind?: 'bytes';
  readonly pixels: Uint8Array;
  readonly n: number;
  readonly d: number;
  readonly rowScale: Float32Array;
  readonly rowOffset: Float32Array;
}

/**
 * Real-valued features, one row per sample (n × d, row-major float32), exactly as the model sees them:
 * no per-row map (any scaling is applied to the values, or folded into the parameters, beforehand).
 */
export interface FloatRows {
  readonly kind: 'float';
  readonly values: Float32Array;
  readonly n: number;
  readonly d: number;
}

/** What the kernels read: bytes with a per-row map, or float32 features. Narrow with isFloatRows. */
export type Rows = ByteRows | FloatRows;

export function isFloatRows(rows: Rows): rows is FloatRows {
  return rows.kind === 'float';
}

/** Class labels 0..k-1, one per row of the matching Rows. */
export type Labels = Uint8Array;

/** Linear model parameters: W is d × k row-major (W[j*k + c]), b has k entries. */
export interface Params {
  readonly W: Float32Array;
  readonly b: Float32Array;
  readonly d: number;
  readonly k: number;
}

/**
 * How scores become probabilities and a loss:
 * - 'softmax': p = softmax(z), loss = −log p[y] (multinomial cross-entropy);
 * - 'ovr': one-vs-rest, p_c = σ(z_c), loss = Σ_c BCE(p_c, [y = c]).
 */
export type Link = 'softmax' | 'ovr';

/**
 * Rows of a batch: either the contiguous range [start, start + count) of the data, or, when `index` is
 * given, the rows index[start .. start + count) (a shuffled mini-batch without copying pixels).
 */
export interface RowSelection {
  readonly index: Int32Array | null;
  readonly start: number;
  readonly count: number;
}

/**
 * Per-row weights w_i ≥ 0, one per row of the data (length ≥ n), indexed by the ORIGINAL row number, so
 * that a shuffled selection picks up each row's own weight. Class weights become w_i = classWeight[y_i].
 */
export type RowWeights = Float32Array;

/**
 * What Backend.lossGrad writes: gradient sums and the batch's summed loss (both weighted when weights are
 * given) and its count of correct rows (never weighted).
 */
export interface GradOut {
  readonly gW: Float32Array;
  readonly gb: Float32Array;
  loss: number;
  correct: number;
}
