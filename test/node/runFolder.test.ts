import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openNewRunFolder, openRunFolder, recoverRunFolder } from '../../src/node/runFolder.js';
import { InputError } from '../../src/util/errors.js';

/** The earlier run each case starts from, and the new one it writes. */
const OLD = { 'model.json': '{"old":true}\n', 'metrics.json': '{"accuracy":0.5}\n', 'loss.svg': '<svg/>' };
const NEW = { 'model.json': '{"new":true}\n', 'metrics.json': '{"accuracy":0.9}\n', 'report.html': '<p>' };

let deadPid = 0;
beforeAll(async () => {
  // A pid that surely names no process: one that has just ended.
  const child = spawn(process.execPath, ['-e', '0']);
  deadPid = child.pid!;
  await new Promise((done) => child.on('exit', done));
});
afterEach(() => vi.restoreAllMocks());

function scratch(): string {
  return fs.mkdtempSync(join(tmpdir(), 'softmax-runfolder-'));
}

/** A folder PARENT/run holding `files`; returns its path. */
function folderWith(files: Record<string, string> | null): string {
  const dir = join(scratch(), 'run');
  if (files !== null) {
    fs.mkdirSync(dir);
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(join(dir, name), content);
  }
  return dir;
}

function contents(dir: string): Record<string, string> | null {
  if (!fs.existsSync(dir)) return null;
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) out[name] = fs.readFileSync(join(dir, name), 'utf8');
  return out;
}

/** Everything beside DIR in its parent, but DIR itself. */
function siblings(dir: string): string[] {
  return fs.readdirSync(join(dir, '..')).filter((n) => n !== 'run');
}

function writeAll(tx: ReturnType<typeof openRunFolder>, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) tx.writeFile(name, content);
}

describe('a run folder transaction', () => {
  it('replaces the folder as a whole on commit: no file of the earlier run stays, nothing beside it', () => {
    const dir = folderWith(OLD);
    const tx = openRunFolder(dir);
    writeAll(tx, NEW);
    expect(contents(dir)).toEqual(OLD); // nothing visible before the commit
    tx.commit();
    expect(contents(dir)).toEqual(NEW);
    expect(siblings(dir)).toEqual([]);
  });

  it('leaves the folder as it was when closed without a commit', () => {
    const dir = folderWith(OLD);
    const tx = openRunFolder(dir);
    writeAll(tx, NEW);
    tx.close();
    expect(contents(dir)).toEqual(OLD);
    expect(siblings(dir)).toEqual([]);
  });

  it('creates a new folder and its missing parents', () => {
    const dir = join(scratch(), 'a', 'b', 'run');
    const tx = openRunFolder(dir);
    writeAll(tx, NEW);
    tx.commit();
    expect(contents(dir)).toEqual(NEW);
  });

  it('keepExisting starts from links to the earlier files, which stay unchanged', () => {
    const dir = folderWith(OLD);
    const tx = openRunFolder(dir, { keepExisting: true });
    tx.writeFile('loss.svg', '<svg>new</svg>');
    tx.writeFile('report.html', '<p>');
    expect(fs.readFileSync(join(dir, 'loss.svg'), 'utf8')).toBe('<svg/>');
    tx.commit();
    expect(contents(dir)).toEqual({ ...OLD, 'loss.svg': '<svg>new</svg>', 'report.html': '<p>' });
  });

  it('names runs/<timestamp>, then -2 when that name is taken', () => {
    const root = scratch();
    const now = new Date('2026-01-02T03:04:05.678Z');
    const a = openNewRunFolder(root, now);
    const b = openNewRunFolder(root, now); // a holds the lock of the first name
    expect(a.dir).toBe(join(root, '2026-01-02T03-04-05Z'));
    expect(b.dir).toBe(join(root, '2026-01-02T03-04-05Z-2'));
    a.commit();
    b.commit();
    expect(openNewRunFolder(root, now).dir).toBe(join(root, '2026-01-02T03-04-05Z-3'));
  });
});

