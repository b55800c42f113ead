import fs from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { InputError } from '../util/errors.js';
import { fsErrorMessage, isFsError } from './fsErrors.js';
import { processAlive } from './processAlive.js';
import { isRunOutput } from './runFiles.js';
import { acquireLock, liveOwner, releaseLock } from './runFolderLock.js';
import { RunFolderSiblings } from './runFolderSiblings.js';
import {
  cannotCreate,
  ensureFolder,
  fsyncDir,
  isDirectory,
  linkAll,
  lstatOrNull,
  removeQuietly,
} from './folderSteps.js';

/**
 * A run folder is replaced as a whole or not at all. A run writes every file into a hidden sibling of
 * DIR (`.NAME.staging-PID-RAND`), fsyncs it, then swaps it in: DIR is renamed to a hidden backup, the
 * staging folder to DIR, and the backup is removed. A lock beside DIR (`.NAME.lock`, naming the pid) keeps
 * a second run out. If the process dies at any instant, DIR is the earlier run or the new one, complete,
 * or (between the two renames) missing with its backup beside it; the next run into DIR, or
 * recoverRunFolder, removes what a dead process left and puts a lone backup back. Nothing temporary is
 * ever inside DIR.
 */
export class RunFolderTransaction {
  private state: 'open' | 'committed' | 'closed' = 'open';
  private readonly onCloseHooks: (() => void)[] = [];

  constructor(
    /** The folder the files will be in once committed (absolute). */
    readonly dir: string,
    /** The folder they are written into until then. */
    readonly stagingDir: string,
    private readonly siblings: RunFolderSiblings,
    /** How messages name the folder, e.g. "--out /x/run". */
    private readonly where: string,
  ) {}

