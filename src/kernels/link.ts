import type { Link } from './types.js';

/**
 * The softmax cross-entropy, and its one-vs-rest sibling, for ONE row of scores. This is the only place in
 * the TypeScript code where the loss is written; the WebAssembly kernel mirrors it and is tested against it.
 *
 * Given scores z[off .. off+k) and the true class y, writes ∂loss/∂z into d[off .. off+k) and returns the
 * row's loss. Both forms are numerically stable for scores of any size (tested with ±1000):
 * - softmax: loss = log Σ exp(z) − z_y computed as (m + log Σ exp(z − m)) − z_y with m = max z;
 *   ∂/∂z = softmax(z) − onehot(y).
 * - ovr: loss = Σ_c softplus(z_c) − [c = y]·z_c, with softplus(z) = max(z, 0) + log1p(exp(−|z|));
 *   ∂/∂z_c = σ(z_c) − [c = y].
 */
export function linkLossGradRow(
  link: Link,
  z: Float64Array,
  off: number,
  k: number,
  y: number,
  d: Float64Array,
): number {
  if (link === 'softmax') {
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (z[off + c] > m) m = z[off + c];
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[off + c] - m);
      d[off + c] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let c = 0; c < k; c++) d[off + c] *= inv;
    d[off + y] -= 1;
    return m + Math.log(s) - z[off + y];
  }
  let loss = 0;
  for (let c = 0; c < k; c++) {
    const v = z[off + c];
    const t = c === y ? 1 : 0;
    loss += Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) - t * v;
    d[off + c] = sigmoid(v) - t;
  }
  return loss;
}

/**
 * Probabilities for one row of scores, written into p[off .. off+k): the softmax, or for one-vs-rest the
 * k sigmoids normalised to sum to one (the "most probable neuron" keeps its rank).
 */
export function linkProbaRow(
  link: Link,
  z: Float64Array,
  off: number,
  k: number,
  p: Float32Array,
  pOff: number,
): void {
  let s = 0;
  if (link === 'softmax') {
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (z[off + c] > m) m = z[off + c];
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[off + c] - m);
      z[off + c] = e;
      s += e;
    }
  } else {
    for (let c = 0; c < k; c++) {
      const e = sigmoid(z[off + c]);
      z[off + c] = e;
      s += e;
    }
    // All sigmoids can underflow to 0 for extreme negative scores; fall back to uniform rather than NaN.
    if (s === 0) {
      for (let c = 0; c < k; c++) z[off + c] = 1;
      s = k;
    }
  }
  const inv = 1 / s;
  for (let c = 0; c < k; c++) p[pOff + c] = z[off + c] * inv;
}

function sigmoid(v: number): number {
  // Two branches so that exp never overflows.
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}
