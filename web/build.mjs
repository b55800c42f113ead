#!/usr/bin/env node
/**
 * Builds the page as a static folder any static host can serve (default dist/web/):
 *   index.html, style.css, boot.js (which loads app.js after the first paint), app.js, trainer.js and their shared chunk, kernels.wasm, runs.html and runs.js
 *   (the run list `softmax serve --runs` shows),
 *   data/fashion-mnist/*.gz (the bundled data set; left out with --no-data, as `npm run build` does,
 *   since `softmax serve` serves the package's own data folder), and _headers, which asks hosts that
 *   read it (Netlify, Cloudflare Pages) for the cross-origin isolation headers.
 * Without those headers the page still trains, on one worker.
 *
 *   node web/build.mjs [--out DIR] [--no-data]
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 ? args[outIndex + 1] : join(ROOT, 'dist/web'));
const withData = !args.includes('--no-data');

mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.js') || f.endsWith('.js.map')) rmSync(join(out, f));

// The two scripts share one chunk (the core classifier and zod), so the page loads it once.
await build({
  absWorkingDir: ROOT,
  entryPoints: {
    boot: 'web/boot.ts',
    app: 'web/app.ts',
    trainer: 'web/trainer.worker.ts',
    runs: 'web/runs.ts',
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  chunkNames: 'shared-[hash]',
  logLevel: 'warning',
});

// The stylesheet is the report's (src/report/html/styles.ts) plus the page's own: evaluated from TypeScript.
const css = await build({
  absWorkingDir: ROOT,
  entryPoints: ['web/style.ts'],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  logLevel: 'warning',
});
const { PAGE_CSS } = await import(
  `data:text/javascript;base64,${Buffer.from(css.outputFiles[0].text).toString('base64')}`
);
writeFileSync(join(out, 'style.css'), PAGE_CSS);
for (const page of ['index.html', 'runs.html']) copyFileSync(join(ROOT, 'web', page), join(out, page));
const wasm = join(ROOT, 'build/kernels.wasm');
if (!existsSync(wasm)) throw new Error(`${wasm} is missing: run npm run build:wasm first`);
copyFileSync(wasm, join(out, 'kernels.wasm'));
writeFileSync(
  join(out, '_headers'),
  '/*\n  Cross-Origin-Opener-Policy: same-origin\n  Cross-Origin-Embedder-Policy: require-corp\n',
);

if (withData) {
  const dataOut = join(out, 'data/fashion-mnist');
  mkdirSync(dataOut, { recursive: true });
  for (const f of readdirSync(join(ROOT, 'data/fashion-mnist'))) {
    copyFileSync(join(ROOT, 'data/fashion-mnist', f), join(dataOut, f));
  }
}

const page = readdirSync(out).filter((f) => statSync(join(out, f)).isFile() && f !== '_headers');
const bytes = page.reduce((s, f) => s + statSync(join(out, f)).size, 0);
process.stdout.write(
  `web page written to ${out}: ${page.length} files, ${(bytes / 1024).toFixed(0)} kB without data${withData ? ' (data/ beside it)' : ''}\n`,
);
