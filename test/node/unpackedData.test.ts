import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_SHA256, IDX_FILES } from '../../src/data/fashionMnist.js';
import { BUNDLED_UNPACKED_DIR, verifiedUnpackedDir } from '../../src/node/bundledData.js';
import { loadDataset, readUnpacked } from '../../src/node/dataset.js';

/** The bundled set inflated once at install (scripts/unpackData.mjs), read instead of the .gz files. */
describe('the unpacked bundled data', () => {
  const labels = 't10k-labels-idx1-ubyte';
  const unpacked = join(BUNDLED_UNPACKED_DIR, labels);

  it('is there after the build, and gives the same images and labels as inflating the .gz files', () => {
    expect(existsSync(unpacked)).toBe(true);
    const fast = loadDataset({ trainLimit: 2000 });
    // Checksums given explicitly make the loader read the .gz files themselves.
    const slow = loadDataset({ trainLimit: 2000, checksums: BUNDLED_SHA256 });
    expect(fast.isFashionMnist).toBe(true);
    expect(Buffer.from(fast.train.pixels).equals(Buffer.from(slow.train.pixels))).toBe(true);
    expect(Buffer.from(fast.test.pixels).equals(Buffer.from(slow.test.pixels))).toBe(true);
    expect(Buffer.from(fast.test.labels).equals(Buffer.from(slow.test.labels))).toBe(true);
  });

  it('is used only when its bytes are the bundled ones: a changed or missing file falls back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softmax-unpacked-'));
    expect(readUnpacked(dir, labels, 1, 1 << 20)).toBeUndefined(); // missing
    copyFileSync(unpacked, join(dir, labels));
    expect(readUnpacked(dir, labels, 1, 1 << 20)?.idx.data.length).toBe(10_000);
    const bytes = readFileSync(unpacked);
    bytes[100] ^= 1;
    writeFileSync(join(dir, labels), bytes);
    expect(readUnpacked(dir, labels, 1, 1 << 20)).toBeUndefined(); // one label changed
    expect(readUnpacked(dir, 'not-a-bundled-file', 1, 1 << 20)).toBeUndefined();
  });

  it('is what --stream reads without --data, once all four files check out', () => {
    expect(verifiedUnpackedDir()).toBe(BUNDLED_UNPACKED_DIR);
    const dir = mkdtempSync(join(tmpdir(), 'softmax-unpacked-'));
    for (const base of Object.values(IDX_FILES))
      copyFileSync(join(BUNDLED_UNPACKED_DIR, base), join(dir, base));
    expect(verifiedUnpackedDir(dir)).toBe(dir);
    const bytes = readFileSync(join(dir, IDX_FILES.trainLabels));
    bytes[20] ^= 1;
    writeFileSync(join(dir, IDX_FILES.trainLabels), bytes);
    expect(verifiedUnpackedDir(dir)).toBeNull();
    expect(verifiedUnpackedDir(join(dir, 'missing'))).toBeNull();
  });
});
