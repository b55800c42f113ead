import { createArena, type Arena } from './arena.js';
import { chunkCount } from './chunks.js';
import { createDataCache } from './dataCache.js';
import type { KernelExports } from './kernelModule.js';
import * as L from './layout.js';
import { checkRange, copyRows, copyWeights } from './rowSelection.js';
import type { Backend } from '../backend.js';
import {
  isFloatRows,
  type GradOut,
  type Labels,
  type Link,
  type Params,
  type RowSelection,
  type RowWeights,
  type Rows,
} from '../types.js';
import type { WasmMemory } from './webassembly.js';

/** Runs chunks 0..chunks-1 of the job in memory, on one thread or several; returns when all are done. */
export interface ChunkRunner {
  readonly threads: number;
  run(chunks: number): void;
  dispose(): void;
}

/** The Backend operations over the kernels, given how chunks get run. */
export interface KernelEngine {
  lossGrad(
    data: Rows,
    labels: Labels,
    rows: RowSelection,
    p: Params,
    link: Link,
    out: GradOut,
    weights?: RowWeights | null,
  ): void;
  predictProba(data: Rows, rows: RowSelection, p: Params, link: Link, out: Float32Array): void;
  dispose(): void;
}

/** An engine under a backend's name, with a dispose that is safe to call more than once. */
export function engineBackend(name: string, engine: KernelEngine): Backend {
  let disposed = false;
  return {
    name,
    lossGrad: (data, labels, rows, p, link, out, weights) =>
      engine.lossGrad(data, labels, rows, p, link, out, weights),
    predictProba: (data, rows, p, link, out) => engine.predictProba(data, rows, p, link, out),
    dispose(): void {
      if (disposed) return;
      disposed = true;
      engine.dispose();
    },
  };
}

/** A grow-only block of the arena, for buffers whose size only changes when d, k or a batch grows. */
function region(arena: Arena): (bytes: number) => number {
  let ptr = 0;
  let cap = 0;
  return (bytes) => {
    if (bytes > cap) {
      if (cap > 0) arena.free(ptr);
      ptr = arena.alloc(bytes);
      cap = bytes;
    }
    return ptr;
  };
}

/**
 * Prepares each call for the kernels (resident data, padded parameters, the job descriptor), has the
 * runner compute the chunks, then reduces and copies the result out. Allocates nothing per call once
 * its buffers have grown to the largest batch seen.
 */
