import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/model/rng.js';
import { recoverRunFolder } from '../../src/node/runFolder.js';
import { tinyDataDir } from '../experiments/commandRunner.js';
import { CLI } from '../helpers/cli.js';

/**
 * The run folder under faults, through the built command line: SIGKILL at random moments, SIGINT and
 * SIGTERM, two runs into one folder, a full disk, and targets no folder can be made at. After each, the
 * folder must hold exactly one complete run (the earlier one byte for byte, or a complete new one) and
 * nothing temporary inside it. Every child is spawned asynchronously.
 */

const RUN = ['model.json', 'metrics.json', 'history.json', 'report.html'];
const KILL_TRIALS = 20;
/** Trials run this many at a time: most of a run is start-up and waiting, so three share two cores well. */
const PARALLEL = 3;

/** Runs `task(i)` for i < n, `parallel` at a time. */
async function pool(n: number, parallel: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
const run = promisify(execFile);

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

let data: string;
let scratch: string;
/** A complete earlier run: file name → bytes. */
let earlier: Map<string, Buffer>;
/** How long one `train --out` takes here, start to exit. */
let runMs: number;

function trainArgs(out: string, epochs = 3): string[] {
  return ['train', '--data', data, '--epochs', String(epochs), '--out', out, '--no-progress', '--json'];
}

/** Spawns the CLI; `kill` sends a signal after a delay, or once `when()` holds (polled). */
function cli(
  args: string[],
  kill?: { signal: NodeJS.Signals; afterMs?: number; when?: () => boolean },
): Promise<Outcome> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  let timer: NodeJS.Timeout | undefined;
  if (kill?.afterMs !== undefined) timer = setTimeout(() => child.kill(kill.signal), kill.afterMs);
  if (kill?.when) {
    const when = kill.when;
    timer = setInterval(() => {
      if (when()) {
        clearInterval(timer);
        child.kill(kill.signal);
      }
    }, 5);
  }
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(timer);
      resolve({ code, signal, stderr, ms: Date.now() - t0 });
    }),
  );
}

function snapshot(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).map((n) => [n, fs.readFileSync(join(dir, n))]));
}

/** Copies the earlier run into PARENT/run and returns it. */
function withEarlierRun(parent: string): string {
  const dir = join(parent, 'run');
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of earlier) fs.writeFileSync(join(dir, name), bytes);
  return dir;
}

/** 'earlier' or 'new' when DIR holds one complete run and nothing else; throws otherwise. */
function oneCompleteRun(dir: string): 'earlier' | 'new' {
  const now = snapshot(dir);
  const same = now.size === earlier.size && [...earlier].every(([n, b]) => now.get(n)?.equals(b) === true);
  if (same) return 'earlier';
  expect([...now.keys()].sort()).toEqual([...RUN].sort());
  JSON.parse(now.get('model.json')!.toString('utf8'));
  JSON.parse(now.get('metrics.json')!.toString('utf8'));
  expect(now.get('report.html')!.toString('utf8')).toMatch(/<\/html>\s*$/);
  return 'new';
}

const lockOf = (dir: string): string => join(dir, '..', '.run.lock');

beforeAll(async () => {
  data = tinyDataDir();
  scratch = fs.mkdtempSync(join(tmpdir(), 'softmax-faults-'));
  const first = join(scratch, 'earlier', 'run');
  // Timed as the trials run: PARALLEL at once.
  const t0 = Date.now();
  await pool(PARALLEL, PARALLEL, (i) =>
    run(process.execPath, [CLI, ...trainArgs(i === 0 ? first : join(scratch, `timing-${i}`, 'run'))]).then(
      () => {},
    ),
  );
  runMs = Date.now() - t0;
  earlier = snapshot(first);
}, 30_000);

describe('train --out DIR into a folder holding an earlier run', () => {
  it(`killed with SIGKILL at ${KILL_TRIALS} seeded moments: DIR holds one complete run, nothing else`, async () => {
    const rng = new Rng(8);
    const delays = Array.from({ length: KILL_TRIALS }, () =>
      Math.round((0.05 + 1.1 * rng.uniform()) * runMs),
    );
    const outcomes: string[] = [];
    await pool(KILL_TRIALS, PARALLEL, async (i) => {
      const dir = withEarlierRun(join(scratch, `kill-${i}`));
      const r = await cli(trainArgs(dir), { signal: 'SIGKILL', afterMs: delays[i] });
      // Killed between the swap's two renames, DIR is briefly missing with its backup beside it.
      if (fs.existsSync(dir)) oneCompleteRun(dir);
      else expect(fs.readdirSync(join(dir, '..')).some((n) => n.startsWith('.run.backup-'))).toBe(true);
      recoverRunFolder(dir); // what the next run into DIR does first
      outcomes.push(`${r.signal ?? r.code}:${oneCompleteRun(dir)}`);
      expect(fs.readdirSync(join(dir, '..'))).toEqual(['run']);
    });
    // The delays cover the whole run: most kills land before the swap; runs that beat their delay finish
    // (how many depends on the machine's load, so only the first is required). Every step of the swap
    // itself is killed deterministically in test/node/runFolder.test.ts.
    expect(outcomes.filter((o) => o.endsWith('earlier')).length).toBeGreaterThan(KILL_TRIALS / 2);
  }, 60_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'stopped by %s: exit %i with one line, DIR untouched, nothing left beside it',
    async (signal, code) => {
      const dir = withEarlierRun(join(scratch, signal));
      const r = await cli(trainArgs(dir, 400), { signal, when: () => fs.existsSync(lockOf(dir)) });
      expect(r.code).toBe(code);
      expect(r.stderr.trim().split('\n')).toEqual([
        `softmax: interrupted (${signal}); ${dir} is left as it was`,
      ]);
      expect(oneCompleteRun(dir)).toBe('earlier');
      expect(fs.readdirSync(join(dir, '..'))).toEqual(['run']);
    },
  );

  it('the next run cleans what a killed one left and replaces the folder', async () => {
    const dir = withEarlierRun(join(scratch, 'next'));
    await cli(trainArgs(dir, 400), { signal: 'SIGKILL', when: () => fs.existsSync(lockOf(dir)) });
    expect(fs.readdirSync(join(dir, '..')).length).toBeGreaterThan(1); // the lock and the staging folder
    const r = await cli(trainArgs(dir));
    expect(r.code).toBe(0);
    expect(oneCompleteRun(dir)).toBe('new');
    expect(fs.readdirSync(join(dir, '..'))).toEqual(['run']);
  });
});

