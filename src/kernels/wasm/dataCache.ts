import type { Arena } from './arena.js';
import type { KernelExports } from './kernelModule.js';
import type { ByteRows, Labels } from '../types.js';
import type { WasmMemory } from './webassembly.js';

/** A data set as the kernels read it: encoded non-zero pixels, row pointers and the per-row map. */
export interface ResidentRows {
  readonly rowPtr: number;
  readonly scale: number;
  readonly offset: number;
}

/**
 * Keeps data sets resident in WebAssembly memory, so that the pixels are copied and encoded once, not per
 * call. Entries are found by the identity of the arrays (ByteRows.pixels, rowScale, rowOffset; the labels
 * array): the caller must not modify a data set's arrays in place after handing them to a backend. A few
 * data sets are kept (training, validation, test), the least recently used being dropped beyond that.
 */
export interface DataCache {
  /** rowStride: the padded W row length in 16-byte units, which the encoded entries depend on. */
  rows(data: ByteRows, rowStride: number): ResidentRows;
  /** The labels' address; throws unless the first n exist and are below k (the kernels index by them). */
  labels(labels: Labels, n: number, k: number): number;
  clear(): void;
}

const MAX_SETS = 4;
/** Rows are staged through memory in blocks of about this many bytes while they are encoded. */
const STAGE_BYTES = 1 << 22;

interface RowsEntry extends ResidentRows {
  readonly pixels: Uint8Array;
  readonly n: number;
  readonly d: number;
  readonly rowScale: Float32Array;
  readonly rowOffset: Float32Array;
  readonly ents: number;
  readonly nnz: number;
  rowStride: number;
}

interface LabelsEntry {
  readonly labels: Labels;
  readonly ptr: number;
  readonly max: number;
}

export function createDataCache(memory: WasmMemory, arena: Arena, k: KernelExports): DataCache {
  let rowSets: RowsEntry[] = []; // most recently used last
  let labelSets: LabelsEntry[] = [];

  const bytes = (): Uint8Array => new Uint8Array(memory.buffer);

  function encode(data: ByteRows, rowStride: number): RowsEntry {
    const { pixels, n, d } = data;
    if (pixels.length < n * d) throw new Error(`ByteRows: ${pixels.length} pixels for ${n} rows of ${d}`);
    if (data.rowScale.length < n || data.rowOffset.length < n)
      throw new Error('ByteRows: rowScale/rowOffset too short');
    const blockRows = Math.max(1, Math.floor(STAGE_BYTES / Math.max(d, 1)));
    const stage = arena.alloc(Math.min(n, blockRows) * d + 16);
    try {
      let nnz = 0;
      for (let i = 0; i < n; i += blockRows) {
        const m = Math.min(blockRows, n - i);
        bytes().set(pixels.subarray(i * d, (i + m) * d), stage);
        nnz += k.countNonZero(stage, m * d);
      }
      const ents = arena.alloc(nnz * 4 + 4); // + 4: encodeRows writes one entry past the last
      const rowPtr = arena.alloc((n + 1) * 4);
      const u32 = (): Uint32Array => new Uint32Array(memory.buffer);
      u32()[rowPtr >> 2] = ents;
      for (let i = 0; i < n; i += blockRows) {
        const m = Math.min(blockRows, n - i);
        bytes().set(pixels.subarray(i * d, (i + m) * d), stage);
        k.encodeRows(stage, m, d, rowStride, u32()[(rowPtr >> 2) + i], rowPtr + i * 4);
      }
      const scale = arena.alloc(n * 4);
      const offset = arena.alloc(n * 4);
      const f32 = new Float32Array(memory.buffer);
      f32.set(data.rowScale.subarray(0, n), scale >> 2);
      f32.set(data.rowOffset.subarray(0, n), offset >> 2);
      const { rowScale, rowOffset } = data;
      return { pixels, n, d, rowScale, rowOffset, ents, nnz, rowPtr, scale, offset, rowStride };
    } finally {
      arena.free(stage);
    }
  }

  function release(e: RowsEntry): void {
    for (const p of [e.ents, e.rowPtr, e.scale, e.offset]) arena.free(p);
  }

  return {
    rows(data: ByteRows, rowStride: number): ResidentRows {
      const i = rowSets.findIndex((e) => e.pixels === data.pixels);
      let e = i >= 0 ? rowSets[i] : undefined;
      const stale =
        e &&
        (e.rowScale !== data.rowScale || e.rowOffset !== data.rowOffset || e.n !== data.n || e.d !== data.d);
      if (e && stale) {
        release(e);
        e = undefined;
      }
      if (i >= 0) rowSets.splice(i, 1);
      if (!e) {
        if (rowSets.length >= MAX_SETS) release(rowSets.shift() as RowsEntry);
        e = encode(data, rowStride);
      } else if (e.rowStride !== rowStride) {
        k.recode(e.ents, e.nnz, e.rowStride, rowStride);
        e.rowStride = rowStride;
      }
      rowSets.push(e);
      return e;
    },

    labels(labels: Labels, n: number, k: number): number {
      if (labels.length < n) throw new Error(`labels: ${labels.length} labels for ${n} rows`);
      const i = labelSets.findIndex((e) => e.labels === labels);
      let e = i >= 0 ? labelSets[i] : undefined;
      if (i >= 0) labelSets.splice(i, 1);
      if (!e) {
        if (labelSets.length >= MAX_SETS) arena.free((labelSets.shift() as LabelsEntry).ptr);
        const ptr = arena.alloc(labels.length);
        bytes().set(labels, ptr);
        e = { labels, ptr, max: labels.reduce((m, y) => Math.max(m, y), 0) };
      }
      labelSets.push(e);
      if (e.max >= k) throw new Error(`labels: label ${e.max} out of range for ${k} classes`);
      return e.ptr;
    },

    clear(): void {
      for (const e of rowSets) release(e);
      for (const e of labelSets) arena.free(e.ptr);
      rowSets = [];
      labelSets = [];
    },
  };
}
