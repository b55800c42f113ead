import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import { Rng } from '../../src/model/rng.js';
import { readCsv } from '../../src/node/csvSource.js';
import { openCsvStream, scanCsv, type CsvStream } from '../../src/node/csvStream.js';

// 3,000 rows of 12 numeric columns, an id column and string labels of 3 classes; ~0.4 MB.
const dir = mkdtempSync(join(tmpdir(), 'softmax-csv-stream-'));
const file = join(dir, 'table.csv');
const rng = new Rng(5);
const names = ['setosa', 'versicolor', 'virginica'];
const lines = ['id,' + Array.from({ length: 12 }, (_, j) => `x${j}`).join(',') + ',species'];
for (let i = 0; i < 3000; i++) {
  const c = i % 3;
  const xs = Array.from({ length: 12 }, (_, j) => (rng.normal() + (j % 3 === c ? 1.5 : 0) + j).toFixed(4));
  lines.push(`r${i},${xs.join(',')},${names[c]}`);
}
writeFileSync(file, lines.join('\r\n') + '\r\n');
const opened: CsvStream[] = [];
afterAll(() => {
  for (const s of opened) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CSV streaming', () => {
  it('scans columns, classes and statistics as the in-memory reader reads them', async () => {
    const scan = scanCsv(file, { chunkRows: 64 });
    const whole = await readCsv(file, {});
    expect(scan.n).toBe(3000);
    expect(scan.featureNames).toEqual(whole.shape.kind === 'table' ? whole.shape.featureNames : []);
    expect(scan.classNames).toEqual(whole.classNames);
    expect(scan.labelColumn).toBe('species');
    expect(scan.offsets.length).toBe(Math.ceil(3000 / 64) + 1);
    const s = openCsvStream(scan, { blockChunks: 4 });
    opened.push(s);
    expect(s.bufferBytes).toBe(3 * 256 * (12 * 4 + 1));
    s.begin(100, null);
    const X = whole.train.X as { values: Float32Array };
    let row = 0;
    for (let b = s.next(); b !== null; b = s.next()) {
      const data = b.data as { values: Float32Array };
      for (let t = 0; t < b.rows.count; t++, row++) {
        const r = b.rows.start + t;
        expect(data.values.subarray(r * 12, r * 12 + 12)).toEqual(X.values.subarray(row * 12, row * 12 + 12));
        expect(b.labels[r]).toBe(whole.train.y?.[row]);
      }
    }
    expect(row).toBe(3000);
  });

  it('trains to the in-memory model when not shuffled (standardize from the scan)', async () => {
    const scan = scanCsv(file, { chunkRows: 50 });
    const whole = await readCsv(file, {});
    const o = {
      solver: 'sgd',
      epochs: 3,
      batchSize: 100,
      backend: 'js',
      preprocessing: 'standardize',
    } as const;
    const memory = new SoftmaxClassifier(o);
    const a = await memory.fit(whole.train.X, whole.train.y as Uint8Array, {
      shuffle: false,
      classNames: [...whole.classNames],
    });
    const s = openCsvStream(scan, { blockChunks: 4 });
    opened.push(s);
    const streamed = new SoftmaxClassifier(o);
    const b = await streamed.fitSource(s, {
      shape: { kind: 'table', featureNames: scan.featureNames },
      classNames: scan.classNames,
      preprocess: { kind: 'standardize', mean: scan.mean, std: scan.std },
      shuffle: false,
    });
    b.history.forEach((h, i) => expect(h.loss).toBeCloseTo(a.history[i].loss, 5));
    streamed.params.W.forEach((w, i) => expect(w).toBeCloseTo(memory.params.W[i], 4));
    const shuffled = new SoftmaxClassifier(o);
    const c = await shuffled.fitSource(s, {
      shape: { kind: 'table', featureNames: scan.featureNames },
      classNames: scan.classNames,
      preprocess: { kind: 'standardize', mean: scan.mean, std: scan.std },
    });
    expect(c.history[2].trainAccuracy).toBeGreaterThan(0.8);
  });

  it('refuses what it cannot stream in one line', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,b,label\n1,2,x\n3,oops,y\n');
    expect(() => scanCsv(bad)).toThrow(/line 3, column 'b': 'oops' is not a number/);
    writeFileSync(bad, 'a,b,label\n1,"2,5",x\n');
    expect(() => scanCsv(bad)).toThrow(/line 2 has 4 fields, the header 3/);
    writeFileSync(bad, 'a,b,label\n1,2,x\n3,4,x\n');
    expect(() => scanCsv(bad)).toThrow(/at least 2 classes/);
  });
});
