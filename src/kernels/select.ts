import type { Backend } from './backend.js';
import { createJsBackend } from './js/jsBackend.js';

export type BackendName = 'auto' | 'js' | 'wasm';
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'js', 'wasm'];

export interface BackendChoice {
  /** 'auto' picks the fastest available. */
  backend: BackendName;
  /** Worker threads that split each batch; 0 means one per core. */
  threads: number;
}

/** Creates the backend asked for. The WebAssembly and worker-thread backends arrive with issue #4. */
export async function createBackend(choice: BackendChoice): Promise<Backend> {
  void choice.threads;
  return createJsBackend();
}
