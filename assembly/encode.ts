import { POSTABLE } from './layout';

/**
 * The data's one-time conversion from dense bytes to row records (see layout.ts for the format): per row,
 * a bitmask of its non-zero pixels followed by those pixels' values, one byte each. Done once per data
 * set, not per call. About 0.5 bytes per pixel on Fashion-MNIST (half the pixels are zero), so the
 * training set takes ~30 MB instead of the 47 MB of its dense bytes, and a shuffled mini-batch reads
 * fewer cache lines per row.
 */

/** Bytes of the records of the n × d bytes at pix (each record 8-byte aligned), for sizing the output. */
export function encodedBytes(pix: usize, n: i32, d: i32): usize {
  const nw = maskWords(d);
  let total: usize = 0;
  for (let i = 0; i < n; i++) {
    const row = pix + <usize>i * <usize>d;
    let nnz: usize = 0;
    for (let j = 0; j < d; j += 16) nnz += <usize>popcnt(groupBits(row, j, d));
    total += recordBytes(nw, nnz);
  }
  return total;
}

/**
 * Encodes the n × d bytes at pix into records from out, one after another, and stores each record's
 * address into u32 rowPtr[0..n). Returns the end of the last record. Needs initTables() (POSTABLE), 16
 * bytes of slack past the output's end and past pix's last row, for whole-vector stores and loads.
 */
export function encodeRows(pix: usize, n: i32, d: i32, out: usize, rowPtr: usize): usize {
  const nw = maskWords(d);
  let q = out;
  for (let i = 0; i < n; i++) {
    store<u32>(rowPtr + ((<usize>i) << 2), <u32>q);
    const row = pix + <usize>i * <usize>d;
    let vals = q + ((<usize>nw) << 3);
    for (let w = 0; w < nw; w++) {
      let mask: u64 = 0;
      for (let g = 0; g < 4; g++) {
        const j = (w << 6) + (g << 4);
        if (j >= d) break;
        const bits = groupBits(row, j, d);
        const shift = <u64>(g << 4);
        mask |= (<u64>bits) << shift;
        // Packs each half's non-zero bytes to the front (POSTABLE lists their positions) and advances
        // past them: branch-free, where a loop over the set bits mispredicts at every group.
        const x = v128.load(row + <usize>j);
        const lo = <usize>(bits & 0xff);
        const hi = <usize>(bits >> 8);
        v128.store(vals, i8x16.swizzle(x, v128.load64_zero(POSTABLE + (lo << 3))));
        vals += <usize>popcnt(lo);
        const upper = i8x16.add(v128.load64_zero(POSTABLE + (hi << 3)), i8x16.splat(8));
        v128.store(vals, i8x16.swizzle(x, upper));
        vals += <usize>popcnt(hi);
      }
      store<u64>(q + ((<usize>w) << 3), mask);
    }
    q = (vals + 7) & ~(<usize>7);
  }
  return q;
}

/** The 64-bit mask words of a row of d pixels. */
export function maskWords(d: i32): i32 {
  return (d + 63) >> 6;
}

/** One bit per non-zero byte among the 16 at row + j, limited to the row's d pixels. */
function groupBits(row: usize, j: i32, d: i32): u32 {
  let bits = <u32>i8x16.bitmask(i8x16.ne(v128.load(row + <usize>j), i8x16.splat(0)));
  if (j + 16 > d) bits &= (1 << (d - j)) - 1;
  return bits;
}

function recordBytes(nw: i32, nnz: usize): usize {
  return (((<usize>nw) << 3) + nnz + 7) & ~(<usize>7);
}
