import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * `softmax train --solver adam` without --lr trains at Adam's default (0.01), records it in model.json,
 * and `softmax eval` reproduces the run's figures from the file alone. One-vs-rest, because eval once
 * copied every default over the model's options, strategy included, and scored ovr models as softmax.
 */
it('softmax train --solver adam records lr 0.01, and eval reproduces the run', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'softmax-adam-')), 'run');
  const args = ['--train-limit', '2000', '--test-limit', '500', '--epochs', '1', '--threads', '1'];
  const r = await runCli(['train', '--solver', 'adam', '--strategy', 'ovr', ...args, '--json', '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  expect(model.options).toMatchObject({ solver: 'adam', strategy: 'ovr', learningRate: 0.01 });
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  const e = await runCli(['eval', '--model', join(out, 'model.json'), '--test-limit', '500', '--json']);
  expect(e.code).toBe(0);
  const evaluated = JSON.parse(e.stdout);
  expect(evaluated.accuracy).toBe(metrics.accuracy);
  expect(evaluated.logLoss).toBeCloseTo(metrics.logLoss, 12);
});
