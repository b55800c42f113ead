import { ARENA_BASE } from './layout.js';
import { wasmApi, type WasmBytes, type WasmMemory, type WasmModule } from './webassembly.js';

/**
 * Compiling and instantiating the AssemblyScript kernels. Takes the .wasm bytes (or a compiled module)
 * from the caller and uses only the WebAssembly API, so it runs wherever WebAssembly with SIMD and
 * threads does; reading the file is the Node-side helper's job (src/node/kernelsWasm.ts).
 */

/** The module's exports (assembly/index.ts). Addresses are byte offsets into the shared memory. */
export interface KernelExports {
  dataEnd(): number;
  initTables(): void;
  runChunk(chunk: number, worker: number): void;
  encodedBytes(pix: number, n: number, d: number): number;
  encodeRows(pix: number, n: number, d: number, out: number, rowPtr: number): number;
  prepareParams(): void;
  reduceLossGrad(): void;
}

/** The module's declared memory maximum, in 64 KiB pages (4 GiB); see assembly/asconfig.json. */
const MAX_PAGES = 65536;

export function compileKernels(bytes: WasmBytes): WasmModule {
  return new wasmApi.Module(bytes);
}

/**
 * A shared memory for the kernels. Shared so that worker threads instantiate the same module over the
 * same data; a shared memory must declare a maximum, which only reserves address space, and a smaller
 * one is tried where even that is refused.
 */
export function createKernelMemory(): WasmMemory {
  const initial = ARENA_BASE / 65536 + 1;
  for (const maximum of [MAX_PAGES, MAX_PAGES / 4, MAX_PAGES / 16]) {
    try {
      return new wasmApi.Memory({ initial, maximum, shared: true });
    } catch (err) {
      if (maximum === MAX_PAGES / 16) throw err;
    }
  }
  throw new Error('unreachable');
}

/** Instantiates the kernels over the memory (synchronously: the module is small and already compiled). */
export function instantiateKernels(module: WasmModule, memory: WasmMemory): KernelExports {
  const instance = new wasmApi.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

/** Instantiates the kernels over a fresh memory, checking that their static data ends below the allocator. */
export function startKernels(module: WasmModule, memory: WasmMemory): KernelExports {
  const k = instantiateKernels(module, memory);
  if (k.dataEnd() > ARENA_BASE) {
    throw new Error(
      `wasm kernels: static data ends at ${k.dataEnd()}, above the allocator base ${ARENA_BASE}`,
    );
  }
  k.initTables();
  return k;
}
