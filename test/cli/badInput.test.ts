import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/data/idx.js';
import { runCli } from '../helpers/cli.js';
import { smallSet, writeSet } from '../helpers/idxFiles.js';

const tiny = writeSet(smallSet(30, 12, 4, 3));
const truncated = writeSet({
  ...smallSet(30, 12, 4, 3),
  trainImages: smallSet(30, 12, 4, 3).trainImages.subarray(0, 100),
});
const mismatched = writeSet({ ...smallSet(30, 12, 4, 3), testLabels: encodeIdx([11], new Uint8Array(11)) });
const other = writeSet(smallSet(30, 12, 5, 3));
const scratch = mkdtempSync(join(tmpdir(), 'softmax-bad-'));
writeFileSync(join(scratch, 'notjson.json'), '{ nope');

/** Each bad input: one line on stderr naming the thing and its value, exit code 2, no stack trace. */
const cases: { name: string; args: string[]; message: RegExp }[] = [
  { name: 'unknown flag', args: ['train', '--frobnicate'], message: /unknown option '--frobnicate'/ },
  { name: 'unknown command', args: ['trian'], message: /unknown command 'trian'/ },
  {
    name: 'learning rate not a number',
    args: ['train', '--lr', 'fast'],
    message: /^softmax: --lr: must be a number, got 'fast'$/,
  },
  { name: 'learning rate ≤ 0', args: ['train', '--lr', '0'], message: /--lr: must be greater than 0, got 0/ },
  {
    name: 'momentum 1',
    args: ['train', '--momentum', '1'],
    message: /--momentum: must be less than 1, got 1/,
  },
  {
    name: 'momentum negative',
    args: ['train', '--momentum', '-0.5'],
    message: /--momentum: must be at least 0, got -0.5/,
  },
  { name: 'batch size 0', args: ['train', '--batch-size', '0'], message: /--batch-size: .*got 0/ },
  {
    name: 'batch size word',
    args: ['train', '--batch-size', 'half'],
    message: /^softmax: --batch-size: must be 'full' or a whole number of at least 1, got 'half'$/,
  },
  {
    name: 'epochs 0',
    args: ['train', '--epochs', '0'],
    message: /--epochs: must be at least 1, got 0/,
  },
  {
    name: 'epochs fractional',
    args: ['train', '--epochs', '2.5'],
    message: /^softmax: --epochs: must be a whole number, got '2.5'$/,
  },
  {
    name: 'bad choice',
    args: ['train', '--preprocessing', 'zscore'],
    message: /^softmax: --preprocessing: must be one of scale, minmax, standardize, got 'zscore'$/,
  },
  {
    name: 'missing data folder',
    args: ['train', '--data', '/no/such/dir'],
    message: /--data: folder not found: \/no\/such\/dir/,
  },
  {
    name: 'truncated data file',
    args: ['train', '--data', truncated],
    message: /train-images-idx3-ubyte: length does not match header/,
  },
  {
    name: 'label count differs',
    args: ['train', '--data', mismatched],
    message: /holds 11 labels but .* holds 12 images/,
  },
  {
    name: 'train limit 0',
    args: ['train', '--data', tiny, '--train-limit', '0'],
    message: /--train-limit: must be at least 1, got 0/,
  },
  {
    name: 'missing model file',
    args: ['eval', '--model', '/no/model.json'],
    message: /--model: file not found: \/no\/model\.json/,
  },
  {
    name: 'model not JSON',
    args: ['eval', '--model', join(scratch, 'notjson.json')],
    message: /notjson\.json: not valid JSON/,
  },
];

describe('bad input: one clear line, exit code 2, no stack trace', () => {
  it.each(cases)('$name', async ({ args, message }) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^softmax: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('models that do not fit the data', () => {
  it('eval of a 4×4 model on 5×5 images names both sizes', async () => {
    const out = join(scratch, 'run');
    expect(
      (await runCli(['train', '--data', tiny, '--epochs', '2', '--backend', 'js', '--out', out, '--json']))
        .code,
    ).toBe(0);
    const r = await runCli(['eval', '--model', join(out, 'model.json'), '--data', other]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/model takes 4×4 images \(16 pixels\) but .* holds 5×5 images$/);
  });
});

describe('a diverging run', () => {
  it('stops at once, suggests a smaller learning rate, exits non-zero and overwrites no earlier model', async () => {
    const out = join(scratch, 'keep');
    expect(
      (await runCli(['train', '--data', tiny, '--epochs', '2', '--backend', 'js', '--out', out, '--json']))
        .code,
    ).toBe(0);
    const before = readFileSync(join(out, 'model.json'), 'utf8');
    const r = await runCli([
      'train',
      '--data',
      tiny,
      '--solver',
      'sgd',
      '--epochs',
      '50',
      '--lr',
      '1e30',
      '--backend',
      'js',
      '--out',
      out,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/diverged at epoch \d+ .*try a smaller learning rate/);
    expect(readFileSync(join(out, 'model.json'), 'utf8')).toBe(before);
  });
});
