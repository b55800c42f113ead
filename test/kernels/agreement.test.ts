import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/kernels/backend.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import { createBackend } from '../../src/kernels/select.js';
import type { Link, RowSelection } from '../../src/kernels/types.js';
import { argmaxRows, lossGrad, makeProblem, predict, relDiff, shuffledRows } from './fixtures.js';

/**
 * Every backend against the js reference, on random data made here: both links, contiguous rows and a
 * shuffled index, a non-zero per-row offset, the k ≤ 12 fast path (k = 10, 12) and the generic one
 * (k = 3, 17), and a width that is not a multiple of 16.
 */
const js = createJsBackend();
const backends: Backend[] = [];

beforeAll(async () => {
  backends.push(await createBackend({ backend: 'wasm', threads: 1 }));
  backends.push(await createBackend({ backend: 'wasm', threads: 2 }));
});

afterAll(() => {
  for (const be of backends) be.dispose();
});

const shapes = [
  { n: 300, d: 50, k: 10 },
  { n: 150, d: 37, k: 12 },
  { n: 200, d: 64, k: 3 },
  { n: 120, d: 20, k: 17 },
  // Chunks of over 256 rows (FLUSH_ROWS): float64 slots, flushed more than once; smaller batches keep
  // float32 sums in their slots (assembly/reduce.ts).
  { n: 9000, d: 24, k: 10 },
];
const links: Link[] = ['softmax', 'ovr'];

describe.each(shapes)('backends agree with js (n=$n, d=$d, k=$k)', ({ n, d, k }) => {
  const q = makeProblem(n * 31 + d * 7 + k, n, d, k);
  const selections: [string, RowSelection][] = [
    ['all rows', { index: null, start: 0, count: n }],
    ['a range', { index: null, start: 7, count: n - 20 }],
    ['a shuffled mini-batch', shuffledRows(k, n, 5, Math.min(n - 5, 64 + 13))],
    ['no rows', { index: null, start: 3, count: 0 }],
  ];

  it.each(links)('%s link', (link) => {
    expect(backends.map((be) => be.name)).toEqual(['wasm', 'wasm×2']);
    for (const [what, rows] of selections) {
      const want = lossGrad(js, q, rows, link);
      const wantP = predict(js, q, rows, link);
      for (const be of backends) {
        const got = lossGrad(be, q, rows, link);
        const tag = `${be.name}, ${what}`;
        expect(relDiff(got.gW, want.gW), tag).toBeLessThan(1e-5);
        expect(relDiff(got.gb, want.gb), tag).toBeLessThan(1e-5);
        expect(Math.abs(got.loss - want.loss), tag).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(want.loss)),
        );
        expect(got.correct, tag).toBe(want.correct);
        const gotP = predict(be, q, rows, link);
        expect(argmaxRows(gotP, k), tag).toEqual(argmaxRows(wantP, k));
        expect(relDiff(gotP, wantP), tag).toBeLessThan(1e-5);
      }
    }
  });
});

describe('resident data', () => {
  it('follows the arrays it is given: new data, new parameters, a new k on the same pixels', () => {
    const be = backends[0];
    const a = makeProblem(1, 90, 30, 10);
    const b = makeProblem(2, 90, 30, 10);
    const rows = { index: null, start: 0, count: 90 };
    for (const q of [a, b, a])
      expect(relDiff(lossGrad(be, q, rows, 'softmax').gW, lossGrad(js, q, rows, 'softmax').gW)).toBeLessThan(
        1e-5,
      );
    // Same pixels, other classes: the encoded rows are rewritten for the new padded width.
    const c = { ...makeProblem(3, 90, 30, 5), data: a.data };
    for (const q of [c, a, c])
      expect(relDiff(lossGrad(be, q, rows, 'ovr').gW, lossGrad(js, q, rows, 'ovr').gW)).toBeLessThan(1e-5);
    // New per-row maps over the same pixels are picked up.
    const d = { ...a, data: { ...a.data, rowOffset: new Float32Array(90).fill(0.25) } };
    expect(relDiff(lossGrad(be, d, rows, 'softmax').gW, lossGrad(js, d, rows, 'softmax').gW)).toBeLessThan(
      1e-5,
    );
  });

  it('keeps working past the number of data sets it holds', () => {
    const be = backends[1];
    const rows = { index: null, start: 0, count: 40 };
    for (let s = 0; s < 7; s++) {
      const q = makeProblem(100 + s, 40, 25, 10);
      expect(relDiff(lossGrad(be, q, rows, 'softmax').gW, lossGrad(js, q, rows, 'softmax').gW)).toBeLessThan(
        1e-5,
      );
    }
  });

  it('rejects labels beyond the classes', () => {
    const q = makeProblem(5, 20, 10, 3);
    q.labels[7] = 3;
    for (const be of backends) {
      expect(() => lossGrad(be, q, { index: null, start: 0, count: 20 }, 'softmax')).toThrow(/label 3/);
    }
  });

  it('rejects rows outside the data', () => {
    const q = makeProblem(4, 20, 10, 10);
    const bad = { index: Int32Array.from([0, 5, 20]), start: 0, count: 3 };
    for (const be of backends) expect(() => lossGrad(be, q, bad, 'softmax')).toThrow(/out of range/);
    expect(() => lossGrad(backends[0], q, { index: null, start: 10, count: 11 }, 'softmax')).toThrow(
      /exceed/,
    );
  });
});
