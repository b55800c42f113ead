import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Batch, BatchSource, Shuffler } from '../data/batchSource.js';
import { idxHeader, isGzip, MAX_IDX_HEADER_BYTES } from '../data/idx.js';
import { toByteRows, type PreprocessState } from '../data/preprocess.js';
import { InputError } from '../util/errors.js';
import { withFsErrors } from './fsErrors.js';
import { CTRL, readerMain, type ReaderData } from './streamReader.js';

/** The reader worker's whole program (see streamReader.ts). */
const SOURCE = `(${readerMain.toString()})(require('node:worker_threads'), require('node:fs'));`;

export interface StreamOptions {
  /** How the rows become features (scale or minmax: per-row maps, computed block by block). */
  preprocess: PreprocessState;
  /** Rows read as one piece from one place in the file (default: the largest power of two ≤ 128 KiB of pixels). */
  chunkRows?: number;
  /** Chunks per block: the shuffle buffer, whose rows are permuted together (default 32). */
  blockChunks?: number;
  /** Blocks held at once: one being trained on, the others read ahead (default 3, at least 2). */
  slots?: number;
}

/** IDX images streamed from disk in blocks (BatchSource), read ahead on a worker thread. */
export interface IdxStream extends BatchSource {
  readonly height: number;
  readonly width: number;
  /** Labels 0..maxLabel occur (read once at open, one byte per row). */
  readonly maxLabel: number;
  readonly imagesPath: string;
  /** Bytes the reader holds for rows, fixed at open: slots × block rows × (d + 1). */
  readonly bufferBytes: number;
  readonly blockRows: number;
  /** The largest single read the worker has made, in bytes (at most one chunk). */
  largestRead(): number;
  /** Stops the worker and closes the files. */
  close(): void;
}

/**
 * Default chunk: at most 128 KiB of pixels, a power of two of rows (128 rows of 28×28), so that a block
 * (32 chunks, 4,096 such rows, 3 MiB) is a multiple of every power-of-two batch size. Small blocks keep
 * the kernels' working set in cache: measured on 60,000 Fashion-MNIST images, blocks of 4,096 rows
 * trained as fast as in memory, blocks of 20,000 and more about half as fast.
 */
const DEFAULT_CHUNK_BYTES = 128 * 1024;
export const DEFAULT_BLOCK_CHUNKS = 32;

