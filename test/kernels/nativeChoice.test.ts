import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsBackendFactory } from '../../src/kernels/select.js';
import { findNative, nodeBackendFactoryWith } from '../../src/node/backend.js';
import { InputError } from '../../src/util/errors.js';
import { runCli } from '../helpers/cli.js';
import { smallSet, writeSet } from '../helpers/idxFiles.js';

/**
 * Which backend a run gets: 'auto' takes the native kernels where the addon loads and WebAssembly
 * otherwise, silently, and says which in --json's backend; '--backend native' where there is no addon is
 * one line and exit 2. The addon's absence is made two ways: an injected lookup that finds none, and
 * SOFTMAX_NATIVE=0 in a child process running the built CLI.
 */
const absent = nodeBackendFactoryWith(() => ({ why: 'not built (test)' }));
const native = findNative();
const hasNative = 'addon' in native;
/** A small IDX set: the processes' time goes to starting, not to reading Fashion-MNIST. */
const small = () => [
  '--data',
  writeSet(smallSet(300, 50, 8, 4)),
  '--solver',
  'sgd',
  '--epochs',
  '1',
  '--json',
];

describe('backend choice', () => {
  it("'auto' without the addon falls back to wasm, silently", async () => {
    const be = await absent({ backend: 'auto', threads: 2 });
    expect(be.name).toBe('wasm×2');
    be.dispose();
  });

  it("'native' without the addon is refused in one line", async () => {
    const err = await absent({ backend: 'native', threads: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^backend 'native' is not available here \(not built \(test\)\)/);
    expect((err as Error).message).not.toContain('\n');
  });

  it("the core's factory refuses 'native' (it needs Node)", async () => {
    await expect(jsBackendFactory({ backend: 'native', threads: 1 })).rejects.toThrow(/need Node\.js/);
  });

  it.runIf(hasNative)("'auto' and 'native' run the addon where it loads", async () => {
    for (const backend of ['auto', 'native'] as const) {
      const be = await nodeBackendFactoryWith(findNative)({ backend, threads: 2 });
      expect(be.name).toBe('native×2');
      be.dispose();
    }
  });

  it('the CLI says which backend ran, with and without the addon', async () => {
    const args = small();
    const out = mkdtempSync(join(tmpdir(), 'softmax-native-choice-'));
    const [withAddon, without, refused] = await Promise.all([
      runCli(['train', ...args, '--threads', '2', '--out', join(out, 'a')]),
      runCli(['train', ...args, '--threads', '2', '--out', join(out, 'b')], { env: { SOFTMAX_NATIVE: '0' } }),
      runCli(['train', ...args, '--backend', 'native', '--out', join(out, 'c')], {
        env: { SOFTMAX_NATIVE: '0' },
      }),
    ]);
    rmSync(out, { recursive: true, force: true });
    expect(without.stderr).toBe('');
    expect(without.code).toBe(0);
    expect(JSON.parse(without.stdout).backend).toBe('wasm×2');
    expect(withAddon.code).toBe(0);
    expect(JSON.parse(withAddon.stdout).backend).toBe(hasNative ? 'native×2' : 'wasm×2');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toEqual([
      "softmax: backend 'native' is not available here (SOFTMAX_NATIVE=0); use --backend auto or wasm (npm run build:native builds the native kernels)",
    ]);
  }, 60_000);
});
