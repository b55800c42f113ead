import { availableParallelism } from 'node:os';
import {
  threadCount,
  wasmBackendFactory,
  type BackendChoice,
  type BackendFactory,
} from '../kernels/select.js';
import type { Backend } from '../kernels/backend.js';
import { readKernelsWasm } from './kernelsWasm.js';
import { spawnNodeKernelWorker } from './kernelWorkers.js';

export {
  BACKEND_NAMES,
  MAX_THREADS_PER_CORE,
  type BackendChoice,
  type BackendName,
} from '../kernels/select.js';

/**
 * Node's backend factory: the WebAssembly kernels read from build/kernels.wasm, split over
 * worker_threads that share their memory; 'auto' falls back to js where they do not load.
 */
export const nodeBackendFactory: BackendFactory = wasmBackendFactory({
  cores: availableParallelism(),
  kernels: readKernelsWasm,
  spawnWorker: spawnNodeKernelWorker,
});

/** Creates the backend asked for, on this machine (see wasmBackendFactory for what each name means). */
export function createBackend(choice: BackendChoice): Promise<Backend> {
  return nodeBackendFactory(choice);
}

/** Threads to use here: 0 means one per core; more than MAX_THREADS_PER_CORE per core is capped. */
export function resolveThreads(threads: number): number {
  return threadCount(threads, availableParallelism());
}
