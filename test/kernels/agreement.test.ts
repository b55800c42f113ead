import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/kernels/backend.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import { createBackend } from '../../src/node/backend.js';
import type { Link, RowSelection, RowWeights } from '../../src/kernels/types.js';
import {
  argmaxRows,
  expectAgreement,
  GRAD_TOL,
  lossGrad,
  makeFloatProblem,
  makeProblem,
  makeRowsProblem,
  makeWeights,
  predict,
  PROBA_TOL,
  relDiff,
  ROWS_KINDS,
  shuffledRows,
} from './fixtures.js';

/**
 * Every backend (wasm on 1, 2 and 3 threads) against the js reference, on random data made here: byte
 * rows (with a non-zero per-row offset) and float rows, without and with per-row weights, both links,
 * contiguous rows and a shuffled index, the k ≤ 12 fast paths (k = 10, 12) and the generic ones
 * (k = 2, 3, 5, 13, 17), widths that are not multiples of 4 or 16.
 */
const js = createJsBackend();
const backends: Backend[] = [];

beforeAll(async () => {
  for (const threads of [1, 2, 3]) backends.push(await createBackend({ backend: 'wasm', threads }));
});

afterAll(() => {
  for (const be of backends) be.dispose();
});

const shapes = [
  { n: 300, d: 50, k: 10 },
  { n: 150, d: 37, k: 12 },
  { n: 200, d: 64, k: 3 },
  { n: 120, d: 20, k: 17 },
  { n: 170, d: 13, k: 2 },
  { n: 90, d: 7, k: 5 },
  { n: 110, d: 31, k: 13 },
  // Chunks of over 256 rows (FLUSH_ROWS): float64 slots, flushed more than once; smaller batches keep
  // float32 sums in their slots (assembly/reduce.ts).
  { n: 9000, d: 24, k: 10 },
];
const links: Link[] = ['softmax', 'ovr'];

describe.each(ROWS_KINDS)('%s rows', (kind) => {
  describe.each(shapes)('backends agree with js (n=$n, d=$d, k=$k)', ({ n, d, k }) => {
    const q = makeRowsProblem(kind, n * 31 + d * 7 + k, n, d, k);
    const selections: [string, RowSelection][] = [
      ['all rows', { index: null, start: 0, count: n }],
      ['a range', { index: null, start: 7, count: n - 20 }],
      ['a shuffled mini-batch', shuffledRows(k, n, 5, Math.min(n - 5, 64 + 13))],
      ['no rows', { index: null, start: 3, count: 0 }],
    ];
    const weightings: [string, RowWeights | null][] = [
      ['unweighted', null],
      ['weighted', makeWeights(n + k, n)],
    ];

    it.each(links)('%s link', (link) => {
      expect(backends.map((be) => be.name)).toEqual(['wasm', 'wasm×2', 'wasm×3']);
      for (const [what, rows] of selections) {
        const wantP = predict(js, q, rows, link);
        for (const [how, weights] of weightings) {
          const want = lossGrad(js, q, rows, link, weights);
          for (const be of backends)
            expectAgreement(lossGrad(be, q, rows, link, weights), want, `${be.name}, ${what}, ${how}`);
        }
        for (const be of backends) {
          const gotP = predict(be, q, rows, link);
          const tag = `${be.name}, ${what}`;
          expect(argmaxRows(gotP, k), tag).toEqual(argmaxRows(wantP, k));
          expect(relDiff(gotP, wantP), tag).toBeLessThan(PROBA_TOL);
        }
      }
    });
  });
});

describe('float rows of large magnitude', () => {
  // Unstandardised measurements in the thousands to millions (columns up to 10³ × 10³ apart), with
  // parameters to match: scores of a few units, gradient entries of 10⁵ and more.
  it.each(links)('%s link', (link) => {
    const q = makeFloatProblem(11, 700, 29, 6, 1e3);
    const weights = makeWeights(12, 700);
    for (const rows of [{ index: null, start: 0, count: 700 }, shuffledRows(13, 700, 0, 300)]) {
      const want = lossGrad(js, q, rows, link, weights);
      expect(Math.max(...want.gW.map(Math.abs))).toBeGreaterThan(1e5);
      for (const be of backends) expectAgreement(lossGrad(be, q, rows, link, weights), want, be.name);
    }
  });
});

