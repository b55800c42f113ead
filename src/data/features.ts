import { InputError } from '../util/errors.js';

/**
 * What a model reads, one row per sample. Two kinds, because they are stored differently and the kernels
 * read both without conversion:
 * - images as unsigned bytes (n × height·width·channels, row-major, a colour pixel's three bytes side by
 *   side: r, g, b), the fast pixel path;
 * - real-valued features as float32 (n × d, row-major), e.g. the numeric columns of a CSV table.
 */
export interface ByteImages {
  readonly pixels: Uint8Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
  /** 1 (grey, the default when left out) or 3 (red, green, blue). */
  readonly channels?: number;
}

export interface FloatMatrix {
  readonly values: Float32Array;
  readonly n: number;
  readonly d: number;
  /** One name per column (a CSV header), for messages and the report's weight charts. */
  readonly featureNames?: readonly string[];
}

export type Features = ByteImages | FloatMatrix;

export function isFloatMatrix(X: Features): X is FloatMatrix {
  return (X as FloatMatrix).values instanceof Float32Array;
}

export function channelsOf(X: ByteImages): number {
  return X.channels ?? 1;
}

/** Features per row: height·width·channels for images, d for a matrix. */
export function featureCount(X: Features): number {
  return isFloatMatrix(X) ? X.d : X.height * X.width * channelsOf(X);
}

/** Rows [from, to) as a view, without copying. */
export function sliceRows<T extends Features>(X: T, from: number, to: number): T {
  const d = featureCount(X);
  if (isFloatMatrix(X)) return { ...X, n: to - from, values: X.values.subarray(from * d, to * d) };
  return { ...X, n: to - from, pixels: (X as ByteImages).pixels.subarray(from * d, to * d) };
}

/** The given rows, in the given order, as a copy. */
export function selectRows<T extends Features>(X: T, rows: ArrayLike<number>): T {
  const d = featureCount(X);
  const src = isFloatMatrix(X) ? X.values : (X as ByteImages).pixels;
  const out = isFloatMatrix(X) ? new Float32Array(rows.length * d) : new Uint8Array(rows.length * d);
  for (let t = 0; t < rows.length; t++) out.set(src.subarray(rows[t] * d, rows[t] * d + d), t * d);
  if (isFloatMatrix(X)) return { ...X, n: rows.length, values: out as Float32Array };
  return { ...X, n: rows.length, pixels: out as Uint8Array };
}

/** What a model takes: images of one size and channel count, or a table of named columns. */
export type InputShape =
  | { readonly kind: 'images'; readonly height: number; readonly width: number; readonly channels: number }
  | { readonly kind: 'table'; readonly featureNames: readonly string[] };

export function shapeOf(X: Features): InputShape {
  if (isFloatMatrix(X)) {
    return {
      kind: 'table',
      featureNames: X.featureNames ? [...X.featureNames] : Array.from({ length: X.d }, (_, j) => `x${j}`),
    };
  }
  return { kind: 'images', height: X.height, width: X.width, channels: channelsOf(X) };
}

/** "28×28 grey images", "32×32 colour images", "a table of 4 numeric columns". */
export function describeShape(s: InputShape): string {
  if (s.kind === 'table') return `a table of ${s.featureNames.length} numeric column${s.featureNames.length === 1 ? '' : 's'}`;
  return `${s.height}×${s.width} ${s.channels === 3 ? 'colour' : 'grey'} images`;
}

/** Refuses data of another shape than the model's, in one line naming both. */
export function checkSameShape(data: InputShape, model: InputShape, what = 'the data'): void {
  const same =
    data.kind === model.kind &&
    (data.kind === 'table'
      ? data.featureNames.length === (model as typeof data).featureNames.length
      : data.height === (model as typeof data).height &&
        data.width === (model as typeof data).width &&
        data.channels === (model as typeof data).channels);
  if (!same && data.kind === 'images' && model.kind === 'images') {
    const tone = (c: number): string => (data.channels === model.channels ? '' : c === 3 ? ' colour' : ' grey');
    throw new InputError(
      `${what}: images are ${data.height}×${data.width}${tone(data.channels)} but the model was trained on ${model.height}×${model.width}${tone(model.channels)} images`,
    );
  }
  if (!same) {
    throw new InputError(
      `${what}: ${describeShape(data)}, but the model was trained on ${describeShape(model)}`,
    );
  }
}
