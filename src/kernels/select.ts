import { InputError } from '../util/errors.js';
import type { Backend } from './backend.js';
import { createJsBackend } from './js/jsBackend.js';
import type { SpawnKernelWorker } from './threads/pool.js';
import { createThreadedWasmBackend } from './threads/threadsBackend.js';
import { createWasmBackend } from './wasm/wasmBackend.js';
import type { WasmBytes, WasmModule } from './wasm/webassembly.js';

import type { BackendName } from './backendName.js';

export { BACKEND_NAMES, backendKind, type BackendName } from './backendName.js';

/** The one line a run that asks for 'native' where there is none is refused with. */
export function noNativeBackend(why: string): InputError {
  return new InputError(
    `backend 'native' is not available here (${why}); use --backend auto or wasm (npm run build:native builds the native kernels)`,
  );
}

export interface BackendChoice {
  /** 'auto' picks the fastest available. */
  backend: BackendName;
  /** Threads that split each batch; 0 means one per core. */
  threads: number;
}

/**
 * Makes the backend a run asks for. The caller injects one (a classifier's context, a sweep's worker):
 * Node's makes wasm on worker_threads (src/node/backend.ts), a page's makes wasm in Web Workers
 * (src/browser/backend.ts), and the core's own, `jsBackendFactory`, only the js reference. Nothing is
 * registered globally: which platform runs is decided by which factory is passed.
 */
export type BackendFactory = (choice: BackendChoice) => Promise<Backend>;

/** The core's factory: the js reference for 'js' and 'auto'; 'wasm' needs a platform's factory. */
export const jsBackendFactory: BackendFactory = async (choice) => {
  if (choice.backend === 'native') throw noNativeBackend('the native kernels need Node.js');
  if (choice.backend === 'wasm') {
    throw new InputError(
      "backend 'wasm' needs a platform's backend factory: use softmax-classifier/node, or pass { backendFactory } from softmax-classifier/browser",
    );
  }
  return createJsBackend();
};

/** What a platform supplies for the WebAssembly backends. */
export interface WasmPlatform {
  /** Logical cores, for threads = 0. */
  readonly cores: number;
  /** The compiled kernels, or their bytes (read from a file, fetched, or bundled). */
  kernels(): WasmModule | WasmBytes | Promise<WasmModule | WasmBytes>;
  /** Starts kernel workers; null where threads cannot share memory (then every run uses one thread). */
  readonly spawnWorker: SpawnKernelWorker | null;
}

/**
 * A factory over a platform's WebAssembly support:
 * - 'js': the TypeScript reference (threads are ignored);
 * - 'wasm': the WebAssembly kernels, on `threads` threads (1: the calling thread only, named 'wasm';
 *   N > 1: named 'wasm×N'; 0: one thread per core); fails if the kernels cannot be loaded;
 * - 'auto': 'wasm' with those threads where the kernels load, otherwise 'js';
 * - 'native': refused (Node's factory, src/node/backend.ts, handles it before this one).
 */
export function wasmBackendFactory(platform: WasmPlatform): BackendFactory {
  return async (choice) => {
    if (choice.backend === 'js') return createJsBackend();
    if (choice.backend === 'native') throw noNativeBackend('the native kernels need Node.js');
    const threads = platform.spawnWorker === null ? 1 : threadCount(choice.threads, platform.cores);
    const create = async (): Promise<Backend> => {
      const wasm = await platform.kernels();
      return threads === 1 || platform.spawnWorker === null
        ? createWasmBackend(wasm)
        : createThreadedWasmBackend(wasm, threads, platform.spawnWorker);
    };
    if (choice.backend === 'wasm') return create();
    try {
      return await create();
    } catch {
      // No WebAssembly SIMD/threads, or the kernels were not built: the reference still works.
      return createJsBackend();
    }
  };
}

/**
 * Threads beyond this many per core only cost memory and start-up (each holds its own WebAssembly
 * instance); results do not depend on the thread count, so larger requests are capped to it.
 */
export const MAX_THREADS_PER_CORE = 4;

/** Threads to use on `cores` cores: 0 means one per core; more than MAX_THREADS_PER_CORE per core is capped. */
export function threadCount(threads: number, cores: number): number {
  if (!Number.isInteger(threads) || threads < 0)
    throw new InputError(`threads: must be a whole number of at least 0, got ${threads}`);
  const c = Math.max(1, Math.floor(cores) || 1);
  return Math.min(threads === 0 ? c : threads, MAX_THREADS_PER_CORE * c);
}
