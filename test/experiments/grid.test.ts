import { describe, expect, it } from 'vitest';
import { expandGrid } from '../../src/experiments/grid.js';
import { parseAxis, type OptionKey } from '../../src/experiments/gridFlags.js';
import { planRuns, type TrainingShape } from '../../src/experiments/plan.js';
import { AUTO_LBFGS_MAX_VALUES } from '../../src/model/solvers/createSolver.js';
import { DEFAULTS, ORIGINAL_RECIPE } from '../../src/model/options.js';
import { InputError } from '../../src/util/errors.js';

describe('a training flag read as a comma list', () => {
  const good: { key: OptionKey; raw: string; values: unknown[] }[] = [
    { key: 'learningRate', raw: '0.8,0.1,0.01,0.001', values: [0.8, 0.1, 0.01, 0.001] },
    { key: 'learningRate', raw: ' 0.5 , 1e-2', values: [0.5, 0.01] },
    { key: 'epochs', raw: '350', values: [350] },
    { key: 'weightDecay', raw: '0,1e-3', values: [0, 0.001] },
    { key: 'batchSize', raw: 'full,64', values: ['full', 64] },
    { key: 'nesterov', raw: 'true,false', values: [true, false] },
    { key: 'strategy', raw: 'softmax,ovr', values: ['softmax', 'ovr'] },
    { key: 'preprocessing', raw: 'minmax', values: ['minmax'] },
  ];
  it.each(good)('$key $raw', ({ key, raw, values }) => {
    expect(parseAxis(key, raw, DEFAULTS).values).toEqual(values);
  });

  const bad: { key: OptionKey; raw: string; message: string }[] = [
    { key: 'learningRate', raw: '0.1,abc', message: "--lr: must be a number, got 'abc'" },
    { key: 'learningRate', raw: '0.1,-1', message: '--lr: must be greater than 0, got -1' },
    { key: 'learningRate', raw: '0.1,,0.2', message: "--lr: empty value in '0.1,,0.2'" },
    { key: 'learningRate', raw: '0.1,0.10', message: "--lr: 0.1 is listed twice in '0.1,0.10'" },
    { key: 'epochs', raw: '50,1.5', message: "--epochs: must be a whole number, got '1.5'" },
    { key: 'epochs', raw: '0', message: '--epochs: must be at least 1, got 0' },
    {
      key: 'batchSize',
      raw: 'full,all',
      message: "--batch-size: must be 'full' or a whole number of at least 1, got 'all'",
    },
    { key: 'nesterov', raw: 'yes', message: "--nesterov: must be 'true' or 'false', got 'yes'" },
    { key: 'strategy', raw: 'ovo', message: "--strategy: must be one of softmax, ovr, got 'ovo'" },
    { key: 'momentum', raw: '0.5,1', message: '--momentum: must be less than 1, got 1' },
    { key: 'weightDecay', raw: '-1e-3', message: '--weight-decay: must be at least 0, got -0.001' },
  ];
  it.each(bad)('rejects $key $raw in one line naming the flag and value', ({ key, raw, message }) => {
    expect(() => parseAxis(key, raw, DEFAULTS)).toThrow(InputError);
    expect(() => parseAxis(key, raw, DEFAULTS)).toThrow(message);
  });
});

/** 120 images of 6×6 in 3 classes (auto: lbfgs), and one image more than auto's lbfgs limit (auto: sgd). */
const small: TrainingShape = { labels: Uint8Array.from({ length: 120 }, (_, i) => i % 3), k: 3, d: 36 };
const large: TrainingShape = { labels: new Uint8Array(AUTO_LBFGS_MAX_VALUES / 100 + 1), k: 1, d: 100 };

