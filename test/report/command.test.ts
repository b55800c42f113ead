import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../src/cli/report.js';
import { InputError } from '../../src/util/errors.js';
import { makeRunFolder } from './fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('softmax report RUN_DIR', () => {
  it('rebuilds report.html and, with --figures, the chart files, printing their paths', async () => {
    const run = await makeRunFolder({ k: 3 });
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    await reportCommand().parseAsync([run.dir, '--figures'], { from: 'user' });
    const text = out.join('');
    expect(text).toContain(`Report: ${join(run.dir, 'report.html')}`);
    expect(text).toMatch(/Figures \(8 files\):/);
    expect(existsSync(join(run.dir, 'confusion-matrix.png'))).toBe(true);
  });

  it('fails with an InputError (one line, exit code 2) on a folder that is not a run', async () => {
    const cmd = reportCommand().exitOverride();
    await expect(cmd.parseAsync(['/no/such/run'], { from: 'user' })).rejects.toThrow(InputError);
  });
});
