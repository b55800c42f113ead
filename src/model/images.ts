import { columnMap } from '../data/preprocess.js';
import type { Backend } from '../kernels/backend.js';
import type { Link, Params, RowSelection, Rows } from '../kernels/types.js';
import { InputError } from '../util/errors.js';
import { checkImageSize, checkObject, checkWholeNumber } from './args.js';
import { foldColumns } from './objective.js';

/** Images as bytes: n rows of height·width·channels bytes, row-major (a colour pixel's r, g, b side by side). */
export interface Images {
  readonly pixels: Uint8Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
  /** 1 (grey, when left out) or 3 (colour). */
  readonly channels?: number;
}

/** Probabilities of the selected rows (default: all) under `params`, with a standardisation's column
 *  map folded in. */
export function predictInto(
  backend: Backend,
  rows: Rows,
  params: Params,
  columns: ReturnType<typeof columnMap>,
  link: Link,
  out: Float32Array,
  select: RowSelection = { index: null, start: 0, count: rows.n },
): void {
  let p = params;
  if (columns !== null) {
    const W = new Float32Array(params.W.length);
    const b = new Float32Array(params.k);
    foldColumns(params, columns, W, b);
    p = { W, b, d: params.d, k: params.k };
  }
  backend.predictProba(rows, select, p, link, out);
}

/** The public boundary's check of an Images argument: shape, sizes and the byte count. */
export function checkImages(X: unknown, name: string): asserts X is Images {
  checkObject(X, name);
  const x = X as Record<string, unknown>;
  const pixels = x.pixels;
  if (!(pixels instanceof Uint8Array)) {
    throw new InputError(
      `${name}.pixels: must be a Uint8Array, got ${pixels === null ? 'null' : typeof pixels}`,
    );
  }
  checkWholeNumber(x.n, `${name}.n`, 1, Number.MAX_SAFE_INTEGER);
  checkImageSize(x.height, x.width, name);
  const { n, height, width } = X as unknown as Images;
  const channels = (X as unknown as Images).channels ?? 1;
  if (pixels.length !== n * height * width * channels) {
    throw new InputError(
      `${name}: pixels hold ${pixels.length} bytes, expected n·height·width${channels === 1 ? '' : '·channels'} = ${n}·${height}·${width}${channels === 1 ? '' : `·${channels}`}`,
    );
  }
}

export function checkImagesLike(X: unknown, ref: Images, name: string): asserts X is Images {
  checkImages(X, name);
  if (X.height !== ref.height || X.width !== ref.width) {
    throw new InputError(
      `${name}: images are ${X.height}×${X.width}, training images ${ref.height}×${ref.width}`,
    );
  }
}
