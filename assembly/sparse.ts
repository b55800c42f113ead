import { maskWords } from './encode';
import { POSTABLE, XTABLE } from './layout';

/**
 * The two products of a linear layer over ONE row (layout.ts): the scores x·W (a gather of W rows) and
 * the gradient update G += x ⊗ dz (a scatter into G rows), visiting only the non-zero pixels, which
 * halves the work on Fashion-MNIST. A row's record is first expanded (expand) into a list of its non-zero
 * pixels' indices, which the loops then walk alongside the record's value bytes: walking the mask bits
 * directly would cost a mispredicted branch at the end of every 64-pixel word. With k ≤ 12 a W row is
 * three vectors, kept in registers by the specialised versions; any other k goes through the generic
 * ones. The specialised loops take two pixels per pass: more would not fit the 16 vector registers (V8
 * then spills, which costs ~15%).
 */

/** Bytes of one row's index list (u16 per pixel, with the slack expand's whole-vector stores need). */
export function indexBytes(d: i32): usize {
  return (((<usize>d + 8) << 1) + 15) & ~(<usize>15);
}

/**
 * Writes the W row offsets (pixel index × nv, in 16-byte units) of the non-zero pixels of the record at
 * rec (d pixels) into idx as u16, in pixel order, and returns how many. Per 8 pixels: POSTABLE lists the
 * set bits of the mask byte, which are widened, offset, scaled and stored as a whole vector, and the
 * write position advances by the byte's population count. All-zero bytes (the image border) are skipped.
 */
export function expand(rec: usize, d: i32, nv: i32, idx: usize): i32 {
  let q = idx;
  const bytes = (d + 7) >> 3;
  const scale = i16x8.splat(<i16>nv);
  for (let t = 0; t < bytes; t++) {
    const b = <usize>load<u8>(rec + <usize>t);
    if (b == 0) continue;
    const pos = i16x8.extend_low_i8x16_u(v128.load64_zero(POSTABLE + (b << 3)));
    v128.store(q, i16x8.mul(i16x8.add(pos, i16x8.splat(<i16>(t << 3))), scale));
    q += (<usize>popcnt(b)) << 1;
  }
  return <i32>((q - idx) >> 1);
}

/** Where a record's value bytes start. */
export function recordValues(rec: usize, d: i32): usize {
  return rec + ((<usize>maskWords(d)) << 3);
}

/**
 * The pixel value at v as a float on four lanes, looked up in XTABLE: a load-and-splat, where converting
 * the byte would go through a scalar register (and, as V8 compiles it, a false dependency on the previous
 * conversion's register that serialises the loop).
 */
function xsplat(v: usize): v128 {
  return v128.load32_splat(XTABLE + ((<usize>load<u8>(v)) << 2));
}

/** The row of the pixel listed at i (its offset in 16-byte units, as expand writes it) from base. */
function row(base: usize, i: usize): usize {
  return base + ((<usize>load<u16>(i)) << 4);
}

/** out[0..12) ← Σ x · W[j, 0..12) over the n pixels listed at idx, values at v; two sets of accumulators. */
export function dot3(idx: usize, n: i32, v: usize, W: usize, out: usize): void {
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let c0 = a0;
  let c1 = a0;
  let c2 = a0;
  const end = idx + ((<usize>n) << 1);
  let i = idx;
  for (; i + 4 <= end; i += 4) {
    let w = row(W, i);
    let x = xsplat(v);
    a0 = f32x4.add(a0, f32x4.mul(x, v128.load(w)));
    a1 = f32x4.add(a1, f32x4.mul(x, v128.load(w, 16)));
    a2 = f32x4.add(a2, f32x4.mul(x, v128.load(w, 32)));
    w = row(W, i + 2);
    x = xsplat(v + 1);
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(w)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(w, 16)));
    c2 = f32x4.add(c2, f32x4.mul(x, v128.load(w, 32)));
    v += 2;
  }
  if (i < end) {
    const w = row(W, i);
    const x = xsplat(v);
    a0 = f32x4.add(a0, f32x4.mul(x, v128.load(w)));
    a1 = f32x4.add(a1, f32x4.mul(x, v128.load(w, 16)));
    a2 = f32x4.add(a2, f32x4.mul(x, v128.load(w, 32)));
  }
  v128.store(out, f32x4.add(a0, c0));
  v128.store(out, f32x4.add(a1, c1), 16);
  v128.store(out, f32x4.add(a2, c2), 32);
}

/** G[j, 0..12) += x · dz over the n pixels listed at idx; dz (three vectors) is held in registers. */
export function scatter3(idx: usize, n: i32, v: usize, G: usize, dz: usize): void {
  const d0 = v128.load(dz);
  const d1 = v128.load(dz, 16);
  const d2 = v128.load(dz, 32);
  const end = idx + ((<usize>n) << 1);
  // A row's pixels are distinct, so the G rows of one pass never alias.
  let i = idx;
  for (; i + 4 <= end; i += 4) {
    update3(row(G, i), xsplat(v), d0, d1, d2);
    update3(row(G, i + 2), xsplat(v + 1), d0, d1, d2);
    v += 2;
  }
  if (i < end) update3(row(G, i), xsplat(v), d0, d1, d2);
}

/** g[0..12) += x · (d0, d1, d2). */
function update3(g: usize, x: v128, d0: v128, d1: v128, d2: v128): void {
  v128.store(g, f32x4.add(v128.load(g), f32x4.mul(x, d0)));
  v128.store(g, f32x4.add(v128.load(g, 16), f32x4.mul(x, d1)), 16);
  v128.store(g, f32x4.add(v128.load(g, 32), f32x4.mul(x, d2)), 32);
}

/** dot3 for any number of vectors nv per W row; the sums live in out (nv vectors). */
export function dotN(idx: usize, n: i32, v: usize, W: usize, out: usize, nv: i32): void {
  const bytes = (<usize>nv) << 4;
  memory.fill(out, 0, bytes);
  const end = idx + ((<usize>n) << 1);
  for (let i = idx; i < end; i += 2) {
    const w = row(W, i);
    const x = xsplat(v++);
    for (let o: usize = 0; o < bytes; o += 16) {
      v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.mul(x, v128.load(w + o))));
    }
  }
}

/** scatter3 for any number of vectors nv; dz is read from memory. */
export function scatterN(idx: usize, n: i32, v: usize, G: usize, dz: usize, nv: i32): void {
  const bytes = (<usize>nv) << 4;
  const end = idx + ((<usize>n) << 1);
  for (let i = idx; i < end; i += 2) {
    const g = row(G, i);
    const x = xsplat(v++);
    for (let o: usize = 0; o < bytes; o += 16) {
      v128.store(g + o, f32x4.add(v128.load(g + o), f32x4.mul(x, v128.load(dz + o))));
    }
  }
}
