import { F_CHUNKS, F_D, F_K, F_KP, F_OUT, F_SLOTS, F_SLOT_STRIDE, field } from './layout';
import { f32Slots, scratchBase, zBlock } from './rows';

/**
 * Adds the chunks' float64 sums into the first slot, always in chunk order (so the result is the same
 * bytes however many threads computed the chunks), then writes the caller's layout into F_OUT: gW[j, c] =
 * Σ x·dz + Σ offset·dz as float32 (d × k, unpadded), then gb (k). Loss and count stay in slot 0.
 *
 * Rows are written as whole vectors, in order, so a row's padding lanes land on the next row's first
 * lanes before that row overwrites them; F_OUT has 16 bytes of slack for the last.
 */
export function reduceLossGrad(): void {
  const d = field(F_D);
  const k = field(F_K);
  const kp = field(F_KP);
  const chunks = field(F_CHUNKS);
  const stride = <usize>field(F_SLOT_STRIDE);
  const s0 = <usize>field(F_SLOTS);
  if (f32Slots()) {
    reduceFloat32(d, k, kp, chunks, s0, stride);
    return;
  }
  const len = (<usize>(d + 2) * kp + 2) << 3; // bytes, a multiple of 16
  for (let ch = 1; ch < chunks; ch++) {
    const s = s0 + <usize>ch * stride;
    for (let i: usize = 0; i < len; i += 16)
      v128.store(s0 + i, f64x2.add(v128.load(s0 + i), v128.load(s + i)));
  }
  const out = <usize>field(F_OUT);
  const gb = s0 + ((<usize>d * kp) << 3);
  const off = gb + ((<usize>kp) << 3);
  for (let j = 0; j < d; j++) compact(out + ((<usize>j * k) << 2), s0 + ((<usize>j * kp) << 3), off, kp);
  compact(out + ((<usize>d * k) << 2), gb, 0, kp);
}

/** out[0..kp) ← float32(a[c] + b[c]) for kp float64 values (b = 0: none), four at a time. */
function compact(out: usize, a: usize, b: usize, kp: i32): void {
  for (let v: usize = 0; v < (<usize>kp) << 2; v += 16) {
    let lo = v128.load(a + (v << 1));
    let hi = v128.load(a + (v << 1), 16);
    if (b != 0) {
      lo = f64x2.add(lo, v128.load(b + (v << 1)));
      hi = f64x2.add(hi, v128.load(b + (v << 1), 16));
    }
    v128.store(out + v, i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
}

/**
 * reduceLossGrad for float32 slots (rows.ts, f32Slots): each sum is promoted and added over the chunks in
 * chunk order in float64, written to F_OUT as float32 directly; loss and count go where the float64
 * layout keeps them in slot 0. Σdz and Σ offset·dz are summed first, into the calling thread's z block.
 */
function reduceFloat32(d: i32, k: i32, kp: i32, chunks: i32, s0: usize, stride: usize): void {
  const out = <usize>field(F_OUT);
  const tmp = zBlock(scratchBase(0), d, kp); // f64 gb[kp], off[kp]
  const rowBytes = (<usize>kp) << 2;
  const gbAt = <usize>d * rowBytes;
  sumRow(tmp, s0 + gbAt, stride, chunks, (<usize>kp) << 1);
  const off = tmp + ((<usize>kp) << 3);
  for (let j = 0; j < d; j++) {
    const src = s0 + <usize>j * rowBytes;
    const dst = out + ((<usize>j * k) << 2);
    for (let v: usize = 0; v < rowBytes; v += 16) {
      let lo = v128.load(off + (v << 1));
      let hi = v128.load(off + (v << 1), 16);
      // Chunk sums first, in chunk order, then the offset term, as in the float64 path.
      let sl = f64x2.splat(0);
      let sh = sl;
      for (let ch = 0; ch < chunks; ch++) {
        const g = v128.load(src + <usize>ch * stride + v);
        sl = f64x2.add(sl, f64x2.promote_low_f32x4(g));
        sh = f64x2.add(sh, f64x2.promote_low_f32x4(i32x4.shuffle(g, g, 2, 3, 0, 1)));
      }
      lo = f64x2.add(sl, lo);
      hi = f64x2.add(sh, hi);
      v128.store(
        dst + v,
        i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5),
      );
    }
  }
  compact(out + ((<usize>d * k) << 2), tmp, 0, kp);
  const tail = <usize>(d + 2) * rowBytes;
  let loss: f64 = 0;
  let correct: f64 = 0;
  for (let ch = 0; ch < chunks; ch++) {
    loss += load<f64>(s0 + <usize>ch * stride + tail);
    correct += load<f64>(s0 + <usize>ch * stride + tail, 8);
  }
  const at = s0 + ((<usize>(d + 2) * kp) << 3);
  store<f64>(at, loss);
  store<f64>(at, correct, 8);
}

/** f64 acc[0..n) ← Σ over chunks, in order, of the float32 at base + ch·stride (n a multiple of 4). */
function sumRow(acc: usize, base: usize, stride: usize, chunks: i32, n: usize): void {
  for (let i: usize = 0; i < n; i += 4) {
    let lo = f64x2.splat(0);
    let hi = lo;
    for (let ch = 0; ch < chunks; ch++) {
      const g = v128.load(base + <usize>ch * stride + (i << 2));
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(g));
      hi = f64x2.add(hi, f64x2.promote_low_f32x4(i32x4.shuffle(g, g, 2, 3, 0, 1)));
    }
    v128.store(acc + (i << 3), lo);
    v128.store(acc + (i << 3), hi, 16);
  }
}
