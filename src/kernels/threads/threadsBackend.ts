import type { Backend } from '../backend.js';
import { createKernelEngine, engineBackend } from '../wasm/engine.js';
import { compileKernels, createKernelMemory, startKernels } from '../wasm/kernelModule.js';
import { wasmApi, type WasmBytes, type WasmModule } from '../wasm/webassembly.js';
import { createWorkerPool, type SpawnKernelWorker } from './pool.js';

/**
 * The WebAssembly kernels on `threads` threads (the caller plus threads − 1 workers), named 'wasm×N'.
 * Pixels and parameters are shared, not copied: the kernels' memory is a SharedArrayBuffer. Results are
 * bit-identical to the single-thread 'wasm' backend's, whatever N. `spawn` starts the workers the
 * platform's way (Node: src/node/kernelWorkers.ts; a page: src/browser/kernelWorker.ts).
 */
export async function createThreadedWasmBackend(
  wasm: WasmBytes | WasmModule,
  threads: number,
  spawn: SpawnKernelWorker,
): Promise<Backend> {
  if (!Number.isInteger(threads) || threads < 2)
    throw new Error(`threads: expected an integer ≥ 2, got ${threads}`);
  const module = wasm instanceof wasmApi.Module ? wasm : compileKernels(wasm);
  const memory = createKernelMemory();
  const kernels = startKernels(module, memory);
  const pool = await createWorkerPool(module, memory, kernels, threads - 1, spawn);
  const engine = createKernelEngine(kernels, memory, pool);
  return engineBackend(`wasm×${threads}`, engine);
}
