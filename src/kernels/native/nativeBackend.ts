import type { Backend, EpochDone } from '../backend.js';
import { isFloatRows, type Labels, type Rows } from '../types.js';
import { checkRange } from '../wasm/rowSelection.js';
import { NATIVE_LINK, type NativeAddon, type NativeHandle } from './addon.js';

/** An instruction-set variant of the native kernels: its number in the addon, name and vector width. */
export interface NativeVariant {
  readonly index: number;
  readonly name: string;
  readonly lanes: number;
}

/**
 * The variant to run: `wanted` (or SOFTMAX_NATIVE_ISA) when given, else the best this CPU runs
 * ('avx512', 'avx2', then the portable 'generic'; 'avx2-16' is the AVX-512 layout on AVX2, for tests).
 */
export function chooseVariant(
  addon: NativeAddon,
  wanted: string | undefined = process.env.SOFTMAX_NATIVE_ISA,
): NativeVariant {
  const all = addon.variants().map(([name, lanes, supported], index) => ({ index, name, lanes, supported }));
  const pick = wanted
    ? all.find((v) => v.name === wanted)
    : all.find((v) => v.supported && v.name !== 'avx2-16');
  if (!pick)
    throw new Error(`native kernels: no variant ${wanted ?? ''} (have ${all.map((v) => v.name).join(', ')})`);
  if (!pick.supported) throw new Error(`native kernels: this CPU cannot run the ${pick.name} variant`);
  return { index: pick.index, name: pick.name, lanes: pick.lanes };
}

/** How many data sets (training, validation, test, ...) stay prepared; the least recently used goes. */
const MAX_SETS = 4;

interface Prepared {
  readonly source: Uint8Array | Float32Array;
  readonly n: number;
  readonly d: number;
  readonly handle: NativeHandle;
}

/**
 * The native kernels (C, SIMD chosen for this CPU, pthreads) behind the Backend interface, named
 * 'native' on one thread and 'native×N' on N. Like the wasm backend, a batch is cut into chunks by its
 * row count alone and the chunks' sums are added in order, so results do not depend on N. Data sets are
 * prepared once (byte rows of a width the lanes divide are read in place, so the set stays referenced
 * here until released) and found again by the identity of their pixels or values array;
 * per-row maps, labels and weights are read in place on every call. trainEpoch runs a whole mini-batch
 * epoch (gradient, penalty, update) in C (native/steps.c): one call per epoch, the pool's threads
 * splitting every step's batch.
 */
