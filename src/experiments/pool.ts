import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../util/errors.js';

/** Messages between the pool and a worker (see jobServer.ts for the worker's side). */
export type ToWorker<J> = { type: 'run'; index: number; job: J };
export type FromWorker<R, P> =
  | { type: 'progress'; index: number; payload: P }
  | { type: 'done'; index: number; result: R }
  | { type: 'error'; index: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export interface PoolOptions<J, P> {
  /** The compiled worker script (a .js file under dist/). */
  script: URL;
  /** Handed to every worker once, e.g. data in SharedArrayBuffers that all workers read. */
  workerData: unknown;
  /** How many workers to start; never more than there are jobs. */
  threads: number;
  jobs: readonly J[];
  /** The order in which to hand out jobs (e.g. longest first); results keep the jobs' order anyway. */
  order?: readonly number[];
  onProgress?: (index: number, payload: P) => void;
  onDone?: (index: number) => void;
}

/**
 * Runs jobs on a fixed set of worker threads, handing each free worker the next job. Results come back
 * in the jobs' order whatever the number of workers or the order of completion, so callers get the
 * same answer for any pool size. The first failure stops every worker and rejects.
 */
export function runPool<J, R, P>(o: PoolOptions<J, P>): Promise<R[]> {
  const path = fileURLToPath(o.script);
  if (!existsSync(path)) {
    return Promise.reject(
      new Error(`worker script not found: ${path} (workers run compiled code: run 'npm run build')`),
    );
  }
  const order = o.order ?? o.jobs.map((_, i) => i);
  const results: R[] = new Array(o.jobs.length);
  const count = Math.max(1, Math.min(o.threads, o.jobs.length));
  const workers: Worker[] = [];

  return new Promise<R[]>((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let failed = false;
    const stopAll = (): void => {
      for (const w of workers) void w.terminate();
    };
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(err);
    };
    const feed = (w: Worker): void => {
      if (next >= order.length) return;
      const index = order[next++];
      const msg: ToWorker<J> = { type: 'run', index, job: o.jobs[index] };
      w.postMessage(msg);
    };
    if (o.jobs.length === 0) {
      resolve(results);
      return;
    }
    for (let i = 0; i < count; i++) {
      const w = new Worker(path, { workerData: o.workerData });
      workers.push(w);
      w.on('message', (m: FromWorker<R, P>) => {
        if (failed) return;
        if (m.type === 'progress') {
          o.onProgress?.(m.index, m.payload);
        } else if (m.type === 'done') {
          results[m.index] = m.result;
          o.onDone?.(m.index);
          if (++finished === o.jobs.length) {
            stopAll();
            resolve(results);
          } else {
            feed(w);
          }
        } else {
          fail(deserializeError(m.error));
        }
      });
      w.on('error', (err) => fail(err));
      w.on('exit', (code) => {
        if (finished < o.jobs.length)
          fail(new Error(`a worker exited with code ${code} before its job was done`));
      });
      feed(w);
    }
  });
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

/** A user's mistake stays an InputError (one line, exit code 2); anything else keeps the worker's stack. */
function deserializeError(e: SerializedError): Error {
  if (e.name === 'InputError') return new InputError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}
