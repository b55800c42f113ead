import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/kernels/backend.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import { loadNativeAddon, type NativeAddon } from '../../src/kernels/native/addon.js';
import { createNativeBackend } from '../../src/kernels/native/nativeBackend.js';
import type { Link, Params } from '../../src/kernels/types.js';
import { createObjective } from '../../src/model/objective.js';
import { AdamSolver } from '../../src/model/solvers/adam.js';
import { fusedSteps, runFusedEpoch, type FusedObjective } from '../../src/model/solvers/fusedEpoch.js';
import { SgdSolver } from '../../src/model/solvers/sgd.js';
import { SoftmaxClassifier } from '../../src/index.js';
import type { Solver } from '../../src/model/solvers/solver.js';
import { emptyGrad } from '../../src/model/objective.js';
import {
  makeProblem,
  makeRowsProblem,
  makeWeights,
  relDiff,
  rng,
  shuffledRows,
  type RowsKind,
} from './fixtures.js';

/**
 * Mini-batch epochs in the native kernels (Backend.trainEpoch, native/steps.c) against the loop they
 * replace: objective.evaluate then solver.step, batch after batch. On the native backend itself the two
 * give the same bytes (the same gradient sums, the same update arithmetic in the same order); against the
 * js reference they agree to float rounding; and the thread count changes nothing. Cases: byte and float
 * rows, with and without per-column standardisation, row weights and the penalty; sgd (plain, momentum,
 * Nesterov) and Adam; both links; a last batch shorter than the others. Skipped where no addon was built.
 */
let addon: NativeAddon | null = null;
try {
  addon = loadNativeAddon();
} catch {
  addon = null;
}
const js = createJsBackend();
const natives: Backend[] = addon
  ? [createNativeBackend(addon, 1), createNativeBackend(addon, 2), createNativeBackend(addon, 3)]
  : [];
afterAll(() => natives.forEach((be) => be.dispose()));

interface Case {
  kind: RowsKind;
  solver: 'sgd' | 'momentum' | 'nesterov' | 'adam';
  link: Link;
  columns: boolean;
  weights: boolean;
  lambda: number;
  /** Another shape than d × k, with the third native backend (3 threads: the classes split 3 ways). */
  shape?: { d: number; k: number };
}
const cases: Case[] = [
  { kind: 'bytes', solver: 'momentum', link: 'softmax', columns: false, weights: false, lambda: 1e-4 },
  { kind: 'bytes', solver: 'nesterov', link: 'softmax', columns: true, weights: false, lambda: 1e-3 },
  { kind: 'bytes', solver: 'adam', link: 'ovr', columns: false, weights: true, lambda: 0 },
  { kind: 'bytes', solver: 'sgd', link: 'ovr', columns: true, weights: true, lambda: 1e-2 },
  { kind: 'float', solver: 'adam', link: 'softmax', columns: true, weights: false, lambda: 1e-4 },
  { kind: 'float', solver: 'momentum', link: 'ovr', columns: false, weights: true, lambda: 0 },
  {
    kind: 'bytes',
    solver: 'nesterov',
    link: 'softmax',
    columns: true,
    weights: true,
    lambda: 1e-3,
    shape: { d: 50, k: 13 },
  },
  {
    kind: 'float',
    solver: 'adam',
    link: 'softmax',
    columns: false,
    weights: false,
    lambda: 1e-4,
    shape: { d: 20, k: 2 },
  },
];
const n = 700;
const d = 37;
const k = 7;
const batch = 64; // 11 batches, the last of 60 rows
const epochs = 3;

/** The case's d and k. */
const dims = (c: Case): { d: number; k: number } => c.shape ?? { d, k };

function makeSolver(c: Case): Solver {
  const { d, k } = dims(c);
  if (c.solver === 'adam') return new AdamSolver(d, k, 0.9, 0.999, 1e-8);
  return new SgdSolver(d, k, c.solver === 'sgd' ? 0 : 0.9, c.solver === 'nesterov');
}

function spec(c: Case, backend: Backend): FusedObjective {
  const { d, k } = dims(c);
  const q = makeRowsProblem(c.kind, 11, n, d, k);
  const r = rng(5);
  const columns = c.columns
    ? {
        colScale: new Float32Array(d).map(() => 0.5 + r()),
        colOffset: new Float32Array(d).map(() => r() - 0.5),
      }
    : null;
  return {
    backend,
    data: q.data,
    labels: q.labels,
    link: c.link,
    weightDecay: c.lambda,
    columns,
    weights: c.weights ? makeWeights(3, n) : null,
  };
}

