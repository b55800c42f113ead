import {
  channelsOf,
  featureCount,
  isFloatMatrix,
  type Features,
  type FloatMatrix,
} from '../data/features.js';
import {
  fitPreprocessing,
  toByteRows,
  type Preprocessing,
  type PreprocessState,
} from '../data/preprocess.js';
import { columnMeanStdFloat } from '../kernels/stats.js';
import type { Rows } from '../kernels/types.js';
import { InputError } from '../util/errors.js';
import { checkObject, checkWholeNumber } from './args.js';
import { checkImages } from './images.js';
import { MAX_FEATURES } from './limits.js';
import { describe } from './validate.js';

/**
 * The classifier's view of its input: byte images or a float matrix (data/features.ts). This file turns
 * either into the kernels' Rows under a fitted preprocessing, and checks it at the public boundary.
 */

/** The preprocessing float features get: standardize unless `given` (the user's own choice). */
export function preprocessingFor(
  X: Features,
  given: Preprocessing,
  explicit: boolean,
  label: string,
): Preprocessing {
  if (!isFloatMatrix(X)) return given;
  if (!explicit) return 'standardize';
  if (given !== 'standardize') {
    throw new InputError(
      `${label}: ${given} is for image bytes (${given === 'scale' ? 'x/255' : 'per-image min-max'}); real-valued features take standardize`,
    );
  }
  return given;
}

/** Learns the preprocessing's statistics from the training rows (standardize only learns anything). */
export function fitPreprocessingOf(kind: Preprocessing, X: Features): PreprocessState {
  if (!isFloatMatrix(X)) return fitPreprocessing(kind, X.pixels, X.n, featureCount(X));
  const mean = new Float64Array(X.d);
  const std = new Float64Array(X.d);
  columnMeanStdFloat(X.values, X.n, X.d, mean, std);
  return { kind, mean: Array.from(mean), std: Array.from(std) };
}

/**
 * What the kernels read for these rows: bytes with the per-row map of scale / minmax, or the float values
 * as they are (standardisation is folded into the parameters for both kinds, see objective.ts).
 */
export function toRows(state: PreprocessState, X: Features): Rows {
  if (isFloatMatrix(X)) return { kind: 'float', values: X.values, n: X.n, d: X.d };
  return toByteRows(state, X.pixels, X.n, featureCount(X));
}

/** The public boundary's check of a Features argument: images (checkImages) or a float matrix. */
export function checkFeatures(X: unknown, name: string): asserts X is Features {
  checkObject(X, name);
  const x = X as Record<string, unknown>;
  if (!('values' in x)) {
    checkImages(X, name);
    const c = (X as { channels?: unknown }).channels;
    if (c !== undefined && c !== 1 && c !== 3) {
      throw new InputError(`${name}.channels: must be 1 or 3, got ${describe(c)}`);
    }
    if (
      (X as { pixels: Uint8Array }).pixels.length !==
      featureCount(X as Features) * (X as { n: number }).n
    ) {
      throw new InputError(
        `${name}: pixels hold ${(X as { pixels: Uint8Array }).pixels.length} bytes, expected n·height·width·channels`,
      );
    }
    return;
  }
  if (!(x.values instanceof Float32Array)) {
    throw new InputError(`${name}.values: must be a Float32Array, got ${describe(x.values)}`);
  }
  const n = checkWholeNumber(x.n, `${name}.n`, 1, Number.MAX_SAFE_INTEGER);
  const d = checkWholeNumber(x.d, `${name}.d`, 1, MAX_FEATURES);
  const values = x.values;
  if (values.length !== n * d) {
    throw new InputError(`${name}: values hold ${values.length} numbers, expected n·d = ${n}·${d}`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new InputError(
        `${name}: row ${Math.floor(i / d)}, column ${i % d}: ${values[i]} is not a finite number`,
      );
    }
  }
  const names = (X as FloatMatrix).featureNames;
  if (
    names !== undefined &&
    (!Array.isArray(names) || names.length !== d || names.some((s) => typeof s !== 'string'))
  ) {
    throw new InputError(`${name}.featureNames: must be ${d} strings, got ${describe(names)}`);
  }
}

export { channelsOf };
