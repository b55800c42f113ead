import { expect, it } from 'vitest';
import { parseAxis } from '../../src/experiments/gridFlags.js';
import { runSweep } from '../../src/experiments/sweep.js';
import { rowFlags, sweepMarkdown, sweepTable } from '../../src/experiments/sweepFormat.js';
import type { ClassifierOptions } from '../../src/model/options.js';
import { experimentData } from './data.js';

it('a sweep over --solver sgd,adam trains each at its own learning rate and shows it per row', async () => {
  const base: Partial<ClassifierOptions> = { threads: 1, batchSize: 16 };
  const report = await runSweep({
    base,
    axes: [parseAxis('solver', 'sgd,adam', base), parseAxis('epochs', '2', base)],
    data: experimentData(),
    jobs: 1,
    progress: false,
  });
  expect(report.rows.map((r) => [r.solver, r.options.learningRate])).toEqual([
    ['sgd', 0.1],
    ['adam', 0.01],
  ]);
  for (const run of report.runs) expect(run.history[0].learningRate).toBe(run.options.learningRate);
  // Not shared, so not among the shared options; each row's flags say it instead.
  expect(report.fixed.learningRate).toBeUndefined();
  expect(rowFlags(report, report.rows[1])).toContain('--lr 0.01');
  expect(sweepTable(report)).toMatch(/│\s+lr\s+│/);
  expect(sweepMarkdown(report, 'test set')).not.toMatch(/Shared options: `[^`]*--lr /);
});
