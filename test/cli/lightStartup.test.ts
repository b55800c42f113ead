/**
 * `softmax --help` and every bad-flag error answer within about 200 ms (issue 8 §7) because what runs
 * before the flags are checked is small: main.ts, and each command's flag module (train.ts, eval.ts, …)
 * with what it imports statically. The data readers, the model, the kernels, zod and the report are
 * loaded with import() once the flags are valid (trainRun.ts, evalRun.ts, …). This test walks the static
 * import graph of those modules and fails when a heavy module creeps back in.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const COMMANDS = ['train', 'eval', 'predict', 'sweep', 'reproduce', 'report', 'serve'];
/** Packages and source folders that cost tens to hundreds of milliseconds to load. */
const HEAVY_PACKAGES = [
  'zod',
  'csv-parse',
  'jpeg-js',
  'pngjs',
  'cli-table3',
  'vega',
  'vega-lite',
  '@resvg/resvg-js',
];
const HEAVY_SOURCES = [
  'model/SoftmaxClassifier.ts',
  'node/classifier.ts',
  'node/loadData.ts',
  'node/dataset.ts',
  'kernels/select.ts',
  'kernels/threads/',
  'kernels/wasm/',
  'kernels/native/',
  'report/html/',
];

/** Every module main.ts and the command's flag module load before an action runs (static imports only). */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1];
      if (spec.startsWith('.')) walk(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  walk(entry);
  return { files, packages };
}

describe('what runs before the flags are checked', () => {
  it('main.ts loads no command statically', () => {
    const { files } = staticGraph(join(SRC, 'cli/main.ts'));
    const commands = [...files].filter((f) => COMMANDS.some((c) => f.endsWith(`cli/${c}.ts`)));
    expect(commands).toEqual([]);
  });

  it.each(COMMANDS)('softmax %s: no data readers, model, kernels, zod or report', (command) => {
    const { files, packages } = staticGraph(join(SRC, `cli/${command}.ts`));
    const heavy = [...files]
      .map((f) => f.slice(SRC.length))
      .filter((f) => HEAVY_SOURCES.some((h) => f.startsWith(h) || f === h));
    expect(heavy).toEqual([]);
    expect([...packages].filter((p) => HEAVY_PACKAGES.includes(p))).toEqual([]);
  });
});