export function createNativeBackend(addon: NativeAddon, threads: number, variant?: NativeVariant): Backend {
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`threads: expected an integer ≥ 1, got ${threads}`);
  const v = variant ?? chooseVariant(addon);
  const engine = addon.createEngine(v.index, threads);
  let sets: Prepared[] = []; // most recently used last
  const labelMax = new WeakMap<Labels, number>();
  const stats = new Float64Array(2);
  const update = new Float64Array(11);
  let disposed = false;

  function rowsHandle(data: Rows): NativeHandle {
    const source = isFloatRows(data) ? data.values : data.pixels;
    const i = sets.findIndex((e) => e.source === source);
    let e = i >= 0 ? sets[i] : undefined;
    if (i >= 0) sets.splice(i, 1);
    if (e && (e.n !== data.n || e.d !== data.d)) {
      addon.release(e.handle);
      e = undefined;
    }
    if (!e) {
      if (sets.length >= MAX_SETS) addon.release((sets.shift() as Prepared).handle);
      e = { source, n: data.n, d: data.d, handle: addon.prepareRows(engine, source, data.n, data.d) };
    }
    sets.push(e);
    return e.handle;
  }

  /** Checks shapes the way the wasm backend words them; the addon checks again, tersely. */
  function check(data: Rows, d: number, k: number, W: Float32Array, b: Float32Array): void {
    if (disposed) throw new Error('native backend: used after dispose()');
    if (data.d !== d) throw new Error(`native backend: data has ${data.d} columns, parameters ${d}`);
    if (W.length < d * k || b.length < k) throw new Error('native backend: W or b too short');
    if (isFloatRows(data)) {
      if (data.values.length < data.n * d)
        throw new Error(`FloatRows: ${data.values.length} values for ${data.n} rows of ${d}`);
    } else {
      if (data.pixels.length < data.n * d)
        throw new Error(`ByteRows: ${data.pixels.length} pixels for ${data.n} rows of ${d}`);
      if (data.rowScale.length < data.n || data.rowOffset.length < data.n)
        throw new Error('ByteRows: rowScale/rowOffset too short');
    }
  }

  function checkLabels(labels: Labels, n: number, k: number): void {
    if (labels.length < n) throw new Error(`labels: ${labels.length} labels for ${n} rows`);
    let max = labelMax.get(labels);
    if (max === undefined) {
      max = labels.reduce((m, y) => Math.max(m, y), 0);
      labelMax.set(labels, max);
    }
    if (max >= k) throw new Error(`labels: label ${max} out of range for ${k} classes`);
  }

  return {
    name: threads === 1 ? 'native' : `native×${threads}`,

    lossGrad(data, labels, rows, p, link, out, weights): void {
      const { d, k, W, b } = p;
      check(data, d, k, W, b);
      checkRange(rows, data.n);
      checkLabels(labels, data.n, k);
      if (weights && weights.length < data.n)
        throw new Error(`weights: ${weights.length} weights for ${data.n} rows`);
      const bytes = isFloatRows(data) ? null : data;
      addon.lossGrad(
        engine,
        rowsHandle(data),
        bytes && bytes.rowScale,
        bytes && bytes.rowOffset,
        labels,
        rows.index,
        rows.start,
        rows.count,
        W,
        b,
        k,
        NATIVE_LINK[link],
        weights ?? null,
        out.gW,
        out.gb,
        stats,
      );
      out.loss = stats[0];
      out.correct = stats[1];
    },

    predictProba(data, rows, p, link, out): void {
      const { d, k, W, b } = p;
      check(data, d, k, W, b);
      checkRange(rows, data.n);
      const bytes = isFloatRows(data) ? null : data;
      addon.predict(
        engine,
        rowsHandle(data),
        bytes && bytes.rowScale,
        bytes && bytes.rowOffset,
        null,
        rows.index,
        rows.start,
        rows.count,
        W,
        b,
        k,
        NATIVE_LINK[link],
        null,
        out,
      );
    },

    trainEpoch(job): EpochDone {
      const { data, labels, params: p, rule, columns } = job;
      const { d, k, W, b } = p;
      check(data, d, k, W, b);
      checkLabels(labels, data.n, k);
      if (job.weights && job.weights.length < data.n)
        throw new Error(`weights: ${job.weights.length} weights for ${data.n} rows`);
      if (job.index === null && job.count > data.n) throw new Error('native backend: rows outside the data');
      const bytes = isFloatRows(data) ? null : data;
      const adam = rule.kind === 'adam';
      update.set([
        adam ? 1 : 0,
        rule.lr,
        job.lambda,
        adam ? 0 : rule.momentum,
        !adam && rule.nesterov ? 1 : 0,
        adam ? rule.beta1 : 0,
        adam ? rule.beta2 : 0,
        adam ? rule.epsilon : 0,
        adam ? rule.t : 0,
        job.divergenceFactor,
        job.firstLoss,
      ]);
      const steps = addon.epoch(
        engine,
        rowsHandle(data),
        bytes && bytes.rowScale,
        bytes && bytes.rowOffset,
        labels,
        job.index,
        job.count,
        k,
        NATIVE_LINK[job.link],
        job.weights,
        W,
        b,
        job.batch,
        update,
        adam ? rule.mW : rule.vW,
        adam ? rule.mb : rule.vb,
        adam ? rule.vW : null,
        adam ? rule.vb : null,
        columns && columns.colScale,
        columns && columns.colOffset,
        job.losses,
        job.correct,
      );
      return { steps, t: update[8], firstLoss: update[10] };
    },

    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const e of sets) addon.release(e.handle);
      sets = [];
      addon.release(engine);
    },
  };
}
