/**
 * The seams the layout promises: the core (data sets from bytes, the model, its solvers and format, the
 * metrics, the kernels) imports no Node module and nothing from the Node layer or the CLI, so it runs in
 * a page; and nothing under src/ but src/cli/ imports src/cli/. The one exception is the native addon's
 * loader, which loads a file and is Node's by nature (the page never reaches it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const CORE = ['data', 'model', 'metrics', 'kernels', 'util'];
const NODE_BY_NATURE = new Set(['kernels/native/addon.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The modules a file imports (static and dynamic), as written. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)'([^']+)'/g)].map((m) => m[1]);
}

describe('layering', () => {
  it('the core imports no Node module, no Node layer and no CLI', () => {
    const bad = CORE.flatMap((d) => files(join(SRC, d)))
      .filter((f) => !NODE_BY_NATURE.has(relative(SRC, f)))
      .flatMap((f) =>
        imports(f)
          .filter((m) => m.startsWith('node:') || /(^|\/)(node|cli)\/[^/]+\.js$/.test(m))
          .map((m) => `${relative(SRC, f)} imports ${m}`),
      );
    expect(bad).toEqual([]);
  });

  it('nothing outside src/cli imports src/cli', () => {
    const bad = files(SRC)
      .filter((f) => !relative(SRC, f).startsWith('cli/'))
      .flatMap((f) =>
        imports(f)
          .filter((m) => /(^|\/)cli\//.test(m))
          .map((m) => `${relative(SRC, f)} imports ${m}`),
      );
    expect(bad).toEqual([]);
  });
});
