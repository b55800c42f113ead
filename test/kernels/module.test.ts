import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as L from '../../src/kernels/wasm/layout.js';
import { compileKernels, createKernelMemory, startKernels } from '../../src/kernels/wasm/kernelModule.js';
import { readKernelsWasm } from '../../src/kernels/wasm/nodeLoader.js';

describe('wasm kernel module', () => {
  it('loads from build/ and instantiates over a shared memory', () => {
    const memory = createKernelMemory();
    const k = startKernels(compileKernels(readKernelsWasm()), memory);
    for (const name of [
      'runChunk',
      'countNonZero',
      'encodeRows',
      'recode',
      'prepareParams',
      'reduceLossGrad',
    ]) {
      expect(typeof (k as unknown as Record<string, unknown>)[name]).toBe('function');
    }
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(k.dataEnd()).toBeLessThanOrEqual(L.ARENA_BASE);
  });

  it('counts non-zero bytes', () => {
    const memory = createKernelMemory();
    const k = startKernels(compileKernels(readKernelsWasm()), memory);
    const bytes = new Uint8Array(memory.buffer);
    const at = L.ARENA_BASE;
    const data = Uint8Array.from({ length: 37 }, (_, i) => (i % 3 === 0 ? 0 : i));
    bytes.set(data, at);
    expect(k.countNonZero(at, data.length)).toBe(data.filter((x) => x !== 0).length);
  });

  it('agrees with assembly/layout.ts on every shared constant', () => {
    const src = readFileSync(fileURLToPath(new URL('../../assembly/layout.ts', import.meta.url)), 'utf8');
    const constants = new Map<string, number>();
    for (const m of src.matchAll(/export const (\w+): \w+ = (0x[0-9a-f]+|\d+);/g))
      constants.set(m[1], Number(m[2]));
    const ts = L as unknown as Record<string, unknown>;
    const shared = [...constants.keys()].filter((name) => typeof ts[name] === 'number');
    expect(shared.length).toBeGreaterThan(25);
    for (const name of shared) expect([name, ts[name]]).toEqual([name, constants.get(name)]);
  });
});
