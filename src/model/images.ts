import { columnMap } from '../data/preprocess.js';
import type { Backend } from '../kernels/backend.js';
import type { ByteRows, Link, Params } from '../kernels/types.js';
import { InputError } from '../util/errors.js';
import { foldColumns } from './objective.js';

/** Images as bytes: n rows of height·width pixels, row-major. */
export interface Images {
  readonly pixels: Uint8Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
}

/** Probabilities of all `rows` under `params`, with a standardisation's column map folded in. */
export function predictInto(
  backend: Backend,
  rows: ByteRows,
  params: Params,
  columns: ReturnType<typeof columnMap>,
  link: Link,
  out: Float32Array,
): void {
  let p = params;
  if (columns !== null) {
    const W = new Float32Array(params.W.length);
    const b = new Float32Array(params.k);
    foldColumns(params, columns, W, b);
    p = { W, b, d: params.d, k: params.k };
  }
  backend.predictProba(rows, { index: null, start: 0, count: rows.n }, p, link, out);
}

export function checkImages(X: Images, name: string): void {
  if (!(X.pixels instanceof Uint8Array)) throw new InputError(`${name}.pixels: must be a Uint8Array`);
  if (!Number.isInteger(X.n) || X.n < 1)
    throw new InputError(`${name}.n: must be a positive whole number, got ${X.n}`);
  if (X.pixels.length !== X.n * X.height * X.width) {
    throw new InputError(
      `${name}: pixels hold ${X.pixels.length} bytes, expected n·height·width = ${X.n}·${X.height}·${X.width}`,
    );
  }
}

export function checkImagesLike(X: Images, ref: Images, name: string): void {
  checkImages(X, name);
  if (X.height !== ref.height || X.width !== ref.width) {
    throw new InputError(
      `${name}: images are ${X.height}×${X.width}, training images ${ref.height}×${ref.width}`,
    );
  }
}