  /**
   * Writes `name` (a plain file name) into the staging folder and fsyncs it; returns the path it will
   * have in DIR. A file already there (a link to the earlier run's, see keepExisting) is replaced.
   * A file-system error (ENOSPC, EIO...) abandons the transaction and is an InputError naming DIR.
   */
  writeFile(name: string, content: string | Uint8Array): string {
    this.checkOpen();
    if (name === '' || name !== name.replace(/[/\\]/g, '') || name === '.' || name === '..') {
      throw new Error(`run folder file name must be a plain name, got '${name}'`);
    }
    const path = join(this.stagingDir, name);
    this.guard(() => {
      fs.rmSync(path, { force: true });
      const fd = fs.openSync(path, 'wx');
      try {
        fs.writeFileSync(fd, content);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    });
    return join(this.dir, name);
  }

  writeJson(name: string, value: unknown): string {
    return this.writeFile(name, JSON.stringify(value, null, 2) + '\n');
  }

  /** Swaps the staging folder in as DIR and releases the lock. */
  commit(): void {
    this.checkOpen();
    this.guard(() => {
      fsyncDir(this.stagingDir);
      let backup: string | null = null;
      if (fs.existsSync(this.dir)) {
        backup = this.siblings.make('backup');
        fs.renameSync(this.dir, backup);
      }
      try {
        fs.renameSync(this.stagingDir, this.dir);
      } catch (err) {
        if (backup !== null) fs.renameSync(backup, this.dir);
        throw err;
      }
      this.state = 'committed';
      fsyncDir(this.siblings.parent);
      if (backup !== null) removeQuietly(backup);
    });
    this.close();
  }

  /** Ends the transaction: if it was not committed, the staging folder goes and DIR stays as it was. */
  close(): void {
    if (this.state === 'closed') return;
    if (this.state === 'open') removeQuietly(this.stagingDir);
    this.state = 'closed';
    try {
      releaseLock(this.siblings.lock);
    } finally {
      for (const hook of this.onCloseHooks.splice(0)) hook();
    }
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Runs `hook` once when the transaction ends, committed or not. */
  onClose(hook: () => void): void {
    if (this.state === 'closed') hook();
    else this.onCloseHooks.push(hook);
  }

  private checkOpen(): void {
    if (this.state !== 'open')
      throw new Error(`run folder transaction for ${this.dir} is already ${this.state}`);
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.close();
      if (isFsError(err)) {
        throw new InputError(`${fsErrorMessage(err, this.where)}; the folder is left as it was`);
      }
      throw err;
    }
  }
}

export interface RunFolderOptions {
  /** How messages name the folder: '--out' names the flag ("--out DIR: ..."); default: the path alone. */
  label?: string;
  /**
   * Start from the files already in DIR (hard links, or copies where links fail), e.g. to add a report to
   * a run. DIR must exist. Without it DIR's files are replaced, and DIR may hold only a run's files.
   */
  keepExisting?: boolean;
}

/** Validates DIR, takes its lock, cleans what a killed run left, and opens a staging folder beside it. */
export function openRunFolder(target: string, opts: RunFolderOptions = {}): RunFolderTransaction {
  const tx = open(target, opts, false);
  if (tx === null) throw new Error('unreachable: open() returns null only for fresh folders');
  return tx;
}

/** A new folder ROOT/<timestamp>, with -2, -3... when another run took that name. */
export function openNewRunFolder(root = 'runs', now = new Date()): RunFolderTransaction {
  const stamp = now
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  for (let i = 1; ; i++) {
    const tx = open(resolve(root, i === 1 ? stamp : `${stamp}-${i}`), {}, true);
    if (tx !== null) return tx;
  }
}

/**
 * Removes what dead processes left beside DIR and puts back a backup whose swap was cut short. Does
 * nothing while a live process holds DIR's lock, or where DIR's parent cannot be written.
 */
export function recoverRunFolder(target: string): void {
  const siblings = new RunFolderSiblings(resolve(target));
  if (!isDirectory(siblings.parent) || liveOwner(siblings.lock) !== null) return;
  try {
    if (!acquireLock(siblings.lock, () => siblings.make('lock')).held) return;
  } catch {
    return;
  }
  try {
    cleanLeftovers(siblings);
  } finally {
    releaseLock(siblings.lock);
  }
}

/** Returns null (for `fresh`) when DIR exists or is being written: the caller picks another name. */
function open(target: string, opts: RunFolderOptions, fresh: boolean): RunFolderTransaction | null {
  const label = opts.label ?? '';
  if (target === '') throw new InputError(`${label || 'run folder'}: empty path; give a folder`);
  let dir = resolve(target);
  const where = (d: string): string => (label ? `${label} ${d}` : d);
  const fail = (err: unknown, d = dir): never => {
    if (isFsError(err)) throw new InputError(fsErrorMessage(err, where(d)));
    throw err;
  };

  let st = lstatOrNull(dir, fail);
  if (st?.isSymbolicLink()) {
    try {
      dir = fs.realpathSync(dir);
      st = fs.statSync(dir);
    } catch (err) {
      fail(err);
    }
  }
  if (st && !st.isDirectory()) throw new InputError(`${where(dir)}: is a file, not a folder`);
  if (dirname(dir) === dir) throw new InputError(`${where(dir)}: is the root of the file system`);
  if (contains(dir, process.cwd())) {
    throw new InputError(`${where(dir)}: is the current folder or holds it; give a folder beside it`);
  }
  const siblings = new RunFolderSiblings(dir);
  if (opts.keepExisting && !isDirectory(siblings.parent))
    throw new InputError(`run folder not found: ${dir}`);
  ensureFolder(siblings.parent, where(dir));

  let lock;
  try {
    lock = acquireLock(siblings.lock, () => siblings.make('lock'));
  } catch (err) {
    cannotCreate(err, siblings.parent, where(dir));
  }
  if (!lock.held) {
    if (fresh) return null;
    const who = lock.owner.pid > 0 ? ` (pid ${lock.owner.pid})` : '';
    throw new InputError(`${where(dir)}: being written by another softmax process${who}`);
  }

  let staging: string | null = null;
  try {
    cleanLeftovers(siblings);
    const exists = isDirectory(dir);
    if (fresh && exists) {
      releaseLock(siblings.lock);
      return null;
    }
    if (opts.keepExisting && !exists) throw new InputError(`run folder not found: ${dir}`);
    if (!opts.keepExisting && exists) checkReplaceable(dir, where(dir));
    staging = siblings.make('staging');
    fs.mkdirSync(staging);
    if (exists) fs.chmodSync(staging, fs.statSync(dir).mode & 0o7777); // the folder keeps its permissions
    if (opts.keepExisting) linkAll(dir, staging);
    return new RunFolderTransaction(dir, staging, siblings, where(dir));
  } catch (err) {
    if (staging !== null) removeQuietly(staging);
    releaseLock(siblings.lock);
    if (err instanceof InputError) throw err;
    return cannotCreate(err, siblings.parent, where(dir));
  }
}

/** Leftovers of dead processes: staging folders and lock files go; a backup comes back if DIR is gone. */
function cleanLeftovers(siblings: RunFolderSiblings): void {
  const dead = siblings.leftovers().filter((l) => l.pid !== process.pid && !processAlive(l.pid));
  const backups = dead.filter((l) => l.kind === 'backup').sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const l of dead) if (l.kind !== 'backup') removeQuietly(l.path);
  if (backups.length > 0 && lstatOrNull(siblings.dir) === null) {
    fs.renameSync(backups[0].path, siblings.dir);
    backups.shift();
  }
  for (const l of backups) removeQuietly(l.path);
}

/** A folder that holds anything but a run's files may be the user's: it is not replaced. */
function checkReplaceable(dir: string, where: string): void {
  const foreign = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => !(e.isFile() && isRunOutput(e.name)));
  if (foreign.length > 0) {
    throw new InputError(
      `${where}: holds ${foreign.length === 1 ? 'a file' : `${foreign.length} files`} not written by softmax ` +
        `(${foreign[0].name}); give a new or empty folder`,
    );
  }
}

/** True when `inner` is `outer` or inside it. */
function contains(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
