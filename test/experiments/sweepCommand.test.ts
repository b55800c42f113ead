import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepCommand } from '../../src/cli/sweep.js';
import type { SweepSummary } from '../../src/cli/sweepRun.js';
import { InputError } from '../../src/util/errors.js';
import { runCommand, tinyDataDir } from './commandRunner.js';

const dataDir = tinyDataDir();
const scratch = mkdtempSync(join(tmpdir(), 'softmax-sweep-'));

describe('softmax sweep --json (in process, --jobs 1)', () => {
  const out = join(scratch, 'grid');
  // sgd, whose runs are scored at epoch checkpoints (on data this small, the default auto is lbfgs).
  const args = [
    '--data',
    dataDir,
    '--solver',
    'sgd',
    '--lr',
    '0.5,0.05',
    '--epochs',
    '2,4,6',
    '--weight-decay',
    '0,1e-3',
  ];
  let stdout: string;
  let summary: SweepSummary;
  beforeAll(async () => {
    stdout = await runCommand(sweepCommand(), [...args, '--jobs', '1', '--json', '--out', out]);
    summary = JSON.parse(stdout);
  });

  it('prints exactly one JSON object with one row per combination', () => {
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(summary.rows).toHaveLength(2 * 3 * 2);
    expect(summary.combinations).toBe(12);
    expect(summary.runs).toHaveLength(4);
    expect(summary.axes.map((a) => a.flag)).toEqual(['--lr', '--weight-decay', '--epochs']);
    expect(summary.evaluatedOn).toBe('test');
    expect(summary.data.evalCount).toBe(60);
    for (const r of summary.rows) {
      expect(r.status).toBe('ok');
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
      expect(Object.keys(r.swept).sort()).toEqual(['epochs', 'learningRate', 'weightDecay']);
      expect(r).toMatchObject({ solver: 'sgd', stopReason: 'limit', iterations: r.epochs });
    }
    for (const run of summary.runs) {
      expect(run.checkpoints).toEqual([2, 4, 6]);
      expect(run.history).toHaveLength(6);
    }
  });

  it('writes sweep.json, sweep.csv and sweep.md into the run folder', () => {
    const saved = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
    expect(saved.rows).toEqual(summary.rows);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 12);
    expect(csv[0].split(',')).toEqual(expect.arrayContaining(['learningRate', 'epochs', 'accuracy']));
    const md = readFileSync(join(out, 'sweep.md'), 'utf8');
    expect(md.split('\n').filter((l) => /^\| [\d.]+ \|/.test(l))).toHaveLength(12);
  });

  it('prints a table in text mode', async () => {
    const text = await runCommand(sweepCommand(), [...args, '--jobs', '1', '--out', join(scratch, 'text')]);
    expect(text).toContain('12 combinations in 4 runs');
    expect(text).toMatch(/│\s+lr\s+│\s+weight-decay\s+│\s+epochs\s+│\s+accuracy/);
    expect(text).toContain('Run folder:');
    expect(existsSync(join(scratch, 'text', 'sweep.md'))).toBe(true);
  });

  it('--validation scores on held-out training images', async () => {
    const o = JSON.parse(
      await runCommand(sweepCommand(), [
        '--data',
        dataDir,
        '--epochs',
        '2',
        '--validation',
        '20',
        '--jobs',
        '1',
        '--json',
        '--out',
        join(scratch, 'val'),
      ]),
    );
    expect(o.evaluatedOn).toBe('validation');
    expect(o.data).toMatchObject({ trainCount: 100, evalCount: 20 });
  });
});

describe('softmax sweep rejects bad values in one line naming the flag and value', () => {
  const cases = [
    { args: ['--lr', '0.1,x'], message: "--lr: must be a number, got 'x'" },
    { args: ['--epochs', '10,0'], message: '--epochs: must be at least 1, got 0' },
    {
      args: ['--batch-size', '32,big'],
      message: "--batch-size: must be 'full' or a whole number of at least 1, got 'big'",
    },
    { args: ['--strategy', 'softmax,svm'], message: "--strategy: must be one of softmax, ovr, got 'svm'" },
    { args: ['--lr', '0.1,0.1'], message: "--lr: 0.1 is listed twice in '0.1,0.1'" },
    { args: ['--jobs', '0'], message: "--jobs: must be a whole number of at least 1, got '0'" },
    { args: ['--jobs', 'many'], message: "--jobs: must be a whole number of at least 1, got 'many'" },
    { args: ['--recipe', 'paper'], message: "--recipe: must be one of default, original, got 'paper'" },
    { args: ['--validation', '120'], message: '--validation: must be between 1 and 119' },
  ];
  it.each(cases)('$args', async ({ args, message }) => {
    const err: unknown = await runCommand(sweepCommand(), ['--data', dataDir, ...args, '--json']).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).not.toContain('\n');
  });
});