/** Reads the header of an uncompressed IDX file: refuses gzip (which cannot be read at an offset). */
export function idxFileHeader(
  path: string,
  expectedDims: number,
): { dims: number[]; headerBytes: number; size: number } {
  const fd = withFsErrors(() => openSync(path, 'r'), path);
  try {
    const prefix = new Uint8Array(MAX_IDX_HEADER_BYTES);
    const got = readSync(fd, prefix, 0, prefix.length, 0);
    const bytes = prefix.subarray(0, got);
    if (isGzip(bytes)) {
      throw new InputError(
        `${path}: gzipped IDX cannot be streamed (gzip has no random access): gunzip it first, or train without --stream`,
      );
    }
    const h = idxHeader(bytes, path, expectedDims);
    const size = fstatSync(fd).size;
    if (size < h.headerBytes + h.valueCount) {
      throw new InputError(
        `${path}: holds ${size} bytes, its header promises ${h.headerBytes + h.valueCount} (${h.dims.join('×')} values)`,
      );
    }
    return { dims: h.dims, headerBytes: h.headerBytes, size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens an IDX image file and its labels for streaming. Each pass visits the file in chunks of
 * `chunkRows` consecutive rows, in a random order of chunks (or the file's order when not shuffled);
 * `blockChunks` chunks make a block, whose rows are permuted together and cut into mini-batches. A worker
 * reads up to `slots − 1` blocks ahead while the kernels train on the current one; nothing else of the
 * file is ever held, so memory is bufferBytes plus a block's row maps, whatever the file's size.
 */
export function openIdxStream(imagesPath: string, labelsPath: string, opts: StreamOptions): IdxStream {
  if (opts.preprocess.kind === 'standardize') {
    throw new InputError(
      'preprocessing standardize: needs per-pixel statistics over every row before training; streamed images take scale or minmax',
    );
  }
  const img = idxFileHeader(imagesPath, 3);
  const lbl = idxFileHeader(labelsPath, 1);
  const [n, height, width] = img.dims;
  if (lbl.dims[0] !== n) {
    throw new InputError(`${labelsPath}: holds ${lbl.dims[0]} labels for the ${n} images of ${imagesPath}`);
  }
  if (n === 0) throw new InputError(`${imagesPath}: holds no images`);
  const d = height * width;
  const chunkRows = Math.max(
    1,
    Math.min(n, opts.chunkRows ?? 2 ** Math.floor(Math.log2(Math.max(1, DEFAULT_CHUNK_BYTES / d)))),
  );
  const blockChunks = Math.max(
    1,
    Math.min(Math.ceil(n / chunkRows), opts.blockChunks ?? DEFAULT_BLOCK_CHUNKS),
  );
  const slots = Math.max(2, opts.slots ?? 3);
  const maxLabel = labelMax(labelsPath, lbl.headerBytes, n);
  const core = blockStream({
    n,
    rowBytes: d,
    chunkRows,
    blockChunks,
    slots,
    path: imagesPath,
    reader: {
      kind: 'idx',
      imagesPath,
      labelsPath,
      imagesHeader: img.headerBytes,
      labelsHeader: lbl.headerBytes,
      d,
    },
    makeRows: (sab, offset, rows) =>
      toByteRows(opts.preprocess, new Uint8Array(sab, offset, rows * d), rows, d),
    checkLabels: (labels) => {
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] > maxLabel) throw new InputError(`${labelsPath}: changed while being read`);
      }
    },
  });
  return { ...core, height, width, maxLabel, imagesPath };
}

/** What a block stream reads: the reader's own settings (streamReader.ts) and how rows become Rows. */
interface BlockStreamSpec {
  n: number;
  /** Bytes of one row in the shared buffer. */
  rowBytes: number;
  chunkRows: number;
  blockChunks: number;
  slots: number;
  /** Named in errors. */
  path: string;
  reader: ReaderSettings;
  makeRows(sab: SharedArrayBuffer, byteOffset: number, rows: number): Batch['data'];
  checkLabels(labels: Uint8Array): void;
}

type Shared =
  'ctrl' | 'chunks' | 'pixels' | 'labels' | 'n' | 'rowBytes' | 'chunkRows' | 'blockChunks' | 'slots';
/** A reader's own settings, per format. */
export type ReaderSettings = ReaderData extends infer T
  ? T extends ReaderData
    ? Omit<T, Shared>
    : never
  : never;

/** The part of a stream common to every format: slots, requests, read-ahead, blocks cut into batches. */
export function blockStream(
  spec: BlockStreamSpec,
): BatchSource & Pick<IdxStream, 'bufferBytes' | 'blockRows' | 'largestRead' | 'close'> {
  const { n, rowBytes, chunkRows, blockChunks, slots } = spec;
  const numChunks = Math.ceil(n / chunkRows);
  const blockRows = chunkRows * blockChunks;
  const ctrlSab = new SharedArrayBuffer(4 * (CTRL.SLOT0 + 4 * slots));
  const chunksSab = new SharedArrayBuffer(4 * slots * blockChunks);
  const pixelsSab = new SharedArrayBuffer(slots * blockRows * rowBytes);
  const labelsSab = new SharedArrayBuffer(slots * blockRows);
  const ctrl = new Int32Array(ctrlSab);
  const chunkList = new Int32Array(chunksSab);
  const workerData: ReaderData = {
    ...spec.reader,
    ctrl: ctrlSab,
    chunks: chunksSab,
    pixels: pixelsSab,
    labels: labelsSab,
    n,
    rowBytes,
    chunkRows,
    blockChunks,
    slots,
  } as ReaderData;
  const worker = new Worker(SOURCE, { eval: true, workerData });
  worker.on('error', () => Atomics.store(ctrl, CTRL.FAILED, 1));
  worker.unref();

  const order = new Int32Array(numChunks);
  const numBlocks = Math.ceil(numChunks / blockChunks);
  const perm = new Int32Array(blockRows);
  let seq = 0;
  let shuffler: Shuffler | null = null;
  let batchSize = 1;
  /** The block being cut into batches: its number, slot, rows and position. */
  let cur: { block: number; slot: number; data: Batch['data']; labels: Uint8Array; pos: number } | null =
    null;
  let nextBlock = 0;
  let closed = false;

  const slotBase = (s: number): number => CTRL.SLOT0 + 4 * s;

  function request(block: number): void {
    const s = block % slots;
    const b = slotBase(s);
    const first = block * blockChunks;
    const count = Math.min(blockChunks, numChunks - first);
    chunkList.set(order.subarray(first, first + count), s * blockChunks);
    ctrl[b + 2] = count;
    ctrl[b + 1] = seq++;
    Atomics.store(ctrl, b, CTRL.REQUESTED);
    Atomics.add(ctrl, CTRL.WAKE, 1);
    Atomics.notify(ctrl, CTRL.WAKE);
  }

  /** Frees every slot, waiting for a fill in progress to end. */
  function cancel(): void {
    for (let s = 0; s < slots; s++) {
      const b = slotBase(s);
      Atomics.compareExchange(ctrl, b, CTRL.REQUESTED, CTRL.FREE);
      for (let st = Atomics.load(ctrl, b); st === CTRL.FILLING; st = Atomics.load(ctrl, b)) {
        Atomics.wait(ctrl, b, st, 1000);
      }
      Atomics.store(ctrl, b, CTRL.FREE);
    }
    cur = null;
  }

  /** Waits for block `block`'s slot and makes its rows the current block. */
  function take(block: number): void {
    const s = block % slots;
    const b = slotBase(s);
    for (let st = Atomics.load(ctrl, b); st !== CTRL.READY; st = Atomics.load(ctrl, b)) {
      if (Atomics.load(ctrl, CTRL.FAILED) !== 0) break;
      Atomics.wait(ctrl, b, st, 1000);
    }
    const rows = ctrl[b + 3];
    if (Atomics.load(ctrl, CTRL.FAILED) !== 0 || rows === 0) {
      throw new InputError(`${spec.path}: reading rows failed (the file changed or became unreadable?)`);
    }
    // New views for every block: backends recognise data by the identity of its arrays.
    const labels = new Uint8Array(labelsSab, s * blockRows, rows);
    spec.checkLabels(labels);
    cur = { block, slot: s, data: spec.makeRows(pixelsSab, s * blockRows * rowBytes, rows), labels, pos: 0 };
    if (shuffler !== null) {
      const p = perm.subarray(0, rows);
      for (let i = 0; i < rows; i++) p[i] = i;
      shuffler.shuffle(p);
    }
  }

  return {
    count: n,
    bufferBytes: pixelsSab.byteLength + labelsSab.byteLength,
    blockRows,
    begin(size, shuffle) {
      if (closed) throw new Error('stream closed');
      cancel();
      shuffler = shuffle;
      batchSize = Math.max(1, Math.min(size, blockRows));
      for (let c = 0; c < numChunks; c++) order[c] = c;
      if (shuffle !== null) shuffle.shuffle(order);
      for (let blk = 0; blk < Math.min(slots, numBlocks); blk++) request(blk);
      nextBlock = 0;
    },
    next() {
      if (closed) throw new Error('stream closed');
      if (cur !== null && cur.pos >= cur.data.n) {
        // Done with this block: its slot reads the block `slots` ahead.
        const after = cur.block + slots;
        Atomics.store(ctrl, slotBase(cur.slot), CTRL.FREE);
        if (after < numBlocks) request(after);
        cur = null;
      }
      if (cur === null) {
        if (nextBlock >= numBlocks) return null;
        take(nextBlock++);
      }
      const c = cur as NonNullable<typeof cur>;
      const count = Math.min(batchSize, c.data.n - c.pos);
      const batch: Batch = {
        data: c.data,
        labels: c.labels,
        rows: { index: shuffler === null ? null : perm, start: c.pos, count },
      };
      c.pos += count;
      return batch;
    },
    largestRead: () => Atomics.load(ctrl, CTRL.MAX_READ),
    close() {
      if (closed) return;
      closed = true;
      Atomics.store(ctrl, CTRL.STOP, 1);
      Atomics.add(ctrl, CTRL.WAKE, 1);
      Atomics.notify(ctrl, CTRL.WAKE);
      void worker.terminate();
    },
  };
}

/** The largest label in an IDX labels file, read in 1 MiB pieces. */
function labelMax(path: string, headerBytes: number, n: number): number {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(Math.min(n, 1 << 20));
    let max = 0;
    for (let at = 0; at < n;) {
      const got = readSync(fd, buf, 0, Math.min(buf.length, n - at), headerBytes + at);
      if (got <= 0) throw new InputError(`${path}: ends before its ${n} labels`);
      for (let i = 0; i < got; i++) if (buf[i] > max) max = buf[i];
      at += got;
    }
    return max;
  } finally {
    closeSync(fd);
  }
}
