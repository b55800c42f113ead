#!/usr/bin/env node
// `node bench/dataFormats.mjs`: issue 10's numbers for bringing your own data, beside scikit-learn.
//   - a generated table of --rows rows × --cols numeric columns and 10 classes (Gaussian classes; an
//     integer label column), written as train.csv (80%) and test.csv (20%):
//       ours: rows per second read by loadData (csv-parse over the whole file, float32), the median of --runs
//         reads; training with the table defaults of `softmax train` (standardize, solver auto, λ = 1/n)
//         in process, and the whole `softmax train --data train.csv --test-data test.csv` command, wall;
//       scikit-learn (bench/peers/data_formats_peer.py): numpy.loadtxt's rows per second, and
//         make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)) fitted on the same rows;
//   - a generated folder of --images colour JPEGs (--image-size, 10 class folders): images per second
//     loaded by loadData (jpeg-js), beside Pillow opening and converting the same files.
// The data are generated into a temporary folder and removed at the end.
// Run it alone: the machine is shared and two cores are easily disturbed.
//
// Usage: npm run build && node bench/dataFormats.mjs [--rows 100000] [--cols 50] [--images 10000]
//        [--image-size 32x32] [--runs 3] [--no-peers] [--out bench/data-formats-results.json]
//        --small (or BENCH_DATA_SMALL=1): 5,000 rows and 500 images, for a quick check.
// `npm run bench` runs it too (runDataFormatsBench below), in a fresh process.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { peerEnv } from './peerEnv.mjs';

const log = (s) => process.stderr.write(s + '\n');

