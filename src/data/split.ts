import { stratifiedSplit } from '../model/validationSplit.js';
import type { Rng } from '../model/rng.js';
import { InputError } from '../util/errors.js';
import type { LabeledRows } from './dataSource.js';
import { selectRows, sliceRows } from './features.js';

/** The rows [from, to), as views. */
export function sliceLabeled(rows: LabeledRows, from: number, to: number): LabeledRows {
  return {
    X: sliceRows(rows.X, from, to),
    y: rows.y?.subarray(from, to) ?? null,
    ids: rows.ids?.slice(from, to) ?? null,
  };
}

/** The given rows, copied, in ascending order. */
export function pickLabeled(rows: LabeledRows, index: Int32Array): LabeledRows {
  return {
    X: selectRows(rows.X, index),
    y: rows.y ? Uint8Array.from(index, (i) => rows.y![i]) : null,
    ids: rows.ids ? Array.from(index, (i) => rows.ids![i]) : null,
  };
}

/** The first `count` rows (all when undefined or more than there are). */
export function limitLabeled(rows: LabeledRows, count: number | undefined): LabeledRows {
  return count === undefined || count >= rows.X.n ? rows : sliceLabeled(rows, 0, count);
}

/**
 * A stratified, seeded split into (kept, held out): from each class, round(fraction × its count) rows,
 * drawn by `rng`, are held out; both parts keep the file's order. `what` names the flag in messages.
 */
export function stratifiedHoldOut(
  rows: LabeledRows,
  k: number,
  fraction: number,
  rng: Rng,
  what: string,
): { kept: LabeledRows; held: LabeledRows } {
  if (rows.y === null) throw new InputError(`${what}: the data has no labels to stratify by`);
  if (!(fraction > 0 && fraction < 1)) throw new InputError(`${what}: must be between 0 and 1, got ${fraction}`);
  const { train, validation } = stratifiedSplit(rows.y, k, fraction, rng, what);
  return { kept: pickLabeled(rows, train), held: pickLabeled(rows, validation) };
}
