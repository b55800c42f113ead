import type { RowSelection } from '../types.js';

/**
 * Row selections (and the rows' weights) as the kernels take them: checked up front, since the kernels
 * trust every row number.
 */

/** Checks the selection's range; the index's entries are checked as they are copied (copyRows). */
export function checkRange(rows: RowSelection, n: number): void {
  const { index, start, count } = rows;
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0) {
    throw new Error(`row selection: bad start ${start} or count ${count}`);
  }
  if (index === null && start + count > n)
    throw new Error(`row selection: rows ${start}..${start + count} exceed ${n}`);
  if (index !== null && start + count > index.length) {
    throw new Error(`row selection: ${start + count} exceeds the index length ${index.length}`);
  }
}

/** Copies the selected row numbers into the kernels' memory at i32[at..], checking each. */
export function copyRows(rows: RowSelection, n: number, i32: Int32Array, at: number): void {
  const { index, start, count } = rows;
  if (index === null) return;
  for (let t = 0; t < count; t++) {
    const r = index[start + t];
    if (!(r >= 0 && r < n)) throw new Error(`row selection: row ${r} out of range 0..${n - 1}`);
    i32[at + t] = r;
  }
}

/**
 * Copies the selected rows' weights into the kernels' memory at f32[at..], in selection order (the
 * kernels read them by position t, since they are indexed by the original row number r = index[t]).
 */
export function copyWeights(rows: RowSelection, weights: Float32Array, f32: Float32Array, at: number): void {
  const { index, start, count } = rows;
  if (index === null) {
    f32.set(weights.subarray(start, start + count), at);
    return;
  }
  for (let t = 0; t < count; t++) f32[at + t] = weights[index[start + t]];
}
