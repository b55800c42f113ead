import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reproduceCommand } from '../../src/cli/reproduce.js';
import { InputError } from '../../src/util/errors.js';
import { runCommand } from './commandRunner.js';

const scratch = mkdtempSync(join(tmpdir(), 'softmax-reproduce-'));

/**
 * A shortened run under the hidden test flag: 300 training images and every epoch count × 0.02
 * (1, 3, 5, 7 instead of 50, 150, 250, 350). It checks the shape, not the published figures.
 */
const QUICK = ['--train-limit', '300', '--test-limit', '2500', '--epochs-scale', '0.02', '--jobs', '1'];

describe('softmax reproduce --json (shortened, in process)', () => {
  const out = join(scratch, 'quick');
  let stdout: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let o: any;
  beforeAll(async () => {
    stdout = await runCommand(reproduceCommand(), [...QUICK, '--json', '--out', out]);
    o = JSON.parse(stdout);
  });

  it('prints exactly one JSON object', () => {
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(Object.keys(o)).toEqual(
      expect.arrayContaining(['table1', 'table2', 'recipe', 'seconds', 'comparison']),
    );
    expect(o.seconds).toBeGreaterThan(0);
  });

  it('has Table 1 (epochs at lr 0.1) and Table 2 (learning rates), accuracies in percent', () => {
    expect(o.table1.map((r: { epochs: number }) => r.epochs)).toEqual([1, 3, 5, 7]);
    expect(o.table1.map((r: { published: number }) => r.published)).toEqual([79.95, 81.7, 81.85, 82.05]);
    expect(o.table2.map((r: { lr: number }) => r.lr)).toEqual([0.8, 0.1, 0.01, 0.001]);
    expect(o.table2.map((r: { published: number }) => r.published)).toEqual([83.7, 82.0, 75.75, 66.1]);
    for (const r of [...o.table1, ...o.table2]) {
      expect(r.accuracy).toBeGreaterThan(1); // percent, not a 0..1 share
      expect(r.accuracy).toBeLessThanOrEqual(100);
      expect(r.difference).toBeCloseTo(r.accuracy - r.published, 6);
    }
    // lr 0.1 after the last checkpoint is one run, shown in both tables.
    expect(o.table2[1].accuracy).toBe(o.table1[3].accuracy);
  });

  it('states the recipe it ran', () => {
    expect(o.recipe.options).toMatchObject({
      batchSize: 'full',
      momentum: 0.9,
      nesterov: false,
      weightDecay: 0.001,
      lrDecay: 0.99,
      init: 'uniform',
      preprocessing: 'minmax',
      epochs: 7,
    });
    expect(o.recipe.trainCount).toBe(300);
    expect(o.recipe.scoredTestCount).toBe(2000);
    expect(o.recipe.epochsScale).toBe(0.02);
    expect(o.recipe.description.join('; ')).toContain('full-batch gradient descent');
  });

  it('compares softmax with one-vs-rest on the first 2,000 and on all test images', () => {
    expect(o.comparison.testCount).toBe(2500);
    for (const s of [o.comparison.softmax, o.comparison.ovr]) {
      expect(Object.keys(s).sort()).toEqual(['accuracy', 'accuracyFirst2000', 'trainSeconds']);
      expect(s.accuracy).toBeGreaterThan(1);
      expect(s.trainSeconds).toBeGreaterThan(0);
    }
    expect(o.comparison.softmax.accuracyFirst2000).toBe(o.table1[3].accuracy);
  });

  it('writes reproduce.json with the per-epoch curves', () => {
    const saved = JSON.parse(readFileSync(join(out, 'reproduce.json'), 'utf8'));
    expect(saved.table1).toEqual(o.table1);
    expect(saved.runs).toHaveLength(5);
    for (const run of saved.runs) expect(run.history).toHaveLength(7);
  });
});

describe('softmax reproduce (text, shortened)', () => {
  it('prints the recipe, both tables with published figures, and the comparison', async () => {
    const out = join(scratch, 'text');
    const text = await runCommand(reproduceCommand(), [...QUICK, '--out', out]);
    for (const s of [
      'full-batch gradient descent',
      'momentum 0.9 in the form v ← μv + α∇, W ← W − v',
      'L2 weight decay λ = 0.001',
      'learning rate × 0.99 after every epoch',
      'each image min-max scaled to [0, 1]',
      'W initialised to 0.001·U[0,1)',
      'the first 300 training images',
      'accuracy on the first 2,000 test images',
      'Table 1',
      'Table 2',
      '79.95',
      '66.10',
      'one-vs-rest',
    ]) {
      expect(text).toContain(s);
    }
    expect(existsSync(join(out, 'reproduce.json'))).toBe(true);
  });
});

describe('softmax reproduce rejects bad values in one line', () => {
  const cases = [
    { args: ['--full', '--train-limit', '100'], message: '--full: give --full or --train-limit, not both' },
    { args: ['--seed', '1,2'], message: "--seed: takes one value, got '1,2'" },
    { args: ['--seed', '-3'], message: '--seed: must be at least 0, got -3' },
    { args: ['--backend', 'gpu'], message: "--backend: must be one of auto, native, wasm, js, got 'gpu'" },
    { args: ['--jobs', '0'], message: "--jobs: must be a whole number of at least 1, got '0'" },
    {
      args: ['--epochs-scale', '0'],
      message: "--epochs-scale: must be a number greater than 0 and at most 1, got '0'",
    },
  ];
  it.each(cases)('$args', async ({ args, message }) => {
    const err: unknown = await runCommand(reproduceCommand(), [...args, '--json']).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(message);
  });
});
