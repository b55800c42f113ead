import { F_B, F_BRAW, F_COLSUM, F_D, F_K, F_KP, F_W, F_WRAW, field } from './layout';

/**
 * Lays out the caller's parameters for the kernels, once per call: W's rows padded from k to kp lanes
 * with zeros (so a row is whole vectors), b padded likewise, and the column sums Σ_j W[j, c] that turn
 * the per-row offset into one multiply-add per class, summed in float64 like the reference.
 *
 * Regions: F_WRAW holds W as the caller has it (d·k floats, plus 16 bytes of slack, since each row is
 * read as whole vectors); F_COLSUM holds f32[kp] sums followed by f64[kp] accumulators.
 */
export function prepareParams(): void {
  const d = field(F_D);
  const k = field(F_K);
  const kp = field(F_KP);
  const raw = <usize>field(F_WRAW);
  const W = <usize>field(F_W);
  const col = <usize>field(F_COLSUM);
  const acc = col + ((<usize>kp) << 2);
  const rowBytes = (<usize>kp) << 2;
  const last = rowBytes - 16;
  const lanes = i32x4(0, 1, 2, 3);
  const lastMask = i32x4.lt_s(i32x4.add(lanes, i32x4.splat(kp - 4)), i32x4.splat(k)); // lanes < k
  memory.fill(acc, 0, (<usize>kp) << 3);
  for (let j = 0; j < d; j++) {
    const src = raw + ((<usize>j * k) << 2);
    const dst = W + <usize>j * rowBytes;
    for (let v: usize = 0; v < rowBytes; v += 16) {
      let w = v128.load(src + v);
      if (v == last) w = v128.and(w, lastMask);
      v128.store(dst + v, w);
      const a = acc + (v << 1);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(w)));
      v128.store(
        a,
        f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 0, 1))),
        16,
      );
    }
  }
  for (let c = 0; c < kp; c++) store<f32>(col + ((<usize>c) << 2), <f32>load<f64>(acc + ((<usize>c) << 3)));
  const b = <usize>field(F_B);
  const braw = <usize>field(F_BRAW);
  for (let c = 0; c < kp; c++)
    store<f32>(b + ((<usize>c) << 2), c < k ? load<f32>(braw + ((<usize>c) << 2)) : 0);
}