/** For bench/run.mjs: this file in a fresh process (--data-rows, --data-images, --data-small passed on); its JSON. */
export function runDataFormatsBench(logTo = log, argv = process.argv) {
  const pass = [];
  for (const [from, to] of [
    ['--data-rows', '--rows'],
    ['--data-images', '--images'],
  ]) {
    const i = argv.indexOf(from);
    if (i >= 0 && i + 1 < argv.length) pass.push(to, argv[i + 1]);
  }
  if (argv.includes('--data-small')) pass.push('--small');
  const dir = mkdtempSync(join(tmpdir(), 'softmax-data-bench-'));
  const out = join(dir, 'data-formats.json');
  logTo(
    'Data formats: running bench/dataFormats.mjs (CSV read and training beside scikit-learn, JPEG folder load) ...',
  );
  try {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...pass, '--out', out], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(r.stdout ?? '');
    if (r.status !== 0) {
      logTo(`Data formats: failed (exit ${r.status})`);
      return null;
    }
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A seeded normal generator (Box–Muller over a 32-bit LCG). */
function gaussian(seed) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Writes `rows` rows of the table: 10 Gaussian classes whose means differ by N(0, 0.35²) per column. */
function writeTable(path, rows, cols, means, normal, firstRow) {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, Array.from({ length: cols }, (_, j) => `x${j + 1}`).join(',') + ',label\n');
    let buf = [];
    for (let i = 0; i < rows; i++) {
      const c = (firstRow + i) % means.length;
      const cells = new Array(cols + 1);
      for (let j = 0; j < cols; j++) cells[j] = (means[c][j] + normal()).toFixed(4);
      cells[cols] = String(c);
      buf.push(cells.join(','));
      if (buf.length === 5000) {
        writeSync(fd, buf.join('\n') + '\n');
        buf = [];
      }
    }
    if (buf.length > 0) writeSync(fd, buf.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
}

/**
 * `n` colour JPEGs in 10 class folders: class c is a bright square at its own place and tint, plus noise.
 * jpeg-js builds its encoder's tables anew for every image (~0.1 s each), so 8 images per class are
 * encoded and their bytes written in turn: the reader decodes every file, whatever its bytes.
 */
function writeJpegs(dir, n, height, width, encode) {
  const normal = gaussian(7);
  const rgba = new Uint8Array(height * width * 4);
  const pool = [];
  for (let i = 0; i < Math.min(n, 80); i++) {
    const c = i % 10;
    const cy = Math.floor(((c % 5) * height) / 5);
    const cx = Math.floor((Math.floor(c / 5) * width) / 2);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const lit = y >= cy && y < cy + height / 5 && x >= cx && x < cx + width / 2;
        for (let ch = 0; ch < 3; ch++) {
          const v = (lit ? (ch === c % 3 ? 220 : 120) : 40) + 25 * normal();
          rgba[4 * (y * width + x) + ch] = Math.max(0, Math.min(255, Math.round(v)));
        }
        rgba[4 * (y * width + x) + 3] = 255;
      }
    pool.push(encode({ data: rgba, width, height }, 90).data);
  }
  for (let c = 0; c < 10; c++) mkdirSync(join(dir, `class_${c}`), { recursive: true });
  for (let i = 0; i < n; i++) {
    const fd = openSync(join(dir, `class_${i % 10}`, `${String(i).padStart(6, '0')}.jpg`), 'w');
    writeSync(fd, pool[i % pool.length]);
    closeSync(fd);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
  };
  const small = process.argv.includes('--small') || process.env.BENCH_DATA_SMALL === '1';
  const rows = Number(arg('--rows', small ? '5000' : '100000'));
  const cols = Number(arg('--cols', '50'));
  const nImages = Number(arg('--images', small ? '500' : '10000'));
  const runs = Number(arg('--runs', '3'));
  const [height, width] = arg('--image-size', '32x32').split('x').map(Number);
  const outPath = arg('--out', fileURLToPath(new URL('data-formats-results.json', import.meta.url)));
  for (const [name, v, min] of [
    ['--rows', rows, 100],
    ['--cols', cols, 1],
    ['--images', nImages, 20],
    ['--runs', runs, 1],
    ['--image-size', height, 1],
    ['--image-size', width, 1],
  ]) {
    if (!Number.isInteger(v) || v < min) {
      log(`bench: ${name} must be a whole number of at least ${min}, got ${v}`);
      process.exit(2);
    }
  }
  const { loadData } = await import('../dist/node/loadData.js');
  const { SoftmaxClassifier } = await import('../dist/node/classifier.js');
  const { tableDefaults } = await import('../dist/data/tableDefaults.js');
  const jpeg = (await import('jpeg-js')).default;

  const dir = mkdtempSync(join(tmpdir(), 'softmax-data-formats-'));
  const result = {
    date: new Date().toISOString(),
    rows,
    cols,
    images: nImages,
    imageSize: `${height}x${width}`,
    runs,
  };
  try {
    // 1. The table.
    const normal = gaussian(1);
    const means = Array.from({ length: 10 }, () => Array.from({ length: cols }, () => 0.35 * normal()));
    const nTrain = Math.round(rows * 0.8);
    const trainCsv = join(dir, 'train.csv');
    const testCsv = join(dir, 'test.csv');
    let t0 = performance.now();
    writeTable(trainCsv, nTrain, cols, means, normal, 0);
    writeTable(testCsv, rows - nTrain, cols, means, normal, nTrain);
    const bytes = statSync(trainCsv).size;
    log(
      `table: ${rows.toLocaleString('en-US')} rows × ${cols} columns generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (train.csv ${(bytes / 1e6).toFixed(1)} MB, ${nTrain.toLocaleString('en-US')} rows)`,
    );

    const reads = [];
    let data;
    for (let r = 0; r < runs; r++) {
      t0 = performance.now();
      data = await loadData(trainCsv);
      reads.push((performance.now() - t0) / 1000);
    }
    const readSeconds = median(reads);
    result.csvRead = {
      reader: 'loadData (csv-parse)',
      rows: nTrain,
      bytes,
      seconds: readSeconds,
      rowsPerSecond: nTrain / readSeconds,
      mbPerSecond: bytes / 1e6 / readSeconds,
      all: reads,
    };
    log(
      `ours: read ${nTrain.toLocaleString('en-US')} rows in ${readSeconds.toFixed(2)} s (median of ${runs}): ${Math.round(nTrain / readSeconds).toLocaleString('en-US')} rows/s, ${(bytes / 1e6 / readSeconds).toFixed(1)} MB/s`,
    );

    const test = await loadData(testCsv, { shape: data.shape, classNames: data.classNames });
    const fits = [];
    let accuracy = null;
    let fitInfo = null;
    for (let r = 0; r < runs; r++) {
      const clf = new SoftmaxClassifier({ ...tableDefaults(nTrain), threads: availableParallelism() });
      try {
        t0 = performance.now();
        const res = await clf.fit(data.train.X, data.train.y, { classNames: data.classNames });
        fits.push((performance.now() - t0) / 1000);
        accuracy = clf.score(test.train.X, test.train.y);
        fitInfo = {
          solver: res.solver,
          iterations: res.iterations,
          stopReason: res.stopReason,
          backend: clf.backendName,
        };
      } finally {
        clf.dispose();
      }
    }
    result.train = {
      ...fitInfo,
      seconds: median(fits),
      min: Math.min(...fits),
      max: Math.max(...fits),
      accuracy,
    };
    log(
      `ours: trained (table defaults: ${fitInfo.solver}, ${fitInfo.iterations} iterations, ${fitInfo.stopReason}, ${fitInfo.backend}) in ${median(fits).toFixed(2)} s (median of ${runs}); test accuracy ${(100 * accuracy).toFixed(2)}%`,
    );

    const cli = fileURLToPath(new URL('../dist/bin/softmax.js', import.meta.url));
    t0 = performance.now();
    const p = spawnSync(
      process.execPath,
      [
        cli,
        'train',
        '--data',
        trainCsv,
        '--test-data',
        testCsv,
        '--out',
        join(dir, 'run'),
        '--no-progress',
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } },
    );
    const wall = (performance.now() - t0) / 1000;
    if (p.status !== 0) throw new Error(`softmax train failed: ${p.stderr}`);
    const m = JSON.parse(p.stdout);
    result.command = { wallSeconds: wall, trainSeconds: m.trainSeconds, accuracy: m.accuracy };
    log(
      `ours: softmax train --data train.csv --test-data test.csv: ${wall.toFixed(2)} s wall (training ${m.trainSeconds.toFixed(2)} s, report included), accuracy ${(100 * m.accuracy).toFixed(2)}%`,
    );

    // 2. The JPEG folder.
    const images = join(dir, 'jpegs');
    t0 = performance.now();
    writeJpegs(images, nImages, height, width, jpeg.encode);
    log(
      `images: ${nImages.toLocaleString('en-US')} colour JPEGs of ${height}×${width} written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const loads = [];
    for (let r = 0; r < runs; r++) {
      t0 = performance.now();
      const set = await loadData(images);
      loads.push((performance.now() - t0) / 1000);
      if (set.train.X.n !== nImages) throw new Error(`read ${set.train.X.n} of ${nImages} images`);
    }
    const loadSeconds = median(loads);
    result.imageRead = {
      reader: 'loadData (jpeg-js)',
      images: nImages,
      seconds: loadSeconds,
      imagesPerSecond: nImages / loadSeconds,
      all: loads,
    };
    log(
      `ours: loaded ${nImages.toLocaleString('en-US')} JPEGs in ${loadSeconds.toFixed(2)} s (median of ${runs}): ${Math.round(nImages / loadSeconds).toLocaleString('en-US')} images/s`,
    );

    // 3. scikit-learn and Pillow on the same files.
    result.peer = null;
    if (!process.argv.includes('--no-peers')) {
      const py = ['/usr/bin/python3', 'python3'].find(
        (c) => spawnSync(c, ['-c', 'import sklearn, PIL'], { stdio: 'ignore' }).status === 0,
      );
      if (py === undefined)
        log(
          'peer: skipped, no python3 here can import sklearn and PIL (apt-get install python3-sklearn python3-pil)',
        );
      else {
        log(`peer: bench/peers/data_formats_peer.py with ${py} ...`);
        const script = fileURLToPath(new URL('peers/data_formats_peer.py', import.meta.url));
        const r = spawnSync(
          py,
          [script, '--train', trainCsv, '--test', testCsv, '--images', images, '--runs', String(runs)],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 26,
            env: peerEnv({ OMP_NUM_THREADS: String(availableParallelism()) }),
          },
        );
        if (r.status !== 0) log(`peer: failed (exit ${r.status}): ${r.stderr.trim().split('\n').at(-1)}`);
        else result.peer = JSON.parse(r.stdout);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const peer = result.peer;
  const fmt = (x, digits = 2) => (x === undefined || x === null ? '–' : x.toFixed(digits));
  const rate = (x) => (x === undefined || x === null ? '–' : Math.round(x).toLocaleString('en-US'));
  const lines = [
    ['', 'ours', peer ? `scikit-learn ${peer.sklearn}` : 'scikit-learn'],
    [
      `CSV read, rows/s (${result.csvRead.rows.toLocaleString('en-US')} × ${cols})`,
      rate(result.csvRead.rowsPerSecond),
      `${rate(peer?.csvRead?.rowsPerSecond)} (numpy.loadtxt)`,
    ],
    ['training, s (median)', fmt(result.train.seconds), fmt(peer?.train?.seconds)],
    [
      'test accuracy, %',
      fmt(100 * result.train.accuracy),
      peer?.train ? fmt(100 * peer.train.accuracy) : '–',
    ],
    ['softmax train command, s wall', fmt(result.command.wallSeconds), ''],
    [
      `JPEG folder load, images/s (${nImages.toLocaleString('en-US')} of ${height}×${width})`,
      rate(result.imageRead.imagesPerSecond),
      `${rate(peer?.imageRead?.imagesPerSecond)} (${peer?.imageRead?.reader ?? 'Pillow'})`,
    ],
  ];
  const w = [0, 1, 2].map((c) => Math.max(...lines.map((l) => l[c].length)));
  process.stdout.write(lines.map((l) => l.map((cell, c) => cell.padEnd(w[c])).join('  ')).join('\n') + '\n');
  const machine = `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node.js ${process.version}`;
  process.stdout.write(
    `machine: ${machine}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  result.machine = machine;
  result.loadAverage = loadavg();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(outPath, JSON.stringify(result, null, 2) + '\n');
  log(`wrote ${outPath}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
