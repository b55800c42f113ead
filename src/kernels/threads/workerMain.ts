import type { WasmApi, WasmMemory, WasmModule } from '../wasm/webassembly.js';

/** What each worker is started with (structured-cloned; the module and both buffers are shared). */
export interface WorkerData {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly ctrl: Int32Array;
  /** This worker's scratch index; 0 is the calling thread. */
  readonly id: number;
}

/**
 * How a worker reaches its start-up data and its parent: Node's `node:worker_threads` module has this
 * shape; a Web Worker passes { workerData: the first message's data, parentPort: self }.
 */
export interface WorkerSide {
  readonly workerData: unknown;
  readonly parentPort: { postMessage(value: unknown): void } | null;
}

/**
 * The body of a kernel worker. It is started from its source text (Function.prototype.toString), which
 * works the same from the TypeScript sources under the test runner, from dist and from a bundle, so it
 * must not use anything from outside itself at run time: the control slots are repeated here as
 * literals (the pool checks them against control.ts when it starts).
 */
export function workerMain(wt: WorkerSide): void {
  const GEN = 0;
  const NEXT = 1;
  const CHUNKS = 2;
  const DONE = 3;
  const STOP = 4;
  const ERROR = 5;
  const MESSAGE_OFFSET = 64;
  const MESSAGE_BYTES = 1024;
  const SPIN_MS = 1;
  const data = wt.workerData as WorkerData;
  const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new api.Instance(data.module, { env: { memory: data.memory } });
  const runChunk = (instance.exports as { runChunk(c: number, w: number): void }).runChunk;
  const ctrl = data.ctrl;
  let gen = 0;
  wt.parentPort?.postMessage([GEN, NEXT, CHUNKS, DONE, STOP, ERROR, MESSAGE_OFFSET, MESSAGE_BYTES, SPIN_MS]);
  for (;;) {
    // Mini-batches come back to back: poll for a moment before sleeping, since waking a sleeping thread
    // costs about as much as a small batch's work.
    const since = performance.now();
    while (Atomics.load(ctrl, GEN) === gen && performance.now() - since < SPIN_MS);
    Atomics.wait(ctrl, GEN, gen);
    gen = Atomics.load(ctrl, GEN);
    if (Atomics.load(ctrl, STOP) !== 0) return;
    try {
      const chunks = Atomics.load(ctrl, CHUNKS);
      for (let c = Atomics.add(ctrl, NEXT, 1); c < chunks; c = Atomics.add(ctrl, NEXT, 1))
        runChunk(c, data.id);
    } catch (err) {
      if (Atomics.compareExchange(ctrl, ERROR, 0, 1) === 0) {
        const text = new TextEncoder()
          .encode(`worker ${data.id}: ${String(err)}`)
          .slice(0, MESSAGE_BYTES - 1);
        new Uint8Array(ctrl.buffer, MESSAGE_OFFSET, MESSAGE_BYTES).set(text);
      }
    }
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
}
