import type { ColumnMap } from '../data/preprocess.js';
import type { Backend } from '../kernels/backend.js';
import type { ByteRows, GradOut, Labels, Link, Params, RowSelection } from '../kernels/types.js';

/**
 * The training objective, in one place:
 *
 *   J(W, b) = (1/m) Σ_i loss(z_i, y_i) + ½λ‖W‖²,   z_i = W'ᵀ f_i + b  (f_i: row i's features),
 *
 * over the m selected rows, where loss is the softmax cross-entropy (or, for one-vs-rest, the sum of k
 * binary cross-entropies) written in kernels/link.ts, and the bias is not penalised. Shapes: W is d × k
 * row-major, b has k entries.
 *
 * Per-pixel standardisation f_j = s_j·x_j + t_j is folded into the parameters rather than the data, so
 * the kernels keep reading bytes: the backend sees W'_jk = s_j·W_jk and b'_k = b_k + Σ_j t_j·W_jk, and
 * the chain rule maps its gradient back: ∂J/∂W_jk = s_j·∂J/∂W'_jk + t_j·∂J/∂b'_k.
 */
export interface Objective {
  /** Sets grad.gW, grad.gb to ∇J and grad.loss to J at p; grad.correct counts right argmaxes. */
  evaluate(p: Params, rows: RowSelection, grad: GradOut): void;
}

export interface ObjectiveSpec {
  backend: Backend;
  data: ByteRows;
  labels: Labels;
  link: Link;
  weightDecay: number;
  columns: ColumnMap | null;
}

export function createObjective(spec: ObjectiveSpec): Objective {
  const { backend, data, labels, link, weightDecay: lambda, columns } = spec;
  let folded: { W: Float32Array; b: Float32Array } | null = null;

  return {
    evaluate(p: Params, rows: RowSelection, grad: GradOut): void {
      const { d, k } = p;
      let kernelParams: Params = p;
      if (columns !== null) {
        if (folded === null) folded = { W: new Float32Array(d * k), b: new Float32Array(k) };
        foldColumns(p, columns, folded.W, folded.b);
        kernelParams = { W: folded.W, b: folded.b, d, k };
      }
      backend.lossGrad(data, labels, rows, kernelParams, link, grad);
      const inv = 1 / rows.count;
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
