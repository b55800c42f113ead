import type { Backend } from '../backend.js';
import { linkLossGradRow, linkProbaRow } from '../link.js';
import {
  isFloatRows,
  type GradOut,
  type Labels,
  type Link,
  type Params,
  type RowSelection,
  type RowWeights,
  type Rows,
} from '../types.js';

/**
 * The reference backend in plain TypeScript: the test oracle for every other backend, and the fallback
 * where WebAssembly is unavailable. Accumulates in float64; skips zero features (about half of
 * Fashion-MNIST's pixels), which is the main saving a scalar loop can make. Scratch buffers are allocated
 * once and grown only when d or k grow, so a training run allocates nothing per batch.
 *
 * Both kinds of rows go through the same loops: row r's features are f_j = a·x[r·d + j] + o, with
 * x the bytes and (a, o) the row's map for ByteRows, and x the values, a = 1, o = 0 for FloatRows.
 */
export function createJsBackend(): Backend {
  let acc = new Float64Array(0); // d × k gradient accumulator
  let z = new Float64Array(0); // k scores (then ∂loss/∂z) of one row
  let dz = new Float64Array(0);
  let colSum = new Float64Array(0); // Σ_j W[j, c], needed for the per-row offset
  let offGrad = new Float64Array(0); // Σ_i rowOffset[i]·∂z_i, added to every row of the gradient
  let gbAcc = new Float64Array(0);

  function ensure(d: number, k: number): void {
    if (acc.length < d * k) acc = new Float64Array(d * k);
    if (z.length < k) {
      z = new Float64Array(k);
      dz = new Float64Array(k);
      colSum = new Float64Array(k);
      offGrad = new Float64Array(k);
      gbAcc = new Float64Array(k);
    }
  }

  function prepareColSum(p: Params): void {
    const { W, d, k } = p;
    colSum.fill(0, 0, k);
    for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) colSum[c] += W[j * k + c];
  }

  /** z ← a·(x W) + o·colSum + b for the row of x starting at base. */
  function scores(x: Uint8Array | Float32Array, base: number, a: number, o: number, p: Params): void {
    const { W, b, d, k } = p;
    for (let c = 0; c < k; c++) z[c] = 0;
    for (let j = 0; j < d; j++) {
      const v = x[base + j];
      if (v === 0) continue;
      const w = j * k;
      for (let c = 0; c < k; c++) z[c] += v * W[w + c];
    }
    for (let c = 0; c < k; c++) z[c] = a * z[c] + o * colSum[c] + b[c];
  }

  return {
    name: 'js',

    lossGrad(
      data: Rows,
      labels: Labels,
      rows: RowSelection,
      p: Params,
      link: Link,
      out: GradOut,
      weights?: RowWeights | null,
    ): void {
      const { d, k } = p;
      ensure(d, k);
      prepareColSum(p);
      acc.fill(0, 0, d * k);
      offGrad.fill(0, 0, k);
      gbAcc.fill(0, 0, k);
      const float = isFloatRows(data);
      const x = float ? data.values : data.pixels;
      let loss = 0;
      let correct = 0;
      for (let t = 0; t < rows.count; t++) {
        const r = rows.index === null ? rows.start + t : rows.index[rows.start + t];
        const a = float ? 1 : data.rowScale[r];
        const o = float ? 0 : data.rowOffset[r];
        const base = r * d;
        scores(x, base, a, o, p);
        if (argmax(z, k) === labels[r]) correct++;
        const rowLoss = linkLossGradRow(link, z, 0, k, labels[r], dz);
        if (weights) {
          const w = weights[r];
          loss += w * rowLoss;
          for (let c = 0; c < k; c++) dz[c] *= w;
        } else {
          loss += rowLoss;
        }
        for (let c = 0; c < k; c++) {
          gbAcc[c] += dz[c];
          offGrad[c] += o * dz[c];
          dz[c] *= a;
        }
        for (let j = 0; j < d; j++) {
          const v = x[base + j];
          if (v === 0) continue;
          const w = j * k;
          for (let c = 0; c < k; c++) acc[w + c] += v * dz[c];
        }
      }
      const { gW, gb } = out;
      for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) gW[j * k + c] = acc[j * k + c] + offGrad[c];
      for (let c = 0; c < k; c++) gb[c] = gbAcc[c];
      out.loss = loss;
      out.correct = correct;
    },

    predictProba(data: Rows, rows: RowSelection, p: Params, link: Link, out: Float32Array): void {
      const { d, k } = p;
      ensure(d, k);
      prepareColSum(p);
      const float = isFloatRows(data);
      const x = float ? data.values : data.pixels;
      for (let t = 0; t < rows.count; t++) {
        const r = rows.index === null ? rows.start + t : rows.index[rows.start + t];
        scores(x, r * d, float ? 1 : data.rowScale[r], float ? 0 : data.rowOffset[r], p);
        linkProbaRow(link, z, 0, k, out, t * k);
      }
    },

    dispose(): void {},
  };
}

function argmax(z: Float64Array, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (z[c] > z[best]) best = c;
  return best;
}
