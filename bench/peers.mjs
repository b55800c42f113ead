// The peers of `npm run bench -- --peers`: PyTorch (when a python3 on this machine can import torch;
// Debian's python3-torch provides it) and TensorFlow.js (wasm and cpu backends), timed in the same run.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { peerEnv } from './peerEnv.mjs';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));

function lastJsonLine(stdout) {
  const line = stdout.trim().split('\n').at(-1);
  return line ? JSON.parse(line) : null;
}

/** A python3 that can import torch: the one on PATH, else Debian's. */
function torchPython() {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

export function runPeers(runs, log) {
  const peers = {};
  const py = torchPython();
  if (py === null) {
    log('PyTorch: skipped, no python3 here can import torch (apt-get install python3-torch)');
  } else {
    log(`PyTorch: running bench/peers/torch_peer.py with ${py} ...`);
    const r = spawnSync(py, [here('peers/torch_peer.py'), '--runs', String(runs)], {
      env: peerEnv(),
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status === 0) peers.pytorch = lastJsonLine(r.stdout);
    else log(`PyTorch: failed (${r.stderr.trim().split('\n').at(-1)})`);
  }
  log('TensorFlow.js: running bench/peers/tfjs_peer.mjs ...');
  const t = spawnSync(process.execPath, [here('peers/tfjs_peer.mjs'), '--runs', String(runs)], {
    env: peerEnv(),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (t.status === 0) peers.tfjs = lastJsonLine(t.stdout);
  else log(`TensorFlow.js: failed (${t.stderr.trim().split('\n').at(-1)})`);
  return peers;
}
