import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/data/idx.js';

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
