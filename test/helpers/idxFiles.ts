import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/data/idx.js';
import { loadDataset } from '../../src/node/dataset.js';

export interface FakeSet {
  trainImages?: Uint8Array;
  trainLabels?: Uint8Array;
  testImages?: Uint8Array;
  testLabels?: Uint8Array;
}

/** A small valid data set: n images of side×side with labels cycling through k classes. */
export function smallSet(nTrain = 20, nTest = 10, side = 4, k = 3): Required<FakeSet> {
  const img = (n: number) =>
    encodeIdx(
      [n, side, side],
      Uint8Array.from({ length: n * side * side }, (_, i) => (i * 37) % 256),
    );
  const lab = (n: number) =>
    encodeIdx(
      [n],
      Uint8Array.from({ length: n }, (_, i) => i % k),
    );
  return {
    trainImages: img(nTrain),
    trainLabels: lab(nTrain),
    testImages: img(nTest),
    testLabels: lab(nTest),
  };
}

/** Writes the four files into a new temporary folder (gzipped if asked) and returns the folder. */
export function writeSet(files: FakeSet, gzip = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-idx-'));
  const names: Record<keyof FakeSet, string> = {
    trainImages: 'train-images-idx3-ubyte',
    trainLabels: 'train-labels-idx1-ubyte',
    testImages: 't10k-images-idx3-ubyte',
    testLabels: 't10k-labels-idx1-ubyte',
  };
  for (const [key, bytes] of Object.entries(files) as [keyof FakeSet, Uint8Array | undefined][]) {
    if (bytes === undefined) continue;
    writeFileSync(join(dir, names[key] + (gzip ? '.gz' : '')), gzip ? gzipSync(bytes) : bytes);
  }
  return dir;
}

/**
 * 2,000 training and 500 test images of the bundled Fashion-MNIST in a new temporary folder `root`:
 * uncompressed under `plain` (1.6 MB, what streaming reads) and gzipped under `gz`.
 */
export function writeFashionSubset(prefix: string): { root: string; plain: string; gz: string } {
  const bundle = loadDataset({ trainLimit: 2000, testLimit: 500 });
  const root = mkdtempSync(join(tmpdir(), prefix));
  const plain = join(root, 'plain');
  const gz = join(root, 'gz');
  mkdirSync(plain);
  mkdirSync(gz);
  const files: [string, Uint8Array][] = [
    ['train-images-idx3-ubyte', encodeIdx([2000, 28, 28], bundle.train.pixels)],
    ['train-labels-idx1-ubyte', encodeIdx([2000], bundle.train.labels)],
    ['t10k-images-idx3-ubyte', encodeIdx([500, 28, 28], bundle.test.pixels)],
    ['t10k-labels-idx1-ubyte', encodeIdx([500], bundle.test.labels)],
  ];
  for (const [name, bytes] of files) {
    writeFileSync(join(plain, name), bytes);
    writeFileSync(join(gz, `${name}.gz`), gzipSync(bytes));
  }
  return { root, plain, gz };
}
