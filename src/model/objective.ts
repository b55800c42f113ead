import type { ColumnMap } from '../data/preprocess.js';
import type { Backend } from '../kernels/backend.js';
import type { GradOut, Labels, Link, Params, RowSelection, RowWeights, Rows } from '../kernels/types.js';

/**
 * The training objective, in one place:
 *
 *   J(W, b) = (1/m) Σ_i loss(z_i, y_i) + ½λ‖W‖²,   z_i = W'ᵀ f_i + b  (f_i: row i's features),
 *
 * over the m selected rows, where loss is the softmax cross-entropy (or, for one-vs-rest, the sum of k
 * binary cross-entropies) written in kernels/link.ts, and the bias is not penalised. Shapes: W is d × k
 * row-major, b has k entries.
 *
 * With per-row weights w_i ≥ 0 (class weight of y_i × sample weight i, see rowWeights.ts), the data term
 * is their weighted mean over the selected rows S, as scikit-learn's sample_weight:
 *
 *   J(W, b) = Σ_{i∈S} w_i·loss(z_i, y_i) / Σ_{i∈S} w_i + ½λ‖W‖²,
 *
 * so weights all equal to one give exactly the unweighted J, and scaling every weight leaves J unchanged.
 * The data loss is summed in float64 by every backend and the penalty here in float64, so J is good to
 * far better than 1e-5 even though W, b and the gradient are float32.
 *
 * Per-pixel standardisation f_j = s_j·x_j + t_j is folded into the parameters rather than the data, so
 * the kernels keep reading bytes: the backend sees W'_jk = s_j·W_jk and b'_k = b_k + Σ_j t_j·W_jk, and
 * the chain rule maps its gradient back: ∂J/∂W_jk = s_j·∂J/∂W'_jk + t_j·∂J/∂b'_k.
 */
export interface Objective {
  /**
   * Sets grad.gW, grad.gb to ∇J and grad.loss to J at p; grad.correct counts right argmaxes. `on` reads
   * the rows from other data than the spec's (a block read from disk: data/batchSource.ts); row weights
   * then are all ones.
   */
  evaluate(p: Params, rows: RowSelection, grad: GradOut, on?: { data: Rows; labels: Labels }): void;
}

export interface ObjectiveSpec {
  backend: Backend;
  data: Rows;
  labels: Labels;
  link: Link;
  weightDecay: number;
  columns: ColumnMap | null;
  /** Per-row weights indexed by original row number (length ≥ n), or null/absent for all ones. */
  weights?: RowWeights | null;
}

export function createObjective(spec: ObjectiveSpec): Objective {
  const { backend, data, labels, link, weightDecay: lambda, columns } = spec;
  const specWeights = spec.weights ?? null;
  let folded: { W: Float32Array; b: Float32Array } | null = null;

  return {
    evaluate(p: Params, rows: RowSelection, grad: GradOut, on?: { data: Rows; labels: Labels }): void {
      const { d, k } = p;
      const src = on ?? { data, labels };
      const weights = src.data === data ? specWeights : null;
      let kernelParams: Params = p;
      if (columns !== null) {
        if (folded === null) folded = { W: new Float32Array(d * k), b: new Float32Array(k) };
        foldColumns(p, columns, folded.W, folded.b);
        kernelParams = { W: folded.W, b: folded.b, d, k };
      }
      backend.lossGrad(src.data, src.labels, rows, kernelParams, link, grad, weights);
      // A mini-batch whose rows all weigh 0 adds no data term (its gradient is the penalty's alone).
      const total = weights === null ? rows.count : weightSum(weights, rows);
      const inv = total > 0 ? 1 / total : 0;
      const { gW, gb } = grad;
      for (let c = 0; c < k; c++) gb[c] *= inv;
      if (columns !== null) {
        const { colScale, colOffset } = columns;
        for (let j = 0; j < d; j++) {
          const s = colScale[j] * inv;
          const t = colOffset[j];
          for (let c = 0; c < k; c++) gW[j * k + c] = s * gW[j * k + c] + t * gb[c];
        }
      } else {
        for (let i = 0; i < d * k; i++) gW[i] *= inv;
      }
      let penalty = 0;
      if (lambda !== 0) {
        const W = p.W;
        for (let i = 0; i < d * k; i++) {
          penalty += W[i] * W[i];
          gW[i] += lambda * W[i];
        }
      }
      grad.loss = grad.loss * inv + 0.5 * lambda * penalty;
    },
  };
}

/** W' = diag(s)·W, b' = b + Wᵀt: the parameters as seen by kernels that read unstandardised rows. */
export function foldColumns(p: Params, columns: ColumnMap, W: Float32Array, b: Float32Array): void {
  const { d, k } = p;
  const { colScale, colOffset } = columns;
  for (let j = 0; j < d; j++) {
    const s = colScale[j];
    for (let c = 0; c < k; c++) W[j * k + c] = s * p.W[j * k + c];
  }
  for (let c = 0; c < k; c++) {
    let acc = p.b[c]; // float64 accumulation over d terms
    for (let j = 0; j < d; j++) acc += colOffset[j] * p.W[j * k + c];
    b[c] = acc;
  }
}

export function emptyGrad(d: number, k: number): GradOut {
  return { gW: new Float32Array(d * k), gb: new Float32Array(k), loss: 0, correct: 0 };
}

/** Σ w_i over the selected rows, in float64 (the normaliser of a weighted batch). */
export function weightSum(weights: RowWeights, rows: RowSelection): number {
  let s = 0;
  const { index, start, count } = rows;
  if (index === null) for (let t = start; t < start + count; t++) s += weights[t];
  else for (let t = start; t < start + count; t++) s += weights[index[t]];
  return s;
}

/** The largest |component| of the gradient (W and b): the ∞-norm that scipy and torch test for convergence. */
export function gradNormInf(grad: GradOut): number {
  let m = 0;
  for (let i = 0; i < grad.gW.length; i++) m = Math.max(m, Math.abs(grad.gW[i]));
  for (let i = 0; i < grad.gb.length; i++) m = Math.max(m, Math.abs(grad.gb[i]));
  return m;
}
