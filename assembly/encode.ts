import { ENTRY_JMASK, ENTRY_XMASK } from './layout';

/**
 * The data's one-time conversion from dense bytes to encoded non-zero pixels (see layout.ts for the
 * entry format). Done once per data set, not per call: the kernels then read ~4 bytes per non-zero pixel
 * and never branch on a pixel's value.
 */

/** How many of the len bytes at pix are non-zero. */
export function countNonZero(pix: usize, len: usize): u32 {
  let count: u32 = 0;
  let i: usize = 0;
  const zero = i8x16.splat(0);
  for (; i + 16 <= len; i += 16) {
    count += 16 - <u32>popcnt(i8x16.bitmask(i8x16.eq(v128.load(pix + i), zero)));
  }
  for (; i < len; i++) count += <u32>(load<u8>(pix + i) != 0);
  return count;
}

/**
 * Encodes the n × d bytes at pix into entries at ents, and the byte address of each row's first entry
 * into rowPtr[0..n] (rowPtr[n] is the end). rowStride is the length of one padded W row in 16-byte units. Branch-free
 * per pixel (every pixel is written, and the write position advances only past non-zero ones); 16-pixel
 * runs of zeros, common at the image border, are skipped whole.
 */
export function encodeRows(pix: usize, n: i32, d: i32, rowStride: u32, ents: usize, rowPtr: usize): void {
  let q = ents;
  for (let i = 0; i < n; i++) {
    store<u32>(rowPtr + ((<usize>i) << 2), <u32>q);
    const row = pix + <usize>i * <usize>d;
    let j = 0;
    for (; j + 16 <= d; j += 16) {
      if (!v128.any_true(v128.load(row + <usize>j))) continue;
      for (let t = j; t < j + 16; t++) q = put(q, row, t, rowStride);
    }
    for (; j < d; j++) q = put(q, row, j, rowStride);
  }
  store<u32>(rowPtr + ((<usize>n) << 2), <u32>q);
}

function put(q: usize, row: usize, j: i32, rowStride: u32): usize {
  const x = <u32>load<u8>(row + <usize>j);
  store<u32>(q, reinterpret<u32>(<f32>x) | (<u32>j * rowStride));
  return q + ((<usize>(x != 0)) << 2);
}

/** Rewrites count entries for a new padded W row length (when a model with another k uses the data). */
export function recode(ents: usize, count: usize, oldStride: u32, newStride: u32): void {
  for (let i: usize = 0; i < count; i++) {
    const p = ents + (i << 2);
    const en = load<u32>(p);
    const j = (en & ENTRY_JMASK) / oldStride;
    store<u32>(p, (j * newStride) | (en & ENTRY_XMASK));
  }
}
