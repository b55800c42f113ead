import {
  F_B,
  F_CHUNKS,
  F_COLSUM,
  F_COUNT,
  F_INDEX,
  F_SCRATCH,
  F_SCRATCH_STRIDE,
  F_START,
  FLUSH_ROWS,
  ROW_BLOCK,
  field,
} from './layout';

/**
 * What the gradient and prediction chunks share: which rows a chunk has, the per-row affine map, and
 * where a thread's scratch lies. A batch is cut into F_CHUNKS chunks of (almost) equal size, by the row
 * count only (see src/kernels/wasm/chunks.ts).
 *
 * Thread scratch layout (bytes from its base): G f32[d·kp], Σdz f32[kp], Σ offset·dz f32[kp] (the three
 * added into a chunk's slot together), z f32[ROW_BLOCK·kp], dz f32[ROW_BLOCK·kp], e f64[kp], then
 * ROW_BLOCK rows' expanded entries of entryBytes(d) each (sparse.ts) and their counts, u32[ROW_BLOCK].
 */

/** The first position (in the selection) of chunk c; chunk c is [chunkLo(c), chunkLo(c + 1)). */
export function chunkLo(c: i32): i32 {
  return <i32>((<i64>field(F_COUNT) * c) / field(F_CHUNKS));
}

/**
 * Whether the chunks keep float32 sums in their slots (every chunk has at most FLUSH_ROWS rows, so it
 * would be flushed once) rather than float64 ones. Depends on the row and chunk counts only.
 */
export function f32Slots(): bool {
  const chunks = field(F_CHUNKS);
  return (field(F_COUNT) + chunks - 1) / chunks <= FLUSH_ROWS;
}

/** The data row at position t of the selection. */
export function rowAt(t: i32): i32 {
  const index = <usize>field(F_INDEX);
  return index != 0 ? load<i32>(index + ((<usize>t) << 2)) : field(F_START) + t;
}

/** z ← scale·z + offset·colSum + b, in place (nv vectors). */
export function affine(z: usize, nv: i32, a: f32, o: f32): void {
  const av = f32x4.splat(a);
  const ov = f32x4.splat(o);
  const col = <usize>field(F_COLSUM);
  const b = <usize>field(F_B);
  for (let v: usize = 0; v < (<usize>nv) << 4; v += 16) {
    const s = f32x4.add(f32x4.mul(av, v128.load(z + v)), f32x4.mul(ov, v128.load(col + v)));
    v128.store(z + v, f32x4.add(s, v128.load(b + v)));
  }
}

/**
 * Reads one word of each of the first TOUCH_LINES cache lines of the records of the rows at positions
 * [t0, t1) of the selection, all at once, so that their memory loads overlap: a shuffled mini-batch visits
 * rows in random order, and a row's lines would otherwise arrive one by one, each miss stalling the row's
 * work. Called for the next block of rows before the current block is computed, so that the misses of
 * many rows overlap one another and the records are in cache when their turn comes. WebAssembly has no
 * prefetch instruction; the sum is kept only so the loads are not removed. A record is ~8 lines on
 * Fashion-MNIST; reads stop at the memory's end.
 */
export function touchBlock(rowPtr: usize, t0: i32, t1: i32): u32 {
  const end = ((<usize>memory.size()) << 16) - 4;
  let s: u32 = 0;
  for (let t = t0; t < t1; t++) {
    const p = <usize>load<u32>(rowPtr + ((<usize>rowAt(t)) << 2));
    const pe = min(p + (TOUCH_LINES << 6), end);
    for (let q = p; q < pe; q += 64) s += load<u32>(q);
  }
  return s;
}

const TOUCH_LINES: usize = 8;

/**
 * touchBlock for float rows (dense.ts): the first DENSE_TOUCH_LINES lines of each row of valueRow bytes
 * at values + r·valueRow. A float row is contiguous, so past those the hardware's own prefetch keeps up.
 */
export function touchDense(values: usize, valueRow: usize, t0: i32, t1: i32): u32 {
  const lines = min(DENSE_TOUCH_LINES << 6, valueRow);
  let s: u32 = 0;
  for (let t = t0; t < t1; t++) {
    const p = values + <usize>rowAt(t) * valueRow;
    for (let q: usize = 0; q < lines; q += 64) s += load<u32>(p + q);
  }
  return s;
}

const DENSE_TOUCH_LINES: usize = 16;

/** The base of thread `worker`'s scratch. */
export function scratchBase(worker: i32): usize {
  return <usize>field(F_SCRATCH) + <usize>worker * <usize>field(F_SCRATCH_STRIDE);
}

/** The block of ROW_BLOCK score rows, after G and the two flushed sums in a thread's scratch. */
export function zBlock(base: usize, d: i32, kp: i32): usize {
  return base + ((<usize>(d + 2) * kp) << 2);
}

/** The block of ROW_BLOCK pixel index lists, after the z and dz blocks and e (given the z block). */
export function indexBlock(zb: usize, kp: i32): usize {
  return zb + ((<usize>(2 * ROW_BLOCK + 2) * kp) << 2);
}
