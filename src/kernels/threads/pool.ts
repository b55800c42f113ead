import { Worker } from 'node:worker_threads';
import type { ChunkRunner } from '../wasm/engine.js';
import type { KernelExports } from '../wasm/kernelModule.js';
import type { WasmMemory, WasmModule } from '../wasm/webassembly.js';
import * as C from './control.js';
import { workerMain, type WorkerData } from './workerMain.js';

/**
 * Runs each job's chunks on the calling thread and `workers` worker threads that instantiate the same
 * kernels over the same shared memory. Synchronous for the caller: it takes chunks itself, then blocks in
 * Atomics.wait (allowed on Node's main thread) until every worker has checked in. Which thread ran which
 * chunk does not change the result (see chunks.ts).
 */
export async function createWorkerPool(
  module: WasmModule,
  memory: WasmMemory,
  kernels: KernelExports,
  workers: number,
): Promise<ChunkRunner> {
  const ctrl = C.createControl();
  const source = `(${workerMain.toString()})(require('node:worker_threads'));`;
  const threads: Worker[] = [];
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
      Array.from({ length: workers }, (_, i) => {
        const workerData: WorkerData = { module, memory, ctrl, id: i + 1 };
        const w = new Worker(source, { eval: true, workerData });
        threads.push(w);
        return new Promise<void>((resolve, reject) => {
          w.once('message', (slots: number[]) => {
            if (slots.join() !== expected.join())
              reject(
                new Error(`worker control slots ${slots.join()} differ from control.ts: ${expected.join()}`),
              );
            else resolve();
          });
          w.once('error', reject);
          w.once('exit', (code) =>
            reject(new Error(`kernel worker exited with code ${code} while starting`)),
          );
        });
      }),
    );
  } catch (err) {
    for (const w of threads) void w.terminate();
    throw err;
  }
  for (const w of threads) {
    w.removeAllListeners();
    // A stray error after start-up must not crash the process; the job's barrier reports failures.
    w.on('error', () => {});
    w.unref();
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
      for (const w of threads) void w.terminate();
    },
  };
}
