import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/data/idx.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import { Rng } from '../../src/model/rng.js';
import { evaluateSource } from '../../src/model/scoreSource.js';
import { loadDataset } from '../../src/node/dataset.js';
import { openIdxStream, type IdxStream } from '../../src/node/streamSource.js';

// 3,000 Fashion-MNIST images written uncompressed: 2.35 MB, streamed through a buffer of a tenth of that.
const N = 3000;
const bundle = loadDataset({ trainLimit: N, testLimit: 1000 });
const dir = mkdtempSync(join(tmpdir(), 'softmax-stream-'));
const images = join(dir, 'train-images-idx3-ubyte');
const labels = join(dir, 'train-labels-idx1-ubyte');
writeFileSync(images, encodeIdx([N, 28, 28], bundle.train.pixels));
writeFileSync(labels, encodeIdx([N], bundle.train.labels));
const opened: IdxStream[] = [];
const open = (o: Partial<Parameters<typeof openIdxStream>[2]> = {}): IdxStream => {
  const s = openIdxStream(images, labels, {
    preprocess: { kind: 'scale' },
    chunkRows: 100,
    blockChunks: 3,
    ...o,
  });
  opened.push(s);
  return s;
};
afterAll(() => {
  for (const s of opened) s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row a pass gives, as (pixels of the row, label), in the order given. */
function pass(s: IdxStream, batch: number, shuffle: Rng | null): { rows: Uint8Array[]; labels: number[] } {
  const rows: Uint8Array[] = [];
  const ys: number[] = [];
  s.begin(batch, shuffle);
  for (let b = s.next(); b !== null; b = s.next()) {
    expect(b.rows.count).toBeLessThanOrEqual(batch);
    for (let t = 0; t < b.rows.count; t++) {
      const r = b.rows.index === null ? b.rows.start + t : b.rows.index[b.rows.start + t];
      const data = b.data as { pixels: Uint8Array };
      rows.push(data.pixels.slice(r * 784, (r + 1) * 784));
      ys.push(b.labels[r]);
    }
  }
  return { rows, labels: ys };
}

describe('openIdxStream', () => {
  it('gives every row in the file order when not shuffled, holding only its buffer', () => {
    const s = open();
    expect(s.count).toBe(N);
    const got = pass(s, 64, null);
    expect(got.rows.length).toBe(N);
    for (const i of [0, 1, 299, 300, 1234, N - 1]) {
      expect(got.rows[i]).toEqual(Uint8Array.from(bundle.train.pixels.subarray(i * 784, (i + 1) * 784)));
      expect(got.labels[i]).toBe(bundle.train.labels[i]);
    }
    // Bounded: 3 slots × 300 rows of 785 bytes, whatever the file's size; no read larger than a chunk.
    expect(s.bufferBytes).toBe(3 * 300 * 785);
    expect(s.bufferBytes).toBeLessThan((N * 785) / 3);
    expect(s.largestRead()).toBeGreaterThan(0);
    expect(s.largestRead()).toBeLessThanOrEqual(100 * 784);
  });

  it('a shuffled pass visits every row once, in another order each epoch, across chunks', () => {
    const s = open();
    const rng = new Rng(7);
    const key = (r: Uint8Array): string => Buffer.from(r).toString('base64');
    const first = pass(s, 50, rng);
    const second = pass(s, 50, rng);
    for (const p of [first, second]) {
      expect(p.rows.length).toBe(N);
      expect(new Set(p.rows.map(key)).size).toBe(new Set(pass(s, 50, null).rows.map(key)).size);
    }
    expect(key(first.rows[0])).not.toBe(key(second.rows[0]));
    const sum = (ys: number[]) => ys.reduce((a, y) => a + y, 0);
    expect(sum(first.labels)).toBe(sum(Array.from(bundle.train.labels)));
  });

  it('abandons a pass half read and starts the next cleanly', () => {
    const s = open({ slots: 2 });
    s.begin(100, new Rng(1));
    for (let i = 0; i < 4; i++) s.next();
    expect(pass(s, 100, null).rows.length).toBe(N);
  });

  it('says in one line when the file shrinks under it', () => {
    const copy = join(dir, 'shrinking-images');
    writeFileSync(copy, encodeIdx([N, 28, 28], bundle.train.pixels));
    const s = openIdxStream(copy, labels, { preprocess: { kind: 'scale' }, chunkRows: 100 });
    opened.push(s);
    writeFileSync(copy, encodeIdx([10, 28, 28], new Uint8Array(7840)));
    s.begin(100, null);
    expect(() => {
      while (s.next() !== null);
    }).toThrow(/shrinking-images: reading rows failed/);
  });

  it('refuses gzipped IDX in one line', () => {
    const gz = join(dir, 'gz-images');
    writeFileSync(gz, gzipSync(encodeIdx([2, 2, 2], new Uint8Array(8))));
    expect(() => openIdxStream(gz, labels, { preprocess: { kind: 'scale' } })).toThrow(
      /gzipped IDX cannot be streamed/,
    );
  });

  it('refuses standardize, and labels that do not match the images', () => {
    expect(() => openIdxStream(images, labels, { preprocess: { kind: 'standardize' } })).toThrow(
      /standardize/,
    );
    const short = join(dir, 'short-labels');
    writeFileSync(short, encodeIdx([5], new Uint8Array(5)));
    expect(() => openIdxStream(images, short, { preprocess: { kind: 'scale' } })).toThrow(
      /5 labels for the 3000/,
    );
  });
});

describe('training from a stream', () => {
  const opts = { epochs: 2, batchSize: 100, solver: 'sgd', backend: 'js', seed: 3 } as const;
  const shape = { kind: 'images', height: 28, width: 28, channels: 1 } as const;
  const classNames = Array.from({ length: 10 }, (_, i) => String(i));
  const X = { pixels: bundle.train.pixels, n: N, height: 28, width: 28 };

  for (const preprocessing of ['scale', 'minmax'] as const) {
    it(`gives the same model as in-memory training when not shuffled (${preprocessing})`, async () => {
      const memory = new SoftmaxClassifier({ ...opts, preprocessing });
      const a = await memory.fit(X, bundle.train.labels, { shuffle: false, classNames });
      const streamed = new SoftmaxClassifier({ ...opts, preprocessing });
      const b = await streamed.fitSource(open({ preprocess: { kind: preprocessing } }), {
        shape,
        classNames,
        preprocess: { kind: preprocessing },
        shuffle: false,
      });
      expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss));
      expect(streamed.params.W).toEqual(memory.params.W);
      expect(streamed.params.b).toEqual(memory.params.b);
      expect(b.finalObjective).toBeCloseTo(a.finalObjective, 6);
      memory.dispose();
      streamed.dispose();
    });
  }

  it('trains when shuffled, and scores a streamed test set as evaluate() does', async () => {
    const clf = new SoftmaxClassifier(opts);
    const r = await clf.fitSource(open(), { shape, classNames, preprocess: { kind: 'scale' } });
    expect(r.history[1].trainAccuracy).toBeGreaterThan(0.6);
    const testImages = join(dir, 't10k-images-idx3-ubyte');
    const testLabels = join(dir, 't10k-labels-idx1-ubyte');
    writeFileSync(testImages, encodeIdx([1000, 28, 28], bundle.test.pixels));
    writeFileSync(testLabels, encodeIdx([1000], bundle.test.labels));
    const test = openIdxStream(testImages, testLabels, { preprocess: { kind: 'scale' }, chunkRows: 128 });
    opened.push(test);
    const streamed = evaluateSource(createJsBackend(), test, clf.params, null, 'softmax', classNames);
    const X2 = { pixels: bundle.test.pixels, n: 1000, height: 28, width: 28 };
    const whole = evaluate(clf.predictProba(X2), bundle.test.labels, classNames);
    expect(streamed.confusionMatrix).toEqual(whole.confusionMatrix);
    expect(streamed.accuracy).toBe(whole.accuracy);
    expect(streamed.accuracyFirst2000).toBe(whole.accuracyFirst2000);
    expect(streamed.logLoss).toBeCloseTo(whole.logLoss, 6);
    clf.dispose();
  });

  it('refuses lbfgs in one line', async () => {
    const clf = new SoftmaxClassifier({ ...opts, solver: 'lbfgs' });
    await expect(clf.fitSource(open(), { shape, classNames, preprocess: { kind: 'scale' } })).rejects.toThrow(
      /lbfgs.*sgd or adam/,
    );
  });
});
