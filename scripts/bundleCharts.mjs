#!/usr/bin/env node
// Bundles Vega and Vega-Lite into one minified module, dist/vendor/charts.js, which the report loads
// (src/report/charts/render.ts) instead of the ~40 packages they are published as: Node then resolves,
// reads and compiles one file, about 100 ms less for every command that draws a report. Skipped when
// the bundle is newer than the packages' manifests. Run by `npm run build`.
import { build } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'dist', 'vendor', 'charts.js');
// Rebuilt when the packages or this script change.
const sources = [
  ...['vega', 'vega-lite'].map((p) => join(root, 'node_modules', p, 'package.json')),
  fileURLToPath(import.meta.url),
];
const mtime = (p) => statSync(p).mtimeMs;

/**
 * vega-loader's node build loads node-fetch, and with it whatwg-url and tr46's Unicode tables (a quarter
 * of the bundle's bytes, and ~25 ms of its import), for specs that load their data from URLs. The report's specs carry their data
 * inline and must never reach the network, so the bundle gets no fetch at all: a URL in a spec fails.
 */
const noFetch = {
  name: 'no-fetch',
  setup(b) {
    b.onResolve({ filter: /^node-fetch$/ }, () => ({ path: 'node-fetch', namespace: 'no-fetch' }));
    b.onLoad({ filter: /.*/, namespace: 'no-fetch' }, () => ({
      contents: 'module.exports = undefined;',
      loader: 'js',
    }));
  },
};

if (!existsSync(out) || sources.some((s) => mtime(s) > mtime(out))) {
  await build({
    absWorkingDir: root,
    stdin: {
      contents: "export * as vega from 'vega';\nexport * as vegaLite from 'vega-lite';\n",
      resolveDir: root,
      loader: 'js',
    },
    outfile: out,
    bundle: true,
    // The packages' node builds, as Node would load them. Their ES module builds bundle 10% smaller and
    // import 30 ms faster, but format some axis labels differently (a sweep whose runs all scored 79.9%
    // got the tick "79.900000" instead of "80"), and the report must draw what the packages draw.
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'eof', // the packages' licence notices travel with their code
    // Some of Vega's dependencies are CommonJS that require() Node's built-ins.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'warning',
    plugins: [noFetch],
  });
}
