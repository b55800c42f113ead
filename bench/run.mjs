#!/usr/bin/env node
// `npm run bench`: what a user of this package pays, on this machine, in one run.
//   - per backend (js, wasm, wasm×cores): a full-batch epoch over the 60,000 training images, a
//     mini-batch epoch (256, shuffled), and predicting the 10,000 test images, each through the
//     trainer's own objective and optimiser; medians, minima and maxima over --runs runs after a warm-up;
//   - the default recipe (`softmax train`) in fresh processes: training seconds until the test accuracy
//     first reaches 84.0%, the whole command's wall time, and its peak resident memory;
//   - with --peers, PyTorch and TensorFlow.js on the same workloads, and our time over theirs; and
//     bench/lbfgs.mjs: our L-BFGS, scikit-learn's and PyTorch's to the same objective (--lbfgs-limit N
//     for a quick check on N images);
//   - the web page in Chromium (bench/browser.mjs; --no-browser leaves it out): a full-batch epoch beside
//     Node's at the same threads, the default recipe's seconds to 84% from Train, long tasks, first paint.
// Writes bench/results.json. Run it alone: the machine is shared and two cores are easily disturbed.
//
//   - per backend, the GFLOP/s each workload reaches and its share of the machine's peak for its
//     instruction set (bench/peak.mjs says how both are counted); native backends where the addon is built;
// Usage: npm run bench -- [--runs 7] [--peers] [--backends js,wasm,wasm×2,native,native×2] [--out bench/results.json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import Table from 'cli-table3';
import { loadDataset } from '../dist/node/dataset.js';
import { toByteRows } from '../dist/data/preprocess.js';
import { createBackend, findNative } from '../dist/node/backend.js';
import { machinePeak, rate } from './peak.mjs';
import { epochWorkloads } from './epochs.mjs';
import { runBrowserBench } from './browser.mjs';
import { runDataFormatsBench } from './dataFormats.mjs';
import { runLbfgsRace } from './lbfgsRace.mjs';
import { runPeers } from './peers.mjs';
import { summarise, timeRuns } from './timing.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
};
const runs = Number(arg('--runs', '7'));
if (!Number.isInteger(runs) || runs < 5) {
  process.stderr.write(`bench: --runs must be a whole number of at least 5, got ${arg('--runs')}\n`);
  process.exit(2);
}
const cores = availableParallelism();
const withNative = 'addon' in findNative() ? `,native,native×${cores}` : '';
const backendNames = arg('--backends', `js,wasm,wasm×${cores}${withNative}`).split(',');
const peak = machinePeak();
const outPath = arg('--out', fileURLToPath(new URL('results.json', import.meta.url)));
const withPeers = process.argv.includes('--peers');
const log = (s) => process.stderr.write(s + '\n');

