/**
 * The core and the browser entry bundle for a page as they are: esbuild, told the platform is the
 * browser, fails on any `node:` import, and the bundle's inputs show that nothing from the Node layer
 * (src/node, src/cli, src/experiments) or from a Node-only package came along.
 */
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_LAYER =
  /^(src\/(node|cli|experiments|report\/html)\/|node_modules\/(pngjs|commander|cli-|vega|@resvg))/;

async function bundle(entry: string): Promise<{ inputs: string[]; bytes: number }> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    metafile: true,
    logLevel: 'silent',
  });
  const meta: Metafile = result.metafile;
  return { inputs: Object.keys(meta.inputs), bytes: result.outputFiles[0].contents.length };
}

describe('the core and browser entries bundle for a page', () => {
  it.each(['src/index.ts', 'src/browser/index.ts'])('%s: no Node built-in, no Node layer', async (entry) => {
    const { inputs, bytes } = await bundle(entry);
    expect(inputs.filter((i) => i.startsWith('node:') || NODE_LAYER.test(i))).toEqual([]);
    expect(inputs).toContain('src/model/SoftmaxClassifier.ts');
    expect(inputs).toContain('src/kernels/wasm/engine.ts');
    // Minified, zod (the model format's schema) is ~450 kB of it; the browser entry's training worker
    // also reads dropped CSV files and image folders (csv-parse's browser build and jpeg-js, ~100 kB).
    // The page shares one copy between its scripts, within its 1 MB budget (test/browser/page.test.ts
    // logs the whole page, web/build.mjs prints it).
    expect(bytes).toBeLessThan(700_000);
  });

  it('fails loudly when something imports a Node built-in', async () => {
    await expect(bundle('src/node/index.ts')).rejects.toThrow(
      /Could not resolve "(node:)?(fs|util|stream|os|path|zlib|crypto|worker_threads)"/,
    );
  });
});
