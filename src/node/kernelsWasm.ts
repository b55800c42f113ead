import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Reads the compiled kernels in Node. The file is build/kernels.wasm at the package root (written by
 * `npm run build:wasm`); this file sits two folders below the root both as source (src/node) and
 * compiled (dist/node), so one relative path serves both.
 */
export const KERNELS_WASM_URL = new URL('../../build/kernels.wasm', import.meta.url);

export function readKernelsWasm(): Uint8Array {
  const path = fileURLToPath(KERNELS_WASM_URL);
  if (!existsSync(path))
    throw new Error(`wasm kernels not built: ${path} is missing (run npm run build:wasm)`);
  return readFileSync(path);
}
