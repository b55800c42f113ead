#!/usr/bin/env node
// Kernel benchmark: times each backend on Fashion-MNIST's full training set (one full-batch loss and
// gradient), one epoch of shuffled mini-batches, and prediction over the test set, with the pixels as
// bytes (the compact byte path) and as float32 features x/255 (the float path, the same numbers), and
// writes bench/results.json. Runs the compiled package, so build first (`npm run build`, which also
// builds the WebAssembly kernels). Timings are wall-clock medians, minima and maxima over --runs runs
// after one warm-up run; run it on an otherwise idle machine.
//
// Each line also gives the GFLOP/s reached (bench/peak.mjs counts the flops) and its share of this
// machine's peak for its instruction set on the threads used.
//
// Usage: node bench/bench.mjs [--runs 7] [--backends js,wasm,wasm×2,native,native×2] [--link softmax|ovr]
//                             [--batch 256] [--rows bytes,float] [--out bench/results.json]
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { loadDataset } from '../dist/node/dataset.js';
import { fitPreprocessing, toByteRows } from '../dist/data/preprocess.js';
import { createBackend, findNative } from '../dist/node/backend.js';
import { machinePeak, rate } from './peak.mjs';
import { timeRuns } from './timing.mjs';
import { makeParams, workloads } from './workloads.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
};
const runs = Number(arg('--runs', '7'));
const link = arg('--link', 'softmax');
const batch = Number(arg('--batch', '256'));
const cores = availableParallelism();
const withNative = 'addon' in findNative() ? `,native,native×${cores}` : '';
const names = arg('--backends', `js,wasm,wasm×${cores}${withNative}`).split(',');
const peak = machinePeak();
const rowKinds = arg('--rows', 'bytes,float').split(',');
for (const kind of rowKinds)
  if (kind !== 'bytes' && kind !== 'float') throw new Error(`--rows: expected bytes or float, got ${kind}`);
const outPath = arg('--out', fileURLToPath(new URL('results.json', import.meta.url)));
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a positive integer');

/** 'js', 'wasm', 'wasm×N', 'native' or 'native×N' (× or x) as a createBackend choice. */
function choice(name) {
  if (name === 'js') return { backend: 'js', threads: 1 };
  const m = /^(wasm|native)(?:[×x](\d+))?$/.exec(name);
  if (!m) throw new Error(`--backends: unknown backend ${name}`);
  return { backend: m[1], threads: m[2] === undefined ? 1 : Number(m[2]) };
}

const log = (line) => process.stderr.write(line + '\n');

/** JSON as the project's Prettier would write it (so `npm run lint` passes), plain JSON without it. */
async function formatJson(value) {
  const text = JSON.stringify(value, null, 2) + '\n';
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(outPath)) ?? {};
    return await prettier.format(text, { ...options, parser: 'json' });
  } catch {
    return text;
  }
}
const data = loadDataset();
const d = data.train.height * data.train.width;
const k = data.classNames.length;
const prep = fitPreprocessing('scale', data.train.pixels, data.train.n, d);
/** The 'scale' features x/255 as float32 rows: what the byte rows' per-row map gives, as values. */
const floatRows = (pixels, n) => ({ kind: 'float', values: Float32Array.from(pixels, (x) => x / 255), n, d });
const setups = {
  bytes: () => ({
    train: toByteRows(prep, data.train.pixels, data.train.n, d),
    test: toByteRows(prep, data.test.pixels, data.test.n, d),
  }),
  float: () => ({
    train: floatRows(data.train.pixels, data.train.n),
    test: floatRows(data.test.pixels, data.test.n),
  }),
};
const common = { trainLabels: data.train.labels, params: makeParams(d, k), link, batch };
const shape = { n: data.train.n, test: data.test.n, d, k };
if (peak) log(`peak: ${peak.assumption}`);

const results = [];
for (const name of names) {
  const backend = await createBackend(choice(name));
  try {
    for (const rows of rowKinds) {
      const w = workloads(backend, { ...common, ...setups[rows]() });
      for (const [workload, fn] of Object.entries(w)) {
        const t = timeRuns(fn, runs);
        const r = rate(workload, t.medianMs, shape, backend.name, peak);
        results.push({ backend: backend.name, rows, workload, ...t, gflops: r.gflops, ofPeak: r.ofPeak });
        log(
          `${backend.name.padEnd(8)} ${rows.padEnd(6)} ${workload.padEnd(15)} median ${t.medianMs} ms (min ${t.minMs}, max ${t.maxMs}), ` +
            `${r.gflops.toFixed(1)} GFLOP/s${r.ofPeak === null ? '' : `, ${(100 * r.ofPeak).toFixed(0)}% of peak`}`,
        );
      }
    }
  } finally {
    backend.dispose();
  }
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores,
  data: { train: data.train.n, test: data.test.n, d, k, preprocessing: 'scale' },
  link,
  batch,
  runs,
  peak,
  rows: {
    bytes: 'uint8 pixels with a per-row map (x/255), encoded once into compact records',
    float: 'float32 features x/255, n × d, read densely',
  },
  workloads: {
    fullBatch: `one lossGrad over all ${data.train.n} training rows`,
    miniBatchEpoch: `${Math.ceil(data.train.n / batch)} lossGrad calls of ${batch} shuffled rows`,
    predict: `predictProba over all ${data.test.n} test rows`,
  },
  results,
};
writeFileSync(outPath, await formatJson(report));
log(`wrote ${outPath}`);
