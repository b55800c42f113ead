import { LINK_SOFTMAX } from './layout';

/**
 * The loss of one row and its derivative with respect to the scores, mirroring src/kernels/link.ts
 * (softmax cross-entropy, or one-vs-rest binary cross-entropy) with the same stable forms. The
 * exponentials are vectorised (expv.ts, float32); sums, the one logarithm per row and the terms that
 * cancel are in float64, so a confident row's small loss and gradient keep their relative precision:
 * - softmax: with m = max z, e_c = e^(z_c − m) and s = Σ e_c ≥ 1, loss = (m − z_y) + log1p(s − 1), and
 *   ∂/∂z_y = −(s − e_y)/s rather than e_y/s − 1;
 * - one-vs-rest: with e_c = e^(−|z_c|), loss = Σ max(z_c, 0) − z_y + log Π (1 + e_c), σ(z_c) from e_c
 *   without overflow, and ∂/∂z_y = −σ(−z_y) rather than σ(z_y) − 1.
 *
 * z: f32[kp] scores (lanes past k ignored); dz: f32[kp] written (zeros past k); e: f32[kp] scratch.
 * Returns the row's loss.
 */
export function lossGradRow(link: i32, z: usize, k: i32, kp: i32, y: i32, dz: usize, e: usize): f64 {
  const bytes = (<usize>kp) << 2;
  const zy = <f64>load<f32>(z + ((<usize>y) << 2));
  let loss: f64 = 0;
  if (link == LINK_SOFTMAX) {
    const m = rowMax(z, k);
    const mv = f32x4.splat(m);
    for (let v: usize = 0; v < bytes; v += 16) v128.store(e + v, expNeg(f32x4.sub(v128.load(z + v), mv)));
    let s: f64 = 0;
    for (let c = 0; c < k; c++) s += <f64>load<f32>(e + ((<usize>c) << 2));
    const inv = 1 / s;
    const iv = f32x4.splat(<f32>inv);
    for (let v: usize = 0; v < bytes; v += 16) v128.store(dz + v, f32x4.mul(v128.load(e + v), iv));
    const ey = <f64>load<f32>(e + ((<usize>y) << 2));
    store<f32>(dz + ((<usize>y) << 2), <f32>(-(s - ey) * inv));
    loss = <f64>m - zy + Math.log1p(s - 1);
  } else {
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    for (let v: usize = 0; v < bytes; v += 16) {
      const zv = v128.load(z + v);
      const ev = expNeg(f32x4.neg(f32x4.abs(zv)));
      const r = f32x4.div(one, f32x4.add(one, ev)); // σ(|z|)
      v128.store(e + v, ev);
      v128.store(dz + v, v128.bitselect(r, f32x4.mul(ev, r), f32x4.ge(zv, zero)));
    }
    let sum: f64 = 0;
    let prod: f64 = 1;
    for (let c = 0; c < k; c++) {
      sum += max<f64>(<f64>load<f32>(z + ((<usize>c) << 2)), 0);
      prod *= 1 + <f64>load<f32>(e + ((<usize>c) << 2));
      if (prod > 1e300) {
        sum += Math.log(prod);
        prod = 1;
      }
    }
    const ey = <f64>load<f32>(e + ((<usize>y) << 2));
    store<f32>(dz + ((<usize>y) << 2), <f32>-(zy >= 0 ? ey / (1 + ey) : 1 / (1 + ey)));
    loss = sum - zy + Math.log(prod);
  }
  for (let c = k; c < kp; c++) store<f32>(dz + ((<usize>c) << 2), 0);
  return loss;
}

/**
 * Class probabilities for one row of scores: the softmax, or the k sigmoids normalised to sum to one
 * (uniform when they all underflow), as linkProbaRow. The one-vs-rest case stays in scalar float64, as
 * the reference, so that rows whose sigmoids are all tiny still rank their classes the same way.
 * z: f32[kp]; p: f32[k] written; e: f32[kp] scratch, or f64[k] for one-vs-rest.
 */
export function probaRow(link: i32, z: usize, k: i32, kp: i32, p: usize, e: usize): void {
  if (link == LINK_SOFTMAX) {
    const mv = f32x4.splat(rowMax(z, k));
    for (let v: usize = 0; v < (<usize>kp) << 2; v += 16)
      v128.store(e + v, expNeg(f32x4.sub(v128.load(z + v), mv)));
    let s: f64 = 0;
    for (let c = 0; c < k; c++) s += <f64>load<f32>(e + ((<usize>c) << 2));
    const inv = 1 / s;
    for (let c = 0; c < k; c++)
      store<f32>(p + ((<usize>c) << 2), <f32>(<f64>load<f32>(e + ((<usize>c) << 2)) * inv));
    return;
  }
  let s: f64 = 0;
  for (let c = 0; c < k; c++) {
    const v = <f64>load<f32>(z + ((<usize>c) << 2));
    const ex = Math.exp(-Math.abs(v));
    const sig = v >= 0 ? 1 / (1 + ex) : ex / (1 + ex);
    store<f64>(e + ((<usize>c) << 3), sig);
    s += sig;
  }
  if (s == 0) {
    for (let c = 0; c < k; c++) store<f64>(e + ((<usize>c) << 3), 1);
    s = k;
  }
  const inv = 1 / s;
  for (let c = 0; c < k; c++)
    store<f32>(p + ((<usize>c) << 2), <f32>(load<f64>(e + ((<usize>c) << 3)) * inv));
}

/** The index of the highest score, ties to the lower class (as the reference's argmax). */
export function argmax(z: usize, k: i32): i32 {
  let best = 0;
  let bv = load<f32>(z);
  for (let c = 1; c < k; c++) {
    const v = load<f32>(z + ((<usize>c) << 2));
    if (v > bv) {
      bv = v;
      best = c;
    }
  }
  return best;
}

function rowMax(z: usize, k: i32): f32 {
  let m: f32 = -Infinity;
  for (let c = 0; c < k; c++) m = max<f32>(m, load<f32>(z + ((<usize>c) << 2)));
  return m;
}

/**
 * e^x on four float32 lanes, for x ≤ 0 only (the links need nothing else: softmax exponentiates z − max z,
 * and the one-vs-rest link e^(−|z|)). Cephes' expf: x = n·ln 2 + r with |r| ≤ ln 2 / 2, a degree-6
 * polynomial for e^r (about 1 ulp), and 2^n built in the exponent bits. Below −86 the result is 0, which
 * keeps 2^n a normal number (and is what float64 would round such tiny terms' effect to in every sum).
 */
function expNeg(x: v128): v128 {
  const lo = f32x4.splat(-86);
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(0)), lo);
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.4426950408889634)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.1219444e-4)));
  let y = f32x4.splat(1.98756915e-4);
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(y, r), r), r), f32x4.splat(1));
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return v128.and(f32x4.mul(y, pow2n), f32x4.ge(x, lo));
}
