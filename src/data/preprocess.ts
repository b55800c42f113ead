import { columnMeanStd, rowMinMaxAffine } from '../kernels/stats.js';
import type { ByteRows } from '../kernels/types.js';

/**
 * How raw bytes become features:
 * - 'scale': x / 255 (the default);
 * - 'minmax': each image scaled to [0, 1] by its own minimum and maximum (the original write-up);
 * - 'standardize': per pixel, (x − mean) / deviation, with statistics from the training set only.
 */
export type Preprocessing = 'scale' | 'minmax' | 'standardize';
export const PREPROCESSINGS: readonly Preprocessing[] = ['scale', 'minmax', 'standardize'];

/** What fitting a preprocessing learned from the training set (only standardize learns anything). */
export interface PreprocessState {
  readonly kind: Preprocessing;
  /** Per-pixel mean and deviation of raw bytes (standardize only). */
  readonly mean?: number[];
  readonly std?: number[];
}

/**
 * A per-column affine map applied after the per-row one: f = colScale[j]·(row feature) + colOffset[j].
 * It is folded into the parameters (model/featureMap.ts) rather than into the data.
 */
export interface ColumnMap {
  readonly colScale: Float32Array;
  readonly colOffset: Float32Array;
}

/** Deviations below this count as a constant pixel, whose feature is then 0 rather than ±∞. */
const MIN_STD = 1e-6;

export function fitPreprocessing(kind: Preprocessing, pixels: Uint8Array, n: number, d: number): PreprocessState {
  if (kind !== 'standardize') return { kind };
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  columnMeanStd(pixels, n, d, mean, std);
  return { kind, mean: Array.from(mean), std: Array.from(std) };
}

/** The byte rows, with their per-row affine map, that the kernels read for these images. */
export function toByteRows(state: PreprocessState, pixels: Uint8Array, n: number, d: number): ByteRows {
  const rowScale = new Float32Array(n);
  const rowOffset = new Float32Array(n);
  if (state.kind === 'minmax') {
    rowMinMaxAffine(pixels, n, d, rowScale, rowOffset);
  } else {
    rowScale.fill(state.kind === 'scale' ? 1 / 255 : 1);
  }
  return { pixels, n, d, rowScale, rowOffset };
}

/** The per-column map for standardize; null for the others. */
export function columnMap(state: PreprocessState): ColumnMap | null {
  if (state.kind !== 'standardize' || !state.mean || !state.std) return null;
  const d = state.mean.length;
  const colScale = new Float32Array(d);
  const colOffset = new Float32Array(d);
  for (let j = 0; j < d; j++) {
    const s = state.std[j] > MIN_STD ? 1 / state.std[j] : 0;
    colScale[j] = s;
    colOffset[j] = -state.mean[j] * s;
  }
  return { colScale, colOffset };
}
