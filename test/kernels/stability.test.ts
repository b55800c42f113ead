import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/kernels/backend.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import { createBackend } from '../../src/node/backend.js';
import {
  argmaxRows,
  expectAgreement,
  lossGrad,
  LOSS_TOL,
  GRAD_TOL,
  makeFloatProblem,
  makeProblem,
  makeWeights,
  predict,
  relDiff,
} from './fixtures.js';

/** Scores in the hundreds and thousands: no overflow, no NaN, and the same answers as the reference. */
const js = createJsBackend();
let wasm: Backend;

beforeAll(async () => {
  wasm = await createBackend({ backend: 'wasm', threads: 2 });
});

afterAll(() => wasm.dispose());

describe('huge scores', () => {
  it.each(['softmax', 'ovr'] as const)('%s link stays finite and agrees with js', (link) => {
    // Large weights and biases of ±1000 give scores far beyond exp's range in either direction.
    const q = makeProblem(7, 200, 30, 10, 20);
    q.p.b.forEach((_, c) => (q.p.b[c] = c % 2 === 0 ? 1000 : -1000));
    const rows = { index: null, start: 0, count: 200 };
    const want = lossGrad(js, q, rows, link);
    const got = lossGrad(wasm, q, rows, link);
    expect(Number.isFinite(want.loss)).toBe(true);
    expect(Number.isFinite(got.loss)).toBe(true);
    expect(got.gW.every(Number.isFinite)).toBe(true);
    expect(relDiff(got.gW, want.gW)).toBeLessThan(GRAD_TOL);
    expect(relDiff(got.gb, want.gb)).toBeLessThan(GRAD_TOL);
    expect(Math.abs(got.loss - want.loss)).toBeLessThanOrEqual(LOSS_TOL * Math.abs(want.loss));
    expect(got.correct).toBe(want.correct);
    const p = predict(wasm, q, rows, link);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(argmaxRows(p, 10)).toEqual(argmaxRows(predict(js, q, rows, link), 10));
  });

  it.each(['softmax', 'ovr'] as const)('%s link on weighted float rows of large values', (link) => {
    // Features in the thousands times weights of order one: scores of ±10⁴ and more, both signs.
    const q = makeFloatProblem(9, 300, 23, 10, 1e3, 1e5);
    q.p.b.forEach((_, c) => (q.p.b[c] = c % 3 === 0 ? 1000 : -1000));
    const weights = makeWeights(10, 300);
    const rows = { index: null, start: 0, count: 300 };
    const want = lossGrad(js, q, rows, link, weights);
    expect(Number.isFinite(want.loss) && want.loss > 1e4).toBe(true);
    const got = lossGrad(wasm, q, rows, link, weights);
    expect(got.gW.every(Number.isFinite) && got.gb.every(Number.isFinite)).toBe(true);
    expectAgreement(got, want, wasm.name);
    const p = predict(wasm, q, rows, link);
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(argmaxRows(p, 10)).toEqual(argmaxRows(predict(js, q, rows, link), 10));
  });

  it('one-vs-rest probabilities fall back to uniform when every sigmoid underflows', () => {
    const q = makeProblem(8, 10, 5, 4, 0);
    q.p.b.fill(-1000);
    const p = predict(wasm, q, { index: null, start: 0, count: 10 }, 'ovr');
    expect(Array.from(p)).toEqual(new Array(40).fill(0.25));
  });
});
