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

interface Shared {
  ctrl: SharedArrayBuffer;
  chunks: SharedArrayBuffer;
  /** Rows: bytes (IDX) or float32 values (CSV), rowBytes each. */
  pixels: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  n: number;
  rowBytes: number;
  chunkRows: number;
  blockChunks: number;
  slots: number;
}

/** IDX: images and labels at fixed offsets. */
export interface IdxReaderData extends Shared {
  kind: 'idx';
  imagesPath: string;
  labelsPath: string;
  imagesHeader: number;
  labelsHeader: number;
  d: number;
}

/**
 * CSV: chunk c is the bytes offsets[c] .. offsets[c + 1] of the file, holding chunkRows data rows (the last
 * chunk fewer), blank lines skipped. roles[j] says what column j is: a feature's index (≥ 0), the label
 * (-1) or neither (-2); a label's text is its class labelClasses[labelTexts.indexOf(text)].
 */
export interface CsvReaderData extends Shared {
  kind: 'csv';
  csvPath: string;
  offsets: Float64Array;
  maxChunkBytes: number;
  d: number;
  roles: Int32Array;
  labelTexts: string[];
  labelClasses: number[];
}

export type ReaderData = IdxReaderData | CsvReaderData;

type Fs = typeof import('node:fs');
type WorkerThreads = typeof import('node:worker_threads');

export function readerMain(wt: WorkerThreads, fs: Fs): void {
  const w = wt.workerData as ReaderData;
  const ctrl = new Int32Array(w.ctrl);
  const chunks = new Int32Array(w.chunks);
  const pixels = new Uint8Array(w.pixels);
  const labels = new Uint8Array(w.labels);
  const values = new Float32Array(w.pixels);
  let fdImages = -1;
  let fdLabels = -1;
  try {
    fdImages = fs.openSync(w.kind === 'idx' ? w.imagesPath : w.csvPath, 'r');
    if (w.kind === 'idx') fdLabels = fs.openSync(w.labelsPath, 'r');
  } catch {
    // The main thread may be waiting in Atomics.wait, deaf to the worker's error event: say it here.
    Atomics.store(ctrl, 3, 1);
    for (let s = 0; s < w.slots; s++) Atomics.notify(ctrl, 8 + 4 * s);
    return;
  }
  const blockRows = w.chunkRows * w.blockChunks;
  const scratch = new Uint8Array(w.kind === 'csv' ? w.maxChunkBytes : 0);
  const decoder = new TextDecoder();
  const classOf = new Map<string, number>();
  if (w.kind === 'csv') w.labelTexts.forEach((t, i) => classOf.set(t, w.labelClasses[i]));
  /** Parses CSV chunk c into rows from `at` of the slot's block; returns its row count. */
  const csvChunk = (c: number, base: number): number => {
    if (w.kind !== 'csv') return 0;
    const start = w.offsets[c];
    const length = w.offsets[c + 1] - start;
    readFull(fdImages, scratch, 0, length, start);
    const lines = decoder.decode(scratch.subarray(0, length)).split('\n');
    let rows = 0;
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      const fields = line.split(',');
      if (fields.length !== w.roles.length) throw new Error('wrong field count');
      const at = (base + rows) * w.d;
      for (let j = 0; j < fields.length; j++) {
        const role = w.roles[j];
        if (role >= 0) {
          const v = Number(fields[j]);
          if (fields[j].trim() === '' || !Number.isFinite(v)) throw new Error('not a number');
          values[at + role] = v;
        } else if (role === -1) {
          let t = fields[j].trim();
          if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
          const y = classOf.get(t);
          if (y === undefined) throw new Error('unknown label');
          labels[base + rows] = y;
        }
      }
      rows++;
    }
    return rows;
  };
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
        if (w.kind === 'idx') {
          readFull(fdImages, pixels, (pick * blockRows + rows) * w.d, r * w.d, w.imagesHeader + r0 * w.d);
          readFull(fdLabels, labels, pick * blockRows + rows, r, w.labelsHeader + r0);
        } else if (csvChunk(c, pick * blockRows + rows) !== r) {
          throw new Error('chunk row count changed');
        }
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
  if (fdLabels >= 0) fs.closeSync(fdLabels);
}
