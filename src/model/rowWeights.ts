import type { RowWeights } from '../kernels/types.js';
import { InputError } from '../util/errors.js';
import type { ClassifierOptions } from './options.js';
import { describe } from './validate.js';

/**
 * Class and sample weights become one weight per row, w_i = classWeight[y_i] · sampleWeight_i, which the
 * objective uses as a weighted mean (objective.ts). 'balanced' gives class c the weight n / (k · n_c),
 * as scikit-learn does (a class with no rows gets 0, which no row uses).
 */
export function classWeights(
  cw: ClassifierOptions['classWeight'],
  labels: Uint8Array,
  k: number,
  name: string,
): Float64Array | null {
  if (cw === 'none') return null;
  if (cw === 'balanced') {
    const counts = new Float64Array(k);
    for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
    return counts.map((c) => (c > 0 ? labels.length / (k * c) : 0));
  }
  if (cw.length !== k) {
    throw new InputError(`${name}: gives ${cw.length} weights, but there are ${k} classes`);
  }
  return Float64Array.from(cw);
}

/** A sampleWeight argument as float32 row weights: n finite values ≥ 0, not all zero. */
export function checkSampleWeight(v: unknown, n: number, name = 'sampleWeight'): Float32Array {
  if (!(Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)))) {
    throw new InputError(`${name}: must be an array of numbers, got ${describe(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  if (a.length !== n) throw new InputError(`${name}: holds ${a.length} weights but X holds ${n} images`);
  const out = new Float32Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    const w = a[i];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new InputError(`${name}[${i}]: a weight must be a finite number ≥ 0, got ${describe(w)}`);
    }
    out[i] = w;
    if (out[i] > 0) any = true;
  }
  if (!any) throw new InputError(`${name}: every weight is 0`);
  return out;
}

/** w_i = classWeight[y_i] · sampleWeight_i, or null when both are absent (every w_i = 1). */
export function rowWeights(
  perClass: Float64Array | null,
  sample: Float32Array | null,
  labels: Uint8Array,
): RowWeights | null {
  if (perClass === null) return sample;
  const w = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) w[i] = perClass[labels[i]] * (sample === null ? 1 : sample[i]);
  return w;
}
