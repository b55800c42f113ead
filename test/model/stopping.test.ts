import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import { stopRule, type EpochRecord, type StopReason } from '../../src/model/train.js';
import { DEFAULTS } from '../../src/model/options.js';
import { DivergenceError } from '../../src/util/errors.js';
import { randomBytes, randomLabels, separableImages } from '../helpers/synthetic.js';

const side = 6;
const sep = separableImages(120, side, 3, 7);
const X = { pixels: sep.pixels, n: 120, height: side, width: side };
const noisy = { pixels: randomBytes(200, side * side, 3), labels: randomLabels(200, 3, 4) };
const Xn = { pixels: noisy.pixels, n: 200, height: side, width: side };
const base = { backend: 'js' as const, seed: 2 };

const rec = (epoch: number, loss: number, gradNorm?: number): EpochRecord => ({
  epoch,
  loss,
  trainAccuracy: 0,
  learningRate: 0.1,
  seconds: 0,
  ...(gradNorm === undefined ? {} : { gradNorm }),
});

describe('stopRule', () => {
  const o = { ...DEFAULTS, tol: 1e-4, patience: 3 };
  it.each<{ name: string; args: Parameters<typeof stopRule>; want: StopReason | null }>([
    {
      name: 'gradient norm at tol',
      args: [rec(5, 0.5, 1e-4), rec(4, 0.6), false, null, o],
      want: 'converged',
    },
    {
      name: 'no decrease found (stalled)',
      args: [rec(5, 0.5, 1), rec(4, 0.5), true, null, o],
      want: 'converged',
    },
    {
      name: 'mini-batch: relative change of the epoch objective at tol',
      args: [rec(5, 2.0), rec(4, 2.0002), false, null, o],
      want: 'tolerance',
    },
    {
      name: 'mini-batch: relative change above tol',
      args: [rec(5, 2.0), rec(4, 2.001), false, null, o],
      want: null,
    },
    {
      name: 'full batch: the gradient decides, not the change of the objective',
      args: [rec(5, 2.0, 1), rec(4, 2.0), false, null, o],
      want: null,
    },
    { name: 'tol 0 never stops', args: [rec(5, 2, 0), rec(4, 2), false, null, { ...o, tol: 0 }], want: null },
    { name: 'patience ran out', args: [rec(8, 1), rec(7, 2), false, 5, o], want: 'patience' },
    { name: 'patience left', args: [rec(7, 1), rec(6, 2), false, 5, o], want: null },
  ])('$name', ({ args, want }) => expect(stopRule(...args)).toBe(want));
});

describe('every run says why it stopped', () => {
  it('limit: sgd runs its epochs', async () => {
    const r = await new SoftmaxClassifier({ ...base, solver: 'sgd', epochs: 4, tol: 0 }).fit(X, sep.labels);
    expect(r).toMatchObject({ stopReason: 'limit', iterations: 4, solver: 'sgd' });
    expect(r.finalObjective).toBeGreaterThan(0);
    expect(r.gradNorm).toBeGreaterThan(0);
  });

  it('limit: lbfgs runs maxIter iterations', async () => {
    const r = await new SoftmaxClassifier({ ...base, solver: 'lbfgs', maxIter: 3, tol: 0 }).fit(
      X,
      sep.labels,
    );
    expect(r).toMatchObject({ stopReason: 'limit', iterations: 3, solver: 'lbfgs' });
    expect(r.evaluations).toBeGreaterThanOrEqual(4);
  });

  it('tolerance: sgd stops when the epoch loss stops moving', async () => {
    const r = await new SoftmaxClassifier({ ...base, solver: 'sgd', epochs: 200, tol: 1e-3 }).fit(
      X,
      sep.labels,
    );
    expect(r.stopReason).toBe('tolerance');
    expect(r.iterations).toBeLessThan(200);
  });

  it('converged: lbfgs stops at the optimum, its gradient tiny', async () => {
    const r = await new SoftmaxClassifier({
      ...base,
      solver: 'lbfgs',
      maxIter: 1000,
      tol: 1e-6,
      weightDecay: 0.1,
    }).fit(X, sep.labels);
    expect(r.stopReason).toBe('converged');
    expect(r.gradNorm).toBeLessThan(1e-3);
    expect(r.iterations).toBeLessThan(1000);
  });

  it('auto is lbfgs on small data', async () => {
    const r = await new SoftmaxClassifier({ ...base, solver: 'auto' }).fit(X, sep.labels);
    expect(r.solver).toBe('lbfgs');
  });

  it('the defaults: auto, and lbfgs stops when its gradient ∞-norm reaches tol = 1e-4', async () => {
    expect(DEFAULTS).toMatchObject({ solver: 'auto', tol: 1e-4 });
    const r = await new SoftmaxClassifier(base).fit(Xn, noisy.labels);
    expect(r).toMatchObject({ solver: 'lbfgs', stopReason: 'converged' });
    expect(r.gradNorm).toBeLessThanOrEqual(1e-4);
    expect(r.history.at(-2)?.gradNorm).toBeGreaterThan(1e-4);
  });

  it('patience: early stopping keeps the best model seen', async () => {
    const snapshots: Float32Array[] = [];
    const clf = new SoftmaxClassifier({
      ...base,
      solver: 'sgd',
      epochs: 60,
      learningRate: 0.5,
      lrDecay: 1,
      batchSize: 8,
      earlyStopping: true,
      validationFraction: 0.25,
      patience: 3,
    });
    const r = await clf.fit(Xn, noisy.labels, {
      onEpoch: (_r, view) => snapshots.push(view.predictProba(Xn)),
    });
    expect(r.stopReason).toBe('patience');
    const best = r.bestEpoch as number;
    expect(r.iterations - best).toBe(3);
    const accs = r.history.map((h) => h.validationAccuracy as number);
    expect(r.bestValidationAccuracy).toBe(Math.max(...accs));
    expect(accs.indexOf(Math.max(...accs)) + 1).toBe(best);
    expect(Array.from(clf.predictProba(Xn))).toEqual(Array.from(snapshots[best - 1]));
  });

  it('early stopping holds out a stratified share and refuses an empty side', async () => {
    await expect(
      new SoftmaxClassifier({ ...base, earlyStopping: true, validationFraction: 0.001 }).fit(X, sep.labels),
    ).rejects.toThrow(/validationFraction: 0.001 of 120 images leaves no validation images/);
  });

  it('diverged: a run that blows up throws, naming the solver', async () => {
    const fit = new SoftmaxClassifier({ ...base, solver: 'adam', learningRate: 1e30, epochs: 3 }).fit(
      Xn,
      noisy.labels,
    );
    await expect(fit).rejects.toThrow(DivergenceError);
  });
});