export function createKernelEngine(k: KernelExports, memory: WasmMemory, runner: ChunkRunner): KernelEngine {
  const arena = createArena(memory, L.ARENA_BASE);
  const cache = createDataCache(memory, arena, k);
  const [wRaw, bRaw, wPad, bPad, colSum, scratch, slots, index, outBuf, rowWeights] = Array.from(
    { length: 10 },
    () => region(arena),
  );
  let viewsOf: ArrayBufferLike = new ArrayBuffer(0);
  let i32: Int32Array = new Int32Array(0);
  let f32: Float32Array = new Float32Array(0);
  let f64: Float64Array = new Float64Array(0);
  const gwView = viewCache(memory);
  const gbView = viewCache(memory);
  const probaView = viewCache(memory);

  function views(): void {
    const buffer = memory.buffer;
    if (viewsOf === buffer && i32.byteLength === buffer.byteLength) return;
    viewsOf = buffer;
    i32 = new Int32Array(viewsOf);
    f32 = new Float32Array(viewsOf);
    f64 = new Float64Array(viewsOf);
  }

  function set(field: number, value: number): void {
    i32[(L.JOB >> 2) + field] = value;
  }

  /**
   * Common set-up: resident rows, parameters, row selection, the selected rows' weights (lossGrad; null:
   * unweighted) and per-thread buffers.
   */
  function prepare(
    op: number,
    data: Rows,
    rows: RowSelection,
    p: Params,
    link: Link,
    weights: RowWeights | null,
  ): number {
    const { d, k: classes } = p;
    if (data.d !== d) throw new Error(`wasm backend: data has ${data.d} columns, parameters ${d}`);
    if (p.W.length < d * classes || p.b.length < classes) throw new Error('wasm backend: W or b too short');
    const kp = L.paddedClasses(classes);
    // Only byte rows address W through 16-bit row offsets (assembly/sparse.ts); float rows have no limit.
    if (!isFloatRows(data) && !L.fitsRowOffsets(d, kp))
      throw new Error(`wasm backend: d·k = ${d}·${classes} exceeds its 1 MiB W`);
    checkRange(rows, data.n);
    if (weights && weights.length < data.n)
      throw new Error(`weights: ${weights.length} weights for ${data.n} rows`);
    const resident = cache.rows(data);
    const wRawPtr = wRaw(d * classes * 4 + 16); // + 16: rows are read as whole vectors
    const bRawPtr = bRaw(classes * 4);
    const indexPtr = rows.index ? index(rows.count * 4) : 0;
    const wPtr = wPad(d * kp * 4);
    const bPtr = bPad(kp * 4);
    const colPtr = colSum(kp * 12); // f32 sums, then f64 accumulators
    const scratchPtr = scratch(runner.threads * L.scratchBytes(d, kp));
    const chunks = chunkCount(rows.count);
    const slotsPtr = slots(chunks * L.slotBytes(d, kp)); // wide rows: only the slots this batch uses
    const outPtr = outBuf(Math.max(d * classes + classes, rows.count * classes) * 4 + 16); // + 16: see reduce.ts
    const weightsPtr = weights ? rowWeights(rows.count * 4) : 0;
    views(); // after the last allocation, which may have grown the memory
    set(L.F_W, wPtr);
    set(L.F_B, bPtr);
    set(L.F_COLSUM, colPtr);
    set(L.F_SCRATCH, scratchPtr);
    set(L.F_SLOTS, slotsPtr);
    set(L.F_OUT, outPtr);
    f32.set(p.W.length === d * classes ? p.W : p.W.subarray(0, d * classes), wRawPtr >> 2);
    f32.set(p.b.length === classes ? p.b : p.b.subarray(0, classes), bRawPtr >> 2);
    copyRows(rows, data.n, i32, indexPtr >> 2); // checks the row numbers that copyWeights then reads
    if (weights) copyWeights(rows, weights, f32, weightsPtr >> 2);
    set(L.F_OP, op);
    set(L.F_ROWPTR, resident.rowPtr);
    set(L.F_SCALE, resident.scale);
    set(L.F_OFFSET, resident.offset);
    set(L.F_VALUES, resident.values);
    set(L.F_WEIGHTS, weightsPtr);
    set(L.F_INDEX, indexPtr);
    set(L.F_START, rows.start);
    set(L.F_COUNT, rows.count);
    set(L.F_K, classes);
    set(L.F_KP, kp);
    set(L.F_D, d);
    set(L.F_LINK, link === 'softmax' ? L.LINK_SOFTMAX : L.LINK_OVR);
    set(L.F_CHUNKS, chunks);
    set(L.F_SLOT_STRIDE, L.slotBytes(d, kp));
    set(L.F_SCRATCH_STRIDE, L.scratchBytes(d, kp));
    set(L.F_WRAW, wRawPtr);
    set(L.F_BRAW, bRawPtr);
    k.prepareParams();
    return chunks;
  }

  return {
    lossGrad(data, labels, rows, p, link, out, weights): void {
      const chunks = prepare(L.OP_LOSSGRAD, data, rows, p, link, weights ?? null);
      const labelsPtr = cache.labels(labels, data.n, p.k);
      views();
      set(L.F_LABELS, labelsPtr);
      runner.run(chunks);
      k.reduceLossGrad();
      views();
      const { d, k: classes } = p;
      const o = i32[(L.JOB >> 2) + L.F_OUT];
      out.gW.set(gwView(o, d * classes));
      out.gb.set(gbView(o + d * classes * 4, classes));
      const s = (i32[(L.JOB >> 2) + L.F_SLOTS] >> 3) + (d + 2) * L.paddedClasses(classes);
      out.loss = f64[s];
      out.correct = f64[s + 1];
    },

    predictProba(data, rows, p, link, out): void {
      const chunks = prepare(L.OP_PREDICT, data, rows, p, link, null);
      runner.run(chunks);
      views();
      out.set(probaView(i32[(L.JOB >> 2) + L.F_OUT], rows.count * p.k));
    },

    dispose(): void {
      runner.dispose();
      cache.clear();
    },
  };
}

/**
 * A Float32Array of len floats at byte address ptr of the memory, remade only when the memory grew or the
 * place or length changed, so that copying a result out allocates nothing per call.
 */
function viewCache(memory: WasmMemory): (ptr: number, len: number) => Float32Array {
  let view: Float32Array = new Float32Array(0);
  return (ptr, len) => {
    const buffer = memory.buffer;
    if (view.buffer !== buffer || view.byteOffset !== ptr || view.length !== len) {
      view = new Float32Array(buffer, ptr, len);
    }
    return view;
  };
}
