/**
 * The two products of a linear layer over ONE dense row of float32 features (FloatRows): the scores
 * x·W and the gradient update G += x ⊗ dz, the float counterparts of sparse.ts. W and G have the byte
 * path's layout (d rows of kp floats), so the scratch, the chunk slots and the reduction are shared.
 *
 * Every feature is visited (real-valued data has few exact zeros, and a branch per feature would cost
 * more than it saves). A feature's value is splatted across four lanes and multiplied into its W row
 * kept in registers, in column groups of three vectors (k ≤ 12 in one pass, as sparse.ts's fast path),
 * with single-vector passes for what is left, so any k works without spilling or memory accumulators.
 * Rows need no alignment: features are read one float at a time.
 */

/** out[0..kp) ← Σ_j x[j]·W[j, 0..kp) over the d features at x; W rows are nv vectors. */
export function denseDot(x: usize, d: i32, W: usize, out: usize, nv: i32): void {
  const stride = (<usize>nv) << 4;
  let g = 0;
  for (; g + 3 <= nv; g += 3) dot3(x, d, W + ((<usize>g) << 4), stride, out + ((<usize>g) << 4));
  for (; g < nv; g++) dot1(x, d, W + ((<usize>g) << 4), stride, out + ((<usize>g) << 4));
}

/** G[j, 0..kp) += x[j]·dz[0..kp) over the d features at x; G rows are nv vectors. */
export function denseScatter(x: usize, d: i32, G: usize, dz: usize, nv: i32): void {
  const stride = (<usize>nv) << 4;
  let g = 0;
  for (; g + 3 <= nv; g += 3) scatter3(x, d, G + ((<usize>g) << 4), stride, dz + ((<usize>g) << 4));
  for (; g < nv; g++) scatter1(x, d, G + ((<usize>g) << 4), stride, dz + ((<usize>g) << 4));
}

/** Three vectors of columns: out[0..12) ← Σ_j x[j]·W[j·stride ..+48); two features per pass. */
function dot3(x: usize, d: i32, W: usize, stride: usize, out: usize): void {
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let c0 = a0;
  let c1 = a0;
  let c2 = a0;
  const xe = x + ((<usize>d) << 2);
  let w = W;
  for (; x + 8 <= xe; x += 8) {
    let v = v128.load32_splat(x);
    a0 = f32x4.add(a0, f32x4.mul(v, v128.load(w)));
    a1 = f32x4.add(a1, f32x4.mul(v, v128.load(w, 16)));
    a2 = f32x4.add(a2, f32x4.mul(v, v128.load(w, 32)));
    w += stride;
    v = v128.load32_splat(x + 4);
    c0 = f32x4.add(c0, f32x4.mul(v, v128.load(w)));
    c1 = f32x4.add(c1, f32x4.mul(v, v128.load(w, 16)));
    c2 = f32x4.add(c2, f32x4.mul(v, v128.load(w, 32)));
    w += stride;
  }
  if (x < xe) {
    const v = v128.load32_splat(x);
    a0 = f32x4.add(a0, f32x4.mul(v, v128.load(w)));
    a1 = f32x4.add(a1, f32x4.mul(v, v128.load(w, 16)));
    a2 = f32x4.add(a2, f32x4.mul(v, v128.load(w, 32)));
  }
  v128.store(out, f32x4.add(a0, c0));
  v128.store(out, f32x4.add(a1, c1), 16);
  v128.store(out, f32x4.add(a2, c2), 32);
}

/** One vector of columns: out[0..4) ← Σ_j x[j]·W[j·stride ..+16); four features per pass. */
function dot1(x: usize, d: i32, W: usize, stride: usize, out: usize): void {
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  const xe = x + ((<usize>d) << 2);
  let w = W;
  for (; x + 16 <= xe; x += 16) {
    a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(x), v128.load(w)));
    a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(x + 4), v128.load(w + stride)));
    a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(x + 8), v128.load(w + 2 * stride)));
    a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(x + 12), v128.load(w + 3 * stride)));
    w += 4 * stride;
  }
  for (; x < xe; x += 4) {
    a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(x), v128.load(w)));
    w += stride;
  }
  v128.store(out, f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
}

/** G[j·stride ..+48) += x[j]·dz[0..12); dz is held in registers. */
function scatter3(x: usize, d: i32, G: usize, stride: usize, dz: usize): void {
  const d0 = v128.load(dz);
  const d1 = v128.load(dz, 16);
  const d2 = v128.load(dz, 32);
  const xe = x + ((<usize>d) << 2);
  let g = G;
  for (; x + 8 <= xe; x += 8) {
    update3(g, v128.load32_splat(x), d0, d1, d2);
    update3(g + stride, v128.load32_splat(x + 4), d0, d1, d2);
    g += 2 * stride;
  }
  if (x < xe) update3(g, v128.load32_splat(x), d0, d1, d2);
}

/** g[0..12) += v·(d0, d1, d2). */
function update3(g: usize, v: v128, d0: v128, d1: v128, d2: v128): void {
  v128.store(g, f32x4.add(v128.load(g), f32x4.mul(v, d0)));
  v128.store(g, f32x4.add(v128.load(g, 16), f32x4.mul(v, d1)), 16);
  v128.store(g, f32x4.add(v128.load(g, 32), f32x4.mul(v, d2)), 32);
}

/** G[j·stride ..+16) += x[j]·dz[0..4). */
function scatter1(x: usize, d: i32, G: usize, stride: usize, dz: usize): void {
  const d0 = v128.load(dz);
  const xe = x + ((<usize>d) << 2);
  let g = G;
  for (; x + 8 <= xe; x += 8) {
    v128.store(g, f32x4.add(v128.load(g), f32x4.mul(v128.load32_splat(x), d0)));
    v128.store(g + stride, f32x4.add(v128.load(g + stride), f32x4.mul(v128.load32_splat(x + 4), d0)));
    g += 2 * stride;
  }
  if (x < xe) v128.store(g, f32x4.add(v128.load(g), f32x4.mul(v128.load32_splat(x), d0)));
}

/** z[0..kp) += b: a dense row's scores have no per-row map (compare rows.ts's affine). */
export function addBias(z: usize, nv: i32, b: usize): void {
  for (let v: usize = 0; v < (<usize>nv) << 4; v += 16)
    v128.store(z + v, f32x4.add(v128.load(z + v), v128.load(b + v)));
}
