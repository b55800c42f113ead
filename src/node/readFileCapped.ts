import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { tooLargeMessage } from '../data/fileLimits.js';
import { InputError } from '../util/errors.js';
import { fsErrorMessage, rethrowFsError } from './fsErrors.js';
import { allocLarge } from './largeBuffer.js';

/** Largest single read; readSync takes at most 2^31 − 1 bytes. */
const READ_CHUNK = 1 << 30;

/**
 * Reads a whole regular file, refusing before reading what cannot end: folders, devices (/dev/zero),
 * pipes, sockets; and refusing any file past `maxBytes`, checked by reading at most `maxBytes + 1`
 * bytes, so files whose size the file system does not know (/proc, which reports 0) are bounded too.
 * Every fault is an InputError naming `path` (prefixed by `what`, e.g. a flag name).
 */
export function readFileCapped(path: string, maxBytes: number, what?: string): Buffer {
  let fd: number;
  try {
    refuseIrregular(statSync(path), path, what);
    // O_NONBLOCK: if the path became a FIFO after the stat, opening it must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    rethrowFsError(err, path, what);
  }
  try {
    const st = fstatSync(fd);
    refuseIrregular(st, path, what);
    if (st.size > maxBytes) throw new InputError(tooLargeMessage(path, maxBytes, what));
    let buf = allocLarge(Math.min(Math.max(st.size + 1, 64 * 1024), maxBytes + 1));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length > maxBytes) break;
        const bigger = allocLarge(Math.min(2 * buf.length, maxBytes + 1));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const n = readSync(fd, buf, length, Math.min(buf.length - length, READ_CHUNK), null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new InputError(tooLargeMessage(path, maxBytes, what));
    return buf.subarray(0, length);
  } catch (err) {
    rethrowFsError(err, path, what);
  } finally {
    closeSync(fd);
  }
}

function refuseIrregular(st: Stats, path: string, what?: string): void {
  if (st.isFile()) return;
  if (st.isDirectory()) {
    throw new InputError(fsErrorMessage(Object.assign(new Error(), { code: 'EISDIR' }), path, what));
  }
  const kind =
    st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isFIFO() ? 'a pipe' : 'a socket';
  throw new InputError(`${what ? `${what}: ` : ''}${path}: is ${kind}, expected a regular file`);
}
