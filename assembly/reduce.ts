import { F_CHUNKS, F_D, F_K, F_KP, F_OUT, F_SLOTS, F_SLOT_STRIDE, field } from './layout';

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
