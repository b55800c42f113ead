import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  BACKEND_NAMES,
  createBackend,
  findNative,
  MAX_THREADS_PER_CORE,
  resolveThreads,
} from '../../src/node/backend.js';

/** 'auto' is native where the addon was built (test/kernels/nativeChoice.test.ts tests without it). */
const auto = 'addon' in findNative() ? 'native' : 'wasm';

describe('createBackend', () => {
  it('names what it made', async () => {
    expect(BACKEND_NAMES).toEqual(['auto', 'native', 'wasm', 'js']);
    const made = [
      await createBackend({ backend: 'js', threads: 4 }),
      await createBackend({ backend: 'wasm', threads: 1 }),
      await createBackend({ backend: 'wasm', threads: 2 }),
      await createBackend({ backend: 'auto', threads: 1 }),
    ];
    expect(made.map((b) => b.name)).toEqual(['js', 'wasm', 'wasm×2', auto]);
    for (const b of made) {
      b.dispose();
      b.dispose(); // safe twice
    }
  });

  it("'auto' with threads 0 uses one thread per core", async () => {
    const cores = availableParallelism();
    expect(resolveThreads(0)).toBe(cores);
    const be = await createBackend({ backend: 'auto', threads: 0 });
    expect(be.name).toBe(cores > 1 ? `${auto}×${cores}` : auto);
    be.dispose();
  });

  it("caps thread counts near the machine's cores (results do not depend on them)", () => {
    const cores = availableParallelism();
    expect(resolveThreads(1000)).toBe(MAX_THREADS_PER_CORE * cores);
    expect(resolveThreads(1)).toBe(1);
  });

  it('rejects a negative or fractional thread count', async () => {
    await expect(createBackend({ backend: 'wasm', threads: -1 })).rejects.toThrow(/threads/);
    await expect(createBackend({ backend: 'wasm', threads: 1.5 })).rejects.toThrow(/threads/);
  });
});
