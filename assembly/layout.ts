/**
 * The memory contract with the TypeScript side (src/kernels/wasm/layout.ts holds the same numbers; a
 * test checks that they agree). The first 64 KiB of memory are never handed out by the TypeScript
 * allocator: the job descriptor sits under 16 KiB, the compiler's static data (the math library's
 * tables) from 16 KiB on (asconfig.json sets memoryBase), and dataEnd() lets the loader check that it
 * ends before 64 KiB.
 */

/** The job descriptor: i32 fields, written by the TypeScript engine before every call. */
export const JOB: usize = 2048;

export const F_OP: i32 = 0; // OP_LOSSGRAD or OP_PREDICT
export const F_ROWPTR: i32 = 1; // u32[n]: byte address of each row's record
export const F_SCALE: i32 = 2; // f32[n]: rowScale
export const F_OFFSET: i32 = 3; // f32[n]: rowOffset
export const F_LABELS: i32 = 4; // u8[n]
export const F_INDEX: i32 = 5; // i32[count]: the selected rows, or 0 for the range [start, start + count)
export const F_START: i32 = 6;
export const F_COUNT: i32 = 7;
export const F_W: i32 = 8; // f32[d × kp]: W with each row padded to kp lanes (zeros)
export const F_B: i32 = 9; // f32[kp]
export const F_COLSUM: i32 = 10; // f32[kp]: Σ_j W[j, c], for the per-row offset
export const F_K: i32 = 11;
export const F_KP: i32 = 12; // k rounded up to a multiple of 4
export const F_D: i32 = 13;
export const F_LINK: i32 = 14; // LINK_SOFTMAX or LINK_OVR
export const F_CHUNKS: i32 = 15;
export const F_SLOTS: i32 = 16; // per-chunk f64 partial sums, SLOT_STRIDE bytes apart
export const F_SLOT_STRIDE: i32 = 17;
export const F_SCRATCH: i32 = 18; // per-thread scratch, SCRATCH_STRIDE bytes apart
export const F_SCRATCH_STRIDE: i32 = 19;
export const F_OUT: i32 = 20; // predict: f32[count × k]; lossGrad: f32 gW[d × k], gb[k], then f64 loss, correct
export const F_WRAW: i32 = 21; // f32[d × k]: W as the caller holds it, padded into F_W by prepareParams
export const F_BRAW: i32 = 22; // f32[k]
export const F_VALUES: i32 = 23; // f32[n × d]: float rows (dense.ts), or 0 for byte rows (F_ROWPTR...)
export const F_WEIGHTS: i32 = 24; // f32[count]: each selected row's weight, by position t, or 0 for none

/** u8[256][8]: for each byte, the positions of its set bits in increasing order (encode.ts, sparse.ts). */
export const POSTABLE: usize = 5120;

export const OP_LOSSGRAD: i32 = 1;
export const OP_PREDICT: i32 = 2;
export const LINK_SOFTMAX: i32 = 0;
export const LINK_OVR: i32 = 1;

/**
 * A byte data row is stored as a record, 8-byte aligned: ceil(d / 64) u64 mask words (bit b of word w set
 * when pixel 64w + b is non-zero), then the non-zero pixels' values as bytes, in pixel order. See
 * encode.ts. Float rows are stored as they are: n × d float32, row-major, at F_VALUES (dense.ts).
 */

/** Rows whose scores are computed before their gradient updates (so W, then G, stays in cache). */
export const ROW_BLOCK: i32 = 16;

/** Rows accumulated in float32 before they are added into the chunk's float64 sums. */
export const FLUSH_ROWS: i32 = 256;

export function field(f: i32): i32 {
  return load<i32>(JOB + ((<usize>f) << 2));
}
