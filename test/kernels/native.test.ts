import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/kernels/backend.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import { loadNativeAddon, type NativeAddon } from '../../src/kernels/native/addon.js';
import { chooseVariant, createNativeBackend } from '../../src/kernels/native/nativeBackend.js';
import type { Link, RowSelection, RowWeights } from '../../src/kernels/types.js';
import {
  argmaxRows,
  expectAgreement,
  fingerprint,
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
 * The native kernels against the js reference, on agreement.test.ts's cases: byte rows (with a non-zero
 * per-row offset) and float rows, without and with weights, both links, contiguous and shuffled rows,
 * class counts below, at and above one register group (MAX_GROUP = 12 in native/kernels.h), widths that
 * are not multiples of the vector width; on 1, 2 and 3 threads with the variant this CPU picks, and on
 * one thread with the portable variant and the 16-lane layout, where this CPU runs them. Skipped (and
 * said so) where the addon was not built: the package then runs on WebAssembly.
 */
let addon: NativeAddon | null = null;
try {
  addon = loadNativeAddon();
} catch {
  addon = null;
}
const js = createJsBackend();
const backends: Backend[] = [];
const variants: Backend[] = [];

beforeAll(() => {
  if (!addon) return;
  for (const threads of [1, 2, 3]) backends.push(createNativeBackend(addon, threads));
  for (const name of ['generic', 'avx2-16']) {
    const v = addon.variants().find(([n, , ok]) => n === name && ok);
    if (v) variants.push(tagged(createNativeBackend(addon, 1, chooseVariant(addon, name)), name));
  }
});

afterAll(() => {
  for (const be of [...backends, ...variants]) be.dispose();
});

/** The backend under a name that says which variant it is. */
function tagged(be: Backend, variant: string): Backend {
  return { ...be, name: `${be.name} (${variant})` };
}

const shapes = [
  { n: 300, d: 50, k: 10 },
  { n: 150, d: 37, k: 12 },
  { n: 200, d: 64, k: 3 },
  { n: 120, d: 20, k: 17 },
  { n: 170, d: 13, k: 2 },
  { n: 90, d: 7, k: 5 },
  { n: 110, d: 31, k: 13 },
  { n: 9000, d: 24, k: 10 }, // chunks of over FLUSH_ROWS rows: float32 sums flushed more than once
  { n: 400, d: 20, k: 30 }, // three class groups
];
const links: Link[] = ['softmax', 'ovr'];