describe('wide float rows', () => {
  // d·kp past the 2¹⁸ floats that byte rows can address through 16-bit row offsets (assembly/sparse.ts):
  // float rows have no such limit, while byte rows of that width are refused.
  it("agree with js beyond the byte path's width limit", () => {
    const [n, d, k] = [300, 22_000, 12];
    const q = makeFloatProblem(31, n, d, k);
    const weights = makeWeights(32, n);
    for (const rows of [{ index: null, start: 0, count: n }, shuffledRows(33, n, 0, 150)]) {
      const want = lossGrad(js, q, rows, 'softmax', weights);
      for (const be of backends) expectAgreement(lossGrad(be, q, rows, 'softmax', weights), want, be.name);
    }
    const bytes = makeProblem(34, 2, d, k);
    expect(() => lossGrad(backends[0], bytes, { index: null, start: 0, count: 2 }, 'softmax')).toThrow(
      /exceeds its 1 MiB W/,
    );
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
        GRAD_TOL,
      );
    // Same pixels, other classes: the encoded rows are rewritten for the new padded width.
    const c = { ...makeProblem(3, 90, 30, 5), data: a.data };
    for (const q of [c, a, c])
      expect(relDiff(lossGrad(be, q, rows, 'ovr').gW, lossGrad(js, q, rows, 'ovr').gW)).toBeLessThan(
        GRAD_TOL,
      );
    // New per-row maps over the same pixels are picked up.
    const d = { ...a, data: { ...a.data, rowOffset: new Float32Array(90).fill(0.25) } };
    expect(relDiff(lossGrad(be, d, rows, 'softmax').gW, lossGrad(js, d, rows, 'softmax').gW)).toBeLessThan(
      GRAD_TOL,
    );
  });

  it('holds byte and float data sets side by side, and a float set read with fewer rows', () => {
    const be = backends[1];
    const a = makeProblem(21, 80, 16, 10);
    const f = makeFloatProblem(22, 80, 16, 10);
    const fewer = { ...f, data: { ...f.data, n: 40 } };
    const rows = { index: null, start: 0, count: 40 };
    for (const q of [a, f, a, fewer, f])
      expectAgreement(
        lossGrad(be, q, rows, 'softmax'),
        lossGrad(js, q, rows, 'softmax'),
        q.data.kind ?? 'bytes',
      );
  });

  it('keeps working past the number of data sets it holds', () => {
    const be = backends[1];
    const rows = { index: null, start: 0, count: 40 };
    for (let s = 0; s < 7; s++) {
      for (const q of [makeProblem(100 + s, 40, 25, 10), makeFloatProblem(200 + s, 40, 25, 10)])
        expect(
          relDiff(lossGrad(be, q, rows, 'softmax').gW, lossGrad(js, q, rows, 'softmax').gW),
        ).toBeLessThan(GRAD_TOL);
    }
  });

  it('rejects labels beyond the classes', () => {
    for (const kind of ROWS_KINDS) {
      const q = makeRowsProblem(kind, 5, 20, 10, 3);
      q.labels[7] = 3;
      for (const be of backends) {
        expect(() => lossGrad(be, q, { index: null, start: 0, count: 20 }, 'softmax')).toThrow(/label 3/);
      }
    }
  });

  it('rejects rows outside the data, too few values and too few weights', () => {
    const q = makeProblem(4, 20, 10, 10);
    const bad = { index: Int32Array.from([0, 5, 20]), start: 0, count: 3 };
    for (const be of backends) expect(() => lossGrad(be, q, bad, 'softmax')).toThrow(/out of range/);
    expect(() => lossGrad(backends[0], q, { index: null, start: 10, count: 11 }, 'softmax')).toThrow(
      /exceed/,
    );
    const all = { index: null, start: 0, count: 20 };
    expect(() => lossGrad(backends[0], q, all, 'softmax', new Float32Array(19))).toThrow(/19 weights for 20/);
    const f = makeFloatProblem(6, 20, 10, 10);
    const short = { ...f, data: { ...f.data, values: f.data.values.subarray(0, 199) } };
    expect(() => lossGrad(backends[0], short, all, 'softmax')).toThrow(/199 values/);
  });
});
