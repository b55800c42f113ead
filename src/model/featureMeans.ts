import type { PreprocessState } from '../data/preprocess.js';
import { columnMeanStd } from '../kernels/stats.js';
import { isFloatRows, type Rows } from '../kernels/types.js';

/**
 * The mean of each feature over the training rows, μ_j = mean_i(a_i·x_ij + o_i) for bytes, which L-BFGS uses to
 * centre its variables (solvers/lbfgs.ts). Only a preconditioner: any μ gives the same optimum, so for
 * per-image min-max (a_i, o_i vary) the product of means stands in for the mean of products. Null for
 * standardize, whose features are centred already.
 */
export function featureMeans(state: PreprocessState, rows: Rows): Float64Array | null {
  // Float features are always standardized (model/features.ts): centred already.
  if (state.kind === 'standardize' || isFloatRows(rows)) return null;
  const { pixels, n, d } = rows;
  const mean = new Float64Array(d);
  columnMeanStd(pixels, n, d, mean, new Float64Array(d));
  let a = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    a += rows.rowScale[i];
    o += rows.rowOffset[i];
  }
  a /= n;
  o /= n;
  for (let j = 0; j < d; j++) mean[j] = a * mean[j] + o;
  return mean;
}
