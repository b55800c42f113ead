import type { Command } from 'commander';
import { vi } from 'vitest';
import { encodeIdx } from '../../src/data/idx.js';
import { writeSet } from '../helpers/idxFiles.js';
import { noisySet } from './data.js';

/**
 * Runs a command object in this process (as main.ts would, once it registers it) and returns what it
 * wrote on stdout. Errors from the action reject, as they reach main.ts.
 */
export async function runCommand(cmd: Command, args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    await cmd.parseAsync(args, { from: 'user' });
    return out;
  } finally {
    spy.mockRestore();
  }
}

/** A small IDX data set on disk (6×6 images, 3 classes) for commands that read --data. */
export function tinyDataDir(nTrain = 120, nTest = 60): string {
  const train = noisySet(nTrain, 1);
  const test = noisySet(nTest, 2);
  return writeSet({
    trainImages: encodeIdx([train.n, train.height, train.width], train.pixels),
    trainLabels: encodeIdx([train.n], train.labels),
    testImages: encodeIdx([test.n, test.height, test.width], test.pixels),
    testLabels: encodeIdx([test.n], test.labels),
  });
}
