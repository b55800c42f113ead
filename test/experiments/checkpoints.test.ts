import { describe, expect, it } from 'vitest';
import { parseAxis } from '../../src/experiments/gridFlags.js';
import { runSweep, type SweepRow } from '../../src/experiments/sweep.js';
import { sweepMarkdown, sweepTable } from '../../src/experiments/sweepFormat.js';
import { SoftmaxClassifier } from '../../src/node/classifier.js';
import { DEFAULTS, ORIGINAL_RECIPE, type ClassifierOptions } from '../../src/model/options.js';
import { experimentData } from './data.js';

const data = experimentData();

/** A row's figures, without what may differ between identical runs (time) or between tables (position). */
function figures(r: SweepRow): Partial<SweepRow> {
  const copy: Partial<SweepRow> = { ...r };
  delete copy.trainSeconds;
  delete copy.row;
  delete copy.run;
  return copy;
}

const recipes: { name: string; base: Partial<ClassifierOptions> }[] = [
  { name: 'full batch, the original recipe', base: { ...ORIGINAL_RECIPE, learningRate: 0.5 } },
  // Epoch checkpoints are for epoch-based solvers: on data this small, 'auto' would be lbfgs.
  { name: 'shuffled mini-batches, sgd', base: { ...DEFAULTS, solver: 'sgd', batchSize: 16, lrDecay: 0.9 } },
  {
    name: 'one-vs-rest, shuffled mini-batches, sgd',
    base: { ...DEFAULTS, solver: 'sgd', strategy: 'ovr', batchSize: 32 },
  },
  { name: 'adam', base: { ...DEFAULTS, solver: 'adam', learningRate: 0.01, batchSize: 16 } },
];

describe.each(recipes)(
  'an epochs checkpoint equals a separate run with that many epochs ($name)',
  ({ base }) => {
    const checkpoints = [2, 5, 9];
    const sweep = (epochs: string) =>
      runSweep({ base, axes: [parseAxis('epochs', epochs, base)], data, jobs: 1, progress: false });

    it('scores, losses and curves match run for run', async () => {
      const together = await sweep(checkpoints.join(','));
      expect(together.runs).toHaveLength(1);
      expect(together.rows.map((r) => r.epochs)).toEqual(checkpoints);
      for (const [i, epochs] of checkpoints.entries()) {
        const alone = await sweep(String(epochs));
        expect(figures(together.rows[i])).toEqual(figures(alone.rows[0]));
        expect(together.runs[0].history.slice(0, epochs).map(({ seconds: _s, ...h }) => h)).toEqual(
          alone.runs[0].history.map(({ seconds: _s, ...h }) => h),
        );
      }
      // The checkpoints are not all the same model.
      expect(new Set(together.rows.map((r) => r.logLoss)).size).toBe(checkpoints.length);
    });

    it('agrees with a classifier fitted for that many epochs', async () => {
      const together = await sweep(checkpoints.join(','));
      for (const [i, epochs] of checkpoints.entries()) {
        const clf = new SoftmaxClassifier({ ...base, epochs, threads: 1 });
        await clf.fit(data.train, data.train.labels, { classNames: data.classNames });
        expect(clf.score(data.evalSet, data.evalSet.labels)).toBe(together.rows[i].accuracy);
      }
    });
  },
);

it('a run that diverges keeps its earlier checkpoints and marks the later ones', async () => {
  const base = { ...ORIGINAL_RECIPE, learningRate: 1e6, lrDecay: 1, divergenceFactor: 2 };
  const report = await runSweep({
    base,
    axes: [parseAxis('epochs', '1,20', base)],
    data,
    jobs: 1,
    progress: false,
  });
  const [first, last] = report.rows;
  expect(report.runs[0].diverged).not.toBeNull();
  expect(first.status).toBe('ok');
  expect(first.accuracy).not.toBeNull();
  expect(last.status).toBe('diverged');
  expect(last.accuracy).toBeNull();
  expect(last.divergedAtEpoch).toBe(report.runs[0].diverged?.epoch);
});

describe('the default solver on small data (auto: lbfgs)', () => {
  const base: Partial<ClassifierOptions> = {};
  const sweep = (axes: [keyof ClassifierOptions, string][]) =>
    runSweep({
      base,
      axes: axes.map(([k, v]) => parseAxis(k, v, base)),
      data,
      jobs: 1,
      progress: false,
    });

  it('trains lbfgs once per configuration but epochs, and scores each row at the end of its run', async () => {
    const report = await sweep([
      ['weightDecay', '1e-4,1e-2'],
      ['epochs', '2,9'],
    ]);
    expect(report.runs).toHaveLength(2);
    for (const run of report.runs) {
      expect(run.options.solver).toBe('lbfgs');
      expect(run.checkpoints).toEqual([]);
    }
    for (const r of report.rows) {
      expect(r).toMatchObject({ solver: 'lbfgs', epochs: null, status: 'ok', stopReason: 'converged' });
      const run = report.runs[r.run];
      expect(r.iterations).toBe(run.history.length);
      expect(r.iterations).toBeGreaterThan(9); // epochs do not cut it short
    }
    // Rows differing only in epochs are the same model.
    expect(report.rows[0].accuracy).toBe(report.rows[1].accuracy);
    expect(report.rows[0].logLoss).toBe(report.rows[1].logLoss);
  });

  it('its figures are those of a classifier fitted with the defaults', async () => {
    const report = await sweep([['epochs', '3']]);
    const clf = new SoftmaxClassifier({ threads: 1 });
    const fitted = await clf.fit(data.train, data.train.labels, { classNames: data.classNames });
    const [row] = report.rows;
    expect(fitted.solver).toBe('lbfgs');
    expect(row.iterations).toBe(fitted.iterations);
    expect(row.stopReason).toBe(fitted.stopReason);
    expect(row.accuracy).toBe(clf.score(data.evalSet, data.evalSet.labels));
  });

  it('the table says epochs do not apply to lbfgs and how many iterations ran', async () => {
    const report = await sweep([['epochs', '2,9']]);
    const table = sweepTable(report);
    expect(table).toMatch(/│\s+solver\s+│\s+epochs\s+│\s+iterations\s+│\s+stopped\s+│/);
    expect(table).toMatch(
      new RegExp(
        `│\\s+lbfgs \\(auto\\)\\s+│\\s+—\\s+│\\s+${report.rows[0].iterations}\\s+│\\s+converged\\s+│`,
      ),
    );
    expect(table).toContain('epochs do not apply to lbfgs');
    expect(sweepMarkdown(report, 'test set')).toContain('epochs do not apply to lbfgs');
  });
});

it('an sgd run that stops by tolerance scores its later checkpoints as separate runs would', async () => {
  const base = { ...DEFAULTS, solver: 'sgd' as const, batchSize: 16, tol: 0.05 };
  const sweep = (epochs: string) =>
    runSweep({ base, axes: [parseAxis('epochs', epochs, base)], data, jobs: 1, progress: false });
  const together = await sweep('1,40');
  const [, last] = together.rows;
  expect(last.stopReason).toBe('tolerance');
  expect(last.iterations).toBeLessThan(40);
  const alone = await sweep('40');
  expect(figures(last)).toEqual(figures(alone.rows[0]));
});
