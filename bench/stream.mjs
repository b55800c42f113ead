#!/usr/bin/env node
// Training on data larger than memory (issue 12): generates a large IDX set under /tmp (Fashion-MNIST's
// 60,000 training images in shifted and mirrored copies; 8 million images, 6.3 GB, by default), then
//   - trains one epoch with `softmax train --stream` from a cold file (page cache dropped first, when
//     this runs as root), then two from a warm one (the file in the page cache);
//   - trains two epochs in memory on the first --memory-images of them (a subset that fits), and streams
//     that subset warm as well, for the same work both ways;
// and prints images per second and each command's peak resident memory (goals: ≤ 300 MB streaming; warm
// streaming ≥ 50% of in memory's images per second). Writes bench/stream-results.json.
// Every command is a fresh `softmax train` process (sgd, batch 256, the default backend). Images per
// second are of one epoch's training time (history.json: no test set, no report): the cold run's only
// epoch; for the warm runs and in memory, their second epoch (in memory, the first also copies the
// whole set into the backend).
//
// Usage: node bench/stream.mjs [--images 8000000] [--memory-images 1000000] [--dir /tmp/softmax-stream-bench]
//                              [--keep] [--out bench/stream-results.json]
//        npm run bench -- --stream [--stream-images N]   (the same, from bench/run.mjs)
// The data is made once and kept in --dir between runs of the same size (--keep leaves it after the run).
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { loadDataset } from '../dist/node/dataset.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
};
const log = (s) => process.stderr.write(s + '\n');
const wholeNumber = (flag, text, min) => {
  const v = Number(text);
  if (!/^\d+$/.test(String(text).trim()) || !Number.isSafeInteger(v) || v < min) {
    log(`bench/stream: ${flag}: must be a whole number of at least ${min}, got '${text}'`);
    process.exit(2);
  }
  return v;
};
const images = wholeNumber('--images', arg('--images', '8000000'), 1000);
const memoryImages = Math.min(
  images,
  wholeNumber('--memory-images', arg('--memory-images', '1000000'), 1000),
);
const dir = arg('--dir', join(tmpdir(), 'softmax-stream-bench'));
const outPath = arg('--out', fileURLToPath(new URL('stream-results.json', import.meta.url)));
const keep = process.argv.includes('--keep');
const cli = fileURLToPath(new URL('rssWrapper.mjs', import.meta.url));

const H = 28;
const W = 28;
const D = H * W;
const bigDir = join(dir, `all-${images}`);
const subDir = join(dir, `first-${memoryImages}`);

/** IDX header for n images (dims 3) or n labels (dims 1). */
function header(dims) {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b[2] = 0x08;
  b[3] = dims.length;
  dims.forEach((v, i) => b.writeUInt32BE(v, 4 + 4 * i));
  return b;
}

/** Variant v of the 60,000 images: mirrored when v is odd, shifted by the (v >> 1)-th offset of a spiral. */
function offsets() {
  const out = [[0, 0]];
  for (let r = 1; out.length < 1000; r++) {
    for (let dy = -r; dy <= r; dy++)
      for (let dx = -r; dx <= r; dx++) if (Math.max(Math.abs(dx), Math.abs(dy)) === r) out.push([dx, dy]);
  }
  return out;
}

