import { InputError } from '../util/errors.js';
import type { IdxArray } from './idx.js';

/** Images as bytes (n × height·width, row-major) and their labels. */
export interface ImageSet {
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
  /** 1 (grey, when left out) or 3 (colour: r, g, b side by side). */
  readonly channels?: number;
}

/** A training and a test set with their class names, and where they came from. */
export interface DataBundle {
  readonly train: ImageSet;
  readonly test: ImageSet;
  readonly classNames: string[];
  readonly dir: string;
  readonly isFashionMnist: boolean;
  readonly bundled: boolean;
}

/** An IDX array with the name of the file it came from, for messages. */
export interface NamedIdx {
  readonly name: string;
  readonly idx: IdxArray;
}

/** Pairs an images array (n × height × width) with a labels array (n), checking that the counts agree. */
export function imageSetFrom(images: NamedIdx, labels: NamedIdx): ImageSet {
  const [n, height, width] = images.idx.dims;
  const count = labels.idx.dims[0];
  if (count !== n) {
    throw new InputError(`${labels.name}: holds ${count} labels but ${images.name} holds ${n} images`);
  }
  return { pixels: images.idx.data, labels: labels.idx.data, n, height, width };
}

/** The first `count` images of a set, without copying. */
export function limit(set: ImageSet, count: number | undefined): ImageSet {
  if (count === undefined || count >= set.n) return set;
  const d = set.height * set.width;
  return { ...set, n: count, pixels: set.pixels.subarray(0, count * d), labels: set.labels.subarray(0, count) };
}
