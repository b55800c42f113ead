import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeFashionSubset } from '../helpers/idxFiles.js';

const { root, plain } = writeFashionSubset('softmax-stream-cli-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const common = [
  '--epochs',
  '2',
  '--solver',
  'sgd',
  '--backend',
  'js',
  '--no-shuffle',
  '--json',
  '--no-progress',
];

describe('softmax train --stream', () => {
  it('gives the same model as in-memory training when not shuffled', async () => {
    const [streamed, memory] = await Promise.all([
      runCli(['train', '--data', plain, '--stream', '--out', join(root, 'run-s'), ...common]),
      runCli(['train', '--data', plain, '--out', join(root, 'run-m'), ...common]),
    ]);
    expect(streamed.stderr).toBe('');
    expect(streamed.code).toBe(0);
    expect(memory.code).toBe(0);
    const s = JSON.parse(streamed.stdout);
    const m = JSON.parse(memory.stdout);
    expect(s.history.map((h: { loss: number }) => h.loss)).toEqual(
      m.history.map((h: { loss: number }) => h.loss),
    );
    expect(s.accuracy).toBe(m.accuracy);
    expect(s.confusionMatrix).toEqual(m.confusionMatrix);
    const model = (dir: string) => JSON.parse(readFileSync(join(root, dir, 'model.json'), 'utf8'));
    expect(model('run-s').W).toEqual(model('run-m').W);
    expect(s.data.settings.streamed).toBe(true);
  }, 60_000);

  it('streams a CSV with its --test-data CSV, as in memory when not shuffled', async () => {
    const lines = (n: number, seed: number) => {
      const out = ['id,a,b,c,label'];
      for (let i = 0; i < n; i++) {
        const c = i % 3;
        const x = [0, 1, 2].map((j) =>
          (((i * 7919 + j * 104729 + seed) % 1000) / 500 + (j === c ? 1.5 : 0)).toFixed(3),
        );
        out.push([i, ...x, ['cat', 'dog', 'eel'][c]].join(','));
      }
      return out.join('\n') + '\n';
    };
    writeFileSync(join(root, 'train.csv'), lines(1500, 1));
    writeFileSync(join(root, 'test.csv'), lines(300, 2));
    const args = ['--data', join(root, 'train.csv'), '--test-data', join(root, 'test.csv'), ...common];
    const [streamed, memory] = await Promise.all([
      runCli(['train', ...args, '--stream', '--out', join(root, 'csv-s')]),
      runCli(['train', ...args, '--out', join(root, 'csv-m')]),
    ]);
    expect(streamed.code).toBe(0);
    expect(memory.code).toBe(0);
    const s = JSON.parse(streamed.stdout);
    const m = JSON.parse(memory.stdout);
    s.history.forEach((h: { loss: number }, i: number) => expect(h.loss).toBeCloseTo(m.history[i].loss, 5));
    expect(s.accuracy).toBe(m.accuracy);
    expect(s.classNames).toEqual(['cat', 'dog', 'eel']);
    expect(s.options.weightDecay).toBe(m.options.weightDecay);
  }, 60_000);
});

describe('softmax eval of streamed data', () => {
  const evalJson = async (args: string[]) => {
    const r = await runCli(['eval', ...args, '--backend', 'js', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as {
      accuracy: number;
      logLoss: number;
      confusionMatrix: number[][];
      streamed: boolean;
    };
  };

  it('streams the test rows of a model trained streamed, and scores as in memory', async () => {
    // run-s and csv-s were trained streamed above: their metrics.json says so, and eval streams them.
    const model = (dir: string) => join(root, dir, 'model.json');
    const [idxStreamed, idxMemory, idxForced, csvStreamed, csvMemory] = await Promise.all([
      evalJson(['--model', model('run-s')]),
      evalJson(['--model', model('run-m'), '--data', plain]),
      evalJson(['--model', model('run-m'), '--data', plain, '--stream']),
      evalJson(['--model', model('csv-s')]),
      evalJson([
        '--model',
        model('csv-m'),
        '--data',
        join(root, 'train.csv'),
        '--test-data',
        join(root, 'test.csv'),
      ]),
    ]);
    expect([idxStreamed, idxMemory, idxForced, csvStreamed, csvMemory].map((e) => e.streamed)).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
    const trained = JSON.parse(readFileSync(join(root, 'run-s', 'metrics.json'), 'utf8'));
    expect(idxStreamed.accuracy).toBe(trained.accuracy);
    expect(idxStreamed.confusionMatrix).toEqual(idxMemory.confusionMatrix);
    expect(idxForced.confusionMatrix).toEqual(idxMemory.confusionMatrix);
    expect(idxForced.logLoss).toBeCloseTo(idxMemory.logLoss, 6);
    expect(csvStreamed.accuracy).toBe(csvMemory.accuracy);
    expect(csvStreamed.logLoss).toBeCloseTo(csvMemory.logLoss, 5);
  }, 60_000);

  it('names the test file of another image size, read streamed', async () => {
    const r = await runCli([
      'eval',
      '--model',
      join(root, 'csv-s', 'model.json'),
      '--data',
      plain,
      '--stream',
      '--json',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /model\.json: the model reads rows of 3 columns, not the grey images of .*plain\n$/,
    );
  });
});
