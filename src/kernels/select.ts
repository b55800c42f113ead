import { availableParallelism } from 'node:os';
import { InputError } from '../util/errors.js';
import type { Backend } from './backend.js';
import { createJsBackend } from './js/jsBackend.js';
import { createThreadedWasmBackend } from './threads/threadsBackend.js';
import { readKernelsWasm } from './wasm/nodeLoader.js';
import { createWasmBackend } from './wasm/wasmBackend.js';

import type { BackendName } from './backendName.js';

export { BACKEND_NAMES, type BackendName } from './backendName.js';

export interface BackendChoice {
  /** 'auto' picks the fastest available. */
  backend: BackendName;
  /** Worker threads that split each batch; 0 means one per core. */
  threads: number;
}

/**
 * Creates the backend asked for:
 * - 'js': the TypeScript reference (threads are ignored);
 * - 'wasm': the WebAssembly kernels, on `threads` threads (1: the calling thread only, named 'wasm';
 *   N > 1: named 'wasm×N'; 0: one thread per core); fails if the kernels cannot be loaded;
 * - 'auto': 'wasm' with those threads where the kernels load, otherwise 'js'.
 */
export async function createBackend(choice: BackendChoice): Promise<Backend> {
  if (choice.backend === 'js') return createJsBackend();
  const threads = resolveThreads(choice.threads);
  if (choice.backend === 'wasm') return createWasm(threads);
  try {
    return await createWasm(threads);
  } catch {
    // No WebAssembly SIMD/threads, or the kernels were not built: the reference still works.
    return createJsBackend();
  }
}

/**
 * Threads beyond this many per core only cost memory and start-up (each holds its own WebAssembly
 * instance); results do not depend on the thread count, so larger requests are capped to it.
 */
export const MAX_THREADS_PER_CORE = 4;

/** Threads to use: 0 means one per core; more than MAX_THREADS_PER_CORE per core is capped. */
export function resolveThreads(threads: number): number {
  if (!Number.isInteger(threads) || threads < 0)
    throw new InputError(`threads: must be a whole number of at least 0, got ${threads}`);
  const cores = Math.max(1, availableParallelism());
  return Math.min(threads === 0 ? cores : threads, MAX_THREADS_PER_CORE * cores);
}

async function createWasm(threads: number): Promise<Backend> {
  const bytes = readKernelsWasm();
  return threads === 1 ? createWasmBackend(bytes) : createThreadedWasmBackend(bytes, threads);
}
