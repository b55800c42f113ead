import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNativeAddon } from '../../src/kernels/native/addon.js';
import { allocLarge, mapLarge, releaseLarge } from '../../src/node/largeBuffer.js';
import { readFileCapped } from '../../src/node/readFileCapped.js';

let addon: ReturnType<typeof loadNativeAddon> | null = null;
try {
  addon = loadNativeAddon();
} catch {
  addon = null;
}

describe('large read buffers', () => {
  const saved = process.env.SOFTMAX_NATIVE;
  afterEach(() => {
    if (saved === undefined) delete process.env.SOFTMAX_NATIVE;
    else process.env.SOFTMAX_NATIVE = saved;
  });

  it.runIf(addon)('come from the addon: writable, the size asked for, not shared between calls', () => {
    const a = allocLarge(5 << 20);
    const b = allocLarge(5 << 20);
    expect([a.length, b.length]).toEqual([5 << 20, 5 << 20]);
    a.fill(7);
    b.fill(9);
    expect([a[0], a[(5 << 20) - 1], b[0]]).toEqual([7, 7, 9]);
    expect(a.buffer).not.toBe(b.buffer);
    expect(() => addon!.allocBytes(0)).toThrow(/bad byte count/);
  });

  it('read a file the same with the addon and without it (SOFTMAX_NATIVE=0)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'softmax-large-')), 'f');
    const bytes = new Uint8Array((4 << 20) + 12_345).map((_, i) => (i * 31) & 255);
    writeFileSync(path, bytes);
    const fast = readFileCapped(path, 64 << 20);
    process.env.SOFTMAX_NATIVE = '0';
    const plain = readFileCapped(path, 64 << 20);
    expect(fast.equals(bytes)).toBe(true);
    expect(plain.equals(bytes)).toBe(true);
    expect(fast.toString('latin1', 0, 4)).toBe(Buffer.from(bytes.subarray(0, 4)).toString('latin1'));
  });

  it.runIf(addon)(
    'are given back by releaseLarge: every view empties at once; other buffers are left alone',
    () => {
      const big = allocLarge(6 << 20);
      big.fill(3);
      const view = big.subarray(16, 1000);
      releaseLarge(view);
      expect([big.length, view.length, big.buffer.byteLength]).toEqual([0, 0, 0]);
      expect(() => releaseLarge(view)).not.toThrow(); // twice: nothing more to give back
      const plain = Buffer.alloc(1000, 5);
      releaseLarge(plain);
      expect([plain.length, plain[999]]).toEqual([1000, 5]);
    },
  );

  it.runIf(addon)(
    'map a file copy-on-write: its bytes, writes that never reach the file, and null when it cannot',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'softmax-map-'));
      const path = join(dir, 'f');
      const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) & 255);
      writeFileSync(path, bytes);
      const mapped = mapLarge(path) as Buffer;
      expect(mapped.equals(bytes)).toBe(true);
      mapped[5] = 99;
      expect(readFileSync(path)[5]).toBe(bytes[5]);
      releaseLarge(mapped);
      expect(mapped.length).toBe(0);
      expect(mapLarge(join(dir, 'missing'))).toBeNull();
      expect(mapLarge(dir)).toBeNull(); // a folder
      writeFileSync(join(dir, 'empty'), '');
      expect(mapLarge(join(dir, 'empty'))).toBeNull();
      execFileSync('mkfifo', [join(dir, 'fifo')]);
      expect(mapLarge(join(dir, 'fifo'))).toBeNull(); // at once: no wait for a writer
      process.env.SOFTMAX_NATIVE = '0';
      expect(mapLarge(path)).toBeNull();
    },
  );
});
