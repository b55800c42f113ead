import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/node/dataset.js';
import { encodeIdx } from '../../src/data/idx.js';
import { InputError } from '../../src/util/errors.js';
import { smallSet, writeSet } from '../helpers/idxFiles.js';

describe('loadDataset', () => {
  it.each([false, true])('reads a folder of IDX files (gzipped: %s); sizes and classes come from the files', (gzip) => {
    const b = loadDataset({ dir: writeSet(smallSet(20, 10, 4, 3), gzip) });
    expect([b.train.n, b.train.height, b.train.width, b.test.n]).toEqual([20, 4, 4, 10]);
    expect(b.classNames).toEqual(['0', '1', '2']);
    expect(b.isFashionMnist).toBe(false);
  });

  it('takes the first N images with limits', () => {
    const b = loadDataset({ dir: writeSet(smallSet()), trainLimit: 5, testLimit: 3 });
    expect([b.train.n, b.train.pixels.length, b.train.labels.length, b.test.n]).toEqual([5, 80, 5, 3]);
  });

  it('loads the bundled Fashion-MNIST with its class names, verifying checksums', () => {
    const b = loadDataset({ trainLimit: 100 });
    expect(b.bundled).toBe(true);
    expect(b.isFashionMnist).toBe(true);
    expect(b.classNames[6]).toBe('Shirt');
    expect([b.train.height, b.train.width, b.test.n]).toEqual([28, 28, 10000]);
  });

  const set = smallSet();
  const bad: { name: string; dir: () => string; checksums?: Record<string, string>; message: RegExp }[] = [
    { name: 'missing folder', dir: () => '/nonexistent/folder', message: /--data: folder not found: \/nonexistent\/folder/ },
    { name: 'missing file', dir: () => writeSet({ ...set, testLabels: undefined }), message: /missing data file: .*t10k-labels-idx1-ubyte/ },
    {
      name: 'images and labels differ in number',
      dir: () => writeSet({ ...set, trainLabels: encodeIdx([19], new Uint8Array(19)) }),
      message: /holds 19 labels but .* holds 20 images/,
    },
    {
      name: 'test label out of range',
      dir: () => writeSet({ ...set, testLabels: encodeIdx([10], new Uint8Array(10).fill(7)) }),
      message: /label 7 out of range: the training labels span 0\.\.2/,
    },
    {
      name: 'image sizes differ',
      dir: () => writeSet({ ...set, testImages: encodeIdx([10, 5, 5], new Uint8Array(250)) }),
      message: /training images are 4×4, test images 5×5/,
    },
    {
      name: 'checksum mismatch',
      dir: () => writeSet(set, true),
      checksums: { 'train-images-idx3-ubyte.gz': '0'.repeat(64) },
      message: /train-images-idx3-ubyte\.gz: checksum mismatch: SHA-256 is [0-9a-f]{64}, expected 0{64}/,
    },
  ];
  it.each(bad)('rejects: $name', ({ dir, checksums, message }) => {
    const run = () => loadDataset({ dir: dir(), checksums });
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });
});
