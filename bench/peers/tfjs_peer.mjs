// TensorFlow.js peer for `npm run bench -- --peers`: the same full-batch and prediction workloads as our
// benchmark, on tfjs's wasm and cpu backends, in the same run. Prints one JSON object on stdout.
// Usage: node bench/peers/tfjs_peer.mjs [--runs N] [--backends wasm,cpu]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, '..', '..', 'data', 'fashion-mnist');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const runs = Number(arg('--runs', '5'));
const backends = arg('--backends', 'wasm,cpu').split(',');

const idx = (name, header) => gunzipSync(readFileSync(join(dataDir, name))).subarray(header);
const toFloat = (bytes) => Float32Array.from(bytes, (x) => x / 255);
const xtrBytes = idx('train-images-idx3-ubyte.gz', 16);
const ytrBytes = idx('train-labels-idx1-ubyte.gz', 8);
const xteBytes = idx('t10k-images-idx3-ubyte.gz', 16);

// The wasm binaries ship inside the npm package; point tfjs at them on disk (no download).
const require = createRequire(import.meta.url);
setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
function timed(fn) {
  fn();
  const out = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return { median: median(out), min: Math.min(...out), max: Math.max(...out), runs };
}

const results = {};
for (const name of backends) {
  await tf.setBackend(name);
  await tf.ready();
  const n = 60000;
  const X = tf.tensor2d(toFloat(xtrBytes), [n, 784]);
  const Y = tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(ytrBytes), 'int32'), 10), 'float32');
  const Xte = tf.tensor2d(toFloat(xteBytes), [10000, 784]);
  let W = tf.variable(tf.zeros([784, 10]));
  let b = tf.variable(tf.zeros([10]));
  let vW = tf.variable(tf.zeros([784, 10]));
  let vb = tf.variable(tf.zeros([10]));
  const step = () =>
    tf.tidy(() => {
      const P = tf.softmax(tf.add(tf.matMul(X, W), b));
      const D = tf.div(tf.sub(P, Y), n);
      const gW = tf.add(tf.matMul(X, D, true, false), tf.mul(1e-4, W));
      const gb = tf.sum(D, 0);
      vW.assign(tf.add(tf.mul(0.9, vW), tf.mul(0.1, gW)));
      vb.assign(tf.add(tf.mul(0.9, vb), tf.mul(0.1, gb)));
      W.assign(tf.sub(W, vW));
      b.assign(tf.sub(b, vb));
      W.dataSync(); // wait for the work, as our timings do
    });
  const full = timed(step);
  const pred = timed(() => tf.tidy(() => tf.softmax(tf.add(tf.matMul(Xte, W), b)).dataSync()));
  results[name] = { fullBatchEpochMs: full, predict10kMs: pred };
  tf.disposeVariables();
  tf.dispose([X, Y, Xte]);
}
process.stdout.write(JSON.stringify({ peer: `TensorFlow.js ${tf.version_core}`, backends: results }) + '\n');
