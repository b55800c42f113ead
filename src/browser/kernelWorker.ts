import type { KernelWorker, SpawnKernelWorker } from '../kernels/threads/pool.js';
import { workerMain } from '../kernels/threads/workerMain.js';
import { browser } from './webWorker.js';

/**
 * The kernel worker's whole program in a page: workerMain's own text, started on the first message
 * (its start-up data: the compiled module, the shared memory and the control block), with the worker's
 * global scope as its parent port, the same shape as Node's worker_threads module.
 */
const SOURCE = `self.onmessage = (e) => { self.onmessage = null; (${workerMain.toString()})({ workerData: e.data, parentPort: self }); };`;

let sourceUrl: string | null = null;

/**
 * Starts a kernel worker as a Web Worker from a blob: URL of that source (no extra file to serve; a
 * blob worker inherits the page's cross-origin isolation). Needs a cross-origin-isolated page, since
 * the memory it gets is shared; it may block in Atomics.wait, which a dedicated worker may do.
 */
export const spawnBrowserKernelWorker: SpawnKernelWorker = (data): KernelWorker => {
  sourceUrl ??= URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
  const w = new browser.Worker(sourceUrl, { name: `softmax kernels ${data.id}` });
  const ready = new Promise<number[]>((resolve, reject) => {
    w.onmessage = (e) => resolve(e.data as number[]);
    w.onerror = (e) => reject(new Error(`kernel worker ${data.id} failed to start: ${e.message ?? 'error'}`));
  });
  ready.then(
    () => {
      w.onmessage = null;
      // A stray error after start-up is reported through the job's barrier, not here.
      w.onerror = (e) => e.preventDefault?.();
    },
    () => {},
  );
  w.postMessage(data);
  return { ready, terminate: () => w.terminate() };
};
