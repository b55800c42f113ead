import type { Backend } from '../backend.js';
import { createKernelEngine, engineBackend, type ChunkRunner } from './engine.js';
import { compileKernels, createKernelMemory, startKernels, type KernelExports } from './kernelModule.js';
import { wasmApi, type WasmBytes, type WasmModule } from './webassembly.js';

/**
 * The WebAssembly backend on the calling thread: SIMD kernels compiled from assembly/ by AssemblyScript.
 * Takes the .wasm bytes (or module) so that it needs no file system; see src/node/kernelsWasm.ts for Node.
 */
export function createWasmBackend(wasm: WasmBytes | WasmModule): Backend {
  const module = wasm instanceof wasmApi.Module ? wasm : compileKernels(wasm);
  const memory = createKernelMemory();
  const kernels = startKernels(module, memory);
  const engine = createKernelEngine(kernels, memory, serialRunner(kernels));
  return engineBackend('wasm', engine);
}

/** Runs every chunk in order on this thread, with scratch 0. */
export function serialRunner(k: KernelExports): ChunkRunner {
  return {
    threads: 1,
    run(chunks: number): void {
      for (let c = 0; c < chunks; c++) k.runChunk(c, 0);
    },
    dispose(): void {},
  };
}
