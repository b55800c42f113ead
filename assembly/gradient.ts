import {
  F_B,
  F_D,
  F_INDEX,
  F_K,
  F_KP,
  F_LABELS,
  F_LINK,
  F_OFFSET,
  F_ROWPTR,
  F_SCALE,
  F_SLOTS,
  F_SLOT_STRIDE,
  F_VALUES,
  F_W,
  F_WEIGHTS,
  FLUSH_ROWS,
  ROW_BLOCK,
  field,
} from './layout';
import { addBias, denseDot, denseScatter } from './dense';
import { argmax, lossGradRow } from './link';
import {
  affine,
  chunkLo,
  f32Slots,
  indexBlock,
  rowAt,
  scratchBase,
  touchBlock,
  touchDense,
  zBlock,
} from './rows';
import { dot3, dotN, entryBytes, expand, scatter3, scatterN } from './sparse';

/**
 * The loss and gradient sums of one chunk of a batch, into the chunk's own slot, so that the result does
 * not depend on which thread ran which chunk; reduce.ts then adds the slots in chunk order.
 *
 * Rows go in blocks of ROW_BLOCK: scores (gather of W rows) and link for each row, then the gradient
 * (scatter into G rows) for each, while the block's entries are still in cache. G is float32 for speed
 * and is added into the slot's float64 sums every FLUSH_ROWS rows, which bounds the float32 rounding to
 * short runs.
 *
 * Float rows (F_VALUES ≠ 0) take the same steps with dense.ts's products in place of sparse.ts's and no
 * per-row map (scale 1, offset 0, so their Σ offset·dz stays zero). With weights (F_WEIGHTS ≠ 0), a
 * row's ∂loss/∂z and loss are multiplied by its weight before they are summed; `correct` is not.
 *
 * Slot layout: f64 gW[d·kp], gb[kp], off[kp], loss, correct; or, when every chunk has at most FLUSH_ROWS
 * rows (f32Slots: mini-batches), the float32 sums themselves, f32 gW[d·kp], gb[kp], off[kp], then f64
 * loss, correct, copied from G once at the chunk's end.
 */
