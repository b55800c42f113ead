import type { Arena } from './arena.js';
import type { KernelExports } from './kernelModule.js';
import { isFloatRows, type ByteRows, type FloatRows, type Labels, type Rows } from '../types.js';
import type { WasmMemory } from './webassembly.js';

/**
 * A data set as the kernels read it: for byte rows, the row records (assembly/encode.ts), their addresses
 * and the per-row map, with values 0; for float rows, the address of the n × d values, the rest 0.
 */
export interface ResidentRows {
  readonly rowPtr: number;
  readonly scale: number;
  readonly offset: number;
  readonly values: number;
}

/**
 * Keeps data sets resident in WebAssembly memory, so that the pixels are copied and encoded once, not per
 * call. Entries are found by the identity of the arrays (ByteRows.pixels, rowScale, rowOffset;
 * FloatRows.values; the labels array): the caller must not modify a data set's arrays in place after handing them to a backend. A few
 * data sets are kept (training, validation, test), the least recently used being dropped beyond that.
 */
export interface DataCache {
  rows(data: Rows): ResidentRows;
  /** The labels' address; throws unless the first n exist and are below k (the kernels index by them). */
  labels(labels: Labels, n: number, k: number): number;
  clear(): void;
}

const MAX_SETS = 4;
/**
 * Rows are copied into memory through a staging block of about this many bytes and encoded from there
 * (while it is in cache), each block into its own segment. Memory never shrinks, so the stage is kept
 * small: its space is reused by later allocations.
 */
const STAGE_BYTES = 1 << 20;

interface BytesEntry extends ResidentRows {
  readonly pixels: Uint8Array;
  readonly n: number;
  readonly d: number;
  readonly rowScale: Float32Array;
  readonly rowOffset: Float32Array;
  /** The arena blocks holding the records. */
  readonly segments: number[];
}

/** Float rows are copied as they are: the kernels read them densely (assembly/dense.ts). */
interface FloatEntry extends ResidentRows {
  readonly source: Float32Array;
  readonly n: number;
  readonly d: number;
}

interface LabelsEntry {
  readonly labels: Labels;
  readonly ptr: number;
  readonly max: number;
}

export function createDataCache(memory: WasmMemory, arena: Arena, k: KernelExports): DataCache {
  let rowSets: BytesEntry[] = []; // most recently used last
  let floatSets: FloatEntry[] = [];
  let labelSets: LabelsEntry[] = [];

  const bytes = (): Uint8Array => new Uint8Array(memory.buffer);

  function encode(data: ByteRows): BytesEntry {
    const { pixels, n, d } = data;
    if (pixels.length < n * d) throw new Error(`ByteRows: ${pixels.length} pixels for ${n} rows of ${d}`);
    if (data.rowScale.length < n || data.rowOffset.length < n)
      throw new Error('ByteRows: rowScale/rowOffset too short');
    const blockRows = Math.max(1, Math.floor(STAGE_BYTES / Math.max(d, 1)));
    const stage = arena.alloc(Math.min(n, blockRows) * d + 16); // + 16: read as whole vectors
    const rowPtr = arena.alloc(n * 4);
    const segments: number[] = [];
    try {
      for (let i = 0; i < n; i += blockRows) {
        const m = Math.min(blockRows, n - i);
        bytes().set(pixels.subarray(i * d, (i + m) * d), stage);
        const seg = arena.alloc(k.encodedBytes(stage, m, d) + 16); // + 16: written as whole vectors
        segments.push(seg);
        k.encodeRows(stage, m, d, seg, rowPtr + i * 4);
      }
    } catch (err) {
      for (const p of [rowPtr, ...segments]) arena.free(p);
      throw err;
    } finally {
      arena.free(stage);
    }
    const scale = arena.alloc(n * 4);
    const offset = arena.alloc(n * 4);
    const f32 = new Float32Array(memory.buffer);
    f32.set(data.rowScale.subarray(0, n), scale >> 2);
    f32.set(data.rowOffset.subarray(0, n), offset >> 2);
    const { rowScale, rowOffset } = data;
    return { pixels, n, d, rowScale, rowOffset, segments, rowPtr, scale, offset, values: 0 };
  }

  function release(e: BytesEntry): void {
    for (const p of [...e.segments, e.rowPtr, e.scale, e.offset]) arena.free(p);
  }

  function copyFloats(data: FloatRows): FloatEntry {
    const { values: source, n, d } = data;
    if (source.length < n * d) throw new Error(`FloatRows: ${source.length} values for ${n} rows of ${d}`);
    const values = arena.alloc(n * d * 4);
    new Float32Array(memory.buffer).set(source.subarray(0, n * d), values >> 2);
    return { source, n, d, values, rowPtr: 0, scale: 0, offset: 0 };
  }

  function floatRows(data: FloatRows): ResidentRows {
    const i = floatSets.findIndex((e) => e.source === data.values);
    let e = i >= 0 ? floatSets[i] : undefined;
    if (i >= 0) floatSets.splice(i, 1);
    if (e && (e.n !== data.n || e.d !== data.d)) {
      arena.free(e.values);
      e = undefined;
    }
    if (!e) {
      if (floatSets.length >= MAX_SETS) arena.free((floatSets.shift() as FloatEntry).values);
      e = copyFloats(data);
    }
    floatSets.push(e);
    return e;
  }

  return {
    rows(data: Rows): ResidentRows {
      if (isFloatRows(data)) return floatRows(data);
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
        if (rowSets.length >= MAX_SETS) release(rowSets.shift() as BytesEntry);
        e = encode(data);
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
      for (const e of floatSets) arena.free(e.values);
      for (const e of labelSets) arena.free(e.ptr);
      rowSets = [];
      floatSets = [];
      labelSets = [];
    },
  };
}
