import { ENTRY_XMASK } from './layout';

/**
 * The two products of a linear layer over ONE row stored as encoded non-zero pixels (layout.ts): the
 * scores x·W (a gather of W rows) and the gradient update G += x ⊗ dz (a scatter into G rows). Skipping
 * zero pixels halves the work on Fashion-MNIST. With k ≤ 12 a W row is three vectors, kept in registers
 * by the specialised versions; any other k goes through the generic ones. The specialised loops take two
 * entries per pass: more would not fit the 16 vector registers (V8 then spills, which costs ~15%).
 *
 * An entry decodes with two instructions per field: the pixel as a float splat is the entry itself,
 * broadcast and masked to its high half; the W row is the low half, in 16-byte units.
 */

function xsplat(p: usize, mask: v128): v128 {
  return v128.and(v128.load32_splat(p), mask);
}

function row(base: usize, p: usize): usize {
  return base + ((<usize>load<u16>(p)) << 4);
}

/** z[0..12) ← Σ x · W[j, 0..12) over the entries [p, pe), written to out; two sets of accumulators. */
export function dot3(p: usize, pe: usize, W: usize, out: usize): void {
  const mask = i32x4.splat(ENTRY_XMASK);
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let c0 = a0;
  let c1 = a0;
  let c2 = a0;
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
  for (; p < pe; p += 4) {
    const w0 = row(W, p);
    const x0 = xsplat(p, mask);
    a0 = f32x4.add(a0, f32x4.mul(x0, v128.load(w0)));
    a1 = f32x4.add(a1, f32x4.mul(x0, v128.load(w0, 16)));
    a2 = f32x4.add(a2, f32x4.mul(x0, v128.load(w0, 32)));
  }
  v128.store(out, f32x4.add(a0, c0));
  v128.store(out, f32x4.add(a1, c1), 16);
  v128.store(out, f32x4.add(a2, c2), 32);
}

/** G[j, 0..12) += x · dz over the entries [p, pe); dz (three vectors) is held in registers. */
export function scatter3(p: usize, pe: usize, G: usize, dz: usize): void {
  const mask = i32x4.splat(ENTRY_XMASK);
  const d0 = v128.load(dz);
  const d1 = v128.load(dz, 16);
  const d2 = v128.load(dz, 32);
  // A row's entries are distinct pixels, so the G rows of one pass never alias.
  for (; p + 8 <= pe; p += 8) {
    update3(row(G, p), xsplat(p, mask), d0, d1, d2);
    update3(row(G, p + 4), xsplat(p + 4, mask), d0, d1, d2);
  }
  for (; p < pe; p += 4) update3(row(G, p), xsplat(p, mask), d0, d1, d2);
}

/** g[0..12) += x · (d0, d1, d2). */
function update3(g: usize, x: v128, d0: v128, d1: v128, d2: v128): void {
  v128.store(g, f32x4.add(v128.load(g), f32x4.mul(x, d0)));
  v128.store(g, f32x4.add(v128.load(g, 16), f32x4.mul(x, d1)), 16);
  v128.store(g, f32x4.add(v128.load(g, 32), f32x4.mul(x, d2)), 32);
}

/** dot3 for any number of vectors nv per W row; the sums live in out (nv vectors). */
export function dotN(p: usize, pe: usize, W: usize, out: usize, nv: i32): void {
  const mask = i32x4.splat(ENTRY_XMASK);
  const bytes = (<usize>nv) << 4;
  memory.fill(out, 0, bytes);
  for (; p < pe; p += 4) {
    const w0 = row(W, p);
    const x0 = xsplat(p, mask);
    for (let v: usize = 0; v < bytes; v += 16) {
      v128.store(out + v, f32x4.add(v128.load(out + v), f32x4.mul(x0, v128.load(w0 + v))));
    }
  }
}

/** scatter3 for any number of vectors nv; dz is read from memory. */
export function scatterN(p: usize, pe: usize, G: usize, dz: usize, nv: i32): void {
  const mask = i32x4.splat(ENTRY_XMASK);
  const bytes = (<usize>nv) << 4;
  for (; p < pe; p += 4) {
    const g0 = row(G, p);
    const x0 = xsplat(p, mask);
    for (let v: usize = 0; v < bytes; v += 16) {
      v128.store(g0 + v, f32x4.add(v128.load(g0 + v), f32x4.mul(x0, v128.load(dz + v))));
    }
  }
}
