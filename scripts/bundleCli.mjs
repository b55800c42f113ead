#!/usr/bin/env node
// Bundles the command line, dist/cli/main.js and everything it imports (our modules and the npm packages
// they use), into dist/bin/: softmax.js, the `softmax` command, and one chunk per group of modules it
// loads later (each command's modules stay behind its dynamic import, so `softmax --help` still loads
// little). Node then resolves, reads and links a few files instead of ~200: about 0.1 s off every
// command. The library (dist/index.js, dist/node/) is not bundled. Run by `npm run build`, after tsc.
//
// Our modules find their files (the kernels, the native addon, the chart bundle, the page, worker
// scripts) by URLs relative to themselves. In the bundle every import.meta.url is therefore replaced by
// the URL the module has in dist/, so those files are found where tsc's output would find them.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const outdir = join(dist, 'bin');

/** import.meta.url in a module of dist/ → that module's own URL, written relative to the bundle. */
const ownUrls = {
  name: 'own-urls',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist + sep)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(outdir, args.path).split(sep).join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: 'js',
      };
    });
  },
};

rmSync(outdir, { recursive: true, force: true }); // chunks are named by content: no stale ones
await build({
  absWorkingDir: root,
  entryPoints: { softmax: join(dist, 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages with native binaries (and the test-only browser driver) stay outside, loaded as usual.
  external: ['@resvg/resvg-js', 'playwright-core', 'fsevents'],
  legalComments: 'eof', // the packages' licence notices travel with their code
  // Some of the packages are CommonJS that require() Node's built-ins.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  plugins: [ownUrls],
  logLevel: 'warning',
});
chmodSync(join(outdir, 'softmax.js'), 0o755);