function generate() {
  const stamp = join(bigDir, 'complete');
  if (existsSync(stamp) && existsSync(join(subDir, 'complete'))) {
    log(`bench/stream: using ${bigDir} (made before)`);
    return;
  }
  for (const d of [bigDir, subDir]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  const data = loadDataset();
  const src = data.train.pixels;
  const n0 = data.train.n;
  const shifts = offsets();
  const fd = {
    bigImages: openSync(join(bigDir, 'train-images-idx3-ubyte'), 'w'),
    bigLabels: openSync(join(bigDir, 'train-labels-idx1-ubyte'), 'w'),
    subImages: openSync(join(subDir, 'train-images-idx3-ubyte'), 'w'),
    subLabels: openSync(join(subDir, 'train-labels-idx1-ubyte'), 'w'),
  };
  writeSync(fd.bigImages, header([images, H, W]));
  writeSync(fd.bigLabels, header([images]));
  writeSync(fd.subImages, header([memoryImages, H, W]));
  writeSync(fd.subLabels, header([memoryImages]));
  const t0 = performance.now();
  const piece = 4096;
  const out = Buffer.alloc(piece * D);
  const labels = Buffer.alloc(piece);
  for (let at = 0; at < images;) {
    const count = Math.min(piece, images - at);
    for (let t = 0; t < count; t++) {
      const g = at + t;
      const i = g % n0;
      const v = Math.floor(g / n0);
      const [dx, dy] = shifts[(v >> 1) % shifts.length];
      const mirror = (v & 1) === 1;
      const o = t * D;
      for (let y = 0; y < H; y++) {
        const sy = y - dy;
        for (let x = 0; x < W; x++) {
          const sx0 = x - dx;
          const sx = mirror ? W - 1 - sx0 : sx0;
          out[o + y * W + x] = sy >= 0 && sy < H && sx >= 0 && sx < W ? src[i * D + sy * W + sx] : 0;
        }
      }
      labels[t] = data.train.labels[i];
    }
    writeSync(fd.bigImages, out, 0, count * D);
    writeSync(fd.bigLabels, labels, 0, count);
    if (at < memoryImages) {
      const c = Math.min(count, memoryImages - at);
      writeSync(fd.subImages, out, 0, c * D);
      writeSync(fd.subLabels, labels, 0, c);
    }
    at += count;
    if (at % (piece * 256) < piece || at === images) {
      log(`bench/stream: wrote ${at.toLocaleString('en-US')} of ${images.toLocaleString('en-US')} images`);
    }
  }
  for (const f of Object.values(fd)) closeSync(f);
  for (const d of [bigDir, subDir]) {
    writeFileSync(
      join(d, 't10k-images-idx3-ubyte'),
      Buffer.concat([header([data.test.n, H, W]), data.test.pixels]),
    );
    writeFileSync(
      join(d, 't10k-labels-idx1-ubyte'),
      Buffer.concat([header([data.test.n]), data.test.labels]),
    );
    writeFileSync(join(d, 'complete'), '');
  }
  log(`bench/stream: generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

/** Drops the page cache (root only); false when it cannot. */
function dropCaches() {
  return new Promise((resolve) => {
    const p = spawn('sh', ['-c', 'sync; echo 3 > /proc/sys/vm/drop_caches'], { stdio: 'ignore' });
    p.on('close', (code) => resolve(code === 0));
    p.on('error', () => resolve(false));
  });
}

/**
 * One `softmax train` process of `epochs` epochs: images/s of its last epoch (the first epoch in memory
 * also copies the whole set into the backend) and of its first, wall seconds and peak RSS (MB).
 */
function train(label, data, epochs, extra) {
  const out = join(dir, `run-${label}-${process.pid}`);
  const rss = join(dir, `rss-${label}-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const args = [
    cli,
    'train',
    '--data',
    data,
    '--epochs',
    String(epochs),
    '--solver',
    'sgd',
    '--json',
    '--no-progress',
    '--out',
    out,
    ...extra,
  ];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, args, {
      env: { ...process.env, SOFTMAX_BENCH_RSS: rss },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    p.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
    p.on('error', reject);
    p.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`${label}: softmax train exited with ${code}`));
      const summary = JSON.parse(stdout);
      const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
      const peakRssMB = Number(readFileSync(rss, 'utf8')) / 1024;
      rmSync(out, { recursive: true, force: true });
      rmSync(rss, { force: true });
      const n = summary.data.trainCount;
      const row = {
        label,
        images: n,
        epochSeconds: history.map((h) => h.seconds),
        imagesPerSecond: n / history.at(-1).seconds,
        firstEpochImagesPerSecond: n / history[0].seconds,
        wallSeconds: wall,
        peakRssMB,
        accuracy: summary.accuracy,
        backend: summary.backend,
      };
      log(
        `bench/stream: ${label.padEnd(22)} ${n.toLocaleString('en-US')} images, epochs of ` +
          `${row.epochSeconds.map((t) => t.toFixed(2)).join(', ')} s: ${Math.round(row.imagesPerSecond).toLocaleString('en-US')} ` +
          `images/s (last epoch), peak ${peakRssMB.toFixed(0)} MB, ` +
          `test accuracy ${(100 * summary.accuracy).toFixed(2)}% (${summary.backend})`,
      );
      resolve(row);
    });
  });
}

mkdirSync(dir, { recursive: true });
generate();
const bigBytes = statSync(join(bigDir, 'train-images-idx3-ubyte')).size;
const rows = [];
const cold = await dropCaches();
if (!cold) log('bench/stream: cannot drop the page cache (not root?): the "cold" run reads a warm file');
rows.push({
  ...(await train(cold ? 'stream, cold file' : 'stream, (not) cold', bigDir, 1, ['--stream'])),
  cold,
});
rows.push(await train('stream, warm file', bigDir, 2, ['--stream']));
rows.push(await train('stream subset, warm', subDir, 2, ['--stream']));
rows.push(await train('in memory, subset', subDir, 2, ['--memory-limit', '1000GB']));
const [streamCold, streamWarm, subsetStream, memory] = rows;
const result = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  images,
  fileBytes: bigBytes,
  memoryImages,
  runs: rows,
  warmOverMemory: streamWarm.imagesPerSecond / memory.imagesPerSecond,
  subsetStreamOverMemory: subsetStream.imagesPerSecond / memory.imagesPerSecond,
  coldOverWarm: streamCold.imagesPerSecond / streamWarm.imagesPerSecond,
  goals: {
    peakRssMB: 300,
    peakRssMet: streamCold.peakRssMB <= 300 && streamWarm.peakRssMB <= 300,
    warmShare: 0.5,
    warmShareMet: streamWarm.imagesPerSecond / memory.imagesPerSecond >= 0.5,
  },
};
writeFileSync(outPath, JSON.stringify(result, null, 2) + '\n');
log(
  `bench/stream: ${images.toLocaleString('en-US')} images (${(bigBytes / 1e9).toFixed(2)} GB): warm streaming at ` +
    `${(100 * result.warmOverMemory).toFixed(0)}% of in memory's images/s (goal ≥ 50%), cold at ${(100 * result.coldOverWarm).toFixed(0)}% of warm; ` +
    `peak ${Math.max(streamCold.peakRssMB, streamWarm.peakRssMB).toFixed(0)} MB streaming (goal ≤ 300 MB), ` +
    `${memory.peakRssMB.toFixed(0)} MB in memory on ${memoryImages.toLocaleString('en-US')}. Wrote ${outPath}`,
);
if (!keep) rmSync(dir, { recursive: true, force: true });
