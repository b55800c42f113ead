import type { RowSelection } from '../types.js';

/** Row selections as the kernels take them: checked up front, since the kernels trust every row number. */

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
