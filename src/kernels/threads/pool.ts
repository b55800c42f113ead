import type { ChunkRunner } from '../wasm/engine.js';
import type { KernelExports } from '../wasm/kernelModule.js';
import type { WasmMemory, WasmModule } from '../wasm/webassembly.js';
import * as C from './control.js';
import type { WorkerData } from './workerMain.js';

/** A kernel worker as the platform started it (Node: worker_threads; a page: a Web Worker). */
export interface KernelWorker {
  /**
   * Settles once the worker has instantiated the kernels: with the control-slot numbers it was written
   * with (checked against control.ts), or rejected if it failed or exited while starting.
   */
  readonly ready: Promise<number[]>;
  terminate(): void;
}

/**
 * Starts one worker that runs `workerMain` over `data` (the module and memory are shared, not copied).
 * Each platform supplies its own: src/node/kernelWorkers.ts, src/browser/kernelWorker.ts. The pool's
 * logic (the job protocol, the barrier, error reporting) is the same for both.
 */
export type SpawnKernelWorker = (data: WorkerData) => KernelWorker;

/**
 * Runs each job's chunks on the calling thread and `workers` workers that instantiate the same kernels
 * over the same shared memory. Synchronous for the caller: it takes chunks itself, then blocks in
 * Atomics.wait until every worker has checked in; so the calling thread must be one that may block
 * (Node's main thread or a worker; in a page, a Web Worker, never the page's own thread). Which thread
 * ran which chunk does not change the result (see chunks.ts).
 */
export async function createWorkerPool(
  module: WasmModule,
  memory: WasmMemory,
  kernels: KernelExports,
  workers: number,
  spawn: SpawnKernelWorker,
): Promise<ChunkRunner> {
  const ctrl = C.createControl();
  const threads: KernelWorker[] = [];
  const expected = [
    C.C_GEN,
    C.C_NEXT,
    C.C_CHUNKS,
    C.C_DONE,
    C.C_STOP,
    C.C_ERROR,
    C.MESSAGE_OFFSET,
    C.MESSAGE_BYTES,
    C.SPIN_MS,
  ];
  try {
    await Promise.all(
      Array.from({ length: workers }, async (_, i) => {
        const w = spawn({ module, memory, ctrl, id: i + 1 });
        threads.push(w);
        const slots = await w.ready;
        if (slots.join() !== expected.join())
          throw new Error(`worker control slots ${slots.join()} differ from control.ts: ${expected.join()}`);
      }),
    );
  } catch (err) {
    for (const w of threads) w.terminate();
    throw err;
  }
  let disposed = false;

  return {
    threads: workers + 1,

    run(chunks: number): void {
      if (disposed) throw new Error('wasm worker pool: used after dispose()');
      Atomics.store(ctrl, C.C_CHUNKS, chunks);
      Atomics.store(ctrl, C.C_NEXT, 0);
      Atomics.store(ctrl, C.C_DONE, 0);
      Atomics.add(ctrl, C.C_GEN, 1);
      Atomics.notify(ctrl, C.C_GEN);
      try {
        for (let c = Atomics.add(ctrl, C.C_NEXT, 1); c < chunks; c = Atomics.add(ctrl, C.C_NEXT, 1)) {
          kernels.runChunk(c, 0);
        }
      } finally {
        // Even when this thread failed, wait: the next job must not start while workers are in this one.
        C.waitUntil(ctrl, C.C_DONE, workers);
      }
      const error = C.readError(ctrl);
      if (error !== null) {
        Atomics.store(ctrl, C.C_ERROR, 0);
        throw new Error(`wasm kernel failed in a worker thread: ${error}`);
      }
    },

    dispose(): void {
      if (disposed) return;
      disposed = true;
      Atomics.store(ctrl, C.C_STOP, 1);
      Atomics.add(ctrl, C.C_GEN, 1);
      Atomics.notify(ctrl, C.C_GEN);
      for (const w of threads) w.terminate();
    },
  };
}
