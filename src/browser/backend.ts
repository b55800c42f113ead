import { wasmBackendFactory, type BackendFactory } from '../kernels/select.js';
import { compileKernels } from '../kernels/wasm/kernelModule.js';
import type { WasmBytes, WasmModule } from '../kernels/wasm/webassembly.js';
import { spawnBrowserKernelWorker } from './kernelWorker.js';
import { browserCores, isCrossOriginIsolated } from './webWorker.js';

export interface BrowserBackendOptions {
  /** The kernels: build/kernels.wasm's bytes (e.g. from fetchBytes) or a compiled module. */
  kernels: WasmBytes | WasmModule;
  /** Cores for threads = 0; default navigator.hardwareConcurrency. */
  cores?: number;
  /** Whether workers may share memory; default: the page is cross-origin isolated. */
  isolated?: boolean;
}

/**
 * A page's backend factory: the WebAssembly kernels, split over Web Workers that share their memory when
 * the page is cross-origin isolated (served with COOP: same-origin and COEP: require-corp), and on one
 * thread otherwise. Whatever creates a backend from it must run in a Web Worker, not on the page's own
 * thread: the threaded runner blocks in Atomics.wait between jobs.
 */
export function browserBackendFactory(options: BrowserBackendOptions): BackendFactory {
  let module: WasmModule | null = null;
  const isolated = options.isolated ?? isCrossOriginIsolated();
  return wasmBackendFactory({
    cores: options.cores ?? browserCores(),
    kernels: () => {
      const k = options.kernels;
      module ??= ArrayBuffer.isView(k) || k instanceof ArrayBuffer ? compileKernels(k) : k;
      return module;
    },
    spawnWorker: isolated ? spawnBrowserKernelWorker : null,
  });
}
