/**
 * The WebAssembly kernels' exports. Memory is imported (shared, so worker threads run the same kernels
 * over the same data) and managed entirely by the TypeScript side; this module allocates nothing.
 */
import { F_OP, OP_LOSSGRAD, POSTABLE, field } from './layout';
import { lossGradChunk } from './gradient';
import { predictChunk } from './predict';

export { encodedBytes, encodeRows } from './encode';
export { prepareParams } from './params';
export { reduceLossGrad } from './reduce';

/** Where the compiler's static data ends; the TypeScript allocator starts above it. */
export function dataEnd(): usize {
  return __heap_base;
}

/** Fills the constant tables in the first 16 KiB; called once, before any kernel runs. */
export function initTables(): void {
  for (let x = 0; x < 256; x++) {
    let at = POSTABLE + ((<usize>x) << 3);
    for (let bit = 0; bit < 8; bit++) if ((x >> bit) & 1) store<u8>(at++, bit);
  }
}

/** Runs chunk c of the current job on the scratch of thread `worker` (0 is the calling thread). */
export function runChunk(c: i32, worker: i32): void {
  if (field(F_OP) == OP_LOSSGRAD) lossGradChunk(c, worker);
  else predictChunk(c, worker);
}