export function lossGradChunk(c: i32, worker: i32): void {
  const d = field(F_D);
  const k = field(F_K);
  const kp = field(F_KP);
  const nv = kp >> 2;
  const link = field(F_LINK);
  const W = <usize>field(F_W);
  const rowPtr = <usize>field(F_ROWPTR);
  const scale = <usize>field(F_SCALE);
  const offset = <usize>field(F_OFFSET);
  const labels = <usize>field(F_LABELS);
  const gather = field(F_INDEX) != 0;
  const values = <usize>field(F_VALUES);
  const dense = values != 0;
  const valueRow = (<usize>d) << 2;
  const B = <usize>field(F_B);
  const weights = <usize>field(F_WEIGHTS);
  const sums = <usize>(d + 2) * <usize>kp; // floats flushed together: G, Σdz, Σ offset·dz
  const slot = <usize>field(F_SLOTS) + <usize>c * <usize>field(F_SLOT_STRIDE);
  // A chunk of at most FLUSH_ROWS rows copies its float32 sums into its slot as they are (reduce.ts).
  const inSlot = f32Slots();
  const G = scratchBase(worker);
  const gbB = G + ((<usize>d * kp) << 2);
  const offB = gbB + ((<usize>kp) << 2);
  const zb = zBlock(G, d, kp);
  const dzb = zb + <usize>ROW_BLOCK * ((<usize>kp) << 2);
  const eb = dzb + <usize>ROW_BLOCK * ((<usize>kp) << 2);
  const rowBytes = (<usize>kp) << 2;
  const ib = indexBlock(zb, kp);
  const ibStride = entryBytes(d);
  const counts = ib + <usize>ROW_BLOCK * ibStride;
  memory.fill(G, 0, sums << 2);

  let loss: f64 = 0;
  let correct = 0;
  let inBlock = 0;
  let flushed = false;
  let sink: u32 = 0;
  const hi = chunkLo(c + 1);
  if (gather) sink += prefetch(dense, values, valueRow, rowPtr, chunkLo(c), min(chunkLo(c) + ROW_BLOCK, hi));
  for (let t0 = chunkLo(c); t0 < hi; t0 += ROW_BLOCK) {
    const t1 = min(t0 + ROW_BLOCK, hi);
    if (gather) sink += prefetch(dense, values, valueRow, rowPtr, t1, min(t1 + ROW_BLOCK, hi));
    // Scores, link and per-row sums for the block's rows, with W hot in cache...
    for (let t = t0; t < t1; t++) {
      const r = rowAt(t);
      const z = zb + <usize>(t - t0) * rowBytes;
      const dz = dzb + <usize>(t - t0) * rowBytes;
      let a: f32 = 1;
      let o: f32 = 0;
      if (dense) {
        denseDot(values + <usize>r * valueRow, d, W, z, nv);
        addBias(z, nv, B);
      } else {
        const rec = <usize>load<u32>(rowPtr + ((<usize>r) << 2));
        const idx = ib + <usize>(t - t0) * ibStride;
        const nz = expand(rec, d, nv, idx);
        store<i32>(counts + ((<usize>(t - t0)) << 2), nz);
        a = load<f32>(scale + ((<usize>r) << 2));
        o = load<f32>(offset + ((<usize>r) << 2));
        if (nv == 3) dot3(idx, nz, W, z);
        else dotN(idx, nz, W, z, nv);
        affine(z, nv, a, o);
      }
      const y = <i32>load<u8>(labels + <usize>r);
      if (argmax(z, k) == y) correct++;
      let rowLoss = lossGradRow(link, z, k, kp, y, dz, eb);
      if (weights != 0) {
        const w = load<f32>(weights + ((<usize>t) << 2));
        rowLoss *= <f64>w;
        const wv = f32x4.splat(w);
        for (let v: usize = 0; v < rowBytes; v += 16) v128.store(dz + v, f32x4.mul(wv, v128.load(dz + v)));
      }
      loss += rowLoss;
      const av = f32x4.splat(a);
      const ov = f32x4.splat(o);
      for (let v: usize = 0; v < rowBytes; v += 16) {
        const g = v128.load(dz + v);
        v128.store(gbB + v, f32x4.add(v128.load(gbB + v), g));
        v128.store(offB + v, f32x4.add(v128.load(offB + v), f32x4.mul(ov, g)));
        v128.store(dz + v, f32x4.mul(av, g));
      }
    }
    // ...then their gradient updates, with G hot in cache (W and G do not fit in L1 together).
    for (let t = t0; t < t1; t++) {
      const dz = dzb + <usize>(t - t0) * rowBytes;
      if (dense) {
        denseScatter(values + <usize>rowAt(t) * valueRow, d, G, dz, nv);
        continue;
      }
      const idx = ib + <usize>(t - t0) * ibStride;
      const nz = load<i32>(counts + ((<usize>(t - t0)) << 2));
      if (nv == 3) scatter3(idx, nz, G, dz);
      else scatterN(idx, nz, G, dz, nv);
    }
    inBlock += t1 - t0;
    if (inBlock >= FLUSH_ROWS && !inSlot) {
      flush(G, slot, sums, flushed);
      flushed = true;
      inBlock = 0;
    }
  }
  const tail = slot + (inSlot ? sums << 2 : sums << 3);
  if (inSlot) memory.copy(slot, G, sums << 2);
  else if (inBlock > 0 || !flushed) flush(G, slot, sums, flushed);
  store<f64>(tail, loss);
  store<f64>(tail, <f64>correct, 8);
  store<u32>(eb, sink);
}

/** touchBlock for the rows at positions [t0, t1): their records, or their float values. */
function prefetch(dense: bool, values: usize, valueRow: usize, rowPtr: usize, t0: i32, t1: i32): u32 {
  return dense ? touchDense(values, valueRow, t0, t1) : touchBlock(rowPtr, t0, t1);
}

/**
 * slot[i] += G[i] in float64 (slot[i] = G[i] for the chunk's first flush, which spares zeroing the slot),
 * and G[i] ← 0, for count floats (a multiple of 4).
 */
function flush(G: usize, slot: usize, count: usize, add: bool): void {
  const zero = f32x4.splat(0);
  for (let i: usize = 0; i < count; i += 4) {
    const g = v128.load(G + (i << 2));
    const s = slot + (i << 3);
    let lo = f64x2.promote_low_f32x4(g);
    let hi = f64x2.promote_low_f32x4(i32x4.shuffle(g, g, 2, 3, 0, 1));
    if (add) {
      lo = f64x2.add(v128.load(s), lo);
      hi = f64x2.add(v128.load(s, 16), hi);
    }
    v128.store(s, lo);
    v128.store(s, hi, 16);
    v128.store(G + (i << 2), zero);
  }
}
