import type { ColumnMap } from '../data/preprocess.js';
import type { Backend } from '../kernels/backend.js';
import type { Link, Params, Rows } from '../kernels/types.js';
import { accuracy } from '../metrics/accuracy.js';
import { argmaxRows } from '../metrics/argmax.js';
import { InputError } from '../util/errors.js';
import { predictInto } from './images.js';
import type { Rng } from './rng.js';

/**
 * A stratified, seeded hold-out: from each class, round(fraction × its count) of its rows (drawn by the
 * run's generator) go to validation, the rest to training, so both keep the class shares. Row numbers
 * are returned in ascending order. Refuses a split that leaves either side empty.
 */
export function stratifiedSplit(
  labels: Uint8Array,
  k: number,
  fraction: number,
  rng: Rng,
  name = 'validationFraction',
): { train: Int32Array; validation: Int32Array } {
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const held = new Uint8Array(labels.length);
  let count = 0;
  for (const rows of byClass) {
    const take = heldOutOf(rows.length, fraction);
    if (take === 0) continue;
    const order = Int32Array.from(rows);
    rng.shuffle(order);
    for (let t = 0; t < take; t++) held[order[t]] = 1;
    count += take;
  }
  if (count === 0 || count === labels.length) {
    throw new InputError(
      `${name}: ${fraction} of ${labels.length} images leaves ${count === 0 ? 'no validation' : 'no training'} images`,
    );
  }
  const train = new Int32Array(labels.length - count);
  const validation = new Int32Array(count);
  let a = 0;
  let b = 0;
  for (let i = 0; i < labels.length; i++) {
    if (held[i]) validation[b++] = i;
    else train[a++] = i;
  }
  return { train, validation };
}

/** Rows of one class that a split by `fraction` holds out. */
function heldOutOf(count: number, fraction: number): number {
  return Math.round(fraction * count);
}

/** How many rows `stratifiedSplit` holds out, without drawing them (e.g. to plan a run before it starts). */
export function heldOutCount(labels: Uint8Array, k: number, fraction: number): number {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts.reduce((sum, c) => sum + heldOutOf(c, fraction), 0);
}

/** Accuracy of given weights on the held-out rows (early stopping), read in place from the data. */
export function validationScorer(
  backend: Backend,
  data: Rows,
  labels: Uint8Array,
  held: Int32Array,
  columns: ColumnMap | null,
  link: Link,
): (p: Params) => number {
  const truth = Uint8Array.from(held, (i) => labels[i]);
  const pred = new Uint8Array(held.length);
  let out = new Float32Array(0);
  return (p) => {
    if (out.length !== held.length * p.k) out = new Float32Array(held.length * p.k);
    predictInto(backend, data, p, columns, link, out, { index: held, start: 0, count: held.length });
    argmaxRows(out, held.length, p.k, pred);
    return accuracy(pred, truth);
  };
}
