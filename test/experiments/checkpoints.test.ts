import { describe, expect, it } from 'vitest';
import { parseAxis } from '../../src/experiments/gridFlags.js';
import { runSweep, type SweepRow } from '../../src/experiments/sweep.js';
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
  { name: 'shuffled mini-batches, defaults', base: { ...DEFAULTS, batchSize: 16, lrDecay: 0.9 } },
  { name: 'one-vs-rest, shuffled mini-batches', base: { ...DEFAULTS, strategy: 'ovr', batchSize: 32 } },
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