// --stream: first the data-larger-than-memory benchmark (bench/stream.mjs, its own results file), with
// --stream-images N for its size (default 8 million images, 6.3 GB under /tmp); --stream-only stops there.
if (process.argv.includes('--stream') || process.argv.includes('--stream-only')) {
  const script = fileURLToPath(new URL('stream.mjs', import.meta.url));
  const size = arg('--stream-images');
  const r = spawnSync(process.execPath, [script, ...(size ? ['--images', size] : [])], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  if (process.argv.includes('--stream-only')) process.exit(0);
}

function choice(name) {
  if (name === 'js') return { backend: 'js', threads: 1 };
  const m = /^(wasm|native)(?:[×x](\d+))?$/.exec(name);
  if (!m) throw new Error(`--backends: unknown backend ${name}`);
  return { backend: m[1], threads: m[2] === undefined ? 1 : Number(m[2]) };
}

// 1. Epoch workloads per backend.
const data = loadDataset();
const d = data.train.height * data.train.width;
const k = data.classNames.length;
const setup = {
  train: toByteRows({ kind: 'scale' }, data.train.pixels, data.train.n, d),
  labels: data.train.labels,
  test: toByteRows({ kind: 'scale' }, data.test.pixels, data.test.n, d),
  d,
  k,
  batch: 256,
};
const ours = [];
for (const name of backendNames) {
  const backend = await createBackend(choice(name));
  try {
    // The js backend takes over a second an epoch: fewer runs keep the benchmark short.
    const n = backend.name === 'js' ? 5 : runs;
    for (const [workload, fn] of Object.entries(epochWorkloads(backend, setup))) {
      const t = timeRuns(fn, n);
      const r = rate(
        workload,
        t.medianMs,
        { n: setup.train.n, test: setup.test.n, d, k },
        backend.name,
        peak,
      );
      ours.push({ backend: backend.name, workload, ...t, gflops: r.gflops, ofPeak: r.ofPeak });
      log(
        `${backend.name.padEnd(7)} ${workload.padEnd(15)} median ${t.medianMs} ms (min ${t.minMs}, max ${t.maxMs}), ${r.gflops.toFixed(1)} GFLOP/s`,
      );
    }
  } finally {
    backend.dispose();
  }
}

// 2. The default recipe, end to end, in fresh processes.
const cli = fileURLToPath(new URL('rssWrapper.mjs', import.meta.url));
const recipe = [];
for (let r = 0; r < 5; r++) {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-bench-'));
  const rssFile = join(dir, 'rss');
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [cli, 'train', '--out', join(dir, 'run'), '--no-progress'], {
    encoding: 'utf8',
    env: { ...process.env, SOFTMAX_BENCH_RSS: rssFile, NO_COLOR: '1' },
  });
  const wallMs = performance.now() - t0;
  if (p.status !== 0) throw new Error(`softmax train failed: ${p.stderr}`);
  const history = JSON.parse(readFileSync(join(dir, 'run', 'history.json'), 'utf8'));
  let spent = 0;
  let to84 = null;
  for (const h of history) {
    spent += h.seconds;
    if (to84 === null && h.testAccuracy >= 0.84) to84 = { seconds: spent, epoch: h.epoch };
  }
  const metrics = JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8'));
  recipe.push({
    wallMs,
    trainSeconds: metrics.trainSeconds,
    to84,
    accuracy: metrics.accuracy,
    peakRssMB: Number(readFileSync(rssFile, 'utf8')) / 1024,
    backend: metrics.backend,
  });
  rmSync(dir, { recursive: true, force: true });
  log(
    `softmax train (default recipe) run ${r + 1}: ${(wallMs / 1000).toFixed(2)} s wall, 84.0% after ` +
      `${to84 ? to84.seconds.toFixed(3) + ' s (epoch ' + to84.epoch + ')' : 'never'}, ` +
      `final ${(100 * metrics.accuracy).toFixed(2)}%, peak ${recipe.at(-1).peakRssMB.toFixed(0)} MB`,
  );
}
const recipeSummary = {
  to84Seconds: summarise(recipe.map((r) => (r.to84 ? r.to84.seconds * 1000 : Infinity))),
  wallMs: summarise(recipe.map((r) => r.wallMs)),
  peakRssMB: summarise(recipe.map((r) => r.peakRssMB)),
  accuracy: recipe[0].accuracy,
  backend: recipe[0].backend,
};

// 3. Peers.
const peers = withPeers ? runPeers(runs, log) : {};
// Issue 9: --solver lbfgs to within 1e-5 of 0.379477 beside scikit-learn and torch.optim.LBFGS, and the ratio.
const lbfgs = withPeers ? runLbfgsRace(log) : null;
// Issue 11: the web page in Chromium (bench/browser.mjs); --no-browser leaves it out.
const browserPage = process.argv.includes('--no-browser') ? null : await runBrowserBench({ runs, log });
// Issue 10: CSV and JPEG-folder reading and training beside scikit-learn; --no-data-formats leaves it out.
const dataFormats = process.argv.includes('--no-data-formats') ? null : runDataFormatsBench(log);

