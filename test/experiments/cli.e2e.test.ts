import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers/cli.js';

/** End to end through the built CLI (`npm run build` first), as a user runs it. */
const scratch = mkdtempSync(join(tmpdir(), 'softmax-exp-e2e-'));

describe('softmax sweep (built CLI)', () => {
  const grid = [
    'sweep',
    '--train-limit',
    '600',
    '--test-limit',
    '500',
    '--lr',
    '0.5,0.05',
    '--epochs',
    '1,3',
  ];
  const rows = (out: string) =>
    JSON.parse(out).rows.map(({ trainSeconds: _t, ...r }: { trainSeconds: number }) => r) as unknown[];

  it('--jobs 1 and --jobs 2 print identical tables, one row per combination', async () => {
    const one = await cli([...grid, '--jobs', '1', '--json', '--out', join(scratch, 'j1')]);
    const two = await cli([...grid, '--jobs', '2', '--json', '--out', join(scratch, 'j2')]);
    for (const r of [one, two]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
    }
    expect(rows(one.stdout)).toHaveLength(4);
    expect(rows(two.stdout)).toEqual(rows(one.stdout));
    expect(
      readFileSync(join(scratch, 'j2', 'sweep.csv'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(5);
  });

  const bad = [
    { args: ['--lr', '0.1,x'], line: "softmax: --lr: must be a number, got 'x'" },
    { args: ['--jobs', '0'], line: "softmax: --jobs: must be a whole number of at least 1, got '0'" },
    { args: ['--epochs', '5,5'], line: "softmax: --epochs: 5 is listed twice in '5,5'" },
  ];
  it.each(bad)('$args: exit 2 and one line', async ({ args, line }) => {
    const r = await cli(['sweep', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(line + '\n');
  });
});

describe('softmax reproduce --json (built CLI, shortened)', () => {
  it('prints one object with the documented shape', async () => {
    const r = await cli([
      'reproduce',
      '--train-limit',
      '300',
      '--epochs-scale',
      '0.02',
      '--jobs',
      '2',
      '--json',
      '--out',
      join(scratch, 'reproduce'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const o = JSON.parse(r.stdout);
    expect(Object.keys(o.table1[0]).sort()).toEqual(['accuracy', 'difference', 'epochs', 'published']);
    expect(Object.keys(o.table2[0]).sort()).toEqual(['accuracy', 'difference', 'lr', 'published']);
    expect(o.table1).toHaveLength(4);
    expect(o.table2).toHaveLength(4);
    expect(typeof o.recipe).toBe('object');
    expect(o.seconds).toBeGreaterThan(0);
    expect(o.comparison.testCount).toBe(10000);
    expect(o.comparison.ovr.accuracy).toBeGreaterThan(1);
  });
});
