import {
  F_B,
  F_D,
  F_K,
  F_KP,
  F_LINK,
  F_OFFSET,
  F_OUT,
  F_ROWPTR,
  F_SCALE,
  F_VALUES,
  F_W,
  ROW_BLOCK,
  field,
} from './layout';
import { addBias, denseDot } from './dense';
import { probaRow } from './link';
import { affine, chunkLo, indexBlock, rowAt, scratchBase, zBlock } from './rows';
import { dot3, dotN, expand } from './sparse';

/**
 * Class probabilities for one chunk's rows, into F_OUT at the rows' positions in the selection; byte rows
 * through sparse.ts and the per-row map, float rows (F_VALUES ≠ 0) through dense.ts.
 */
export function predictChunk(c: i32, worker: i32): void {
  const d = field(F_D);
  const k = field(F_K);
  const kp = field(F_KP);
  const nv = kp >> 2;
  const link = field(F_LINK);
  const W = <usize>field(F_W);
  const rowPtr = <usize>field(F_ROWPTR);
  const scale = <usize>field(F_SCALE);
  const offset = <usize>field(F_OFFSET);
  const out = <usize>field(F_OUT);
  const values = <usize>field(F_VALUES);
  const valueRow = (<usize>d) << 2;
  const B = <usize>field(F_B);
  const zb = zBlock(scratchBase(worker), d, kp);
  const eb = zb + ((<usize>ROW_BLOCK * kp) << 3); // after the z and dz blocks, as in lossGradChunk
  const idx = indexBlock(zb, kp);
  const hi = chunkLo(c + 1);
  for (let t = chunkLo(c); t < hi; t++) {
    const r = rowAt(t);
    if (values != 0) {
      denseDot(values + <usize>r * valueRow, d, W, zb, nv);
      addBias(zb, nv, B);
      probaRow(link, zb, k, kp, out + ((<usize>t * k) << 2), eb);
      continue;
    }
    const rec = <usize>load<u32>(rowPtr + ((<usize>r) << 2));
    const nz = expand(rec, d, nv, idx);
    if (nv == 3) dot3(idx, nz, W, zb);
    else dotN(idx, nz, W, zb, nv);
    affine(zb, nv, load<f32>(scale + ((<usize>r) << 2)), load<f32>(offset + ((<usize>r) << 2)));
    probaRow(link, zb, k, kp, out + ((<usize>t * k) << 2), eb);
  }
}
