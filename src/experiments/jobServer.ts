import { parentPort } from 'node:worker_threads';
import { serializeError, type FromWorker, type ToWorker } from './pool.js';

/**
 * The worker's side of runPool: runs each job it is handed, one at a time, reporting progress and then
 * the result (or the error) tagged with the job's index.
 */
export function serveJobs<J, R, P>(handle: (job: J, progress: (payload: P) => void) => Promise<R>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveJobs must run in a worker thread');
  port.on('message', (m: ToWorker<J>) => {
    const send = (msg: FromWorker<R, P>): void => port.postMessage(msg);
    handle(m.job, (payload) => send({ type: 'progress', index: m.index, payload })).then(
      (result) => send({ type: 'done', index: m.index, result }),
      (err: unknown) => send({ type: 'error', index: m.index, error: serializeError(err) }),
    );
  });
}
