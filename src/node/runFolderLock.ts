import fs from 'node:fs';
import { processAlive, processStartTime } from './processAlive.js';

/** What a lock file holds: who writes the folder, and since when. */
export interface LockOwner {
  pid: number;
  /** The process's start time (processStartTime), so a reused pid does not keep the lock alive. */
  start: string | null;
  since: string;
}

export type LockResult = { held: true } | { held: false; owner: LockOwner };

const SELF: LockOwner = {
  pid: process.pid,
  start: processStartTime(process.pid),
  since: new Date().toISOString(),
};

/**
 * Takes the lock at `path` for this process, or says who holds it. The lock is created complete: its
 * content goes to a temporary file `tmpPath()` which is then hard-linked to `path` (link fails if `path`
 * exists, atomically, so no one ever reads a half-written lock). A lock whose process is gone is stale
 * and is broken. `tmpPath` names files that, if this process dies, its pid marks as leftovers.
 */
export function acquireLock(path: string, tmpPath: () => string): LockResult {
  const content = JSON.stringify({ ...SELF, since: new Date().toISOString() }) + '\n';
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createComplete(path, content, tmpPath())) return { held: true };
    const raw = readRaw(path);
    if (raw === null) continue; // released meanwhile: try again
    const owner = parseOwner(raw);
    if (owner !== null && processAlive(owner.pid, owner.start)) return { held: false, owner };
    if (owner === null && youngerThan(path, UNREADABLE_GRACE_MS)) {
      return { held: false, owner: { pid: 0, start: null, since: '' } }; // being written (no hard links)
    }
    breakStale(path, raw, tmpPath());
  }
  const owner = parseOwner(readRaw(path) ?? '');
  return { held: false, owner: owner ?? { pid: 0, start: null, since: '' } };
}

/** Removes the lock if this process holds it. */
export function releaseLock(path: string): void {
  const owner = parseOwner(readRaw(path) ?? '');
  if (owner?.pid === process.pid) fs.rmSync(path, { force: true });
}

/** Who holds the lock at `path` and is still running, or null. */
export function liveOwner(path: string): LockOwner | null {
  const owner = parseOwner(readRaw(path) ?? '');
  return owner !== null && processAlive(owner.pid, owner.start) ? owner : null;
}

function createComplete(path: string, content: string, tmp: string): boolean {
  fs.writeFileSync(tmp, content, { flag: 'wx' });
  try {
    fs.linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    // A file system without hard links: exclusive create, then write (a reader may see it empty).
    try {
      fs.writeFileSync(path, content, { flag: 'wx' });
      return true;
    } catch (err2) {
      if ((err2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err2;
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Removes a stale lock without removing a fresh one another process may have taken meanwhile: the lock
 * is first renamed aside, then removed only if it is still the stale one; otherwise it is put back.
 */
function breakStale(path: string, staleRaw: string, aside: string): void {
  try {
    fs.renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (readRaw(aside) !== staleRaw) {
    try {
      fs.linkSync(aside, path);
    } catch {
      // Someone took the lock in between; theirs stands.
    }
  }
  fs.rmSync(aside, { force: true });
}

/** How long an unreadable lock counts as one being written rather than one left by a killed process. */
const UNREADABLE_GRACE_MS = 5000;

function youngerThan(path: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(path).mtimeMs < ms;
  } catch {
    return false;
  }
}

function readRaw(path: string): string | null {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const v = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof v.pid !== 'number') return null;
    return { pid: v.pid, start: typeof v.start === 'string' ? v.start : null, since: String(v.since ?? '') };
  } catch {
    return null;
  }
}
