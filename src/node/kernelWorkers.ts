import { Worker } from 'node:worker_threads';
import type { KernelWorker, SpawnKernelWorker } from '../kernels/threads/pool.js';
import { workerMain } from '../kernels/threads/workerMain.js';

/** The worker's whole program: workerMain's own text, called with Node's worker_threads module. */
const SOURCE = `(${workerMain.toString()})(require('node:worker_threads'));`;

/** Starts a kernel worker as a worker_threads Worker (evaluated from source: works from src/ and dist/). */
export const spawnNodeKernelWorker: SpawnKernelWorker = (workerData): KernelWorker => {
  const w = new Worker(SOURCE, { eval: true, workerData });
  const ready = new Promise<number[]>((resolve, reject) => {
    w.once('message', (slots: number[]) => resolve(slots));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`kernel worker exited with code ${code} while starting`)));
  });
  ready.then(
    () => {
      w.removeAllListeners();
      // A stray error after start-up must not crash the process; the job's barrier reports failures.
      w.on('error', () => {});
      w.unref();
    },
    () => {},
  );
  return { ready, terminate: () => void w.terminate() };
};
