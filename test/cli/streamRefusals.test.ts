import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeFashionSubset } from '../helpers/idxFiles.js';

const { root, plain, gz } = writeFashionSubset('softmax-stream-refuse-');
const csv = join(root, 'train.csv');
writeFileSync(csv, 'a,label\n1,x\n2,y\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('softmax train --stream, refused and automatic', () => {
  it('streams on its own past --memory-limit, and says why', async () => {
    const r = await runCli([
      'train',
      '--data',
      plain,
      '--memory-limit',
      '1MB',
      '--epochs',
      '1',
      '--backend',
      'js',
      '--no-progress',
      '--out',
      join(root, 'run-auto'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Streaming 2,000 images of 28×28 .*over --memory-limit 1 MB/);
  }, 60_000);

  it('streams the bundled set from its copy unpacked at install', async () => {
    const r = await runCli([
      'train',
      '--stream',
      '--epochs',
      '1',
      '--json',
      '--no-progress',
      '--out',
      join(root, 'run-bundled'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.data.settings.streamed).toBe(true);
    expect(out.data.trainCount).toBe(60_000);
    expect(out.classNames[6]).toBe('Shirt');
    expect(out.accuracy).toBeGreaterThan(0.75);
  }, 60_000);

  it('refuses what it cannot stream in one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--data', gz, '--stream'], /gzipped, and gzip cannot be read in chunks/],
      [['--data', plain, '--stream', '--solver', 'lbfgs'], /--solver lbfgs: .*sgd or adam/],
      [['--data', plain, '--stream', '--validation', '100'], /--validation: not available when streaming/],
      [['--data', plain, '--memory-limit', 'lots'], /--memory-limit: must be a size such as 200MB/],
      [['--data', csv, '--stream'], /--test-data: needed to stream a CSV/],
    ];
    const results = await Promise.all(
      cases.map(([args]) => runCli(['train', ...args, '--out', join(root, 'never'), '--no-progress'])),
    );
    results.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(cases[i][1]);
    });
  }, 60_000);
});
