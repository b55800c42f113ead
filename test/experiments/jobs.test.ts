import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAxis } from '../../src/experiments/gridFlags.js';
import { runSweep, type SweepReport } from '../../src/experiments/sweep.js';
import { DEFAULTS, ORIGINAL_RECIPE } from '../../src/model/options.js';
import { experimentData } from './data.js';

/** Workers run compiled code: the sweep's worker script under dist/ (`npm run build`, as `npm test` does). */
const WORKER = new URL('../../dist/experiments/sweepWorker.js', import.meta.url);

/** The table without timings, the one thing allowed to change with --jobs. */
function table(report: SweepReport): unknown {
  return {
    rows: report.rows.map(({ trainSeconds: _t, ...r }) => r),
    runs: report.runs.map(({ trainSeconds: _t, history, ...r }) => ({
      ...r,
      history: history.map(({ seconds: _s, ...h }) => h),
    })),
  };
}

const data = experimentData(150, 100);

const grids = [
  {
    name: 'learning rates × weight decays × epochs, full batch',
    base: ORIGINAL_RECIPE,
    flags: { learningRate: '0.8,0.1,0.01', weightDecay: '0,1e-3', epochs: '3,6' },
  },
  {
    name: 'strategies × batch sizes, shuffled',
    base: { ...DEFAULTS, solver: 'sgd' as const },
    flags: { strategy: 'softmax,ovr', batchSize: '16,full', epochs: '4' },
  },
  {
    name: 'the defaults on small data (auto: lbfgs), weight decays × epochs',
    base: DEFAULTS,
    flags: { weightDecay: '1e-4,1e-2', epochs: '2,4' },
  },
];

describe.each(grids)('--jobs 1 and --jobs 2 give identical tables: $name', ({ base, flags }) => {
  it('same rows, same curves', async () => {
    expect(existsSync(fileURLToPath(WORKER)), `missing ${fileURLToPath(WORKER)}: run npm run build`).toBe(
      true,
    );
    const axes = Object.entries(flags).map(([k, v]) => parseAxis(k as keyof typeof DEFAULTS, v, base));
    // The js backend: this thread runs the source and the workers run dist/, and while another backend is
    // being built the two may not load the same one. The built CLI's test (cli.e2e) covers 'auto'.
    const spec = {
      base: { ...base, backend: 'js', threads: 1 } as const,
      axes,
      data,
      progress: false,
      workerUrl: WORKER,
    };
    const one = await runSweep({ ...spec, jobs: 1 });
    const two = await runSweep({ ...spec, jobs: 2 });
    const three = await runSweep({ ...spec, jobs: 3 });
    expect(two.jobs).toBe(2);
    expect(table(two)).toEqual(table(one));
    expect(table(three)).toEqual(table(one));
    expect(one.rows).toHaveLength(Object.values(flags).reduce((n, v) => n * v.split(',').length, 1));
  });
});

it('a missing worker script is an error that says to build', async () => {
  const base = { ...DEFAULTS, threads: 1 };
  await expect(
    runSweep({
      base,
      axes: [parseAxis('learningRate', '0.1,0.2', base)],
      data,
      jobs: 2,
      progress: false,
      workerUrl: new URL('./no-such-worker.js', import.meta.url),
    }),
  ).rejects.toThrow(/npm run build/);
});
