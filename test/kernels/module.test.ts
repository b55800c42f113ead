import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as L from '../../src/kernels/wasm/layout.js';
import { compileKernels, createKernelMemory, startKernels } from '../../src/kernels/wasm/kernelModule.js';
import { readKernelsWasm } from '../../src/node/kernelsWasm.js';

describe('wasm kernel module', () => {
  it('loads from build/ and instantiates over a shared memory', () => {
    const memory = createKernelMemory();
    const k = startKernels(compileKernels(readKernelsWasm()), memory);
    for (const name of ['runChunk', 'encodedBytes', 'encodeRows', 'prepareParams', 'reduceLossGrad']) {
      expect(typeof (k as unknown as Record<string, unknown>)[name]).toBe('function');
    }
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(k.dataEnd()).toBeLessThanOrEqual(L.ARENA_BASE);
  });

  it('encodes rows as a mask of non-zero pixels followed by their values', () => {
    const memory = createKernelMemory();
    const k = startKernels(compileKernels(readKernelsWasm()), memory);
    const [n, d] = [3, 70]; // d spans two mask words, the second partly
    const data = Uint8Array.from({ length: n * d }, (_, i) => (i % 3 === 0 ? 0 : i % 256));
    data.fill(7, d, d + 32); // row 1 starts with whole groups of non-zero pixels
    const at = L.ARENA_BASE;
    const rowPtr = at + 4096;
    const out = at + 8192;
    new Uint8Array(memory.buffer).set(data, at);
    const end = k.encodeRows(at, n, d, out, rowPtr);
    expect(end - out).toBe(k.encodedBytes(at, n, d));
    const view = new DataView(memory.buffer);
    for (let i = 0; i < n; i++) {
      const rec = view.getUint32(rowPtr + 4 * i, true);
      expect(rec % 8).toBe(0);
      const row = data.subarray(i * d, (i + 1) * d);
      const values: number[] = [];
      for (let j = 0; j < d; j++) {
        const word = view.getBigUint64(rec + 8 * (j >> 6), true);
        const set = ((word >> BigInt(j & 63)) & 1n) === 1n;
        expect(set, `row ${i} pixel ${j}`).toBe(row[j] !== 0);
        if (set) values.push(row[j]);
      }
      expect(Array.from(new Uint8Array(memory.buffer, rec + 16, values.length))).toEqual(values);
    }
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
