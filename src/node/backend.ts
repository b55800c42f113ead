import { availableParallelism } from 'node:os';
import {
  noNativeBackend,
  threadCount,
  wasmBackendFactory,
  type BackendChoice,
  type BackendFactory,
} from '../kernels/select.js';
import type { Backend } from '../kernels/backend.js';
import { loadNativeAddon, nativeTurnedOff, type NativeAddon } from '../kernels/native/addon.js';
import { chooseVariant, createNativeBackend, type NativeVariant } from '../kernels/native/nativeBackend.js';
import { readKernelsWasm } from './kernelsWasm.js';
import { spawnNodeKernelWorker } from './kernelWorkers.js';

export {
  BACKEND_NAMES,
  MAX_THREADS_PER_CORE,
  backendKind,
  type BackendChoice,
  type BackendName,
} from '../kernels/select.js';

/** The native kernels as this process finds them: loaded, or why not (one line). */
export type NativeLookup = { addon: NativeAddon; variant: NativeVariant } | { why: string };

/**
 * Loads the native addon, once per process: absent when SOFTMAX_NATIVE=0 (how the fallback is tested
 * and how a user turns the addon off), when build/softmax_native.node (or SOFTMAX_NATIVE_ADDON) is
 * missing or does not load, or when the CPU runs none of its variants.
 */
export function findNative(): NativeLookup {
  if (nativeTurnedOff()) return { why: 'SOFTMAX_NATIVE=0' };
  try {
    const addon = loadNativeAddon();
    return { addon, variant: chooseVariant(addon) };
  } catch (err) {
    return { why: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
  }
}

/** Node's platform for the WebAssembly kernels: build/kernels.wasm on worker_threads sharing memory. */
const wasmFactory: BackendFactory = wasmBackendFactory({
  cores: availableParallelism(),
  kernels: readKernelsWasm,
  spawnWorker: spawnNodeKernelWorker,
});

/**
 * A Node backend factory over a way to find the native kernels (injectable for tests):
 * - 'native': the C kernels on `threads` threads (named 'native' or 'native×N'); refused in one line
 *   (an InputError, exit 2 from the CLI) where the addon is absent;
 * - 'auto': native where the addon loads, else wasm, else js, silently (Backend.name says which);
 * - 'wasm', 'js': as wasmBackendFactory.
 */
export function nodeBackendFactoryWith(native: () => NativeLookup): BackendFactory {
  return async (choice) => {
    if (choice.backend === 'native' || choice.backend === 'auto') {
      const found = native();
      if ('addon' in found) {
        const threads = threadCount(choice.threads, availableParallelism());
        try {
          return createNativeBackend(found.addon, threads, found.variant);
        } catch (err) {
          if (choice.backend === 'native') throw noNativeBackend(String(err));
        }
      } else if (choice.backend === 'native') {
        throw noNativeBackend(found.why);
      }
    }
    return wasmFactory(choice);
  };
}

/** Node's backend factory: native kernels where built, else WebAssembly on worker_threads, else js. */
export const nodeBackendFactory: BackendFactory = nodeBackendFactoryWith(findNative);

/** Creates the backend asked for, on this machine (see nodeBackendFactoryWith for what each name means). */
export function createBackend(choice: BackendChoice): Promise<Backend> {
  return nodeBackendFactory(choice);
}

/** Threads to use here: 0 means one per core; more than MAX_THREADS_PER_CORE per core is capped. */
export function resolveThreads(threads: number): number {
  return threadCount(threads, availableParallelism());
}
