#!/usr/bin/env node
// Inflates the bundled Fashion-MNIST (data/fashion-mnist/*.gz) once, into build/fashion-mnist/, so that
// every later command reads 55 MB of plain IDX instead of inflating 30 MB of gzip (about 0.3 s a run on
// a two-core machine, the largest fixed cost of `softmax train` after the training itself), and so the
// bundled set can be streamed (gzip has no random access).
//
// Runs at `npm install` (the install script) and in `npm run build`; skipped when the four files are
// already there with the sizes their IDX headers imply. Nothing here is trusted: the loader checks
// every unpacked file against its SHA-256 (src/data/fashionMnist.ts) and falls back to the .gz files
// when one is missing or differs. Whatever goes wrong, this prints one line and exits 0.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const from = join(root, 'data', 'fashion-mnist');
const to = join(root, 'build', 'fashion-mnist');
/** Each file's inflated size: its IDX header plus one byte per value. */
const FILES = {
  'train-images-idx3-ubyte': 16 + 60000 * 28 * 28,
  'train-labels-idx1-ubyte': 8 + 60000,
  't10k-images-idx3-ubyte': 16 + 10000 * 28 * 28,
  't10k-labels-idx1-ubyte': 8 + 10000,
};

try {
  let wrote = 0;
  for (const [name, size] of Object.entries(FILES)) {
    const out = join(to, name);
    if (existsSync(out) && statSync(out).size === size) continue;
    const bytes = gunzipSync(readFileSync(join(from, `${name}.gz`)), { maxOutputLength: size + 1 });
    if (bytes.length !== size) throw new Error(`${name}.gz inflates to ${bytes.length} bytes, not ${size}`);
    mkdirSync(to, { recursive: true });
    // Written beside and renamed, so a killed install never leaves a short file under the real name.
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, out);
    wrote++;
  }
  if (wrote > 0) console.log(`softmax-classifier: unpacked the bundled Fashion-MNIST into ${to}`);
} catch (err) {
  console.log(`softmax-classifier: bundled data left gzipped (${err.message}); commands inflate it each run`);
}
