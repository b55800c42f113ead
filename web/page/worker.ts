/**
 * The channel to the training worker (trainer.worker.ts, running src/browser/trainer.ts), which holds the
 * data, the backend and its kernel workers, trains, and reports each epoch. This file starts and ends the
 * worker, sends it messages and owns the shared control words (Pause, Step, Stop between epochs, only
 * when the page is cross-origin isolated). What the page does with each message is messages.ts's, passed
 * in once with `listen` so that this file imports none of the page's parts.
 */
import * as P from '../../src/browser/protocol.js';
import { state } from './state.js';

interface Handlers {
  /** Called with each message from the worker. */
  message(m: P.FromTrainer): void;
  /** Called when the worker itself fails (a script error, not a message of type error). */
  error(during: string, message: string): void;
}

let worker: Worker;
let handlers: Handlers | null = null;
let control: Int32Array | null = null;

/** Sets what handles the worker's messages and errors: before startWorker. */
export function listen(h: Handlers): void {
  handlers = h;
}

export function startWorker(): void {
  worker = new Worker(new URL('./trainer.js', import.meta.url), { type: 'module', name: 'softmax trainer' });
  worker.onmessage = (e: MessageEvent<P.FromTrainer>) => {
    const t0 = performance.now();
    handlers?.message(e.data);
    const ms = performance.now() - t0;
    if (ms > 50) state.slowMessages.push({ type: e.data.type, ms: Math.round(ms) });
  };
  worker.onerror = (e) => handlers?.error('train', `training worker: ${e.message}`);
  control = state.isolated ? new Int32Array(new SharedArrayBuffer(P.CONTROL_INTS * 4)) : null;
  const kernelsUrl = new URL('./kernels.wasm', import.meta.url).href;
  send({ type: 'init', kernelsUrl, control: control ? (control.buffer as SharedArrayBuffer) : null });
}

/** Ends the worker at once, mid-run or not (what Reset does without shared memory). */
export function stopWorker(): void {
  worker.terminate();
}

export function send(m: P.ToTrainer): void {
  worker.postMessage(m);
}

/** The control words shared with the worker, or null where the page is not cross-origin isolated. */
export function sharedControl(): Int32Array | null {
  return control;
}