describe.runIf(addon)('native kernels', () => {
  it('run on this CPU, named by their thread count', () => {
    expect(backends.map((be) => be.name)).toEqual(['native', 'native×2', 'native×3']);
    expect(chooseVariant(addon as NativeAddon).name).toMatch(/^(avx512|avx2|generic)$/);
    if (process.arch === 'x64') expect(variants.map((be) => be.name)).toContain('native (generic)');
  });

  describe.each(ROWS_KINDS)('%s rows', (kind) => {
    describe.each(shapes)('agree with js (n=$n, d=$d, k=$k)', ({ n, d, k }) => {
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
        for (const [what, rows] of selections) {
          const wantP = predict(js, q, rows, link);
          for (const [how, weights] of weightings) {
            const want = lossGrad(js, q, rows, link, weights);
            for (const be of [...backends, ...variants])
              expectAgreement(lossGrad(be, q, rows, link, weights), want, `${be.name}, ${what}, ${how}`);
          }
          for (const be of [...backends, ...variants]) {
            const gotP = predict(be, q, rows, link);
            const tag = `${be.name}, ${what}`;
            expect(argmaxRows(gotP, k), tag).toEqual(argmaxRows(wantP, k));
            expect(relDiff(gotP, wantP), tag).toBeLessThan(PROBA_TOL);
          }
        }
      });
    });

    it.each(links)('%s link: 1, 2 and 3 threads give identical bytes', (link) => {
      const q = makeRowsProblem(kind, 42, 9000, 40, 10);
      const weights = makeWeights(43, 9000);
      const selections = [
        { index: null, start: 0, count: 9000 },
        { index: null, start: 100, count: 256 },
        shuffledRows(9, 3000, 0, 2000),
      ];
      const results = backends.map((be) =>
        selections.flatMap((rows) => [null, weights].map((w) => fingerprint(lossGrad(be, q, rows, link, w)))),
      );
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
      const probas = backends.map((be) =>
        Buffer.from(predict(be, q, selections[2], link).buffer).toString('base64'),
      );
      expect(new Set(probas).size).toBe(1);
    });
  });

  describe('large values', () => {
    it.each(links)('%s link: float rows in the thousands to millions, weighted', (link) => {
      const q = makeFloatProblem(11, 700, 29, 6, 1e3);
      const weights = makeWeights(12, 700);
      for (const rows of [{ index: null, start: 0, count: 700 }, shuffledRows(13, 700, 0, 300)]) {
        const want = lossGrad(js, q, rows, link, weights);
        for (const be of backends) expectAgreement(lossGrad(be, q, rows, link, weights), want, be.name);
      }
    });

    it.each(links)('%s link: scores of ±1000 stay finite and agree with js', (link) => {
      const q = makeProblem(7, 200, 30, 10, 20);
      q.p.b.forEach((_, c) => (q.p.b[c] = c % 2 === 0 ? 1000 : -1000));
      const rows = { index: null, start: 0, count: 200 };
      const want = lossGrad(js, q, rows, link);
      for (const be of backends) {
        const got = lossGrad(be, q, rows, link);
        expect(Number.isFinite(got.loss) && got.gW.every(Number.isFinite), be.name).toBe(true);
        expectAgreement(got, want, be.name);
        expect(argmaxRows(predict(be, q, rows, link), 10)).toEqual(
          argmaxRows(predict(js, q, rows, link), 10),
        );
      }
    });

    it('one-vs-rest probabilities fall back to uniform when every sigmoid underflows', () => {
      const q = makeProblem(8, 10, 5, 4, 0);
      q.p.b.fill(-1000);
      for (const be of backends)
        expect(Array.from(predict(be, q, { index: null, start: 0, count: 10 }, 'ovr'))).toEqual(
          new Array(40).fill(0.25),
        );
    });

    it('wide float rows and wide byte rows (no width limit)', () => {
      const [n, d, k] = [300, 22_000, 12];
      for (const q of [makeFloatProblem(31, n, d, k), makeProblem(34, n, d, k)]) {
        const weights = makeWeights(32, n);
        for (const rows of [{ index: null, start: 0, count: n }, shuffledRows(33, n, 0, 150)]) {
          const want = lossGrad(js, q, rows, 'softmax', weights);
          expectAgreement(lossGrad(backends[1], q, rows, 'softmax', weights), want, backends[1].name);
        }
      }
    });
  });

  describe('resident data', () => {
    it('follows the arrays it is given: new data, new parameters, a new k, new maps, fewer rows', () => {
      const be = backends[1];
      const rows = { index: null, start: 0, count: 40 };
      const a = makeProblem(1, 90, 30, 10);
      const c = { ...makeProblem(3, 90, 30, 5), data: a.data };
      const d = { ...a, data: { ...a.data, rowOffset: new Float32Array(90).fill(0.25) } };
      const f = makeFloatProblem(22, 80, 30, 10);
      const fewer = { ...f, data: { ...f.data, n: 40 } };
      for (const q of [a, makeProblem(2, 90, 30, 10), a, c, a, d, f, fewer, f])
        for (const link of links)
          expectAgreement(lossGrad(be, q, rows, link), lossGrad(js, q, rows, link), link);
      for (let s = 0; s < 7; s++) {
        const q = makeFloatProblem(200 + s, 40, 25, 10);
        expectAgreement(lossGrad(be, q, rows, 'softmax'), lossGrad(js, q, rows, 'softmax'), `set ${s}`);
      }
    });

    it('rejects labels beyond the classes, rows outside the data, short arrays and use after dispose', () => {
      const all = { index: null, start: 0, count: 20 };
      for (const kind of ROWS_KINDS) {
        const q = makeRowsProblem(kind, 5, 20, 10, 3);
        q.labels[7] = 3;
        for (const be of backends) expect(() => lossGrad(be, q, all, 'softmax')).toThrow(/label 3/);
      }
      const q = makeProblem(4, 20, 10, 10);
      const bad = { index: Int32Array.from([0, 5, 20]), start: 0, count: 3 };
      for (const be of backends) expect(() => lossGrad(be, q, bad, 'softmax')).toThrow(/out of range/);
      expect(() => lossGrad(backends[0], q, { index: null, start: 10, count: 11 }, 'softmax')).toThrow(
        /exceed/,
      );
      expect(() => lossGrad(backends[0], q, all, 'softmax', new Float32Array(19))).toThrow(
        /19 weights for 20/,
      );
      const f = makeFloatProblem(6, 20, 10, 10);
      const short = { ...f, data: { ...f.data, values: f.data.values.subarray(0, 199) } };
      expect(() => lossGrad(backends[0], short, all, 'softmax')).toThrow(/199 values/);
      const once = createNativeBackend(addon as NativeAddon, 2);
      once.dispose();
      once.dispose();
      expect(() => lossGrad(once, q, all, 'softmax')).toThrow(/after dispose/);
    });
  });
});

it.skipIf(addon)(
  'native kernels: not built here (npm run build:native), so their tests are skipped',
  () => {},
);