describe('targets that are refused with one line naming them', () => {
  const file = join(scratch(), 'file.txt');
  fs.writeFileSync(file, 'x');
  const cases: [string, () => string, RegExp][] = [
    ['an empty path', () => '', /empty path/],
    ['a file', () => file, /file\.txt: is a file, not a folder/],
    ['a path through a file', () => join(file, 'run'), /file\.txt.*(not a folder|ENOTDIR)/],
    [
      'a folder holding other files',
      () => folderWith({ 'notes.txt': 'mine' }),
      /not written by softmax \(notes\.txt\)/,
    ],
    ['the root', () => '/', /root of the file system/],
    ['the current folder', () => process.cwd(), /current folder/],
    [
      '/proc/x (mkdir recursive would spin forever there)',
      () => '/proc/x',
      /\/proc\/x: cannot create a folder/,
    ],
  ];
  it.each(cases)('%s', (_name, target, message) => {
    const t0 = Date.now();
    const err = (() => {
      try {
        openRunFolder(target(), { label: '--out' }).close();
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('the lock', () => {
  it('keeps a second writer out, naming the first one', () => {
    const dir = folderWith(OLD);
    const tx = openRunFolder(dir, { label: '--out' });
    expect(() => openRunFolder(dir, { label: '--out' })).toThrow(
      `--out ${dir}: being written by another softmax process (pid ${process.pid})`,
    );
    tx.close();
    openRunFolder(dir).close();
  });

  it('is broken when its process is gone', () => {
    const dir = folderWith(OLD);
    fs.writeFileSync(join(dir, '..', '.run.lock'), JSON.stringify({ pid: deadPid, start: null, since: '' }));
    const tx = openRunFolder(dir);
    writeAll(tx, NEW);
    tx.commit();
    expect(contents(dir)).toEqual(NEW);
    expect(siblings(dir)).toEqual([]);
  });
});

describe('leftovers of a killed run', () => {
  const stale = (kind: string): string => `.run.${kind}-${deadPid}-0badf00d`;
  const cases: [string, Record<string, string> | null, string[], Record<string, string>][] = [
    ['a staging folder is removed', OLD, ['staging'], OLD],
    ['a backup beside a complete folder is removed', NEW, ['backup'], NEW],
    ['a lone backup is put back', null, ['backup', 'staging'], OLD],
  ];
  it.each(cases)('%s', (_name, current, kinds, expected) => {
    const dir = folderWith(current);
    for (const kind of kinds) {
      const path = join(dir, '..', stale(kind));
      fs.mkdirSync(path);
      for (const [name, content] of Object.entries(kind === 'backup' ? OLD : NEW)) {
        fs.writeFileSync(join(path, name), content);
      }
    }
    fs.writeFileSync(join(dir, '..', stale('lock')), '{}');
    recoverRunFolder(dir);
    expect(contents(dir)).toEqual(expected);
    expect(siblings(dir)).toEqual([]);
  });

  it('of a live process are left alone', () => {
    const dir = folderWith(OLD);
    const mine = join(dir, '..', `.run.staging-${process.pid}-0badf00d`);
    fs.mkdirSync(mine);
    recoverRunFolder(dir);
    expect(fs.existsSync(mine)).toBe(true);
  });
});

/** The fs calls that change the disk; a kill lands between two of them. */
const MUTATIONS = [
  'writeFileSync',
  'openSync',
  'renameSync',
  'mkdirSync',
  'rmSync',
  'linkSync',
  'fsyncSync',
] as const;

describe('a failure or kill at any step', () => {
  it('of writing (ENOSPC on each write in turn) leaves the folder as it was, and nothing beside it', () => {
    for (let failAt = 0; failAt < Object.keys(NEW).length; failAt++) {
      const dir = folderWith(OLD);
      const tx = openRunFolder(dir, { label: '--out' });
      let writes = 0;
      const original = fs.writeFileSync;
      vi.spyOn(fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
        if (typeof args[0] === 'number' && writes++ === failAt) {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        return original(...args);
      });
      expect(() => writeAll(tx, NEW)).toThrow(`--out ${dir}: no space left on the device (ENOSPC)`);
      vi.restoreAllMocks();
      expect(tx.closed).toBe(true);
      expect(contents(dir)).toEqual(OLD);
      expect(siblings(dir)).toEqual([]);
    }
  });

  it('of the swap (the second rename fails) puts the earlier folder back', () => {
    const dir = folderWith(OLD);
    const tx = openRunFolder(dir);
    writeAll(tx, NEW);
    let renames = 0;
    const original = fs.renameSync;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (renames++ === 1) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      original(from, to);
    });
    expect(() => tx.commit()).toThrow(InputError);
    vi.restoreAllMocks();
    expect(contents(dir)).toEqual(OLD);
    expect(siblings(dir)).toEqual([]);
  });

  it('by a kill before any call that changes the disk is followed by recovery to exactly one complete run', () => {
    // Runs one whole transaction and, before every call that changes the disk, copies the parent folder
    // as a kill at that instant would leave it (with this process's pid replaced by a dead one).
    const base = scratch();
    const dir = join(base, 'live', 'run');
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(OLD)) fs.writeFileSync(join(dir, name), content);
    const originals = Object.fromEntries(MUTATIONS.map((m) => [m, fs[m]])) as Record<string, unknown>;
    const snapshots: string[] = [];
    let copying = false;
    const snapshot = (): void => {
      if (copying) return;
      copying = true;
      try {
        const to = join(base, `kill-${snapshots.length}`);
        copyAsDead(join(base, 'live'), to, originals);
        snapshots.push(to);
      } finally {
        copying = false;
      }
    };
    for (const m of MUTATIONS) {
      const original = originals[m] as (...a: unknown[]) => unknown;
      vi.spyOn(fs, m).mockImplementation(((...args: unknown[]) => {
        snapshot();
        return original(...args);
      }) as never);
    }
    const tx = openRunFolder(dir);
    writeAll(tx, NEW);
    tx.commit();
    vi.restoreAllMocks();
    expect(snapshots.length).toBeGreaterThan(15);
    const outcomes = new Set<string>();
    let mid = 0; // kills between the two renames of the swap, when DIR is briefly missing
    for (const snap of snapshots) {
      const run = join(snap, 'run');
      if (!fs.existsSync(run)) mid++;
      recoverRunFolder(run);
      const got = contents(run);
      expect([OLD, NEW]).toContainEqual(got);
      outcomes.add(isDeepStrictEqual(got, OLD) ? 'old' : 'new');
      expect(fs.readdirSync(snap)).toEqual(['run']);
    }
    expect([...outcomes].sort()).toEqual(['new', 'old']);
    expect(mid).toBe(1);
  });
});

/** Copies folder `from` to `to`, renaming this process's leftovers (and its lock) to a dead pid's. */
function copyAsDead(from: string, to: string, originals: Record<string, unknown>): void {
  const mkdir = originals.mkdirSync as typeof fs.mkdirSync;
  const write = originals.writeFileSync as typeof fs.writeFileSync;
  mkdir(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const name = entry.name.replace(`-${process.pid}-`, `-${deadPid}-`);
    const src = join(from, entry.name);
    if (entry.isDirectory()) {
      copyAsDead(src, join(to, name), originals);
    } else {
      write(join(to, name), fs.readFileSync(src, 'utf8').replace(`"pid":${process.pid}`, `"pid":${deadPid}`));
    }
  }
}
