import { maskWords } from './encode';
import { POSTABLE } from './layout';

/**
 * The two products of a linear layer over ONE row (layout.ts): the scores x·W (a gather of W rows) and
 * the gradient update G += x ⊗ dz (a scatter into G rows), visiting only the non-zero pixels, which
 * halves the work on Fashion-MNIST. A row's record is first expanded (expand), in one vector pass, into
 * 32-bit entries (value and W row offset) that the loops decode with two instructions per field: walking
 * the mask bits directly would cost a mispredicted branch at the end of every 64-pixel word, and reading
 * the value bytes and offsets separately in the loops cost ~50% more per pixel. With k ≤ 12 a W row is
 * three vectors, kept in registers by the specialised versions; any other k goes through the generic
 * ones. The specialised loops take two pixels per pass: more would not fit the 16 vector registers (V8
 * then spills, which costs ~15%).
 */

/** Bytes of one row's entry list (u32 per pixel, with the slack expand's whole-vector stores need). */
export function entryBytes(d: i32): usize {
  return (((<usize>d + 8) << 2) + 15) & ~(<usize>15);
}

/**
 * Expands the record at rec (d pixels) into one 32-bit entry per non-zero pixel at ents, in pixel order,
 * and returns how many. An entry is the pixel value as a float32 (whose low half is zero for any integer
 * up to 255) ORed with the byte offset of its W row in 16-byte units, so the loops below decode it with
 * two instructions per field. Per 8 pixels: POSTABLE lists the set bits of the mask byte, which become
 * row offsets; the same number of value bytes, next in the record, are widened and converted; both are
 * stored as whole vectors and the write position advances by the byte's population count. Branch-free:
 * skipping the all-zero bytes of the image border is no faster. Converting signed, since unsigned
 * conversion has no x64 instruction (V8 emulates it, which cost ~10% of the whole kernel).
 */
export function expand(rec: usize, d: i32, nv: i32, ents: usize): i32 {
  let q = ents;
  let v = recordValues(rec, d);
  const bytes = (d + 7) >> 3;
  const scale = i16x8.splat(<i16>nv);
  for (let t = 0; t < bytes; t++) {
    const b = <usize>load<u8>(rec + <usize>t);
    const pos = i16x8.extend_low_i8x16_u(v128.load64_zero(POSTABLE + (b << 3)));
    const off = i16x8.mul(i16x8.add(pos, i16x8.splat(<i16>(t << 3))), scale);
    const x = i16x8.extend_low_i8x16_u(v128.load64_zero(v));
    const x0 = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(x));
    const x1 = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(x));
    v128.store(q, v128.or(x0, i32x4.extend_low_i16x8_u(off)));
    v128.store(q, v128.or(x1, i32x4.extend_high_i16x8_u(off)), 16);
    const n = <usize>popcnt(b);
    q += n << 2;
    v += n;
  }
  return <i32>((q - ents) >> 2);
}

/** Where a record's value bytes start. */
export function recordValues(rec: usize, d: i32): usize {
  return rec + ((<usize>maskWords(d)) << 3);
}

/** The entry at p's pixel value as a float on four lanes: the entry splatted, its low half cleared. */
function xsplat(p: usize, mask: v128): v128 {
  return v128.and(v128.load32_splat(p), mask);
}

/** The W (or G) row of the entry at p (its offset is in 16-byte units), from base. */
function row(base: usize, p: usize): usize {
  return base + ((<usize>load<u16>(p)) << 4);
}

/** out[0..12) ← Σ x · W[j, 0..12) over the n entries at p; two sets of accumulators. */
export function dot3(p: usize, n: i32, W: usize, out: usize): void {
  const mask = i32x4.splat(0xffff0000);
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let c0 = a0;
  let c1 = a0;
  let c2 = a0;
  const pe = p + ((<usize>n) << 2);
  for (; p + 8 <= pe; p += 8) {
    let w = row(W, p);
    let x = xsplat(p, mask);
    a0 = f32x4.add(a0, f32x4.mul(x, v128.load(w)));
    a1 = f32x4.add(a1, f32x4.mul(x, v128.load(w, 16)));
    a2 = f32x4.add(a2, f32x4.mul(x, v128.load(w, 32)));
    w = row(W, p + 4);
    x = xsplat(p + 4, mask);
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(w)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(w, 16)));
    c2 = f32x4.add(c2, f32x4.mul(x, v128.load(w, 32)));
  }
  if (p < pe) {
    const w = row(W, p);
    const x = xsplat(p, mask);
    a0 = f32x4.add(a0, f32x4.mul(x, v128.load(w)));
    a1 = f32x4.add(a1, f32x4.mul(x, v128.load(w, 16)));
    a2 = f32x4.add(a2, f32x4.mul(x, v128.load(w, 32)));
  }
  v128.store(out, f32x4.add(a0, c0));
  v128.store(out, f32x4.add(a1, c1), 16);
  v128.store(out, f32x4.add(a2, c2), 32);
}

/** G[j, 0..12) += x · dz over the n entries at p; dz (three vectors) is held in registers. */
export function scatter3(p: usize, n: i32, G: usize, dz: usize): void {
  const mask = i32x4.splat(0xffff0000);
  const d0 = v128.load(dz);
  const d1 = v128.load(dz, 16);
  const d2 = v128.load(dz, 32);
  const pe = p + ((<usize>n) << 2);
  // A row's pixels are distinct, so the G rows of one pass never alias.
  for (; p + 8 <= pe; p += 8) {
    update3(row(G, p), xsplat(p, mask), d0, d1, d2);
    update3(row(G, p + 4), xsplat(p + 4, mask), d0, d1, d2);
  }
  if (p < pe) update3(row(G, p), xsplat(p, mask), d0, d1, d2);
}

/** g[0..12) += x · (d0, d1, d2). */
function update3(g: usize, x: v128, d0: v128, d1: v128, d2: v128): void {
  v128.store(g, f32x4.add(v128.load(g), f32x4.mul(x, d0)));
  v128.store(g, f32x4.add(v128.load(g, 16), f32x4.mul(x, d1)), 16);
  v128.store(g, f32x4.add(v128.load(g, 32), f32x4.mul(x, d2)), 32);
}

/** dot3 for any number of vectors nv per W row; the sums live in out (nv vectors). */
export function dotN(p: usize, n: i32, W: usize, out: usize, nv: i32): void {
  const mask = i32x4.splat(0xffff0000);
  const bytes = (<usize>nv) << 4;
  memory.fill(out, 0, bytes);
  const pe = p + ((<usize>n) << 2);
  for (; p < pe; p += 4) {
    const w = row(W, p);
    const x = xsplat(p, mask);
    for (let o: usize = 0; o < bytes; o += 16) {
      v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.mul(x, v128.load(w + o))));
    }
  }
}

/** scatter3 for any number of vectors nv; dz is read from memory. */
export function scatterN(p: usize, n: i32, G: usize, dz: usize, nv: i32): void {
  const mask = i32x4.splat(0xffff0000);
  const bytes = (<usize>nv) << 4;
  const pe = p + ((<usize>n) << 2);
  for (; p < pe; p += 4) {
    const g = row(G, p);
    const x = xsplat(p, mask);
    for (let o: usize = 0; o < bytes; o += 16) {
      v128.store(g + o, f32x4.add(v128.load(g + o), f32x4.mul(x, v128.load(dz + o))));
    }
  }
}
