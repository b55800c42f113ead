import { describe, expect, it } from 'vitest';
import { expandGrid } from '../../src/experiments/grid.js';
import { parseAxis, type OptionKey } from '../../src/experiments/gridFlags.js';
import { planRuns } from '../../src/experiments/plan.js';
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
    expect(planRuns(configs).runs).toHaveLength(runs);
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
    const { runs, cells } = planRuns(configs);
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
    const a = { ...DEFAULTS, epochs: 5 };
    const { runs, cells } = planRuns([a, { ...a }, { ...a, epochs: 2 }]);
    expect(runs).toHaveLength(1);
    expect(runs[0].checkpoints).toEqual([2, 5]);
    expect(cells).toEqual([
      { run: 0, epochs: 5 },
      { run: 0, epochs: 5 },
      { run: 0, epochs: 2 },
    ]);
  });
});
