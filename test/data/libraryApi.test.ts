/**
 * The library without the CLI: loadData / loadCsv / loadImageFolder from the Node entry, and the
 * classifier's fit, predict, score on what they return, then a model.json round trip.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  loadCsv,
  loadData,
  loadImageFolder,
  SoftmaxClassifier,
  tableDefaults,
  type FloatMatrix,
} from '../../src/node/index.js';
import { classImage, jpegOf, pngOf, writeFile } from '../helpers/imageFiles.js';

const SK = fileURLToPath(new URL('./sklearn/', import.meta.url));

describe('the Node entry reads data sets and trains on them', () => {
  it('loadData on a CSV, then fit / predict / score, and a model.json round trip', async () => {
    const data = await loadData(join(SK, 'iris-train.csv'));
    expect(data.provenance.format).toBe('csv');
    expect(data.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.shape).toEqual({
      kind: 'table',
      featureNames: ['sepal_length_(cm)', 'sepal_width_(cm)', 'petal_length_(cm)', 'petal_width_(cm)'],
    });
    const X = data.train.X as FloatMatrix;
    expect([X.n, X.d, X.values.length]).toEqual([105, 4, 420]);
    // The test file read as the training data was: its columns by name, its labels as the same classes.
    const test = await loadCsv(join(SK, 'iris-test.csv'), { shape: data.shape, classNames: data.classNames });

    const clf = new SoftmaxClassifier({ ...tableDefaults(X.n), backend: 'js' });
    try {
      await clf.fit(data.train.X, data.train.y!, { classNames: [...data.classNames] });
      expect(clf.options.preprocessing).toBe('standardize');
      const predicted = clf.predict(test.train.X);
      expect(predicted).toHaveLength(45);
      const accuracy = clf.score(test.train.X, test.train.y!);
      expect(accuracy).toBeGreaterThanOrEqual(0.95);
      const again = SoftmaxClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())));
      expect(again.inputShape).toEqual(data.shape);
      expect(again.classNames).toEqual(data.classNames);
      expect(Array.from(again.predict(test.train.X))).toEqual(Array.from(predicted));
      again.dispose();
    } finally {
      clf.dispose();
    }
  });

  it('loadImageFolder on colour JPEGs and PNGs of two sizes: one size, three channels, a warning saying how', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'softmax-api-'));
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < 12; i++) {
        const size = i === 0 ? 16 : 8;
        // A few JPEGs (jpeg-js takes ~0.1 s to encode one), PNGs for the rest.
        const img = classImage(c, i, size, size, 3);
        if (i < 3) writeFile(join(dir, 'train', `class ${c}`, `${i}.jpg`), jpegOf(img));
        else writeFile(join(dir, 'train', `class ${c}`, `${i}.png`), pngOf(img));
        if (i < 4) writeFile(join(dir, 'test', `class ${c}`, `${i}.png`), pngOf(classImage(c, 100 + i, 8, 8, 3)));
      }
    const data = await loadImageFolder(dir);
    expect(data.classNames).toEqual(['class 0', 'class 1', 'class 2']);
    expect(data.shape).toEqual({ kind: 'images', height: 8, width: 8, channels: 3 });
    expect(data.provenance.test).toEqual({ from: 'source' });
    expect([data.train.X.n, data.test!.X.n]).toEqual([36, 12]);
    expect(data.warnings).toEqual([
      `${dir}: 3 images not 8×8 resized to it (area averaging when shrinking, bilinear when enlarging)`,
    ]);
    // Rows take the classes in turn, so the first rows hold every class.
    expect(Array.from(data.train.y!.subarray(0, 6))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(data.train.ids![0]).toBe(join('train', 'class 0', '0.jpg'));

    const clf = new SoftmaxClassifier({ backend: 'js', seed: 3 });
    try {
      await clf.fit(data.train.X, data.train.y!, { classNames: [...data.classNames] });
      expect(clf.inputShape).toEqual(data.shape);
      expect(clf.score(data.test!.X, data.test!.y!)).toBe(1);
    } finally {
      clf.dispose();
    }
  });
});
