/**
 * The read-ahead worker of node/streamSource.ts: it fills blocks of rows from an IDX file while the
 * main thread's kernels compute. Its whole program is this function's text (evaluated, like the kernel
 * workers, so it runs from src/ and dist/ alike): it must not refer to anything outside itself.
 *
 * Protocol over one shared Int32Array `ctrl` (no messages, so both sides may block in Atomics.wait):
 * ctrl[WAKE] is bumped by the main thread after every request; ctrl[STOP] ends the worker; ctrl[MAX_READ]
 * is the largest single read (bytes) so far; ctrl[FAILED] is set when a read fails. Slot s has four
 * words at SLOT0 + 4s: its state (FREE, REQUESTED, FILLING, READY), its request's sequence number
 * (served in order), its chunk count and, once READY, its row count. Slot s's chunk numbers are
 * chunks[s·blockChunks ..], its rows go to pixels[s·blockRows·d ..] and labels[s·blockRows ..].
 */
export const CTRL = {
  WAKE: 0,
  STOP: 1,
  MAX_READ: 2,
  FAILED: 3,
  SLOT0: 8,
  FREE: 0,
  REQUESTED: 1,
  FILLING: 2,
  READY: 3,
} as const;

export interface ReaderData {
  ctrl: SharedArrayBuffer;
  chunks: SharedArrayBuffer;
  pixels: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  imagesPath: string;
  labelsPath: string;
  imagesHeader: number;
  labelsHeader: number;
  n: number;
  d: number;
  chunkRows: number;
  blockChunks: number;
  slots: number;
}

type Fs = typeof import('node:fs');
type WorkerThreads = typeof import('node:worker_threads');

export function readerMain(wt: WorkerThreads, fs: Fs): void {
  const w = wt.workerData as ReaderData;
  const ctrl = new Int32Array(w.ctrl);
  const chunks = new Int32Array(w.chunks);
  const pixels = new Uint8Array(w.pixels);
  const labels = new Uint8Array(w.labels);
  const fdImages = fs.openSync(w.imagesPath, 'r');
  const fdLabels = fs.openSync(w.labelsPath, 'r');
  const blockRows = w.chunkRows * w.blockChunks;
  const readFull = (fd: number, into: Uint8Array, at: number, length: number, position: number): void => {
    let done = 0;
    while (done < length) {
      const got = fs.readSync(fd, into, at + done, length - done, position + done);
      if (got <= 0) throw new Error('unexpected end of file');
      if (got > ctrl[2]) ctrl[2] = got;
      done += got;
    }
  };
  for (;;) {
    const wake = Atomics.load(ctrl, 0);
    if (Atomics.load(ctrl, 1) !== 0) break;
    let pick = -1;
    let best = Infinity;
    for (let s = 0; s < w.slots; s++) {
      const b = 8 + 4 * s;
      if (Atomics.load(ctrl, b) === 1 && ctrl[b + 1] < best) {
        best = ctrl[b + 1];
        pick = s;
      }
    }
    if (pick < 0) {
      Atomics.wait(ctrl, 0, wake);
      continue;
    }
    const b = 8 + 4 * pick;
    if (Atomics.compareExchange(ctrl, b, 1, 2) !== 1) continue;
    let rows = 0;
    try {
      const count = ctrl[b + 2];
      for (let i = 0; i < count; i++) {
        const c = chunks[pick * w.blockChunks + i];
        const r0 = c * w.chunkRows;
        const r = Math.min(w.chunkRows, w.n - r0);
        readFull(fdImages, pixels, (pick * blockRows + rows) * w.d, r * w.d, w.imagesHeader + r0 * w.d);
        readFull(fdLabels, labels, pick * blockRows + rows, r, w.labelsHeader + r0);
        rows += r;
      }
    } catch {
      Atomics.store(ctrl, 3, 1);
      rows = 0;
    }
    ctrl[b + 3] = rows;
    Atomics.store(ctrl, b, 3);
    Atomics.notify(ctrl, b);
  }
  fs.closeSync(fdImages);
  fs.closeSync(fdLabels);
}
