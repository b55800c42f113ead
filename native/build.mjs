#!/usr/bin/env node
// Builds the optional native kernels, build/softmax_native.node, with this machine's C compiler against
// Node's own N-API headers (the node-api-headers package when installed, else the headers next to the
// node binary or in /usr/include/node); nothing is downloaded. The kernels are compiled once per
// instruction set (portable, AVX2+FMA, AVX-512; the addon picks what the CPU runs when it loads).
//
// The addon is optional: when there is no compiler, no headers, or the build fails, this prints one line
// and exits 0, and the package uses its WebAssembly kernels. Environment: CC (the compiler; default cc,
// then gcc, then clang), SOFTMAX_SKIP_NATIVE=1 (do not build), SOFTMAX_NATIVE_VERBOSE=1 (show commands).
//
// The build runs at `npm install` (the install script) and in `npm run build`; it is skipped, silently,
// when build/softmax_native.stamp records the same sources, compiler and headers as the addon beside
// it (--force builds anyway), so `npm test` does not spend ~18 s recompiling unchanged C.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const target = join(root, 'build', 'softmax_native.node');
const stampFile = join(root, 'build', 'softmax_native.stamp');
const verbose = process.env.SOFTMAX_NATIVE_VERBOSE === '1';
const force = process.argv.includes('--force');

// Whatever goes wrong below, the install goes on: one line, exit 0.
process.on('uncaughtException', (err) =>
  skip(`unexpected error: ${String(err?.message ?? err).split('\n')[0]}`),
);

let work = null; // the temporary folder, removed on every way out

function skip(why) {
  if (work) rmSync(work, { recursive: true, force: true });
  process.stderr.write(`softmax: native kernels not built (${why}); the WebAssembly kernels will be used\n`);
  process.exit(0);
}

if (process.env.SOFTMAX_SKIP_NATIVE === '1') skip('SOFTMAX_SKIP_NATIVE=1');

function run(cmd, args) {
  if (verbose) process.stderr.write(`${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0 && !r.error, out: `${r.stderr ?? ''}${r.stdout ?? ''}`.trim() };
}

function findCompiler() {
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean))
    if (run(cc, ['--version']).ok) return cc;
  return null;
}

function findHeaders() {
  const candidates = [];
  try {
    const require = createRequire(import.meta.url);
    candidates.push(join(dirname(require.resolve('node-api-headers/package.json')), 'include'));
  } catch {
    // not installed: fine
  }
  candidates.push(join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node');
  return candidates.find((dir) => existsSync(join(dir, 'node_api.h'))) ?? null;
}

const cc = findCompiler();
if (!cc) skip('no C compiler: set CC or install gcc or clang');
const headers = findHeaders();
if (!headers) skip('no N-API headers: install node-api-headers or the Node.js development headers');

/** What the addon was built from: every source here, the compiler's version, the headers' version. */
function fingerprint() {
  const h = createHash('sha256');
  for (const f of readdirSync(here).sort())
    if (/\.(c|h|mjs)$/.test(f)) h.update(f).update(readFileSync(join(here, f)));
  h.update(run(cc, ['--version']).out.split('\n')[0]);
  h.update(readFileSync(join(headers, 'node_api.h')));
  h.update(`${process.platform} ${process.arch}`);
  return h.digest('hex');
}
const stamp = fingerprint();
if (!force && existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp)
  process.exit(0);

const x64 = process.arch === 'x64';
// Each variant: the kernels compiled with its lane count and -m flags, under its own names.
const variants = [
  { name: 'generic', lanes: 8, flags: [] },
  ...(x64
    ? [
        { name: 'avx2', lanes: 8, flags: ['-mavx2', '-mfma'] },
        { name: 'avx2w16', lanes: 16, flags: ['-mavx2', '-mfma'] },
        {
          name: 'avx512',
          lanes: 16,
          flags: ['-mavx512f', '-mavx512bw', '-mavx512vl', '-mavx512dq', '-mavx2', '-mfma'],
        },
      ]
    : []),
];
const common = [
  '-O3',
  '-fPIC',
  '-std=gnu11',
  '-ffp-contract=fast',
  '-fno-math-errno',
  '-Wno-psabi',
  '-pthread',
  `-I${headers}`,
];
work = mkdtempSync(join(tmpdir(), 'softmax-native-'));
try {
  const objects = [];
  const compile = (src, out, extra) => {
    const r = run(cc, [...common, ...extra, '-c', join(here, src), '-o', out]);
    if (!r.ok) skip(`${cc} failed on native/${src}: ${r.out.split('\n')[0]}`);
    objects.push(out);
  };
  for (const v of variants)
    compile('kernels.c', join(work, `kernels_${v.name}.o`), [
      `-DVARIANT=${v.name}`,
      `-DLANES=${v.lanes}`,
      ...v.flags,
    ]);
  for (const src of ['engine.c', 'pool.c', 'rows.c', 'buffers.c', 'addon.c'])
    compile(src, join(work, src.replace('.c', '.o')), []);
  // The fused updates round as JavaScript does: no multiply-add contracted into one FMA.
  compile('steps.c', join(work, 'steps.o'), ['-ffp-contract=off']);
  mkdirSync(dirname(target), { recursive: true });
  const partial = join(work, 'softmax_native.node');
  // N-API's symbols come from the node binary at load time (macOS must be told to allow that).
  const link = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
  const r = run(cc, ['-shared', '-pthread', ...link, '-o', partial, ...objects, '-lm']);
  if (!r.ok) skip(`${cc} could not link the addon: ${r.out.split('\n')[0]}`);
  renameSync(partial, target);
  writeFileSync(stampFile, `${stamp}\n`);
  process.stderr.write(
    `softmax: built native kernels (${variants.map((v) => v.name).join(', ')}) with ${cc}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
