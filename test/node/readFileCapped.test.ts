import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MB, maxBytesFor } from '../../src/data/fileLimits.js';
import { readFileCapped } from '../../src/node/readFileCapped.js';
import { InputError } from '../../src/util/errors.js';
import { scratch } from './fixtures.js';

const dir = scratch();
const file = join(dir, 'ten-bytes');
writeFileSync(file, '0123456789');
mkdirSync(join(dir, 'folder'));
symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
const fifo = join(dir, 'fifo');
let haveFifo = true;
try {
  execFileSync('mkfifo', [fifo]);
} catch {
  haveFifo = false;
}
const unreadable = join(dir, 'unreadable');
writeFileSync(unreadable, 'x');
chmodSync(unreadable, 0o000);
const isRoot = process.getuid?.() === 0;

describe('readFileCapped', () => {
  it('reads a regular file up to and including the cap', () => {
    expect(readFileCapped(file, 10).toString()).toBe('0123456789');
  });

  it('reads files whose size the file system reports as 0 (/proc), bounded by the cap', () => {
    expect(readFileCapped('/proc/self/status', MB).toString()).toMatch(/^Name:/);
    expect(() => readFileCapped('/proc/self/status', 10)).toThrow(/status: larger than the 10-byte limit/);
  });

  const refused: { name: string; path: string; message: RegExp; skip?: boolean }[] = [
    {
      name: 'one byte over the cap',
      path: file,
      message: /ten-bytes: larger than the 9-byte limit \(raise it with --max-file-size\)$/,
    },
    {
      name: '/dev/zero (a device that never ends)',
      path: '/dev/zero',
      message: /\/dev\/zero: is a device, expected a regular file$/,
    },
    {
      name: 'a folder',
      path: join(dir, 'folder'),
      message: /folder: is a folder, expected a file \(EISDIR\)$/,
    },
    {
      name: 'a symlink loop (not "missing")',
      path: join(dir, 'loop-a'),
      message: /loop-a: too many levels of symbolic links .*\(ELOOP\)$/,
    },
    { name: 'a missing file', path: join(dir, 'nothing'), message: /nothing: not found \(ENOENT\)$/ },
    {
      name: 'a path through a file',
      path: join(file, 'x'),
      message: /ten-bytes\/x: a part of the path is not a folder \(ENOTDIR\)$/,
    },
    {
      name: 'a FIFO (would block)',
      path: fifo,
      message: /fifo: is a pipe, expected a regular file$/,
      skip: !haveFifo,
    },
    {
      name: 'an unreadable file',
      path: unreadable,
      message: /unreadable: permission denied \(EACCES\)$/,
      skip: isRoot,
    },
  ];
  for (const { name, path, message, skip } of refused) {
    // Root reads anything, so EACCES cannot be produced there; mkfifo may be missing.
    it.skipIf(skip)(`refuses ${name} at once, in one line naming the path`, () => {
      const started = Date.now();
      const run = () => readFileCapped(path, 9, '--flag');
      expect(run).toThrow(InputError);
      expect(run).toThrow(message);
      expect(run).toThrow(/^--flag: /);
      expect(Date.now() - started).toBeLessThan(1000);
    });
  }

  it('turns --max-file-size MB into bytes, defaults by kind of file', () => {
    expect(maxBytesFor('model')).toBe(256 * MB);
    expect(maxBytesFor('png', 0.5)).toBe(MB / 2);
    expect(maxBytesFor('data', 1e-12)).toBe(1);
    expect(() => readFileCapped(file, 1)).toThrow(/larger than the 1-byte limit/);
    expect(() => readFileCapped(file, MB / 4)).not.toThrow();
  });
});
