import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/node/dataset.js';
import { runCli, type CliResult } from '../helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'softmax-e2e-'));
const out = join(scratch, 'run');

/**
 * A shortened run on the real data: 10,000 training images, 3 epochs of sgd. Full runs reach 84%+ (README);
 * this subset must still clear a bar no chance or broken model reaches.
 */
const SUBSET_MIN_ACCURACY = 0.75;

describe('softmax train --json on real Fashion-MNIST (subset)', () => {
  let r: CliResult;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed --json output, checked field by field below
  let summary: any;
  beforeAll(async () => {
    // sgd: 10,000 images of 28×28 are few enough for the default (auto) to pick lbfgs, which runs iterations.
    r = await runCli([
      'train',
      '--train-limit',
      '10000',
      '--solver',
      'sgd',
      '--epochs',
      '3',
      '--json',
      '--out',
      out,
    ]);
    summary = r.code === 0 ? JSON.parse(r.stdout) : null;
  });

  it('exits 0 and prints exactly one JSON object on stdout', async () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(typeof summary).toBe('object');
  });

  it('has every documented field, with sane values', async () => {
    expect(summary.accuracy).toBeGreaterThan(SUBSET_MIN_ACCURACY);
    expect(summary.accuracy).toBeLessThanOrEqual(1);
    expect(summary.accuracyFirst2000).toBeGreaterThan(SUBSET_MIN_ACCURACY);
    expect(summary.meanPerClassAccuracy).toBeGreaterThan(SUBSET_MIN_ACCURACY);
    expect(summary.logLoss).toBeGreaterThan(0);
    expect(summary.confusionMatrix).toHaveLength(10);
    expect(summary.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(10000);
    expect(summary.perClass).toHaveLength(10);
    expect(Object.keys(summary.perClass[0]).sort()).toEqual(['accuracy', 'name', 'precision', 'recall']);
    expect(summary.perClass.map((c: { name: string }) => c.name)).toContain('Ankle boot');
    expect(summary.epochs).toBe(3);
    expect(summary.trainSeconds).toBeGreaterThan(0);
    expect(summary.msPerEpoch).toBeCloseTo((1000 * summary.trainSeconds) / 3, 6);
    expect(typeof summary.backend).toBe('string');
    expect(summary.history).toHaveLength(3);
    for (const h of summary.history)
      expect(Object.keys(h).sort()).toEqual(['epoch', 'loss', 'testAccuracy', 'testLoss', 'trainAccuracy']);
    expect(summary.outDir).toBe(out);
  });

  it('writes the run folder', async () => {
    for (const f of ['model.json', 'metrics.json', 'history.json', 'report.html'])
      expect(existsSync(join(out, f))).toBe(true);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.accuracy).toBe(summary.accuracy);
  });

  it('eval of the saved model reproduces the accuracy', async () => {
    const e = await runCli(['eval', '--model', join(out, 'model.json'), '--json']);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout).accuracy).toBe(summary.accuracy);
  });

  it('predict classifies PNG files and prints the top three', async () => {
    const test = loadDataset({ testLimit: 2 }).test;
    const files = [0, 1].map((i) => {
      const png = new PNG({ width: 28, height: 28 });
      for (let p = 0; p < 784; p++) {
        const v = test.pixels[i * 784 + p];
        png.data.set([v, v, v, 255], 4 * p);
      }
      const f = join(scratch, `img${i}.png`);
      writeFileSync(f, PNG.sync.write(png));
      return f;
    });
    const p = await runCli(['predict', '--model', join(out, 'model.json'), '--json', ...files]);
    expect(p.code).toBe(0);
    const res = JSON.parse(p.stdout);
    expect(res).toHaveLength(2);
    expect(res[0].top).toHaveLength(3);
    // The first two test images are an Ankle boot and a Pullover.
    expect(res[0].top[0].class).toBe('Ankle boot');
    expect(res[1].top[0].class).toBe('Pullover');
    const text = await runCli(['predict', '--model', join(out, 'model.json'), files[0]]);
    expect(text.stdout).toMatch(/img0\.png: Ankle boot \d+\.\d%, \S/);
    expect(text.stdout).toMatch(/^Model .*model\.json \(backend js\)\n/);
  });
});

describe('help', () => {
  it.each([['--help'], ['train', '--help']])('softmax %s lists commands and defaults', async (...args) => {
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      args.length === 1
        ? /train[\s\S]*eval[\s\S]*predict/
        : /--lr <value>\s+learning rate α[^(]*\(sgd, adam\) \(default: 0\.1, or\s+0\.01 with --solver adam\)/,
    );
  });
});
