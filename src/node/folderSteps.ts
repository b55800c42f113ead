import fs from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../util/errors.js';
import { fsErrorMessage, isFsError } from './fsErrors.js';

/** The file-system steps of a run folder transaction (node/runFolder.ts), each bounded and explained. */

/** Hard links to every file of `from` in `to` (files are never changed in place, only replaced). */
export function linkAll(from: string, to: string): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = join(from, e.name);
    const dst = join(to, e.name);
    if (e.isFile()) {
      try {
        fs.linkSync(src, dst);
        continue;
      } catch (err) {
        if (!isFsError(err) || ['ENOSPC', 'EDQUOT', 'EIO'].includes(err.code!)) throw err;
      }
    }
    fs.cpSync(src, dst, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  }
}

/**
 * Creates `folder` and its missing parents one level at a time. (mkdirSync's `recursive` retries forever
 * where mkdir says ENOENT although the parent exists, as in /proc: 100% CPU, no error.)
 */
export function ensureFolder(folder: string, where: string): void {
  const missing: string[] = [];
  for (let p = folder; ; p = dirname(p)) {
    let st: fs.Stats | null;
    try {
      st = fs.statSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) {
        return cannotCreate(err, dirname(p), where);
      }
      st = null;
    }
    if (st !== null) {
      if (!st.isDirectory()) throw new InputError(`${where}: ${p} is a file, not a folder`);
      break;
    }
    missing.push(p);
  }
  for (const p of missing.reverse()) {
    try {
      fs.mkdirSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && isDirectory(p)) continue;
      cannotCreate(err, dirname(p), where);
    }
  }
}

/** ENOENT while creating something in a folder that exists means this file system takes no new files. */
export function cannotCreate(err: unknown, parent: string, where: string): never {
  if (isFsError(err)) {
    if (err.code === 'ENOENT' && isDirectory(parent)) {
      throw new InputError(`${where}: cannot create a folder in ${parent} (ENOENT)`);
    }
    throw new InputError(fsErrorMessage(err, where));
  }
  throw err;
}

export function fsyncDir(path: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(path, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    // Some platforms cannot fsync a folder; the rename is still atomic there.
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes((err as NodeJS.ErrnoException).code ?? ''))
      throw err;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

export function lstatOrNull(path: string, fail?: (err: unknown) => never): fs.Stats | null {
  try {
    return fs.lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || fail === undefined) return null;
    return fail(err);
  }
}

export function isDirectory(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function removeQuietly(path: string): void {
  try {
    fs.rmSync(path, { recursive: true, force: true });
  } catch {
    // Left for the next run's clean-up.
  }
}