describe('grid expansion', () => {
  const lr = parseAxis('learningRate', '0.8,0.1,0.01,0.001', ORIGINAL_RECIPE);
  const epochs = parseAxis('epochs', '50,150,250,350', ORIGINAL_RECIPE);
  const wd = parseAxis('weightDecay', '0,1e-3', ORIGINAL_RECIPE);

  const cases = [
    { name: 'one axis', axes: [lr], rows: 4, runs: 4 },
    { name: 'epochs only: one run', axes: [epochs], rows: 4, runs: 1 },
    { name: 'the issue example', axes: [lr, epochs, wd], rows: 32, runs: 8 },
    { name: 'epochs given first', axes: [epochs, lr], rows: 16, runs: 4 },
    { name: 'no axes: one configuration', axes: [], rows: 1, runs: 1 },
  ];
  it.each(cases)('$name: $rows combinations in $runs runs', ({ axes, rows, runs }) => {
    const configs = expandGrid(ORIGINAL_RECIPE, axes);
    expect(configs).toHaveLength(rows);
    const keys = new Set(configs.map((c) => JSON.stringify(c)));
    expect(keys.size).toBe(rows);
    expect(planRuns(configs, small).runs).toHaveLength(runs);
  });

  it('varies epochs fastest and the first axis slowest', () => {
    const configs = expandGrid(ORIGINAL_RECIPE, [epochs, lr, wd]);
    expect(configs.slice(0, 5).map((c) => [c.learningRate, c.weightDecay, c.epochs])).toEqual([
      [0.8, 0, 50],
      [0.8, 0, 150],
      [0.8, 0, 250],
      [0.8, 0, 350],
      [0.8, 0.001, 50],
    ]);
  });

  it('plans each run to its last checkpoint and maps every configuration to its run', () => {
    const configs = expandGrid(ORIGINAL_RECIPE, [lr, epochs]);
    const { runs, cells } = planRuns(configs, small);
    for (const r of runs) {
      expect(r.checkpoints).toEqual([50, 150, 250, 350]);
      expect(r.options.epochs).toBe(350);
    }
    configs.forEach((c, i) => {
      expect(runs[cells[i].run].options.learningRate).toBe(c.learningRate);
      expect(cells[i].epochs).toBe(c.epochs);
    });
  });

  it('lets identical configurations share a cell', () => {
    const a = { ...DEFAULTS, solver: 'sgd' as const, epochs: 5 };
    const { runs, cells } = planRuns([a, { ...a }, { ...a, epochs: 2 }], small);
    expect(runs).toHaveLength(1);
    expect(runs[0].checkpoints).toEqual([2, 5]);
    expect(cells).toEqual([
      { run: 0, epochs: 5 },
      { run: 0, epochs: 5 },
      { run: 0, epochs: 2 },
    ]);
  });

  it.each([
    { shape: 'small', data: small, solver: 'lbfgs' },
    { shape: 'large', data: large, solver: 'sgd' },
  ])("resolves 'auto' by resolveSolver's rule on the training data ($shape: $solver)", ({ data, solver }) => {
    const { runs } = planRuns([{ ...DEFAULTS, solver: 'auto' }], data);
    expect(runs[0].options.solver).toBe(solver);
  });

  it('resolves auto on the rows left after the early-stopping hold-out', () => {
    // 10,000,010 values: over the limit with all rows, under it once 10% are held out.
    const edge: TrainingShape = { labels: new Uint8Array(AUTO_LBFGS_MAX_VALUES / 10 + 1), k: 1, d: 10 };
    expect(planRuns([{ ...DEFAULTS }], edge).runs[0].options.solver).toBe('sgd');
    expect(planRuns([{ ...DEFAULTS, earlyStopping: true }], edge).runs[0].options.solver).toBe('lbfgs');
  });

  it('lbfgs ignores epochs: configurations differing only in epochs are one run, scored at its end', () => {
    const base = { ...DEFAULTS, solver: 'lbfgs' as const };
    const configs = expandGrid(base, [
      parseAxis('epochs', '5,10', base),
      parseAxis('learningRate', '0.1,0.2', base),
    ]);
    const { runs, cells } = planRuns(configs, small);
    expect(runs).toHaveLength(2);
    for (const r of runs) expect(r.checkpoints).toEqual([]);
    expect(cells.every((c) => c.epochs === null)).toBe(true);
  });

  it('with early stopping, each epoch count is its own run, scored at its end', () => {
    const base = { ...DEFAULTS, solver: 'sgd' as const, earlyStopping: true };
    const { runs, cells } = planRuns(expandGrid(base, [parseAxis('epochs', '5,10', base)]), small);
    expect(runs.map((r) => [r.options.epochs, r.checkpoints])).toEqual([
      [5, []],
      [10, []],
    ]);
    expect(cells).toEqual([
      { run: 0, epochs: null },
      { run: 1, epochs: null },
    ]);
  });
});