/** `epochs` epochs over one shuffled index; per step: loss and correct. */
function train(
  c: Case,
  backend: Backend,
  fused: boolean,
): { p: Params; losses: number[]; correct: number[] } {
  const o = spec(c, backend);
  const { d, k } = dims(c);
  const q = makeRowsProblem(c.kind, 11, n, d, k);
  const p: Params = { W: q.p.W.slice(), b: q.p.b.slice(), d, k };
  const solver = makeSolver(c);
  const index = shuffledRows(9, n, 0, n).index as Int32Array;
  const lr = c.solver === 'adam' ? 0.01 : c.kind === 'float' ? 3e-8 : 0.05; // float rows: columns up to 1000×
  const losses: number[] = [];
  const correct: number[] = [];
  if (fused) {
    const out = fusedSteps(n, batch);
    for (let e = 0; e < epochs; e++) {
      const done = runFusedEpoch(o, solver, p, index, n, batch, lr * 0.9 ** e, 1e9, NaN, out);
      expect(done.steps).toBe(Math.ceil(n / batch));
      losses.push(...out.losses);
      correct.push(...out.correct);
    }
  } else {
    const objective = createObjective(o);
    const grad = emptyGrad(d, k);
    for (let e = 0; e < epochs; e++)
      for (let start = 0; start < n; start += batch) {
        const rows = { index, start, count: Math.min(batch, n - start) };
        const s = solver.step(p, (pp, g) => objective.evaluate(pp, rows, g), grad, lr * 0.9 ** e);
        losses.push(s.loss);
        correct.push(s.correct);
      }
  }
  return { p, losses, correct };
}

describe.runIf(addon)('mini-batch epochs in the native kernels', () => {
  it.each(cases)('$kind rows, $solver, $link, columns $columns, weights $weights, λ $lambda', (c) => {
    const [one, two, three] = natives;
    const stepwise = train(c, one, false);
    const fused1 = train(c, one, true);
    const fused2 = train(c, c.shape ? three : two, true);
    // same backend, same weights byte for byte; the loss's penalty is summed class by class in the
    // kernels and element by element in objective.ts, which may differ in the loss's last bits
    expect(Array.from(fused1.p.W)).toEqual(Array.from(stepwise.p.W));
    expect(Array.from(fused1.p.b)).toEqual(Array.from(stepwise.p.b));
    expect(relDiff(fused1.losses, stepwise.losses)).toBeLessThan(1e-14);
    expect(fused1.correct).toEqual(stepwise.correct);
    // threads change nothing
    expect(Array.from(fused2.p.W)).toEqual(Array.from(fused1.p.W));
    expect(fused2.losses).toEqual(fused1.losses);
    // the js reference, to float rounding
    const ref = train(c, js, false);
    expect(relDiff(fused1.p.W, ref.p.W)).toBeLessThan(1e-4);
    expect(relDiff(fused1.p.b, ref.p.b)).toBeLessThan(1e-4);
    expect(relDiff(fused1.losses, ref.losses)).toBeLessThan(1e-5);
  });

  it('stops after the step that diverges, as the loop does', () => {
    const c = cases[0];
    const o = spec(c, natives[0]);
    const q = makeRowsProblem(c.kind, 11, n, d, k);
    const p: Params = { W: q.p.W.slice(), b: q.p.b.slice(), d, k };
    const out = fusedSteps(n, batch);
    const done = runFusedEpoch(o, makeSolver(c), p, null, n, batch, 1e4, 1.5, NaN, out);
    expect(done.steps).toBeLessThan(Math.ceil(n / batch));
    const last = out.losses[done.steps - 1];
    expect(!Number.isFinite(last) || last > 1.5 * done.firstLoss).toBe(true);
    expect(done.firstLoss).toBe(out.losses[0]);
  });

  it('refuses rows outside the data', () => {
    const c = cases[0];
    const o = spec(c, natives[0]);
    const p: Params = { W: new Float32Array(d * k), b: new Float32Array(k), d, k };
    const index = new Int32Array(n).fill(n);
    expect(() =>
      runFusedEpoch(o, makeSolver(c), p, index, n, batch, 0.1, 20, NaN, fusedSteps(n, batch)),
    ).toThrow(/out of range/);
  });
});

describe.runIf(addon)('SoftmaxClassifier.fit on the native backend', () => {
  it.each([
    { solver: 'sgd' as const, preprocessing: 'standardize' as const },
    { solver: 'adam' as const, preprocessing: 'scale' as const },
  ])('$solver, $preprocessing: epochs in the kernels give the step-by-step model', async (o) => {
    const q = makeProblem(4, 900, 49, 5);
    const X = { pixels: q.data.pixels, n: 900, height: 7, width: 7 };
    const options = { ...o, epochs: 3, batchSize: 100, learningRate: 0.05, seed: 3 };
    const fit = async (backend: Backend) => {
      const clf = new SoftmaxClassifier(options);
      const result = await clf.fit(X, q.labels, { backend });
      return { W: Array.from(clf.params.W), b: Array.from(clf.params.b), history: result.history };
    };
    let calls = 0;
    const counting: Backend = {
      ...natives[0],
      name: natives[0].name,
      trainEpoch: (job) => (calls++, (natives[0].trainEpoch as NonNullable<Backend['trainEpoch']>)(job)),
    };
    const stepwise: Backend = { ...natives[0], name: natives[0].name, trainEpoch: undefined };
    const fused = await fit(counting);
    expect(calls).toBe(3);
    const steps = await fit(stepwise);
    expect(fused.W).toEqual(steps.W);
    expect(fused.b).toEqual(steps.b);
    expect(fused.history.map((h) => [h.loss, h.trainAccuracy])).toEqual(
      steps.history.map((h) => [h.loss, h.trainAccuracy]),
    );
    const ref = await fit(js);
    expect(relDiff(fused.W, ref.W)).toBeLessThan(1e-4);
  });
});