describe('two train --out into one folder at once', () => {
  it('one succeeds; the other fails at once, naming the folder and the other pid', async () => {
    const dir = withEarlierRun(join(scratch, 'twice'));
    const [a, b] = await Promise.all([cli(trainArgs(dir, 60)), cli(trainArgs(dir, 60))]);
    const [ok, refused] = a.code === 0 ? [a, b] : [b, a];
    expect([ok.code, refused.code]).toEqual([0, 2]);
    expect(refused.stderr).toMatch(
      new RegExp(`^softmax: --out ${dir}: being written by another softmax process \\(pid \\d+\\)\\n$`),
    );
    expect(refused.ms).toBeLessThan(ok.ms);
    expect(oneCompleteRun(dir)).toBe('new');
    expect(fs.readdirSync(join(dir, '..'))).toEqual(['run']);
  });
});

describe('--out on a full disk (a small tmpfs)', () => {
  const mountPoint = join(tmpdir(), `softmax-tmpfs-${process.pid}`);
  let mounted = false;
  let skip = '';

  beforeAll(async () => {
    if (process.getuid?.() !== 0) {
      skip = 'not root: cannot mount a tmpfs';
      return;
    }
    // Room for the earlier run and half of a new one, in 4 KiB pages.
    const pages = [...earlier.values()].reduce((n, b) => n + Math.ceil(b.length / 4096), 0);
    fs.mkdirSync(mountPoint, { recursive: true });
    try {
      await run('mount', [
        '-t',
        'tmpfs',
        '-o',
        `size=${(pages + Math.floor(pages / 2)) * 4}k`,
        'tmpfs',
        mountPoint,
      ]);
      mounted = true;
    } catch (err) {
      skip = `mount -t tmpfs failed: ${(err as Error).message.split('\n')[0]}`;
    }
  });
  afterAll(async () => {
    if (mounted) await run('umount', [mountPoint]);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  });

  it('exits 2 with one line saying so; the earlier run stays byte for byte, nothing left', async (ctx) => {
    if (skip) {
      console.warn(`skipped the ENOSPC test: ${skip}`);
      ctx.skip();
    }
    const dir = withEarlierRun(mountPoint);
    const r = await cli(trainArgs(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^softmax: --out ${dir}: no space left on the device \\(ENOSPC\\); the folder is left as it was\\n$`,
      ),
    );
    expect(oneCompleteRun(dir)).toBe('earlier');
    expect(fs.readdirSync(mountPoint)).toEqual(['run']);
  });
});

describe('--out where no folder can be made: exit 2, one line, at once', () => {
  const ro = join(tmpdir(), `softmax-ro-${process.pid}`);
  let roMounted = false;
  beforeAll(async () => {
    if (process.getuid?.() !== 0) return;
    fs.mkdirSync(ro, { recursive: true });
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', ro]);
      roMounted = true;
      fs.mkdirSync(join(ro, 'parent'));
      await run('mount', ['-o', 'remount,ro', ro]);
    } catch {
      // Checked in the test: it is skipped with a message.
    }
  });
  afterAll(async () => {
    if (roMounted) await run('umount', [ro]);
    fs.rmSync(ro, { recursive: true, force: true });
  });

  function file(): string {
    const f = join(scratch, 'a-file');
    fs.writeFileSync(f, 'x');
    return f;
  }
  const cases: [string, () => string, RegExp][] = [
    ['an empty --out', () => '', /^softmax: --out: empty/],
    ['a file', file, /^softmax: --out .*a-file: is a file, not a folder$/],
    ['/proc/x', () => '/proc/x', /^softmax: --out \/proc\/x: cannot create a folder in \/proc/],
    [
      'a read-only file system',
      () => join(ro, 'parent', 'run'),
      /^softmax: --out .*: on a read-only file system \(EROFS\)$/,
    ],
  ];
  it.concurrent.for(cases)('%s', async ([name, target, message], ctx) => {
    if (name === 'a read-only file system' && !roMounted) {
      console.warn('skipped the read-only --out test: not root, or mount failed');
      ctx.skip();
    }
    const r = await cli(trainArgs(target()));
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.ms).toBeLessThan(Math.max(5000, 3 * runMs));
  });
});
