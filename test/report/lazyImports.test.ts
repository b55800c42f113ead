/**
 * The chart libraries take a few hundred milliseconds to import; `softmax --help` and every bad-flag
 * error must not pay for them (issue 8 §7). So no source file imports them statically: the report loads
 * them with import() while it draws (charts/render.ts, html/figures.ts). Type-only imports are erased.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const HEAVY = ['vega', 'vega-lite', '@resvg/resvg-js'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('heavy chart libraries', () => {
  it('are imported only dynamically, never by a static import', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
        if (HEAVY.includes(m[2])) offenders.push(`${file.slice(SRC.length)}: ${m[0].trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('are loaded by the report code that draws', () => {
    const render = readFileSync(join(SRC, 'report/charts/render.ts'), 'utf8');
    expect(render).toMatch(/import\('vega'\)/);
    expect(render).toMatch(/import\('vega-lite'\)/);
  });
});
