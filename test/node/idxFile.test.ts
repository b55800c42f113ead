import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/data/idx.js';
import { loadDataset } from '../../src/node/dataset.js';
import { readIdxFile } from '../../src/node/idxFile.js';
import { MB } from '../../src/data/fileLimits.js';
import { InputError } from '../../src/util/errors.js';
import { smallSet, writeSet } from '../helpers/idxFiles.js';
import { gzipBomb, scratch } from './fixtures.js';

/** An IDX header promising n images of 28×28 (the bytes after it are up to the caller). */
function imagesHeader(n: number): Uint8Array {
  return encodeIdx([n, 28, 28], new Uint8Array(0));
}

describe('readIdxFile bounds the memory a file can make it spend', () => {
  it('refuses a gzip bomb (200 MB of zeros behind a header promising 10 images) fast and without inflating it', async () => {
    const path = join(scratch(), 'train-images-idx3-ubyte.gz');
    writeFileSync(path, await gzipBomb(imagesHeader(10), 200 * MB));
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    let error: unknown;
    try {
      readIdxFile(path, { expectedDims: 3 });
    } catch (err) {
      error = err;
    }
    const ms = performance.now() - started;
    // Measured before any collection: what the read allocated is still counted.
    const grew = process.memoryUsage().arrayBuffers - before;
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /train-images-idx3-ubyte\.gz: gzip data inflates to more than the 7856 bytes its IDX header promises \(10×28×28 values plus 16 header bytes\); the gzip trailer claims 209715216 bytes/,
    );
    expect(grew).toBeLessThan(16 * MB);
    expect(ms).toBeLessThan(2000);
  });

  it('refuses a header promising more than the cap before inflating anything', () => {
    const path = join(scratch(), 'big.gz');
    writeFileSync(path, gzipSync(imagesHeader(3_000_000)));
    expect(() => readIdxFile(path, { expectedDims: 3 })).toThrow(
      /big\.gz: larger than the 2048 MB limit once inflated: its header promises 3000000×28×28 values \(raise it with --max-file-size\)/,
    );
    expect(() => readIdxFile(path, { expectedDims: 3, maxBytes: MB })).toThrow(
      /larger than the 1 MB limit once inflated/,
    );
  });

  it('refuses a raw file over the cap without reading it all', () => {
    const path = join(scratch(), 'raw');
    writeFileSync(path, encodeIdx([2000], new Uint8Array(2000)));
    expect(() => readIdxFile(path, { maxBytes: 1000 })).toThrow(/raw: larger than the 1000-byte limit/);
    expect(readIdxFile(path, { maxBytes: 2008 }).dims).toEqual([2000]);
  });

  it('reads gzip data that holds exactly what its header promises, and refuses one byte more', () => {
    const dir = scratch();
    const ok = encodeIdx(
      [3, 2, 2],
      Uint8Array.from({ length: 12 }, (_, i) => i),
    );
    writeFileSync(join(dir, 'ok.gz'), gzipSync(ok));
    writeFileSync(join(dir, 'long.gz'), gzipSync(Buffer.concat([ok, Buffer.from([9])])));
    expect(Array.from(readIdxFile(join(dir, 'ok.gz'), { expectedDims: 3 }).data)).toEqual(
      Array.from({ length: 12 }, (_, i) => i),
    );
    expect(() => readIdxFile(join(dir, 'long.gz'))).toThrow(
      /long\.gz: length does not match header: .* file holds 13/,
    );
  });
});

describe('loadDataset names the file for every file-system fault', () => {
  const base = () => writeSet(smallSet());
  const faults: { name: string; setup: (dir: string) => void; message: RegExp }[] = [
    {
      name: 'a data file that is a folder',
      setup: (dir) => {
        rmSync(join(dir, 'train-images-idx3-ubyte'));
        mkdirSync(join(dir, 'train-images-idx3-ubyte'));
      },
      message: /train-images-idx3-ubyte: is a folder, expected a file \(EISDIR\)$/,
    },
    {
      name: 'a data file that is /dev/zero',
      setup: (dir) => {
        rmSync(join(dir, 'train-labels-idx1-ubyte'));
        symlinkSync('/dev/zero', join(dir, 'train-labels-idx1-ubyte'));
      },
      message: /train-labels-idx1-ubyte: is a device, expected a regular file$/,
    },
    {
      name: 'a symlink loop (not "missing")',
      setup: (dir) => {
        rmSync(join(dir, 't10k-images-idx3-ubyte'));
        symlinkSync(join(dir, 'loop'), join(dir, 't10k-images-idx3-ubyte'));
        symlinkSync(join(dir, 't10k-images-idx3-ubyte'), join(dir, 'loop'));
      },
      message:
        /t10k-images-idx3-ubyte\.gz: too many levels of symbolic links .*\(ELOOP\)$|t10k-images-idx3-ubyte: too many levels of symbolic links/,
    },
    {
      name: 'a dangling symlink',
      setup: (dir) => {
        rmSync(join(dir, 't10k-labels-idx1-ubyte'));
        symlinkSync(join(dir, 'gone'), join(dir, 't10k-labels-idx1-ubyte'));
      },
      message: /t10k-labels-idx1-ubyte: a symbolic link to a missing file$/,
    },
  ];
  it.each(faults)('$name', ({ setup, message }) => {
    const dir = base();
    setup(dir);
    const started = performance.now();
    const run = () => loadDataset({ dir });
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a --data path that is a file, not a folder', () => {
    const dir = base();
    expect(() => loadDataset({ dir: join(dir, 'train-images-idx3-ubyte') })).toThrow(
      /--data: .*train-images-idx3-ubyte: not a folder$/,
    );
  });

  it.each([
    [{ dir: 42 }, /dir must be a folder path, got 42/],
    [{ trainLimit: -5 }, /trainLimit must be a whole number ≥ 1, got -5/],
    [{ testLimit: 2.5 }, /testLimit must be a whole number ≥ 1, got 2\.5/],
    [{ maxFileBytes: NaN }, /maxFileBytes must be a whole number ≥ 1, got NaN/],
  ])('checks its options: %o', (opts, message) => {
    expect(() => loadDataset(opts as never)).toThrow(InputError);
    expect(() => loadDataset(opts as never)).toThrow(message);
  });

  it('passes the cap to every file', () => {
    expect(() => loadDataset({ dir: base(), maxFileBytes: 100 })).toThrow(
      /train-images-idx3-ubyte: larger than the 100-byte limit \(raise it with --max-file-size\)/,
    );
  });
});
