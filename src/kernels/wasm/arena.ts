import { align } from './layout.js';
import type { WasmMemory } from './webassembly.js';

/**
 * A first-fit allocator over the kernels' WebAssembly memory. Blocks are few and long-lived (a data set,
 * the parameters, scratch), so a sorted list is enough; memory grows when no gap fits and never shrinks
 * (WebAssembly cannot), but freed space is reused.
 */
export interface Arena {
  /** Returns the byte address of a fresh block of at least `bytes` bytes, 64-byte aligned. */
  alloc(bytes: number): number;
  free(ptr: number): void;
}

const PAGE = 65536;

export function createArena(memory: WasmMemory, base: number): Arena {
  const blocks: { ptr: number; size: number }[] = []; // sorted by ptr

  function ensureSize(end: number): void {
    const have = memory.buffer.byteLength;
    if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
  }

  return {
    alloc(bytes: number): number {
      const size = align(Math.max(bytes, 1));
      let at = base;
      let i = 0;
      for (; i < blocks.length; i++) {
        if (blocks[i].ptr - at >= size) break;
        at = blocks[i].ptr + blocks[i].size;
      }
      ensureSize(at + size);
      blocks.splice(i, 0, { ptr: at, size });
      return at;
    },

    free(ptr: number): void {
      const i = blocks.findIndex((b) => b.ptr === ptr);
      if (i >= 0) blocks.splice(i, 1);
    },
  };
}
