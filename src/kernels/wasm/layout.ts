/**
 * The memory contract with the AssemblyScript kernels (assembly/layout.ts holds the same numbers, and
 * test/kernels/module.test.ts checks that they agree): the job descriptor's place and fields.
 */
/** The job descriptor: i32 fields, indexed by the F_ constants. */
export const JOB = 2048;
/** Where the TypeScript allocator starts; the module's static data must end below it. */
export const ARENA_BASE = 65536;

export const F_OP = 0;
export const F_ROWPTR = 1;
export const F_SCALE = 2;
export const F_OFFSET = 3;
export const F_LABELS = 4;
export const F_INDEX = 5;
export const F_START = 6;
export const F_COUNT = 7;
export const F_W = 8;
export const F_B = 9;
export const F_COLSUM = 10;
export const F_K = 11;
export const F_KP = 12;
export const F_D = 13;
export const F_LINK = 14;
export const F_CHUNKS = 15;
export const F_SLOTS = 16;
export const F_SLOT_STRIDE = 17;
export const F_SCRATCH = 18;
export const F_SCRATCH_STRIDE = 19;
export const F_OUT = 20;
export const F_WRAW = 21;
export const F_BRAW = 22;
export const F_VALUES = 23;
export const F_WEIGHTS = 24;
export const JOB_FIELDS = 25;

/** The kernels' constant tables (assembly/layout.ts), filled by initTables(). */
export const POSTABLE = 5120;

export const OP_LOSSGRAD = 1;
export const OP_PREDICT = 2;
export const LINK_SOFTMAX = 0;
export const LINK_OVR = 1;

/**
 * Whether the kernels can address W (d rows of kp floats) through the 16-bit row offsets, in 16-byte
 * units, of their expanded entries (assembly/sparse.ts): W's padded rows must start below 1 MiB.
 */
export function fitsRowOffsets(d: number, kp: number): boolean {
  return (d - 1) * (kp / 4) <= 0xffff;
}

/** Classes rounded up to whole 4-lane vectors. */
export function paddedClasses(k: number): number {
  return Math.ceil(k / 4) * 4;
}

/** Rows per block in the kernels (assembly/layout.ts). */
export const ROW_BLOCK = 16;

/**
 * Per-thread scratch bytes (see assembly/rows.ts): G, Σdz, Σoffset·dz, z and dz blocks (f32), e (f64),
 * then a block of rows' pixel index lists (u16) and their lengths (u32).
 */
export function scratchBytes(d: number, kp: number): number {
  return align((d + 2 + 2 * ROW_BLOCK) * kp * 4 + kp * 8 + ROW_BLOCK * (entryBytes(d) + 4));
}

/** Bytes of one row's expanded entry list, u32 per pixel (assembly/sparse.ts). */
export function entryBytes(d: number): number {
  return Math.ceil(((d + 8) * 4) / 16) * 16;
}

/** Per-chunk slot bytes: f64 gW[d·kp], gb[kp], off[kp], loss, correct. */
export function slotBytes(d: number, kp: number): number {
  return align(((d + 2) * kp + 2) * 8);
}

/** Rounds a byte count up to a cache line, which is also what the allocator aligns to. */
export function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
