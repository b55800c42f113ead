import type { DataSet, DataSource, ReadOptions } from '../data/dataSource.js';
import { InputError } from '../util/errors.js';
import { loadDataset } from './dataset.js';

/**
 * The MNIST format: a folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte
 * and t10k-labels-idx1-ubyte (each may be gzipped); `path` undefined is the bundled Fashion-MNIST. Grey
 * images, a test split of its own, class names from the data (Fashion-MNIST's) or the label numbers.
 */
export const idxSource: DataSource = {
  format: 'idx',
  read: async (path, opts) => readIdx(path, opts),
};

export function readIdx(path: string | undefined, opts: ReadOptions = {}): DataSet {
  const bundle = loadDataset({
    dir: path,
    trainLimit: opts.trainLimit,
    testLimit: opts.testLimit,
    maxFileBytes: opts.maxFileBytes,
  });
  if (opts.shape?.kind === 'table') {
    throw new InputError(
      `${bundle.dir}: holds ${bundle.train.height}×${bundle.train.width} grey images but the model was trained on a table of ${opts.shape.featureNames.length} columns`,
    );
  }
  if (opts.classNames !== undefined) {
    const k = opts.classNames.length;
    for (const [part, s] of [
      ['train', bundle.train],
      ['t10k', bundle.test],
    ] as const) {
      const i = s.labels.findIndex((c) => c >= k);
      if (i >= 0) {
        throw new InputError(
          `${bundle.dir}: ${part}-labels, image ${i + 1}: label ${s.labels[i]}, but the model has ${k} classes (0..${k - 1})`,
        );
      }
    }
  }
  const rows = (s: typeof bundle.train) => ({
    X: { pixels: s.pixels, n: s.n, height: s.height, width: s.width, channels: 1 },
    y: s.labels,
    ids: null,
  });
  return {
    train: rows(bundle.train),
    test: rows(bundle.test),
    classNames: opts.classNames ? [...opts.classNames] : bundle.classNames,
    shape: { kind: 'images', height: bundle.train.height, width: bundle.train.width, channels: 1 },
    provenance: {
      format: 'idx',
      path: bundle.dir,
      test: { from: 'source' },
      settings: { bundled: bundle.bundled },
    },
    warnings: [],
    isFashionMnist: bundle.isFashionMnist,
  };
}