// 4. The table.
const ms = (x) => (x === undefined || x === null ? '–' : x.toFixed(x < 10 ? 2 : 1));
const plain = { head: [], border: [] };
const table = new Table({
  head: ['workload', 'implementation', 'median', 'min', 'max', 'ours ÷ theirs'],
  style: plain,
});
const best = (workload) =>
  ours
    .filter((o) => o.workload === workload && o.backend !== 'js')
    .sort((a, b) => a.medianMs - b.medianMs)[0];
for (const o of ours)
  table.push([o.workload, `ours, ${o.backend}`, ms(o.medianMs) + ' ms', ms(o.minMs), ms(o.maxMs), '']);
const peerRow = (workload, label, t) => {
  if (!t) return;
  const b = best(workload);
  table.push([
    workload,
    label,
    ms(t.median) + ' ms',
    ms(t.min),
    ms(t.max),
    b ? (b.medianMs / t.median).toFixed(2) : '',
  ]);
};
const keyOf = {
  fullBatchEpoch: 'fullBatchEpochMs',
  miniBatchEpoch: 'miniBatchEpochMs',
  predict10k: 'predict10kMs',
};
for (const [workload, key] of Object.entries(keyOf)) {
  peerRow(workload, peers.pytorch?.peer, peers.pytorch?.[key]);
  for (const [name, r] of Object.entries(peers.tfjs?.backends ?? {}))
    peerRow(workload, `${peers.tfjs.peer} ${name}`, r[key]);
}
process.stdout.write(table.toString() + '\n');
// GFLOP/s per backend and workload, beside the machine's peak on the threads each used.
const flopsTable = new Table({ head: ['workload', 'backend', 'GFLOP/s', 'share of peak'], style: plain });
for (const o of ours)
  flopsTable.push([
    o.workload,
    o.backend,
    o.gflops.toFixed(1),
    o.ofPeak === null ? '–' : `${(100 * o.ofPeak).toFixed(1)}%`,
  ]);
process.stdout.write(flopsTable.toString() + '\n');
process.stdout.write(`peak: ${peak ? peak.assumption : 'unknown (no /proc/cpuinfo)'}\n`);
const rec = new Table({ head: ['default recipe (softmax train)', 'median', 'min', 'max'], style: plain });
rec.push([
  'training seconds to 84.0% test accuracy',
  ...['medianMs', 'minMs', 'maxMs'].map((f) => (recipeSummary.to84Seconds[f] / 1000).toFixed(3) + ' s'),
]);
rec.push([
  'whole command, wall',
  ...['medianMs', 'minMs', 'maxMs'].map((f) => (recipeSummary.wallMs[f] / 1000).toFixed(2) + ' s'),
]);
rec.push([
  'peak resident memory',
  ...['medianMs', 'minMs', 'maxMs'].map((f) => recipeSummary.peakRssMB[f].toFixed(0) + ' MB'),
]);
if (peers.pytorch?.recipeTo84?.medianSeconds) {
  rec.push([
    'PyTorch, same recipe, seconds to 84.0%',
    peers.pytorch.recipeTo84.medianSeconds.toFixed(3) + ' s',
    '',
    '',
  ]);
  rec.push(['PyTorch peak resident memory', peers.pytorch.peakRssMB.toFixed(0) + ' MB', '', '']);
}
process.stdout.write(rec.toString() + '\n');
const machine = `${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node.js ${process.version}`;
process.stdout.write(`machine: ${machine}; ${runs} runs after a warm-up (js: 5)\n`);

const report = {
  date: new Date().toISOString(),
  machine,
  cores,
  cpu: cpus()[0]?.model,
  node: process.version,
  runs,
  peak,
  ours,
  recipe,
  recipeSummary,
  peers,
  lbfgs,
  browser: browserPage,
  dataFormats,
};
writeFileSync(outPath, JSON.stringify(report, null, 2) + '\n');
log(`wrote ${outPath}`);
