import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/data/idx.js';
import { loadDataset } from '../../src/node/dataset.js';
import { runCli } from '../helpers/cli.js';

// 2,000 training and 500 test images of Fashion-MNIST, uncompressed (1.6 MB), and the same gzipped.
const bundle = loadDataset({ trainLimit: 2000, testLimit: 500 });
const root = mkdtempSync(join(tmpdir(), 'softmax-stream-refuse-'));
const plain = join(root, 'plain');
const gz = join(root, 'gz');
const files: [string, Uint8Array][] = [
  ['train-images-idx3-ubyte', encodeIdx([2000, 28, 28], bundle.train.pixels)],
  ['train-labels-idx1-ubyte', encodeIdx([2000], bundle.train.labels)],
  ['t10k-images-idx3-ubyte', encodeIdx([500, 28, 28], bundle.test.pixels)],
  ['t10k-labels-idx1-ubyte', encodeIdx([500], bundle.test.labels)],
];
mkdirSync(plain);
mkdirSync(gz);
for (const [name, bytes] of files) {
  writeFileSync(join(plain, name), bytes);
  writeFileSync(join(gz, `${name}.gz`), gzipSync(bytes));
}
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

  it('refuses what it cannot stream in one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--data', gz, '--stream'], /gzipped, and gzip cannot be read in chunks/],
      [['--stream'], /bundled Fashion-MNIST is gzipped/],
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
